#pragma once
// Phase 5: combat wherever hostile forces are in contact, every step: at a
// node (assault and defence), on a road (meeting engagement), and across a
// short road (siege or probing fire, at combat.probing_intensity). Heterogeneous
// Lanchester attrition among all factions present at once: aimed fire (square
// law) and area fire (linear law) form one linear system dx/dt = -M x over the
// step, solved exactly with the matrix exponential (Eigen). Casualties are
// drawn around the expected losses, split into killed and wounded, spread over
// the units in proportion to their fighters; morale falls with losses and a
// unit below its breakpoint retreats toward its rear (RetreatField).
// A broken unit that cannot (its side's retreat field reaches no safe node
// from where it stands), where hostile forces stand, in ground held by a
// faction at war with it or overrun in the open (no cover, at
// combat.overrun_ratio to one), surrenders: it leaves the run, its fighters
// counted neither killed nor wounded (as a besieged garrison's deserters), with
// a `surrender` event. Defenders of a town, a city or a fortified place of
// their own side fight on (sieges have their own desertion). A unit not broken
// that holds its side's ground on a free order (hold, advance, redeploy)
// withdraws toward its rear once the attackers' combat power at its node
// reaches combat.overrun_ratio times its side's times its defence posture: it
// gives ground rather than stand to be overrun. Garrisons, besiegers and
// blockaders stand.
#include <algorithm>
#include <span>

#include "frontline/rules/context.hpp"
#include "frontline/rules/presence.hpp"
#include "frontline/world/shortest_paths.hpp"

namespace frontline {

struct CombatSide {
  double strength = 0.0;    // effective strength (fighters + vehicles x firepower)
  double area_share = 0.0;  // doctrine: share of its fire that is area fire
  double defence = 1.0;     // fire multiplier (supply distance), else 1
  double cover = 1.0;       // incoming fire is divided by it: the holder's posture, else 1
  double intensity = 1.0;   // posture of the fight: 1 assault and defence, less for probing fire
  double engaged = 1.0;  // share of the side's force in contact (frontage); strength is that part
};

// How hard an assault on a held node is pressed, from its attackers'
// strength-weighted morale: probing + (1 - probing) x morale, so a fresh
// attack goes in all out and a demoralised one falls back toward siege fire
// (combat.probing_intensity). Both sides fire at that intensity: the holder
// returns fire at the pace it is pressed.
double assault_intensity(double attackers_morale, const Parameters& p);

// Expected effective-strength losses over dt days among k sides, hostile being
// a k x k row-major matrix (1 where i and j fight). Pure: the deterministic
// core of the combat rule. Aimed fire (square law) of i at enemy j:
// aimed_kill_rate x (1 - area_i) x defence_i x x_i x x_j / (sum of i's enemies)
// / cover_j; area fire (linear law) of i on each enemy j: area_kill_rate x
// area_i x defence_i x (x_i / 1000) x x_j / cover_j. With the fire allocation and the area-fire
// intensity frozen, dx/dt = -M x is linear and x(dt) = exp(-M dt) x(0)
// exactly; if a side is wiped out within the step, the time it reaches zero
// is found by bisection, it drops out, and the rest of the step is solved
// again with the others' fire re-allocated.
void lanchester_losses(std::span<const CombatSide> sides, std::span<const std::uint8_t> hostile,
                       const Parameters& p, double dt, std::span<double> losses);
// The same by the general k-sided solver whatever k (lanchester_losses solves
// two sides with fixed-size matrices, which give these bits).
void lanchester_losses_general(std::span<const CombatSide> sides,
                               std::span<const std::uint8_t> hostile, const Parameters& p,
                               double dt, std::span<double> losses);

// Where each faction's retreating units go. A safe node is one held by the
// faction or an ally, reached by its supply, neither contested nor under fire
// (fought over or struck from the air, under_fire). A unit falls back toward
// its rear: along its side's supply route from where it stands (the road on
// which supply comes up, back toward the nearest source) to the first safe
// node on it. Where there is none (it stands at a source, its supply does not
// reach it by land, or no node on that route is safe) it goes to the nearest
// safe node by road km, whichever way it lies. Either way paths do not pass
// nodes of factions that block it. Computed on demand, once per faction (and
// per node for the rear) until invalidated.
class RetreatField {
 public:
  void reset(std::size_t factions, std::size_t nodes);
  void invalidate() {
    std::fill(ready_.begin(), ready_.end(), 0);
    ++stamp_;
  }
  // The destination of f's retreat from n, the next hop and the edge to it.
  NodeIndex to(const WorldState& state, const RuleContext& ctx, FactionIndex f, NodeIndex n) {
    return to_[ensure(state, ctx, f, n)];
  }
  NodeIndex toward(const WorldState& state, const RuleContext& ctx, FactionIndex f, NodeIndex n) {
    return toward_[ensure(state, ctx, f, n)];
  }
  EdgeIndex via(const WorldState& state, const RuleContext& ctx, FactionIndex f, NodeIndex n) {
    return via_[ensure(state, ctx, f, n)];
  }
  // Unit i (at a node) breaks off: order retreat toward its side's nearest
  // safe node, recorded; nothing if it is already retreating.
  void break_off(WorldState& state, const RuleContext& ctx, std::size_t i);

