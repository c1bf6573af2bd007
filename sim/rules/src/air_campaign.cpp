#include "frontline/rules/air_campaign.hpp"

#include <algorithm>
#include <cmath>

#include "frontline/rules/front.hpp"

namespace frontline {

namespace {

// Draws with at most this many sorties a step per campaign (a 10,000-sortie
// day is far above any air war on record).
constexpr double kMaxSortiesPerStep = 10000.0;

using Target = AirCampaigns::Target;

// The targets of the highest tier present: in contact, on the move, at rest.
void find_targets(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                  const AirCampaign& c, std::vector<Target>& targets,
                  std::vector<Target>& at_rest) {
  const std::size_t N = state.nodes.size();
  targets.clear();
  at_rest.clear();
  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    const double fighters = presence.fighters(c.other, n);
    if (!c.in_area[ni] || !(fighters > 0.0)) continue;
    Target t{n, 0, false, fighters, 0};
    // In contact as on the ground: an enemy at n or one road or track within
    // combat.contact_range_km (close enough to fire into it). A force facing
    // an enemy a desert road's length away is struck as a force at rest.
    const bool in_contact =
        hostile_strength_in_contact(state, presence, ctx.world, c.other, n) > 0.0;
    (in_contact ? targets : at_rest).push_back(t);
  }
  if (!targets.empty()) return;
  const auto& u = state.units;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i] || u.faction[i] != c.other || u.edge[i] == kNoEdge) continue;
    if (!(u.fighters[i] > 0.0)) continue;
    if (!c.in_area[static_cast<std::size_t>(u.node[i])] &&
        !c.in_area[static_cast<std::size_t>(u.next_node[i])])
      continue;
    targets.push_back({u.node[i], i, true, u.fighters[i], 0});
  }
  if (targets.empty()) targets.swap(at_rest);
}

std::uint32_t sorties_this_step(const AirCampaign& c, const RuleContext& ctx) {
  const double expected = std::min(c.sorties_per_day * ctx.dt, kMaxSortiesPerStep);
  const double whole = std::floor(expected);
  const double extra = ctx.random.uniform(ctx.step, static_cast<std::uint32_t>(c.event),
                                          Purpose::air_sorties) < expected - whole
                           ? 1.0
                           : 0.0;
  return static_cast<std::uint32_t>(whole + extra);
}

// The cover struck forces fight from, which divides a strike's kills as it
// divides ground fire: the node's defence posture for the holder at rest in
// its own ground (buildings, works and dug-in positions hide and shield it);
// 1 for a column on the move or forces standing in ground they do not hold.
double cover_from_the_air(const WorldState& state, const RuleContext& ctx, FactionIndex struck,
                          const Target& t) {
  if (t.moving || state.nodes.controller[static_cast<std::size_t>(t.node)] != struck) return 1.0;
  return defence_posture(ctx.world.node(t.node), state.parameters);
}

void strike(WorldState& state, Presence& presence, const RuleContext& ctx, const AirCampaign& c,
            const Target& t, RetreatField& retreat) {
  const double expected = t.hits * state.parameters.airstrike_kills_per_sortie /
                          cover_from_the_air(state, ctx, c.other, t);
  // Keyed by what is hit and who flies, so no unit's place in the table matters.
  const auto agent =
      static_cast<std::uint32_t>(t.moving ? state.nodes.size() + t.unit
                                          : static_cast<std::size_t>(t.node) * kMaxFactions +
                                                static_cast<std::size_t>(c.faction));
  const Purpose purpose = t.moving ? Purpose::airstrike_moving : Purpose::airstrike;
  const double drawn = static_cast<double>(ctx.random.poisson(expected, ctx.step, agent, purpose));
  double casualties = 0.0;
  if (t.moving) {
    auto& u = state.units;
    casualties = std::min(drawn, u.fighters[t.unit]);
    const double keep = u.fighters[t.unit] > 0.0 ? 1.0 - casualties / u.fighters[t.unit] : 0.0;
    u.fighters[t.unit] *= keep;
    u.vehicles[t.unit] *= keep;
    lose_morale(state, t.unit, 1.0 - keep, state.parameters.airstrike_morale_shock);
  } else {
    const double present = presence.fighters(c.other, t.node);
    casualties =
        take_losses(state, c.other, t.node, drawn, state.parameters.airstrike_morale_shock);
    if (present > 0.0) presence.scale(c.other, t.node, 1.0 - casualties / present);
    presence.recount_morale(state, c.other, t.node);
    // Units the strikes have broken (morale below their doctrine's
    // breakpoint) fall back, as under fire on the ground.
    const double breakpoint = state.doctrines[static_cast<std::size_t>(c.other)].breakpoint;
    auto& u = state.units;
    for (std::size_t i = 0; i < u.size(); ++i)
      if (u.active[i] && u.faction[i] == c.other && u.node[i] == t.node && u.edge[i] == kNoEdge &&
          u.morale[i] < breakpoint)
        retreat.break_off(state, ctx, i);
  }
  count_casualties(state, ctx, c.other, casualties, agent);
  ctx.record(EventRecordKind::airstrike, t.node, c.faction, c.other, casualties,
             std::to_string(t.hits) + (t.hits == 1 ? " sortie" : " sorties") + " of " +
                 ctx.faction_id(c.faction) + " on " + ctx.faction_id(c.other) +
                 (t.moving ? " on the move from " : " at ") + ctx.node_id(t.node));
}

}  // namespace

void AirCampaigns::reset(std::size_t factions, std::size_t nodes) {
  retreat_.reset(factions, nodes);
  targets_.clear();
  targets_.reserve(nodes);
  at_rest_.clear();
  at_rest_.reserve(nodes);
}

void AirCampaigns::fly(WorldState& state, Presence& presence, const RuleContext& ctx) {
  auto& campaigns = state.air_campaigns;
  std::erase_if(campaigns, [&](const AirCampaign& c) {
    return c.last_step < static_cast<std::int32_t>(ctx.step);
  });
  std::fill(state.nodes.struck.begin(), state.nodes.struck.end(), 0);
  for (const AirCampaign& c : campaigns) {
    const std::uint32_t sorties = sorties_this_step(c, ctx);
    if (sorties == 0) continue;
    find_targets(state, presence, ctx, c, targets_, at_rest_);
    if (targets_.empty()) continue;  // nothing there: not flown, not recorded
    double total = 0.0;
    for (const Target& t : targets_) total += t.fighters;
    for (std::uint32_t s = 0; s < sorties; ++s) {
      double pick = total * ctx.random.uniform(ctx.step, static_cast<std::uint32_t>(c.event),
                                               Purpose::air_sorties, s + 1);
      std::size_t k = 0;
      while (k + 1 < targets_.size() && pick >= targets_[k].fighters)
        pick -= targets_[k++].fighters;
      ++targets_[k].hits;
    }
    // Struck places are no place to rally: marked before anyone breaks off.
    for (const Target& t : targets_)
      if (t.hits > 0 && !t.moving) state.nodes.struck[static_cast<std::size_t>(t.node)] = 1;
    retreat_.invalidate();
    for (const Target& t : targets_)
      if (t.hits > 0) strike(state, presence, ctx, c, t, retreat_);
  }
}

}  // namespace frontline
