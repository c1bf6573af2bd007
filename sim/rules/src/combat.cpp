#include "frontline/rules/combat.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <unsupported/Eigen/MatrixFunctions>

#include "frontline/rules/front.hpp"
#include "frontline/rules/operations.hpp"
#include "frontline/rules/reach.hpp"
#include "frontline/rules/supply.hpp"

namespace frontline {

namespace {

// Matrices never bigger than the faction limit: no heap allocation.
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMaxFactions, kMaxFactions>;
using Vector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kMaxFactions, 1>;

constexpr double kPerThousand = 1e-3;  // area_kill_rate is per 1,000 firers
constexpr int kBisections = 40;        // locates a wipe-out to dt / 2^40

template <class Matrix, class Vector>
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
    const double fire = side.defence * side.intensity;
    const double aimed = p.aimed_kill_rate * (1.0 - side.area_share) * fire;
    const double area = p.area_kill_rate * side.area_share * fire * kPerThousand;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (!hostile[static_cast<std::size_t>(i * k + j)] || !(x(j) > 0.0)) continue;
      // j's cover (a holder's posture) shields it from i's fire.
      const double cover = sides[static_cast<std::size_t>(j)].cover;
      m(j, i) += aimed * x(j) / enemies / cover;  // square law: j loses in proportion to x_i
      m(j, j) += area * x(i) / cover;             // linear law: in proportion to x_i x_j
    }
  }
  return m;
}

