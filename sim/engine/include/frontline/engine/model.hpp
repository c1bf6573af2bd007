#pragma once
// The frozen model: everything a run needs that never changes (the world
// graph, the factions, unit names, the expanded event queue, the calendar)
// and the initial state. Built once by build_model, shared by every run.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "frontline/agents/state.hpp"
#include "frontline/core/calendar.hpp"
#include "frontline/rules/events.hpp"
#include "frontline/world/world_graph.hpp"

namespace frontline {

class Model {
 public:
  explicit Model(const MapSpec& map) : world(map) {}

  std::string name;
  Calendar calendar;
  std::uint64_t seed = 0;
  WorldGraph world;
  std::vector<FactionProfile> factions;
  std::vector<std::string> unit_ids;  // [U], including units a reinforcement brings
  // Expanded queue, ordered by step and, within a step, by date then id.
  std::vector<ScheduledEvent> events;
  std::vector<std::size_t>
      step_begin;  // [steps + 1]: events of step i are [step_begin[i], step_begin[i+1])
  WorldState initial;

  std::span<const ScheduledEvent> events_of_step(int step) const {
    const auto i = static_cast<std::size_t>(step);
    return {events.data() + step_begin[i], events.data() + step_begin[i + 1]};
  }
};

}  // namespace frontline
