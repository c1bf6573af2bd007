#include "frontline/record/run_record.hpp"

namespace frontline {

const char* to_string(EventRecordKind kind) {
  switch (kind) {
    case EventRecordKind::capture:
      return "capture";
    case EventRecordKind::siege_begun:
      return "siege_begun";
    case EventRecordKind::siege_ended:
      return "siege_ended";
    case EventRecordKind::blockade_declared:
      return "blockade_declared";
    case EventRecordKind::blockade_lifted:
      return "blockade_lifted";
    case EventRecordKind::violation:
      return "violation";
    case EventRecordKind::airstrike:
      return "airstrike";
    case EventRecordKind::retreat:
      return "retreat";
    case EventRecordKind::offensive:
      return "offensive";
    case EventRecordKind::ceasefire:
      return "ceasefire";
    case EventRecordKind::relation_change:
      return "relation_change";
    case EventRecordKind::reinforcement:
      return "reinforcement";
    case EventRecordKind::naval_deployment:
      return "naval_deployment";
    case EventRecordKind::airlift:
      return "airlift";
    case EventRecordKind::parameter_change:
      return "parameter_change";
    case EventRecordKind::call_to_return:
      return "call_to_return";
    case EventRecordKind::surrender:
      return "surrender";
    case EventRecordKind::displacement:
      return "displacement";
    case EventRecordKind::return_home:
      return "return_home";
    case EventRecordKind::defection:
      return "defection";
  }
  return "unknown";
}

void RunRecord::allocate(int time_point_count) {
  time_points = time_point_count;
  const auto T = static_cast<std::size_t>(time_point_count);
  const std::size_t N = nodes.size();
  const std::size_t F = factions.size();
  time_days.assign(T, 0.0);
  control.assign(T * N, -1);
  contested.assign(T * N, 0);
  besieged.assign(T * N, 0);
  strength.assign(T * F * N, 0.0f);
  killed.assign(T * F, 0.0);
  wounded.assign(T * F, 0.0);
  supply.assign(T * N, 0.0f);
  humanitarian.assign(T * N, 0.0f);
  population.assign(T * N, 0.0);
  displaced.assign(T * N, 0.0);
  oil_output.assign(T * N, 0.0);
  oil_revenue.assign(T, 0.0);
  oil_loss.assign(T, 0.0);
}

}  // namespace frontline