// The solver on either matrix type: Eigen's dynamic-size matrices for any k,
// or its fixed 2 x 2 ones, which skip the blocked solver's set-up. For two
// sides every step of the matrix exponential (Pade sums, 2-term products, the
// pivoted LU solve, the squarings) is the same IEEE arithmetic in the same
// order whichever type holds it, so both give the same bits
// (Lanchester.TwoSidesGiveTheGeneralSolversBits).
template <class Matrix, class Vector>
void solve_lanchester(std::span<const CombatSide> sides, std::span<const std::uint8_t> hostile,
                      const Parameters& p, double dt, std::span<double> losses) {
  const auto k = static_cast<Eigen::Index>(sides.size());
  Vector x(k);
  for (Eigen::Index i = 0; i < k; ++i) x(i) = sides[static_cast<std::size_t>(i)].strength;
  const Vector start = x;
  double remaining = dt;
  // Each pass either finishes the step or removes a wiped-out side.
  for (Eigen::Index pass = 0; pass <= k && remaining > 0.0; ++pass) {
    const Matrix m = attrition_matrix<Matrix>(sides, hostile, x, p);
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

}  // namespace

void lanchester_losses(std::span<const CombatSide> sides, std::span<const std::uint8_t> hostile,
                       const Parameters& p, double dt, std::span<double> losses) {
  if (sides.size() == 2)
    solve_lanchester<Eigen::Matrix2d, Eigen::Vector2d>(sides, hostile, p, dt, losses);
  else
    solve_lanchester<Matrix, Vector>(sides, hostile, p, dt, losses);
}

void lanchester_losses_general(std::span<const CombatSide> sides,
                               std::span<const std::uint8_t> hostile, const Parameters& p,
                               double dt, std::span<double> losses) {
  solve_lanchester<Matrix, Vector>(sides, hostile, p, dt, losses);
}

double assault_intensity(double attackers_morale, const Parameters& p) {
  return p.probing_intensity + (1.0 - p.probing_intensity) * std::clamp(attackers_morale, 0.0, 1.0);
}

void RetreatField::reset(std::size_t factions, std::size_t nodes) {
  nodes_ = nodes;
  to_.assign(factions * nodes, kNoNode);
  toward_.assign(factions * nodes, kNoNode);
  via_.assign(factions * nodes, -1);
  ready_.assign(factions, 0);
  rear_done_.assign(factions * nodes, 0);
  stamp_ = 1;
  sources_.clear();
  sources_.reserve(nodes);
  search_.resize(nodes);
}

std::size_t RetreatField::ensure(const WorldState& state, const RuleContext& ctx, FactionIndex f,
                                 NodeIndex n) {
  if (!ready_[static_cast<std::size_t>(f)]) compute(state, ctx, f);
  const std::size_t k = static_cast<std::size_t>(f) * nodes_ + static_cast<std::size_t>(n);
  if (rear_done_[k] != stamp_) {
    fall_back_to_the_rear(state, ctx.world, f, n, k);
    rear_done_[k] = stamp_;
  }
  return k;
}

bool RetreatField::safe(const WorldState& state, FactionIndex f, NodeIndex n) const {
  const auto i = static_cast<std::size_t>(n);
  return friendly(state, f, state.nodes.controller[i]) && !state.nodes.contested[i] &&
         !under_fire(state, i) && state.reach(f, n);
}

void RetreatField::fall_back_to_the_rear(const WorldState& state, const WorldGraph& world,
                                         FactionIndex f, NodeIndex n, std::size_t k) {
  const std::size_t row = static_cast<std::size_t>(f) * nodes_;
  const auto by_land = [&](NodeIndex m) {
    return state.reached[row + static_cast<std::size_t>(m)] == kReachedByLand;
  };
  // The neighbour on the supply route back from m: of those nearer a source,
  // the one with the least supply km plus the road to it (ties: lower index).
  // A node supply does not reach (fought over, interdicted) has as its rear
  // the neighbour supply comes up to nearest.
  const auto rear = [&](NodeIndex m, EdgeIndex* edge) {
    const double here_km = state.supply_km[row + static_cast<std::size_t>(m)];
    NodeIndex best = kNoNode;
    double best_km = PathSearch::kUnreached;
    for (const auto& arc : world.adjacency().of(m)) {
      const double km = land_km(world, arc);
      if (!(km < PathSearch::kUnreached) || !by_land(arc.to) ||
          state.blocks(f, state.nodes.controller[static_cast<std::size_t>(arc.to)]))
        continue;
      const double there_km = state.supply_km[row + static_cast<std::size_t>(arc.to)];
      if (!(there_km < here_km)) continue;
      const double via_km = there_km + km;
      if (via_km < best_km || (via_km == best_km && arc.to < best)) {
        best = arc.to;
        best_km = via_km;
        if (edge != nullptr) *edge = arc.edge;
      }
    }
    return best;
  };
  // At a safe node the retreat is over (a unit passing through stops there).
  if (safe(state, f, n)) return;
  EdgeIndex first_edge = -1;
  const NodeIndex first = rear(n, &first_edge);
  // supply km falls strictly along the way, so the walk ends.
  for (NodeIndex m = first; m != kNoNode; m = rear(m, nullptr)) {
    if (!safe(state, f, m)) continue;
    to_[k] = m;
    toward_[k] = first;
    via_[k] = first_edge;
    return;
  }
}

void RetreatField::compute(const WorldState& state, const RuleContext& ctx, FactionIndex f) {
  const std::size_t N = state.nodes.size();
  sources_.clear();
  for (std::size_t n = 0; n < N; ++n)
    if (safe(state, f, static_cast<NodeIndex>(n))) sources_.push_back(static_cast<NodeIndex>(n));
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

void RetreatField::break_off(WorldState& state, const RuleContext& ctx, std::size_t i) {
  auto& u = state.units;
  if (u.order[i] == Order::retreat) return;
  const FactionIndex f = u.faction[i];
  u.order[i] = Order::retreat;
  u.target[i] = to(state, ctx, f, u.node[i]);
  ctx.record(EventRecordKind::retreat, u.node[i], f, kNoFaction, u.fighters[i],
             ctx.faction_id(f) + " unit retreats from " + ctx.node_id(u.node[i]));
}

void Combat::reset(std::size_t factions, std::size_t nodes, std::size_t edges) {
  nodes_ = nodes;
  loss_fraction_.assign(factions * nodes, 0.0);
  morale_loss_.assign(factions * nodes, 0.0);
  lossy_mark_.assign(factions * nodes, 0);
  lossy_.clear();
  edge_loss_.assign(factions * edges, 0.0);
  edge_morale_loss_.assign(factions * edges, 0.0);
  edge_fighters_.assign(factions * edges, 0.0);
  edge_strength_.assign(factions * edges, 0.0);
  edge_mask_.assign(edges, 0);
  fought_edges_.clear();
  contact_edges_.clear();
  contact_range_km_ = -1.0;  // listed on first use
  retreat_.reset(factions, nodes);
}

// One engagement among k factions: expected losses, then casualties drawn
// (keyed by the place and the faction) and counted; lost[i] is the share of
// side i's fighters lost.
void Combat::engage(WorldState& state, const RuleContext& ctx, std::size_t k,
                    const FactionIndex* who, const CombatSide* sides, const double* fighters,
                    const std::uint8_t* hostile, std::uint32_t place, double* lost) {
  std::array<double, kMaxFactions> losses{};
  lanchester_losses(std::span<const CombatSide>(sides, k),
                    std::span<const std::uint8_t>(hostile, k * k), state.parameters, ctx.dt,
                    std::span<double>(losses.data(), k));
  for (std::size_t i = 0; i < k; ++i) {
    lost[i] = 0.0;
    if (!(fighters[i] > 0.0) || !(sides[i].strength > 0.0)) continue;
    const FactionIndex f = who[i];
    // The share of the whole side lost: only its engaged part was fired on.
    const double fraction = losses[i] * sides[i].engaged / sides[i].strength;
    const auto agent =
        place * static_cast<std::uint32_t>(kMaxFactions) + static_cast<std::uint32_t>(f);
    const double casualties =
        ctx.random.binomial(fighters[i], fraction, ctx.step, agent, Purpose::combat_losses);
    count_casualties(state, ctx, f, casualties, agent);
    lost[i] = casualties / fighters[i];
  }
}

namespace {

// Adds a loss to a side's losses of the step: shares multiply, morale adds.
void add_loss(const WorldState& state, FactionIndex f, double lost, double& loss, double& morale) {
  loss = 1.0 - (1.0 - loss) * (1.0 - lost);
  morale += morale_cost(state, f, lost);
}

// Frontage: a place can hold only so many attackers in contact with its
// defenders at once. Each side at war with the holder engages at most
// combat.assault_frontage_ratio times the holder's strength there, divided by
// the place's fortification^combat.frontage_narrowing (prepared works leave
// few approaches); the rest wait their turn, neither firing nor fired on.
// Without defenders, no limit.
void limit_to_frontage(const WorldState& state, std::size_t k, const FactionIndex* who,
                       FactionIndex holder, const NodeProperties& place, CombatSide* sides) {
  double defenders = 0.0;
  for (std::size_t i = 0; i < k; ++i)
    if (who[i] == holder) defenders = sides[i].strength;
  if (!(defenders > 0.0)) return;
  const Parameters& p = state.parameters;
  const double most =
      p.assault_frontage_ratio * defenders / std::pow(place.fortification, p.frontage_narrowing);
  for (std::size_t i = 0; i < k; ++i) {
    if (who[i] == holder || !state.at_war(who[i], holder) || !(sides[i].strength > most)) continue;
    sides[i].engaged = most / sides[i].strength;
    sides[i].strength = most;
  }
}

// The intensity of the fight at node n among the k sides present: the
// assault's on the holder's forces (assault_intensity), or all out when the
// holder is not there (a meeting at an empty place).
double node_fight_intensity(const WorldState& state, const Presence& presence, std::size_t k,
                            const FactionIndex* who, FactionIndex holder, NodeIndex n) {
  bool held = false;
  double strength = 0.0;
  double morale = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    if (who[i] == holder) {
      held = true;
      continue;
    }
    if (holder == kNoFaction || !state.at_war(who[i], holder)) continue;
    strength += presence.strength(who[i], n);
    morale += presence.strength(who[i], n) * presence.morale(who[i], n);
  }
  if (!held || !(strength > 0.0)) return 1.0;
  return assault_intensity(morale / strength, state.parameters);
}

}  // namespace

void Combat::add_node_loss(const WorldState& state, std::size_t k, FactionIndex f, double lost) {
  if (!lossy_mark_[k]) {
    lossy_mark_[k] = 1;
    lossy_.push_back(k);
  }
  add_loss(state, f, lost, loss_fraction_[k], morale_loss_[k]);
}

void Combat::resolve(WorldState& state, Presence& presence, const RuleContext& ctx) {
  const Parameters& p = state.parameters;
  const std::size_t F = state.faction_count;
  const std::size_t N = state.nodes.size();
  const std::size_t E = ctx.world.edge_count();
  auto& u = state.units;
  auto& fought = state.nodes.fought;
  std::fill(fought.begin(), fought.end(), 0);
  // Only the entries of the last step's losses are non-zero: cleared alone.
  for (const std::size_t k : lossy_) {
    loss_fraction_[k] = 0.0;
    morale_loss_[k] = 0.0;
    lossy_mark_[k] = 0;
  }
  lossy_.clear();
  retreat_.invalidate();

  std::array<CombatSide, kMaxFactions> sides{};
  std::array<FactionIndex, kMaxFactions> who{};
  std::array<double, kMaxFactions> fighters{};
  std::array<double, kMaxFactions> lost{};
  std::array<std::uint8_t, kMaxFactions * kMaxFactions> hostile{};
  // Marks which of the k sides are at war with which; false if none is.
  const auto at_war_among = [&](std::size_t k) {
    bool any = false;
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) {
        const bool h = state.at_war(who[i], who[j]);
        hostile[i * k + j] = h;
        any |= h;
      }
    return any;
  };

  // 1. Assault and defence at every node where factions at war stand; the
  // holder fights from its posture (urban x fortification x hasty defence).
  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    std::size_t k = 0;
    for (std::uint32_t standing = presence.standing(n); standing != 0; standing &= standing - 1) {
      const auto f = static_cast<FactionIndex>(std::countr_zero(standing));
      if (presence.fighters(f, n) > 0.0) who[k++] = f;
    }
    if (k < 2 || !at_war_among(k)) continue;
    fought[ni] = 1;
    const double posture = defence_posture(ctx.world.node(n), p);
    const double intensity =
        node_fight_intensity(state, presence, k, who.data(), state.nodes.controller[ni], n);
    for (std::size_t i = 0; i < k; ++i) {
      // Forces at the end of a long supply line fire less (supply.hpp); the
      // holder fights from cover.
      sides[i] = {presence.strength(who[i], n),
                  state.doctrines[static_cast<std::size_t>(who[i])].area_fire_share,
                  supply_power(state, who[i], n),
                  who[i] == state.nodes.controller[ni] ? posture : 1.0, intensity};
      fighters[i] = presence.fighters(who[i], n);
    }
    limit_to_frontage(state, k, who.data(), state.nodes.controller[ni], ctx.world.node(n),
                      sides.data());
    engage(state, ctx, k, who.data(), sides.data(), fighters.data(), hostile.data(),
           static_cast<std::uint32_t>(ni), lost.data());
    for (std::size_t i = 0; i < k; ++i) {
      add_node_loss(state, presence.at(who[i], n), who[i], lost[i]);
    }
  }

  // 2. Meeting engagements: hostile units on the same road or track.
  std::fill(edge_mask_.begin(), edge_mask_.end(), 0);
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.active[i] && u.edge[i] != kNoEdge && u.fighters[i] > 0.0)
      edge_mask_[static_cast<std::size_t>(u.edge[i])] |=
          static_cast<std::uint16_t>(1u << u.faction[i]);
  fought_edges_.clear();
  for (std::size_t e = 0; e < E; ++e) {
    const std::uint16_t mask = edge_mask_[e];
    if ((mask & (mask - 1)) == 0) continue;  // one faction or none
    std::size_t k = 0;
    for (std::size_t f = 0; f < F; ++f)
      if ((mask >> f) & 1u) who[k++] = static_cast<FactionIndex>(f);
    if (at_war_among(k)) fought_edges_.push_back(e);
  }
  if (!fought_edges_.empty()) {
    std::fill(edge_fighters_.begin(), edge_fighters_.end(), 0.0);
    std::fill(edge_strength_.begin(), edge_strength_.end(), 0.0);
    std::fill(edge_loss_.begin(), edge_loss_.end(), 0.0);
    std::fill(edge_morale_loss_.begin(), edge_morale_loss_.end(), 0.0);
    for (std::size_t i = 0; i < u.size(); ++i) {
      if (!u.active[i] || u.edge[i] == kNoEdge) continue;
      const std::size_t at =
          static_cast<std::size_t>(u.faction[i]) * E + static_cast<std::size_t>(u.edge[i]);
      edge_fighters_[at] += u.fighters[i];
      edge_strength_[at] += effective_strength(u.fighters[i], u.vehicles[i], p);
    }
    for (const std::size_t e : fought_edges_) {
      std::size_t k = 0;
      for (std::size_t f = 0; f < F; ++f)
        if (edge_fighters_[f * E + e] > 0.0) who[k++] = static_cast<FactionIndex>(f);
      if (k < 2 || !at_war_among(k)) continue;
      for (std::size_t i = 0; i < k; ++i) {
        const std::size_t at = static_cast<std::size_t>(who[i]) * E + e;
        sides[i] = {edge_strength_[at],
                    state.doctrines[static_cast<std::size_t>(who[i])].area_fire_share, 1.0, 1.0};
        fighters[i] = edge_fighters_[at];
      }
      engage(state, ctx, k, who.data(), sides.data(), fighters.data(), hostile.data(),
             static_cast<std::uint32_t>(N + e), lost.data());
      for (std::size_t i = 0; i < k; ++i) {
        const std::size_t at = static_cast<std::size_t>(who[i]) * E + e;
        add_loss(state, who[i], lost[i], edge_loss_[at], edge_morale_loss_[at]);
      }
    }
  }

  // 3. Siege and probing fire between hostile forces at the two ends of a
  // short road or track (combat.contact_range_km), at combat.probing_intensity;
  // each side fires from its own node's posture if it holds it.
  if (contact_range_km_ != p.contact_range_km) {
    contact_range_km_ = p.contact_range_km;
    contact_edges_.clear();
    for (std::size_t e = 0; e < E; ++e) {
      const EdgeProperties& edge = ctx.world.edge(static_cast<EdgeIndex>(e));
      if (drivable(edge.kind) && !(edge.km > p.contact_range_km))
        contact_edges_.push_back(static_cast<EdgeIndex>(e));
    }
  }
  for (const EdgeIndex contact : contact_edges_) {
    if (!(p.probing_intensity > 0.0)) break;
    const auto e = static_cast<std::size_t>(contact);
    const EdgeEnds ends = ctx.world.ends(contact);
    const NodeIndex at[2] = {ends.a, ends.b};
    // Only factions with units standing at an end can have fighters there.
    const std::uint32_t at_b = presence.standing(ends.b);
    if (at_b == 0) continue;
    for (std::uint32_t at_a = presence.standing(ends.a); at_a != 0; at_a &= at_a - 1) {
      const auto f = static_cast<std::size_t>(std::countr_zero(at_a));
      const auto a = static_cast<FactionIndex>(f);
      if (!(presence.fighters(a, ends.a) > 0.0)) continue;
      for (std::uint32_t others = at_b; others != 0; others &= others - 1) {
        const auto b = static_cast<FactionIndex>(std::countr_zero(others));
        if (!state.at_war(a, b) || !(presence.fighters(b, ends.b) > 0.0)) continue;
        who[0] = a;
        who[1] = b;
        for (std::size_t i = 0; i < 2; ++i) {
          const NodeIndex n = at[i];
          const bool holds = state.nodes.controller[static_cast<std::size_t>(n)] == who[i];
          sides[i] = {presence.strength(who[i], n),
                      state.doctrines[static_cast<std::size_t>(who[i])].area_fire_share,
                      supply_power(state, who[i], n),
                      holds ? defence_posture(ctx.world.node(n), p) : 1.0, p.probing_intensity};
          fighters[i] = presence.fighters(who[i], n);
          fought[static_cast<std::size_t>(n)] = 1;
        }
        hostile[0] = hostile[3] = 0;
        hostile[1] = hostile[2] = 1;
        engage(state, ctx, 2, who.data(), sides.data(), fighters.data(), hostile.data(),
               static_cast<std::uint32_t>(N + E + e * F + f), lost.data());
        for (std::size_t i = 0; i < 2; ++i) {
          add_node_loss(state, presence.at(who[i], at[i]), who[i], lost[i]);
        }
      }
    }
  }

  // The tally follows the losses exactly: every unit of f at n keeps the same share.
  // (Each entry is scaled once, whatever the order.)
  for (const std::size_t k : lossy_) {
    const double loss = loss_fraction_[k];
    if (loss > 0.0)
      presence.scale(static_cast<FactionIndex>(k / N), static_cast<NodeIndex>(k % N), 1.0 - loss);
  }

  // Apply the losses, morale and retreats to every unit. No unit changes
  // node here: the units are grouped by node once, at the first surrender.
  bool grouped = false;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i]) continue;
    const FactionIndex f = u.faction[i];
    double loss = 0.0;
    double morale_loss = 0.0;
    bool in_combat = false;
    if (u.edge[i] == kNoEdge) {
      const std::size_t at = presence.at(f, u.node[i]);
      in_combat = fought[static_cast<std::size_t>(u.node[i])] != 0;
      loss = loss_fraction_[at];
      morale_loss = morale_loss_[at];
    } else if (!fought_edges_.empty()) {
      const std::size_t at = static_cast<std::size_t>(f) * E + static_cast<std::size_t>(u.edge[i]);
      loss = edge_loss_[at];
      morale_loss = edge_morale_loss_[at];
      in_combat = loss > 0.0 || morale_loss > 0.0;
    }
    // Morale: a supplied unit recovers every day, an unsupplied one loses;
    // losses cost morale in proportion to their share over the doctrine's
    // tolerance. Light probing fire thus wears a unit down only when its
    // losses outpace its recovery.
    const double change =
        u.supply_days[i] > 0.0 ? p.morale_recovery_per_day : -p.unsupplied_morale_loss_per_day;
    u.morale[i] = std::clamp(u.morale[i] + change * ctx.dt - morale_loss, 0.0, 1.0);
    if (!in_combat) continue;
    u.fighters[i] *= 1.0 - loss;
    u.vehicles[i] *= 1.0 - loss;
    const auto& doctrine = state.doctrines[static_cast<std::size_t>(f)];
    if (!(u.morale[i] < doctrine.breakpoint)) {
      if (u.edge[i] == kNoEdge && withdraws(state, presence, ctx, i))
        retreat_.break_off(state, ctx, i);
      continue;
    }
    if (u.edge[i] == kNoEdge && surrenders(state, presence, ctx, i)) {
      const NodeIndex n = u.node[i];
      ctx.record(
          EventRecordKind::surrender, n, f, state.nodes.controller[static_cast<std::size_t>(n)],
          u.fighters[i],
          ctx.faction_id(f) + " unit, broken and cut off at " + ctx.node_id(n) + ", surrenders");
      u.active[i] = 0;
      u.fighters[i] = 0.0;
      u.vehicles[i] = 0.0;
      if (!grouped) units_by_node_.group(state);
      grouped = true;
      presence.recount(state, f, n, units_by_node_.at(n));
    } else {
      retreat_.break_off(state, ctx, i);
    }
  }
}

