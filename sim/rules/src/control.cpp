#include "frontline/rules/control.hpp"

#include <bit>

#include "frontline/rules/front.hpp"

namespace frontline {

bool update_control(WorldState& state, const Presence& presence, PathCache& paths,
                    const RuleContext& ctx) {
  const Parameters& p = state.parameters;
  const std::size_t F = state.faction_count;
  const std::size_t N = state.nodes.size();
  bool changed = false;
  auto& nodes = state.nodes;
  const std::uint32_t every_faction = F >= 32 ? ~0u : (1u << F) - 1u;
  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    const FactionIndex holder = nodes.controller[ni];
    // Who is present, and is any pair of them at war?
    FactionIndex strongest = kNoFaction;
    double strongest_strength = 0.0;
    bool contested = false;
    std::size_t present = 0;
    // With a positive threshold only factions standing at n can be present.
    const std::uint32_t candidates = p.min_presence > 0.0 ? presence.standing(n) : every_faction;
    for (std::uint32_t left = candidates; left != 0; left &= left - 1) {
      const auto f = static_cast<std::size_t>(std::countr_zero(left));
      if (presence.fighters(static_cast<FactionIndex>(f), n) < p.min_presence) continue;
      ++present;
      for (std::uint32_t below = candidates & ((1u << f) - 1u); below != 0; below &= below - 1) {
        const auto g = static_cast<std::size_t>(std::countr_zero(below));
        if (presence.fighters(static_cast<FactionIndex>(g), n) >= p.min_presence &&
            state.at_war(static_cast<FactionIndex>(f), static_cast<FactionIndex>(g)))
          contested = true;
      }
      if (presence.strength(static_cast<FactionIndex>(f), n) > strongest_strength) {
        strongest_strength = presence.strength(static_cast<FactionIndex>(f), n);
        strongest = static_cast<FactionIndex>(f);
      }
    }
    nodes.contested[ni] = contested;

    FactionIndex capturer = kNoFaction;
    if (contested && holder != kNoFaction) {
      // Collapse: the holder's defenders are there but far weaker than the
      // strongest faction at war with it, counting what their ground is
      // worth to them (a few hundred in a fortified city fight on from
      // building to building where as many in the open would break).
      const double defenders = presence.strength(holder, n) * defence_posture(ctx.world.node(n), p);
      double attackers = 0.0;
      FactionIndex attacker = kNoFaction;
      for (std::uint32_t left = candidates; left != 0; left &= left - 1) {
        const auto f = static_cast<std::size_t>(std::countr_zero(left));
        const auto g = static_cast<FactionIndex>(f);
        if (!state.at_war(holder, g) ||
            presence.fighters(static_cast<FactionIndex>(f), n) < p.min_presence)
          continue;
        if (presence.strength(static_cast<FactionIndex>(f), n) > attackers) {
          attackers = presence.strength(static_cast<FactionIndex>(f), n);
          attacker = g;
        }
      }
      if (defenders > 0.0 && defenders < p.collapse_ratio * attackers) capturer = attacker;
      nodes.holder[ni] = kNoFaction;
      nodes.hold_days[ni] = 0.0;
    } else if (!contested && present > 0 && !friendly(state, strongest, holder)) {
      // Uncontested presence of a side other than the holder's: the clock runs.
      if (nodes.holder[ni] != strongest) {
        nodes.holder[ni] = strongest;
        nodes.hold_days[ni] = 0.0;
      }
      nodes.hold_days[ni] += ctx.dt;
      if (nodes.hold_days[ni] >= p.capture_hold_days) capturer = strongest;
    } else {
      nodes.holder[ni] = kNoFaction;
      nodes.hold_days[ni] = 0.0;
    }

    if (capturer != kNoFaction && capturer != holder) {
      nodes.set_controller(ni, capturer);
      nodes.holder[ni] = kNoFaction;
      nodes.hold_days[ni] = 0.0;
      // Fighting ends with the capture when the defence collapsed.
      nodes.contested[ni] = 0;
      changed = true;
      paths.control_changed(n);
      ctx.record(EventRecordKind::capture, n, capturer, holder, presence.fighters(capturer, n),
                 ctx.faction_id(capturer) + " takes " + ctx.node_id(n) +
                     (holder == kNoFaction ? std::string() : " from " + ctx.faction_id(holder)));
    }
  }
  if (changed) paths.revalidate(ctx.world, state);
  return changed;
}

}  // namespace frontline
