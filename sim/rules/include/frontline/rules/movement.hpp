#pragma once
// Phase 4: movement along shortest travel-time paths (cached per faction and
// target). Units on edges carry progress in km. A node held by a faction that
// blocks the mover can be entered only as the objective of an attack that may
// go in. Edges into hostile or contested nodes are slowed by the node's
// obstacles (mines, snipers); tracks are slower than roads; no unit moves by
// sea or pipeline.
#include "frontline/rules/combat.hpp"
#include "frontline/rules/context.hpp"
#include "frontline/rules/decisions.hpp"

namespace frontline {

// Speed multiplier on an edge into `to` for faction f: 1 - obstacles x (1 -
// contact_speed_factor) if `to` is held by a faction at war with f or is
// contested, else 1.
double contact_factor(const WorldState& state, const WorldGraph& world, FactionIndex f,
                      NodeIndex to);

class Movement {
 public:
  void reset(std::size_t factions, std::size_t nodes, std::size_t edges);
  // `presence` and `decisions` judge whether an attack may go in (as the
  // decisions of this step saw it).
  void move(WorldState& state, const Presence& presence, Decisions& decisions, PathCache& paths,
            const RuleContext& ctx);

 private:
  void move_unit(WorldState& state, const Presence& presence, Decisions& decisions,
                 PathCache& paths, const RuleContext& ctx, std::size_t i);

  std::size_t nodes_ = 0;
  std::vector<double> edge_days_;     // [E] unopposed travel time, this step
  std::vector<double> edge_km_;       // [E]
  std::vector<double> entry_factor_;  // [F][N] contact speed factor into n
  RetreatField retreat_;
};

}  // namespace frontline
