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
  prepared_.assign(factions, 0);
  may_pass_.assign(factions * nodes, 0);
  slot_.assign(factions * nodes, -1);
  used_keys_.clear();
  used_ = 0;
  search_.resize(nodes);
}

void PathCache::invalidate() {
  std::fill(prepared_.begin(), prepared_.end(), 0);
  for (const std::size_t key : used_keys_) slot_[key] = -1;
  used_keys_.clear();
  used_ = 0;
}

void PathCache::prepare(FactionIndex f, const WorldGraph& world, const WorldState& state) {
  const auto& adjacency = world.adjacency();
  const std::size_t arcs = adjacency.arcs.size();
  const auto fi = static_cast<std::size_t>(f);
  if (arc_cost_.size() < prepared_.size() * arcs) arc_cost_.resize(prepared_.size() * arcs);
  const Parameters& p = state.parameters;
  const auto& controller = state.nodes.controller;
  for (std::size_t n = 0; n < nodes_; ++n) {
    // Nodes of a faction under ceasefire with f cannot be passed at all;
    // nodes of a faction at war with f only by taking them.
    const FactionIndex holder = controller[n];
    may_pass_[fi * nodes_ + n] = !state.blocks(f, holder) || state.at_war(f, holder);
    const bool hostile = state.at_war(f, holder);
    for (auto k = static_cast<std::size_t>(adjacency.offset[n]);
         k < static_cast<std::size_t>(adjacency.offset[n + 1]); ++k) {
      // Leaving n toward the mover means the mover passes through n.
      arc_cost_[fi * arcs + k] = edge_travel_days(world.edge(adjacency.arcs[k].edge), p) +
                                 (hostile ? p.hostile_detour_days : 0.0);
    }
  }
  prepared_[fi] = 1;
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

  if (!prepared_[static_cast<std::size_t>(f)]) prepare(f, world, state);
  const std::size_t arcs = world.adjacency().arcs.size();
  search_.run(world.adjacency(), std::span<const NodeIndex>(&target, 1),
              std::span<const double>(arc_cost_.data() + static_cast<std::size_t>(f) * arcs, arcs),
              std::span<const std::uint8_t>(may_pass_.data() + static_cast<std::size_t>(f) * nodes_,
                                            nodes_));
  out.toward.assign(search_.toward.begin(), search_.toward.end());
  out.via.assign(search_.via.begin(), search_.via.end());
  out.days.assign(search_.cost.begin(), search_.cost.end());
  // The target is attacked, not passed: take out the detour its arcs carry.
  if (state.at_war(f, state.nodes.controller[static_cast<std::size_t>(target)])) {
    const double detour = state.parameters.hostile_detour_days;
    for (std::size_t n = 0; n < nodes_; ++n)
      if (static_cast<NodeIndex>(n) != target) out.days[n] -= detour;
  }
  return out;
}

}  // namespace frontline
