#pragma once
// Phase 3: decisions. Each commander holds its front, then runs its
// campaign (operations.hpp), then sends what is left where the front needs it:
//  1. front: units standing at a front node hold it up to its need
//     (front.hpp), in unit order; what is beyond the need counter-attacks a
//     neighbour where hostile forces stand, at the doctrine's force ratio
//     of its own combat power, or is free;
//  2. main effort: each committed unit takes its objective, builds up,
//     attacks, exploits or culminates (operations.hpp), but never leaves a
//     front node below the garrison it needs while attacking;
//  3. reserves: free units that are neither needed where they stand nor
//     committed go, nearest first (road km through friendly ground), to the
//     front nodes still short of their need, not counting main-effort units
//     held there (order redeploy); a reserve nobody needs follows up a
//     withdrawal (occupies an empty enemy place next to it), else holds.
// Retreat, besiege, blockade and garrison orders follow their own rules; a
// besieger closes a gap in the ring (an undefended enemy place next to both
// its post and its target) while others of its side stay at its post.
// Every order is decided on the same snapshot and applied afterwards; units
// of one node decide in turn, the strongest first, so the order of the unit
// table never changes a result (ties: the lower index).
#include <utility>
#include <vector>

#include "frontline/rules/context.hpp"
#include "frontline/rules/front.hpp"
#include "frontline/rules/operations.hpp"
#include "frontline/rules/paths.hpp"
#include "frontline/rules/presence.hpp"
#include "frontline/rules/reserves.hpp"
#include "frontline/rules/unit_order.hpp"

namespace frontline {

class Decisions {
 public:
  void reset(std::size_t factions, std::size_t nodes, std::size_t units);
  // Reads who stands where at the start of the phase, the front and the
  // path cache.
  void decide(WorldState& state, const Presence& presence, const Front& front, PathCache& paths,
              const RuleContext& ctx);

 private:
  // Ends a campaign whose aim is taken or whose main effort is gone; gives a
  // commander with aggression > 0 and no campaign one of its own.
  void upkeep_campaign(WorldState& state, const Presence& presence, const RuleContext& ctx,
                       FactionIndex f);
  // Units of a campaign that culminated and have rallied rejoin its main
  // effort; notes which factions' main efforts have a unit left.
  void rejoin_main_efforts(WorldState& state);
  void decide_main_effort(const WorldState& state, const Presence& presence, const Front& front,
                          PathCache& paths, const RuleContext& ctx, std::size_t i);
  void send_reserves(const WorldState& state, const Presence& presence, const Front& front,
                     const RuleContext& ctx);
  void hold(const WorldState& state, std::size_t i);
  // What unit i, at node k (of the [F][N] tables), leaves behind so that
  // the node keeps `need` while it attacks: the share of its fighters for a
  // garrison in its detachment slot (0: none, or it would be the larger part)
  // and the strength then holding the node.
  struct Guard {
    double share = 0.0;
    double covered = 0.0;
  };
  Guard guard_for(const WorldState& state, std::size_t i, std::size_t k, double need) const;
  // Orders that garrison (made with the step's other detachments) and counts
  // it as holding the node.
  void leave_guard(std::size_t i, std::size_t k, const Guard& guard);
  void make_detachments(WorldState& state);
  // Also notes whose slot each detachment is (parent_of_).
  void rejoin_detachments(WorldState& state);
  NodeIndex parent_post(const WorldState& state, std::size_t detachment) const;
  void close_the_ring(const WorldState& state, const Presence& presence, const WorldGraph& world,
                      std::size_t i);
  // Besieger i storms its target once the odds allow; false if they do not.
  bool storm(const WorldState& state, const Presence& presence, const WorldGraph& world,
             std::size_t i);
  void garrison_main_effort(const WorldState& state, const Front& front);
  // A local counter-attack by unit i, free at its front node; false if none.
  bool counter_attack(const WorldState& state, const Presence& presence, const Front& front,
                      const WorldGraph& world, std::size_t i);
  // Unit i, a reserve nobody needs, occupies ground the enemy has given up
  // next to it; false if there is none.
  bool follow_up(const WorldState& state, const Presence& presence, const Front& front,
                 const WorldGraph& world, std::size_t i);
  // The campaign objective one road or track away from `here` (within the
  // doctrine's reach) where f's local force ratio is highest and already at
  // the doctrine's attack_ratio; kNoNode if none.
  NodeIndex weakest_objective_next_to(const WorldState& state, const Presence& presence,
                                      const WorldGraph& world, FactionIndex f,
                                      NodeIndex here) const;

  std::size_t nodes_ = 0;
  Operations operations_;
  std::vector<double> holding_;              // [F][N] strength ordered to hold there this step
  std::vector<double> main_effort_holding_;  // [F][N] the part of it that is the main effort
  std::vector<std::pair<std::size_t, double>> detachments_;  // unit, share it leaves behind
  // [F] a unit of f's campaign is committed or could come back to it
  std::vector<std::uint8_t> main_effort_left_;
  std::vector<UnitIndex> parent_of_;       // [U] the unit a detachment slot belongs to
  std::vector<std::uint8_t> followed_up_;  // [F][N] a unit is sent to occupy it this step
  // The faction and node of the last unit that was fit to follow up and found
  // nowhere to go (the units deciding next at that node find nowhere either).
  std::pair<FactionIndex, NodeIndex> nothing_to_follow_up_{kNoFaction, kNoNode};
  std::vector<double> closing_ring_;         // [F][N] besiegers' fighters leaving to close a ring
  std::vector<Order> new_order_;             // [U] applied after all decided
  std::vector<NodeIndex> new_target_;        // [U]
  std::vector<double> new_waited_;           // [U]
  std::vector<std::uint8_t> new_committed_;  // [U]
  std::vector<std::uint8_t> holds_for_the_front_;  // [U] main-effort unit kept as a garrison
  std::vector<std::size_t> reserves_;              // free units, by unit index
  std::vector<std::size_t> ordered_;      // units deciding in turn, strongest first per node
  std::vector<std::size_t> main_effort_;  // committed units free to decide, by unit index
  // Front units not needed where they stand, by unit index, and whether they
  // are in contact there (they hold) or not (reserves, or shaken: they hold).
  struct FrontFree {
    std::size_t unit;
    bool in_contact;
  };
  std::vector<FrontFree> front_free_;
  std::vector<NodeIndex> free_at_;   // where the units free for a campaign of its own stand
  std::vector<double> km_from_aim_;  // [N] a new campaign's km from its aim
  UnitOrder unit_order_;             // sorts ordered_
  Reserves reserves_of_;             // sends the reserves
  std::vector<std::pair<std::size_t, NodeIndex>> sent_;  // (reserve, destination) this step
};

}  // namespace frontline
