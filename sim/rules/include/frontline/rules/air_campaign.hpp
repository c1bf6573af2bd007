#pragma once
// Phase 4b (after movement, before combat): air campaigns. Each campaign under
// way flies sorties_per_day x dt sorties a step (the fraction by a Bernoulli
// draw) against the forces of the faction it is waged against that are in its
// area: first those in contact (at a node where, or next to which, a faction at
// war with them stands), else those on the move (on a road or track with an
// end in the area), else any others there. Each sortie picks its target among
// them in proportion to fighters (a Philox draw); a target hit by k sorties
// loses Poisson(k x airstrike.kills_per_sortie) people, split killed/wounded as
// in combat; units there whose morale the strikes push below their doctrine's
// breakpoint fall back (combat.hpp's RetreatField). A sortie with no target is
// not flown and not recorded. A campaign ends after its last step.
#include "frontline/rules/combat.hpp"
#include "frontline/rules/context.hpp"
#include "frontline/rules/presence.hpp"

namespace frontline {

class AirCampaigns {
 public:
  void reset(std::size_t factions, std::size_t nodes);
  // Flies this step's sorties; keeps `presence` equal to the units after the
  // strikes.
  void fly(WorldState& state, Presence& presence, const RuleContext& ctx);

  // A group a campaign can strike: the other side's fighters at a node, or
  // one unit of it on the move.
  struct Target {
    NodeIndex node = kNoNode;  // the node, or the moving unit's origin
    std::size_t unit = 0;      // for a unit on the move
    bool moving = false;
    double fighters = 0.0;
    std::uint32_t hits = 0;
  };

 private:
  std::vector<Target> targets_;
  std::vector<Target> at_rest_;
  RetreatField retreat_;  // where units the strikes break fall back to
};

}  // namespace frontline
