#pragma once
// Who stands where: fighters, effective strength and morale of each
// faction's units standing at each node (units on edges are between places and count
// at no node), and which factions have forces on each road. Derived from the units, never state:
// the step counts it when the rules that read it need it, after the units moved or changed.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "frontline/agents/state.hpp"

namespace frontline {

// The units of the table grouped by node (u.node, whether standing there or
// on a road from it; units with no node are left out), each group in index
// order: a counting sort over the units, so a rule visits one node's units
// without a pass over all of them. Valid while no unit changes node.
class UnitsByNode {
 public:
  void group(const WorldState& state);
  std::span<const std::size_t> at(NodeIndex n) const {
    const auto ni = static_cast<std::size_t>(n);
    return {units_.data() + offset_[ni], offset_[ni + 1] - offset_[ni]};
  }

 private:
  std::vector<std::size_t> offset_;  // [N + 1] where each node's units begin in units_
  std::vector<std::size_t> units_;   // [units] by node, then index
  std::vector<std::size_t> next_;    // [N] scratch: where the next unit of each node goes
};

class Presence {
 public:
  void reset(std::size_t factions, std::size_t nodes, std::size_t edges);
  // Counts every active unit standing at a node, and the roads units are on.
  void count(const WorldState& state);
  // Every unit of f at n kept the share `keep` of its fighters and vehicles.
  void scale(FactionIndex f, NodeIndex n, double keep) {
    fighters_[at(f, n)] *= keep;
    strength_[at(f, n)] *= keep;
    morale_strength_[at(f, n)] *= keep;
  }

  // Bit f set: some active unit of f stands at n (counted, whatever its
  // fighters; losses since may have left it none). Every faction not in it has
  // exactly zero fighters and strength at n: passes over the nodes skip them.
  std::uint16_t standing(NodeIndex n) const { return standing_[static_cast<std::size_t>(n)]; }

  // Bit f set: an active unit of f with fighters is on edge e (on the road
  // between its ends) as counted.
  std::uint16_t on_road(EdgeIndex e) const { return on_road_[static_cast<std::size_t>(e)]; }

  // Counts the morale of f's units at n again (after a rule changed it there).
  void recount_morale(const WorldState& state, FactionIndex f, NodeIndex n);
  // Counts f's units at n again, all of it (after a unit there left the run),
  // over `units`: every unit whose node is n, in index order (UnitsByNode).
  void recount(const WorldState& state, FactionIndex f, NodeIndex n,
               std::span<const std::size_t> units);

  double fighters(FactionIndex f, NodeIndex n) const { return fighters_[at(f, n)]; }
  // Fighters plus vehicles times their firepower.
  double strength(FactionIndex f, NodeIndex n) const { return strength_[at(f, n)]; }
  // The strength-weighted morale of f's units at n (0 where it has none).
  double morale(FactionIndex f, NodeIndex n) const {
    const double s = strength_[at(f, n)];
    return s > 0.0 ? morale_strength_[at(f, n)] / s : 0.0;
  }
  std::size_t at(FactionIndex f, NodeIndex n) const {
    return static_cast<std::size_t>(f) * nodes_ + static_cast<std::size_t>(n);
  }
  std::size_t nodes() const { return nodes_; }

 private:
  // Adds unit i (at a node) to entry k's fighters, strength and morale.
  void add(const WorldState& state, std::size_t i, std::size_t k);
  std::size_t nodes_ = 0;
  std::vector<double> fighters_;         // [F][N]
  std::vector<double> strength_;         // [F][N]
  std::vector<double> morale_strength_;  // [F][N] strength x morale
  std::vector<std::uint16_t> standing_;  // [N] bit f: a unit of f counted at n
  std::vector<std::uint16_t> on_road_;   // [E] bit f: a unit of f with fighters on e
};

}  // namespace frontline
