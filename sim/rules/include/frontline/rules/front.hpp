#pragma once
// Phase 3, first part: the front. For each faction f, a node it holds is on
// its front when hostile forces (of factions at war with f) can reach it:
// they stand at it, or within the doctrine's reach_km of it by road or track,
// on a way that passes no node where f's own forces stand (those screen what
// lies behind them). The node's threat is that hostile effective strength;
// the garrison it needs is
//
//     need = hold_ratio x threat / posture,  posture = urban x fortification x combat.hasty_defence
//
// (economy of force: a prepared, urban defence holds with fewer). Commanders
// keep every front node held up to its need before anything leaves it
// (decisions.cpp).
#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

#include "frontline/rules/context.hpp"
#include "frontline/rules/presence.hpp"

namespace frontline {

// The defence multiplier of whoever holds the node: urban x fortification x
// combat.hasty_defence.
double defence_posture(const NodeProperties& node, const Parameters& p);

// Whether an edge is a road or track at most reach_km long (a threat, fire or
// a raid across it counts).
inline bool within_reach(const EdgeProperties& edge, double reach_km) {
  return drivable(edge.kind) && edge.km <= reach_km;
}
// The same for an arc of the adjacency.
bool within_reach(const CompactAdjacency::Arc& arc, const WorldGraph& world, double reach_km);
// Whether `to` is one road or track from `from` within reach_km.
bool next_within_reach(const WorldGraph& world, NodeIndex from, NodeIndex to, double reach_km);

// Effective strength at n of the factions of `enemies` (WorldState::war_mask
// of f), summed in faction order: passes over many nodes take the mask once.
// Inline, as the decision pass asks it for most units at 10^6 units.
inline double hostile_strength(const Presence& presence, std::uint32_t enemies, NodeIndex n) {
  double total = 0.0;
  // Factions with no unit at n add exactly zero: skipped.
  for (enemies &= presence.standing(n); enemies != 0; enemies &= enemies - 1)
    total += presence.strength(static_cast<FactionIndex>(std::countr_zero(enemies)), n);
  return total;
}
// Effective strength at n of the factions at war with f.
inline double hostile_strength(const WorldState& state, const Presence& presence, FactionIndex f,
                               NodeIndex n) {
  return hostile_strength(presence, state.war_mask(f), n);
}
// Whether forces of the factions of `enemies` (WorldState::war_mask of f) are
// on road e, between its ends (Presence::on_road: units with fighters).
inline bool hostile_on_road(const Presence& presence, std::uint32_t enemies, EdgeIndex e) {
  return (presence.on_road(e) & enemies) != 0;
}
// The most hostile (to f) effective strength in contact with n: at n, or at one
// node a road or track at most combat.contact_range_km long away (close enough
// to fire into it). Sieges and supply ask whether a node is closely invested.
double hostile_strength_in_contact(const WorldState& state, const Presence& presence,
                                   const WorldGraph& world, FactionIndex f, NodeIndex n);

class Front {
 public:
  void reset(std::size_t factions, std::size_t nodes);
  // Threat and need of every node each faction holds, from who stands where.
  void assess(const WorldState& state, const Presence& presence, const WorldGraph& world);

  double threat(FactionIndex f, NodeIndex n) const { return threat_[at(f, n)]; }
  double need(FactionIndex f, NodeIndex n) const { return need_[at(f, n)]; }
  // The garrison n needs while f's units attack `objective` from it: the
  // objective's defenders are engaged by the attack, not a threat to n.
  double need_while_attacking(const WorldState& state, const Presence& presence,
                              const WorldGraph& world, FactionIndex f, NodeIndex n,
                              NodeIndex objective) const;

 private:
  std::size_t at(FactionIndex f, NodeIndex n) const {
    return static_cast<std::size_t>(f) * nodes_ + static_cast<std::size_t>(n);
  }
  // A node a threat from some source reaches, and whether f's forces stood there
  // (then the search stopped at it: they screen what lies behind).
  struct Reached {
    NodeIndex node;
    bool screened;
  };
  // What a search of reach_km from one source found: every node it reached, the
  // source first. It read nothing but the map, reach_km and whether f's forces
  // stand at the nodes it reached, so while those stand as recorded the search
  // would find the same nodes again.
  struct Spread {
    double reach_km = -1.0;  // < 0: never searched
    std::vector<Reached> reached;
  };
  void spread_threat(const WorldState& state, const Presence& presence, const WorldGraph& world,
                     FactionIndex f, NodeIndex from, double strength, double reach_km);
  static bool still_holds(const Spread& spread, const Presence& presence, FactionIndex f,
                          double reach_km);
  void search(const Presence& presence, const WorldGraph& world, FactionIndex f, NodeIndex from,
              double reach_km, Spread& spread);

  std::size_t nodes_ = 0;
  std::vector<double> threat_;       // [F][N]
  std::vector<double> need_;         // [F][N]
  std::vector<Spread> spreads_;      // [F][N]: the last search from each source, kept
  std::vector<NodeIndex> occupied_;  // nodes where some unit stands, this assessment
  // The bounded search of spread_threat: km found, and the search that found it.
  std::vector<double> km_;           // [N]
  std::vector<std::uint32_t> seen_;  // [N] stamp_ when km_ is this search's
  std::uint32_t stamp_ = 0;
  std::vector<std::pair<double, NodeIndex>> heap_;
};

}  // namespace frontline
