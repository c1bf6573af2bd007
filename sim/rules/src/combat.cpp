#include "frontline/rules/combat.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <unsupported/Eigen/MatrixFunctions>

#include "frontline/rules/decisions.hpp"

namespace frontline {

namespace {

// Matrices never bigger than the faction limit: no heap allocation.
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMaxFactions, kMaxFactions>;
using Vector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kMaxFactions, 1>;

constexpr double kPerThousand = 1e-3;  // area_kill_rate is per 1,000 firers
constexpr int kBisections = 40;        // locates a wipe-out to dt / 2^40

Matrix attrition_matrix(std::span<const CombatSide> sides, std::span<const std::uint8_t> hostile,
                        const Vector& x, const Parameters& p) {
  const auto k = static_cast<Eigen::Index>(sides.size());
  Matrix m = Matrix::Zero(k, k);
  for (Eigen::Index i = 0; i < k; ++i) {
    if (!(x(i) > 0.0)) continue;
    const auto& side = sides[static_cast<std::size_t>(i)];
    double enemies = 0.0;
    for (Eigen::Index j = 0; j < k; ++j)
      if (hostile[static_cast<std::size_t>(i * k + j)] && x(j) > 0.0) enemies += x(j);
    if (!(enemies > 0.0)) continue;
    const double aimed = p.aimed_kill_rate * (1.0 - side.area_share) * side.defence;
    const double area = p.area_kill_rate * side.area_share * side.defence * kPerThousand;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (!hostile[static_cast<std::size_t>(i * k + j)] || !(x(j) > 0.0)) continue;
      m(j, i) += aimed * x(j) / enemies;  // square law: j loses in proportion to x_i
      m(j, j) += area * x(i);             // linear law: in proportion to x_i x_j
    }
  }
  return m;
}

}  // namespace

void lanchester_losses(std::span<const CombatSide> sides, std::span<const std::uint8_t> hostile,
                       const Parameters& p, double dt, std::span<double> losses) {
  const auto k = static_cast<Eigen::Index>(sides.size());
  Vector x(k);
  for (Eigen::Index i = 0; i < k; ++i) x(i) = sides[static_cast<std::size_t>(i)].strength;
  const Vector start = x;
  double remaining = dt;
  // Each pass either finishes the step or removes a wiped-out side.
  for (Eigen::Index pass = 0; pass <= k && remaining > 0.0; ++pass) {
    const Matrix m = attrition_matrix(sides, hostile, x, p);
    const Vector end = (-m * remaining).exp() * x;
    if (end.minCoeff() >= 0.0) {
      x = end;
      break;
    }
    double lo = 0.0;
    double hi = remaining;
    for (int b = 0; b < kBisections; ++b) {
      const double mid = 0.5 * (lo + hi);
      const Vector at = (-m * mid).exp() * x;
      (at.minCoeff() >= 0.0 ? lo : hi) = mid;
    }
    x = (-m * hi).exp() * x;
    x = x.cwiseMax(0.0);
    remaining -= hi;
  }
  for (Eigen::Index i = 0; i < k; ++i)
    losses[static_cast<std::size_t>(i)] = std::clamp(start(i) - x(i), 0.0, start(i));
}

void compute_retreat_field(const WorldState& state, const RuleContext& ctx, FactionIndex f) {
  Workspace& work = ctx.work;
  const std::size_t N = state.nodes.size();
  work.sources.clear();
  for (std::size_t n = 0; n < N; ++n) {
    if (!friendly(state, f, state.nodes.controller[n]) || state.nodes.contested[n] ||
        work.in_combat[n] || !state.reach(f, static_cast<NodeIndex>(n)))
      continue;
    work.sources.push_back(static_cast<NodeIndex>(n));
  }
  const auto& controller = state.nodes.controller;
  work.search.run(
      ctx.world.adjacency(), work.sources,
      [&](NodeIndex, const CompactAdjacency::Arc& arc) {
        return arc.kind == EdgeKind::road || arc.kind == EdgeKind::track
                   ? ctx.world.edge(arc.edge).km
                   : PathSearch::kUnreached;
      },
      [&](NodeIndex n) { return !state.blocks(f, controller[static_cast<std::size_t>(n)]); });
  const std::size_t base = static_cast<std::size_t>(f) * N;
  std::copy(work.search.nearest.begin(), work.search.nearest.end(),
            work.retreat_to.begin() + static_cast<std::ptrdiff_t>(base));
  std::copy(work.search.toward.begin(), work.search.toward.end(),
            work.retreat_toward.begin() + static_cast<std::ptrdiff_t>(base));
  std::copy(work.search.via.begin(), work.search.via.end(),
            work.retreat_via.begin() + static_cast<std::ptrdiff_t>(base));
  work.retreat_ready[static_cast<std::size_t>(f)] = 1;
}

