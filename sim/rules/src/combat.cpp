#include "frontline/rules/combat.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <unsupported/Eigen/MatrixFunctions>

#include "frontline/rules/decisions.hpp"
#include "frontline/rules/reach.hpp"

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

void RetreatField::reset(std::size_t factions, std::size_t nodes) {
  nodes_ = nodes;
  to_.assign(factions * nodes, kNoNode);
  toward_.assign(factions * nodes, kNoNode);
  via_.assign(factions * nodes, -1);
  ready_.assign(factions, 0);
  sources_.clear();
  sources_.reserve(nodes);
  search_.resize(nodes);
}

std::size_t RetreatField::ensure(const WorldState& state, const RuleContext& ctx, FactionIndex f,
                                 NodeIndex n) {
  if (!ready_[static_cast<std::size_t>(f)]) compute(state, ctx, f);
  return static_cast<std::size_t>(f) * nodes_ + static_cast<std::size_t>(n);
}

void RetreatField::compute(const WorldState& state, const RuleContext& ctx, FactionIndex f) {
  const std::size_t N = state.nodes.size();
  sources_.clear();
  for (std::size_t n = 0; n < N; ++n) {
    if (!friendly(state, f, state.nodes.controller[n]) || state.nodes.contested[n] ||
        state.nodes.fought[n] || !state.reach(f, static_cast<NodeIndex>(n)))
      continue;
    sources_.push_back(static_cast<NodeIndex>(n));
  }
  const auto& controller = state.nodes.controller;
  search_land_km(search_, ctx.world, sources_, [&](NodeIndex n) {
    return !state.blocks(f, controller[static_cast<std::size_t>(n)]);
  });
  const auto base = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(f) * N);
  std::copy(search_.nearest.begin(), search_.nearest.end(), to_.begin() + base);
  std::copy(search_.toward.begin(), search_.toward.end(), toward_.begin() + base);
  std::copy(search_.via.begin(), search_.via.end(), via_.begin() + base);
  ready_[static_cast<std::size_t>(f)] = 1;
}

void Combat::reset(std::size_t factions, std::size_t nodes) {
  loss_fraction_.assign(factions * nodes, 0.0);
  morale_loss_.assign(factions * nodes, 0.0);
  retreat_.reset(factions, nodes);
}

void Combat::resolve(WorldState& state, Presence& presence, const RuleContext& ctx) {
  const Parameters& p = state.parameters;
  const std::size_t F = state.faction_count;
  const std::size_t N = state.nodes.size();
  auto& fought = state.nodes.fought;
  std::fill(fought.begin(), fought.end(), 0);
  retreat_.invalidate();

  std::array<CombatSide, kMaxFactions> sides{};
  std::array<FactionIndex, kMaxFactions> who{};
  std::array<std::uint8_t, kMaxFactions * kMaxFactions> hostile{};
  std::array<double, kMaxFactions> losses{};
  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    std::size_t k = 0;
    for (std::size_t f = 0; f < F; ++f) {
      const std::size_t at = f * N + ni;
      loss_fraction_[at] = 0.0;
      morale_loss_[at] = 0.0;
      if (presence.fighters(static_cast<FactionIndex>(f), n) > 0.0)
        who[k++] = static_cast<FactionIndex>(f);
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
    fought[ni] = 1;
    const NodeProperties& node = ctx.world.node(n);
    const double posture = node.urban * node.fortification * p.hasty_defence;
    for (std::size_t i = 0; i < k; ++i) {
      const auto& doctrine = ctx.factions[static_cast<std::size_t>(who[i])].doctrine;
      sides[i] = {presence.strength(who[i], n), doctrine.area_fire_share,
                  who[i] == state.nodes.controller[ni] ? posture : 1.0};
    }
    lanchester_losses(std::span<const CombatSide>(sides.data(), k),
                      std::span<const std::uint8_t>(hostile.data(), k * k), p, ctx.dt,
                      std::span<double>(losses.data(), k));
    for (std::size_t i = 0; i < k; ++i) {
      const FactionIndex f = who[i];
      const std::size_t at = presence.at(f, n);
      const double fighters = presence.fighters(f, n);
      const double fraction = losses[i] / sides[i].strength;
      const auto agent =
          static_cast<std::uint32_t>(ni * kMaxFactions + static_cast<std::size_t>(f));
      const double casualties =
          ctx.random.binomial(fighters, fraction, ctx.step, agent, Purpose::combat_losses);
      count_casualties(state, ctx, f, casualties, agent);
      const double lost = casualties / fighters;
      loss_fraction_[at] = lost;
      const double tolerance =
          ctx.factions[static_cast<std::size_t>(f)].doctrine.casualty_tolerance;
      morale_loss_[at] = p.morale_loss_sensitivity * lost / tolerance;
    }
  }

  // The tally follows the losses exactly: every unit of f at n keeps the same share.
  for (std::size_t fi = 0; fi < F; ++fi)
    for (std::size_t ni = 0; ni < N; ++ni) {
      const double lost = loss_fraction_[fi * N + ni];
      if (lost > 0.0)
        presence.scale(static_cast<FactionIndex>(fi), static_cast<NodeIndex>(ni), 1.0 - lost);
    }

  // Apply the losses, morale and retreats to every unit.
  auto& u = state.units;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i]) continue;
    const FactionIndex f = u.faction[i];
    const auto n = static_cast<std::size_t>(u.node[i]);
    if (u.edge[i] != kNoEdge || !fought[n]) {
      const double change =
          u.supply_days[i] > 0.0 ? p.morale_recovery_per_day : -p.unsupplied_morale_loss_per_day;
      u.morale[i] = std::clamp(u.morale[i] + change * ctx.dt, 0.0, 1.0);
      continue;
    }
    const std::size_t at = presence.at(f, u.node[i]);
    const double keep = 1.0 - loss_fraction_[at];
    u.fighters[i] *= keep;
    u.vehicles[i] *= keep;
    double morale = u.morale[i] - morale_loss_[at];
    if (!(u.supply_days[i] > 0.0)) morale -= p.unsupplied_morale_loss_per_day * ctx.dt;
    u.morale[i] = std::clamp(morale, 0.0, 1.0);
    const auto& doctrine = ctx.factions[static_cast<std::size_t>(f)].doctrine;
    if (u.morale[i] < doctrine.breakpoint && u.order[i] != Order::retreat) {
      u.order[i] = Order::retreat;
      u.target[i] = retreat_.to(state, ctx, f, u.node[i]);
      ctx.record(EventRecordKind::retreat, u.node[i], f, kNoFaction, u.fighters[i],
                 ctx.faction_id(f) + " unit retreats from " + ctx.node_id(u.node[i]));
    }
  }
}

}  // namespace frontline
