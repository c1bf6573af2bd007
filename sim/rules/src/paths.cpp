#include "frontline/rules/paths.hpp"

#include <algorithm>
#include <limits>

namespace frontline {

double edge_travel_days(const EdgeProperties& edge, const Parameters& p) {
  double factor = 0.0;
  switch (edge.kind) {
    case EdgeKind::road:
      factor = 1.0;
      break;
    case EdgeKind::track:
      factor = p.track_speed_factor;
      break;
    case EdgeKind::sea:
    case EdgeKind::pipeline:
      return std::numeric_limits<double>::infinity();
  }
  const double km_per_day = p.road_speed_km_per_day * factor * edge.speed;
  if (!(km_per_day > 0.0)) return std::numeric_limits<double>::infinity();
  return edge.km / km_per_day;
}

void PathCache::reset(std::size_t factions, std::size_t nodes) {
  nodes_ = nodes;
  slot_.assign(factions * nodes, -1);
  used_keys_.clear();
  used_ = 0;
  search_.resize(nodes);
}

void PathCache::invalidate() {
  for (const std::size_t key : used_keys_) slot_[key] = -1;
  used_keys_.clear();
  used_ = 0;
}

const PathField& PathCache::field(FactionIndex f, NodeIndex target, const WorldGraph& world,
                                  const WorldState& state) {
  const std::size_t key = static_cast<std::size_t>(f) * nodes_ + static_cast<std::size_t>(target);
  if (slot_[key] >= 0) return slots_[static_cast<std::size_t>(slot_[key])];
  if (used_ == slots_.size()) slots_.emplace_back();
  PathField& out = slots_[used_];
  slot_[key] = static_cast<std::int32_t>(used_);
  used_keys_.push_back(key);
  ++used_;
  ++computed_;

  const auto& controller = state.nodes.controller;
  const Parameters& p = state.parameters;
  search_.run(
      world.adjacency(), std::span<const NodeIndex>(&target, 1),
      [&](NodeIndex from, const CompactAdjacency::Arc& arc) {
        // Leaving `from` toward the mover means the mover passes through it.
        const bool hostile =
            from != target && state.at_war(f, controller[static_cast<std::size_t>(from)]);
        return edge_travel_days(world.edge(arc.edge), p) + (hostile ? p.hostile_detour_days : 0.0);
      },
      [&](NodeIndex n) {
        // Nodes of a faction under ceasefire cannot be passed at all; nodes of a
        // faction at war only by taking them.
        const FactionIndex holder = controller[static_cast<std::size_t>(n)];
        return !state.blocks(f, holder) || state.at_war(f, holder);
      });
  out.toward.assign(search_.toward.begin(), search_.toward.end());
  out.via.assign(search_.via.begin(), search_.via.end());
  out.days.assign(search_.cost.begin(), search_.cost.end());
  return out;
}

}  // namespace frontline
