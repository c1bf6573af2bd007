#include "frontline/record/run_record.hpp"

#include <type_traits>

#include "frontline/record/output_variables.hpp"

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
  time_days.assign(static_cast<std::size_t>(time_point_count), 0.0);
  for (const OutputVariable* variable : state_variables()) {
    const std::size_t length = series_length(*variable, *this);
    // No holder until the recorder says otherwise; every other series starts at zero.
    const int fill = variable->flags == OutputFlags::faction_index ? -1 : 0;
    std::visit(
        [&](auto member) {
          if constexpr (!std::is_same_v<decltype(member), std::monostate>) {
            auto& values = this->*member;
            values.assign(length,
                          static_cast<typename std::decay_t<decltype(values)>::value_type>(fill));
          }
        },
        variable->series);
  }
}

}  // namespace frontline
