#include "frontline/rules/civilians.hpp"

#include <algorithm>
#include <cmath>

#include "frontline/rules/reach.hpp"

namespace frontline {

bool is_refuge(const WorldState& state, const WorldGraph& world, NodeIndex n) {
  const NodeKind kind = world.node(n).kind;
  const bool settlement =
      kind == NodeKind::city || kind == NodeKind::town || kind == NodeKind::port;
  const auto i = static_cast<std::size_t>(n);
  return settlement && !state.nodes.contested[i] && !state.nodes.besieged[i];
}

void count_civilians(WorldState& state) {
  auto& nodes = state.nodes;
  std::fill(nodes.population.begin(), nodes.population.end(), 0.0);
  std::fill(nodes.displaced.begin(), nodes.displaced.end(), 0.0);
  const auto& c = state.civilians;
  for (std::size_t g = 0; g < c.count(); ++g) {
    nodes.population[static_cast<std::size_t>(c.current[g])] += c.size[g];
    if (c.current[g] != c.origin[g])
      nodes.displaced[static_cast<std::size_t>(c.origin[g])] += c.size[g];
  }
}

namespace {

// Share of a group that moves in a step at a daily rate, as a hazard.
double share(double rate_per_day, double dt) { return 1.0 - std::exp(-rate_per_day * dt); }

}  // namespace

void Civilians::reset(std::size_t nodes) {
  flee_.assign(nodes, 0.0);
  refuge_.assign(nodes, kNoNode);
  sources_.clear();
  sources_.reserve(nodes);
  displaced_before_.assign(nodes, 0.0);
  search_.resize(nodes);
  searched_contested_.clear();  // no search yet
  searched_besieged_.clear();
}

bool Civilians::refuge_current(const NodeStates& nodes) const {
  return searched_contested_ == nodes.contested && searched_besieged_ == nodes.besieged;
}

void Civilians::move(WorldState& state, const RuleContext& ctx) {
  const Parameters& p = state.parameters;
  auto& nodes = state.nodes;
  auto& c = state.civilians;
  const std::size_t N = nodes.size();

  // Quiet time and the share of people who leave each node.
  bool anyone_flees = false;
  for (std::size_t n = 0; n < N; ++n) {
    const bool unsafe = nodes.contested[n] || nodes.besieged[n];
    nodes.quiet_days[n] = unsafe ? 0.0 : nodes.quiet_days[n] + ctx.dt;
    double rate = 0.0;
    if (nodes.contested[n])
      rate = p.flee_rate_fighting;
    else if (nodes.besieged[n])
      rate = p.flee_rate_siege * nodes.humanitarian[n];
    // A siege traps people: the encircler holds the roads out.
    if (nodes.besieged[n]) rate *= 1.0 - p.siege_trap;
    flee_[n] = rate > 0.0 ? share(rate, ctx.dt) : 0.0;
    anyone_flees |= flee_[n] > 0.0 && nodes.population[n] > 0.0;
  }

  // The nearest refuge of every node, by road, not through fighting. It
  // depends on which nodes are contested or besieged alone: searched again
  // only when one of them changed since the last search.
  if (anyone_flees && !refuge_current(nodes)) {
    searched_contested_.assign(nodes.contested.begin(), nodes.contested.end());
    searched_besieged_.assign(nodes.besieged.begin(), nodes.besieged.end());
    sources_.clear();
    for (std::size_t n = 0; n < N; ++n)
      if (is_refuge(state, ctx.world, static_cast<NodeIndex>(n)))
        sources_.push_back(static_cast<NodeIndex>(n));
    search_land_km(search_, ctx.world, sources_,
                   [&](NodeIndex n) { return !nodes.contested[static_cast<std::size_t>(n)]; });
    for (std::size_t n = 0; n < N; ++n) refuge_[n] = search_.nearest[n];
  }

  // Decide every group's move on the same snapshot, then apply. How many
  // move is a binomial draw keyed by the group (groups are numbered in the
  // order the run creates them, the same in every run of the same inputs).
  const double return_share = share(p.return_rate, ctx.dt);
  const bool needs_call = p.return_requires_call >= 0.5;
  const auto moving = [&](std::size_t g, double fraction) {
    return std::min(c.size[g],
                    ctx.random.binomial(std::floor(c.size[g]), fraction, ctx.step,
                                        static_cast<std::uint32_t>(g), Purpose::civilians));
  };
  const std::size_t groups = c.count();  // groups created below move next step
  for (std::size_t g = 0; g < groups; ++g) {
    if (!(c.size[g] > 0.0)) continue;
    const NodeIndex at = c.current[g];
    const NodeIndex home = c.origin[g];
    const auto ai = static_cast<std::size_t>(at);
    if (flee_[ai] > 0.0) {
      const NodeIndex to = refuge_[ai];
      if (to == kNoNode || to == at) continue;
      const double leaving = moving(g, flee_[ai]);
      if (!(leaving > 0.0)) continue;
      c.size[g] -= leaving;
      const std::size_t dest = c.group(home, to);
      c.size[dest] += leaving;
      continue;
    }
    if (at == home) continue;
    const auto hi = static_cast<std::size_t>(home);
    // Home must have been quiet for a while; a call to return shortens the wait.
    const bool called = nodes.return_called[hi] != 0;
    const double wait = called ? p.quiet_days : p.quiet_days_without_call;
    const bool may_return = nodes.quiet_days[hi] >= wait && !nodes.contested[hi] &&
                            !nodes.besieged[hi] && (!needs_call || called);
    if (!may_return) continue;
    const double going = moving(g, return_share);
    if (!(going > 0.0)) continue;
    c.size[g] -= going;
    const std::size_t back = c.returned(home);
    c.size[back] += going;
  }

  // Record the step's displacement and returns per origin.
  std::fill(flee_.begin(), flee_.end(), 0.0);
  std::vector<double>& displaced_before = displaced_before_;
  std::copy(nodes.displaced.begin(), nodes.displaced.end(), displaced_before.begin());
  count_civilians(state);
  for (std::size_t n = 0; n < N; ++n) {
    const double change = nodes.displaced[n] - displaced_before[n];
    if (change >= 1.0)
      ctx.record(EventRecordKind::displacement, static_cast<NodeIndex>(n), kNoFaction, kNoFaction,
                 change,
                 std::to_string(static_cast<long long>(change)) + " people flee " +
                     ctx.node_id(static_cast<NodeIndex>(n)));
    else if (change <= -1.0)
      ctx.record(EventRecordKind::return_home, static_cast<NodeIndex>(n), kNoFaction, kNoFaction,
                 -change,
                 std::to_string(static_cast<long long>(-change)) + " people return to " +
                     ctx.node_id(static_cast<NodeIndex>(n)));
  }
}

}  // namespace frontline