void resolve_combat(WorldState& state, const RuleContext& ctx) {
  Workspace& work = ctx.work;
  const Parameters& p = state.parameters;
  const std::size_t F = state.faction_count;
  const std::size_t N = state.nodes.size();
  work.ensure_tally(state);
  std::fill(work.in_combat.begin(), work.in_combat.end(), 0);
  std::fill(work.retreat_ready.begin(), work.retreat_ready.end(), 0);

  std::array<CombatSide, kMaxFactions> sides{};
  std::array<FactionIndex, kMaxFactions> who{};
  std::array<std::uint8_t, kMaxFactions * kMaxFactions> hostile{};
  std::array<double, kMaxFactions> losses{};
  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    std::size_t k = 0;
    for (std::size_t f = 0; f < F; ++f) {
      const std::size_t at = f * N + ni;
      work.loss_fraction[at] = 0.0;
      work.morale_loss[at] = 0.0;
      if (work.fighters_at[at] > 0.0) who[k++] = static_cast<FactionIndex>(f);
    }
    if (k < 2) continue;
    bool fighting = false;
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) {
        const bool h = state.at_war(who[i], who[j]);
        hostile[i * k + j] = h;
        fighting |= h;
      }
    if (!fighting) continue;
    work.in_combat[ni] = 1;
    const NodeProperties& node = ctx.world.node(n);
    const double posture = node.urban * node.fortification * p.hasty_defence;
    for (std::size_t i = 0; i < k; ++i) {
      const auto& doctrine = ctx.factions[static_cast<std::size_t>(who[i])].doctrine;
      sides[i] = {work.strength_at[work.fn(who[i], n)], doctrine.area_fire_share,
                  who[i] == state.nodes.controller[ni] ? posture : 1.0};
    }
    lanchester_losses(std::span<const CombatSide>(sides.data(), k),
                      std::span<const std::uint8_t>(hostile.data(), k * k), p, ctx.dt,
                      std::span<double>(losses.data(), k));
    for (std::size_t i = 0; i < k; ++i) {
      const FactionIndex f = who[i];
      const std::size_t at = work.fn(f, n);
      const double fighters = work.fighters_at[at];
      const double fraction = losses[i] / sides[i].strength;
      const auto agent =
          static_cast<std::uint32_t>(ni * kMaxFactions + static_cast<std::size_t>(f));
      const double casualties =
          ctx.random.binomial(fighters, fraction, ctx.step, agent, Purpose::combat_losses);
      count_casualties(state, ctx, f, casualties, agent);
      const double lost = casualties / fighters;
      work.loss_fraction[at] = lost;
      const double tolerance =
          ctx.factions[static_cast<std::size_t>(f)].doctrine.casualty_tolerance;
      work.morale_loss[at] = p.morale_loss_sensitivity * lost / tolerance;
    }
  }

  // The tally follows the losses exactly: every unit of f at n keeps the same share.
  for (std::size_t k = 0; k < work.loss_fraction.size(); ++k) {
    if (work.loss_fraction[k] <= 0.0) continue;
    work.fighters_at[k] *= 1.0 - work.loss_fraction[k];
    work.strength_at[k] *= 1.0 - work.loss_fraction[k];
  }

  // Apply the losses, morale and retreats to every unit.
  auto& u = state.units;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i]) continue;
    const FactionIndex f = u.faction[i];
    const auto n = static_cast<std::size_t>(u.node[i]);
    if (u.edge[i] != kNoEdge || !work.in_combat[n]) {
      const double change =
          u.supply_days[i] > 0.0 ? p.morale_recovery_per_day : -p.unsupplied_morale_loss_per_day;
      u.morale[i] = std::clamp(u.morale[i] + change * ctx.dt, 0.0, 1.0);
      continue;
    }
    const std::size_t at = work.fn(f, u.node[i]);
    const double keep = 1.0 - work.loss_fraction[at];
    u.fighters[i] *= keep;
    u.vehicles[i] *= keep;
    double morale = u.morale[i] - work.morale_loss[at];
    if (!(u.supply_days[i] > 0.0)) morale -= p.unsupplied_morale_loss_per_day * ctx.dt;
    u.morale[i] = std::clamp(morale, 0.0, 1.0);
    const auto& doctrine = ctx.factions[static_cast<std::size_t>(f)].doctrine;
    if (u.morale[i] < doctrine.breakpoint && u.order[i] != Order::retreat) {
      if (!work.retreat_ready[static_cast<std::size_t>(f)]) compute_retreat_field(state, ctx, f);
      u.order[i] = Order::retreat;
      u.target[i] = work.retreat_to[at];
      ctx.record(EventRecordKind::retreat, u.node[i], f, kNoFaction, u.fighters[i],
                 ctx.faction_id(f) + " unit retreats from " + ctx.node_id(u.node[i]));
    }
  }
}

}  // namespace frontline