 private:
  std::size_t ensure(const WorldState& state, const RuleContext& ctx, FactionIndex f, NodeIndex n);
  void compute(const WorldState& state, const RuleContext& ctx, FactionIndex f);
  // Entry k = (f, n): the first safe node on f's supply route back from n, if
  // any, replaces the nearest one.
  void fall_back_to_the_rear(const WorldState& state, const WorldGraph& world, FactionIndex f,
                             NodeIndex n, std::size_t k);
  bool safe(const WorldState& state, FactionIndex f, NodeIndex n) const;

  std::size_t nodes_ = 0;
  std::vector<NodeIndex> to_;             // [F][N] where a retreat from n goes, or kNoNode
  std::vector<NodeIndex> toward_;         // [F][N] next hop toward it
  std::vector<EdgeIndex> via_;            // [F][N] the edge to that hop
  std::vector<std::uint8_t> ready_;       // [F] computed since the last invalidate
  std::vector<std::uint32_t> rear_done_;  // [F][N] stamp_ when the rear was looked at
  std::uint32_t stamp_ = 1;
  std::vector<NodeIndex> sources_;
  PathSearch search_;
};

class Combat {
 public:
  void reset(std::size_t factions, std::size_t nodes, std::size_t edges);
  // Fights at every node, then keeps `presence` equal to the units after
  // their losses (every unit of a faction at a node keeps the same share).
  void resolve(WorldState& state, Presence& presence, const RuleContext& ctx);

 private:
  void engage(WorldState& state, const RuleContext& ctx, std::size_t k, const FactionIndex* who,
              const CombatSide* sides, const double* fighters, const std::uint8_t* hostile,
              std::uint32_t place, double* lost);

  // Unit i, broken: true if it cannot fall back and the enemy stands at its
  // node, in ground held by a side at war with it or, in its own side's
  // ground, at combat.overrun_ratio to one or more: it surrenders.
  bool surrenders(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                  std::size_t i);
  // Unit i, not broken: true if it holds a node of its own side on a free
  // order, the attackers' combat power there (operations.hpp) is at least
  // combat.overrun_ratio times its faction's times the node's defence posture,
  // and it has a way back: it withdraws.
  bool withdraws(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                 std::size_t i);
  // Adds a loss of f's side at entry k (= f x N + n) of the node tables.
  void add_node_loss(const WorldState& state, std::size_t k, FactionIndex f, double lost);

  std::size_t nodes_ = 0;
  std::vector<double> loss_fraction_;     // [F][N] share of fighters lost this step
  std::vector<double> morale_loss_;       // [F][N]
  std::vector<std::uint8_t> lossy_mark_;  // [F][N] listed in lossy_
  std::vector<std::size_t> lossy_;        // the entries above that took a loss this step
  std::vector<double> edge_loss_;         // [F][E] the same on roads (meeting engagements)
  std::vector<double> edge_morale_loss_;  // [F][E]
  std::vector<double> edge_fighters_;     // [F][E]
  std::vector<double> edge_strength_;     // [F][E]
  std::vector<std::uint16_t> edge_mask_;  // [E] bit f: f's units are on the edge
  std::vector<std::size_t> fought_edges_;
  // The roads and tracks no longer than combat.contact_range_km, listed for
  // that range (taken again when the parameter changes): where probing fire
  // can cross.
  std::vector<EdgeIndex> contact_edges_;
  double contact_range_km_ = -1.0;
  RetreatField retreat_;
  UnitsByNode units_by_node_;  // for recounting a node after a surrender
};

}  // namespace frontline