bool Combat::withdraws(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                       std::size_t i) {
  const auto& u = state.units;
  if (!free_order(u.order[i])) return false;
  const FactionIndex f = u.faction[i];
  const NodeIndex n = u.node[i];
  if (!friendly(state, f, state.nodes.controller[static_cast<std::size_t>(n)])) return false;
  // The odds in combat power, as the commanders judge them (operations.hpp):
  // the defence's times its posture there.
  const double defence = combat_power(state, f, n, presence.strength(f, n), presence.morale(f, n)) *
                         defence_posture(ctx.world.node(n), state.parameters);
  double hostile = 0.0;
  for (std::size_t g = 0; g < state.faction_count; ++g) {
    const auto enemy = static_cast<FactionIndex>(g);
    if (state.at_war(f, enemy))
      hostile +=
          combat_power(state, enemy, n, presence.strength(enemy, n), presence.morale(enemy, n));
  }
  return hostile > 0.0 && hostile >= state.parameters.overrun_ratio * defence &&
         retreat_.to(state, ctx, f, n) != kNoNode;
}

bool Combat::surrenders(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                        std::size_t i) {
  const auto& u = state.units;
  const FactionIndex f = u.faction[i];
  const NodeIndex n = u.node[i];
  const double hostile = hostile_strength(state, presence, f, n);
  if (!(hostile > 0.0)) return false;
  const bool enemy_ground = state.at_war(f, state.nodes.controller[static_cast<std::size_t>(n)]);
  const NodeProperties& place = ctx.world.node(n);
  const bool in_the_open = place.urban * place.fortification <= 1.0;
  const bool overrun =
      in_the_open && hostile >= state.parameters.overrun_ratio * presence.strength(f, n);
  return (enemy_ground || overrun) && retreat_.to(state, ctx, f, n) == kNoNode;
}

}  // namespace frontline
