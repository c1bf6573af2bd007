#include "frontline/rules/supply.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

#include "frontline/rules/reach.hpp"

namespace frontline {

namespace {

struct SupplyEdges {
  const WorldGraph* world = nullptr;
  const WorldState* state = nullptr;
  FactionIndex faction = kNoFaction;
  bool sea = false;
  bool operator()(const WorldGraphType::edge_descriptor& e) const {
    const EdgeProperties& edge = world->graph()[e];
    if (edge.kind == EdgeKind::road || edge.kind == EdgeKind::track) return true;
    if (edge.kind != EdgeKind::sea || !sea) return false;
    const EdgeEnds ends = world->ends(edge.index);
    return !hostile_warship_off(*state, faction, ends.a) &&
           !hostile_warship_off(*state, faction, ends.b);
  }
};

struct SupplyNodes {
  const WorldState* state = nullptr;
  FactionIndex faction = kNoFaction;
  bool operator()(std::size_t v) const {
    return !state->blocks(faction, state->nodes.controller[v]);
  }
};

// A FIFO over a reused vector, for Boost's BFS (its Buffer concept).
class ReusedQueue {
 public:
  using value_type = std::size_t;
  explicit ReusedQueue(std::vector<std::size_t>& items) : items_(items) { items_.clear(); }
  void push(std::size_t v) { items_.push_back(v); }
  std::size_t& top() { return items_[head_]; }
  const std::size_t& top() const { return items_[head_]; }
  void pop() {
    if (++head_ == items_.size()) clear();
  }
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  void clear() {
    items_.clear();
    head_ = 0;
  }

 private:
  std::vector<std::size_t>& items_;
  std::size_t head_ = 0;
};

}  // namespace

void Supply::reset(std::size_t factions, std::size_t nodes) {
  color_.assign(nodes, boost::white_color);
  land_color_.assign(nodes, boost::white_color);
  queue_.clear();
  queue_.reserve(nodes);
  starts_.clear();
  starts_.reserve(nodes);
  sources_.clear();
  sources_.reserve(nodes);
  air_fighters_.assign(factions, 0.0);
  air_tonnes_.assign(factions, 0.0);
  air_rate_.assign(factions, 0.0);
}

// Breadth-first from the sources not yet reached (colour white), through the
// nodes and edges faction f may use; nodes reached turn non-white.
void Supply::search_from(const WorldGraph& world, const WorldState& state, FactionIndex f,
                         bool sea) {
  using Filtered = boost::filtered_graph<WorldGraphType, SupplyEdges, SupplyNodes>;
  const Filtered view(world.graph(), SupplyEdges{&world, &state, f, sea}, SupplyNodes{&state, f});
  starts_.clear();
  for (const NodeIndex s : sources_)
    if (color_[static_cast<std::size_t>(s)] == boost::white_color)
      starts_.push_back(static_cast<std::size_t>(s));
  if (starts_.empty()) return;
  ReusedQueue queue(queue_);
  // The multi-source overload leaves the color map as given (no reset), so
  // nodes reached by an earlier search are not searched again.
  boost::breadth_first_visit(view, starts_.begin(), starts_.end(), queue,
                             boost::default_bfs_visitor(),
                             boost::make_iterator_property_map(
                                 color_.begin(), boost::get(boost::vertex_index, world.graph())));
}

double air_days_per_day(double tonnes_per_day, double fighters, const Parameters& p) {
  if (!(tonnes_per_day > 0.0)) return 0.0;
  if (!(fighters > 0.0)) return p.resupply_days_per_day;
  return tonnes_per_day / (p.tonnes_per_fighter_day * fighters);
}

void Supply::compute_reach(WorldState& state, const RuleContext& ctx) {
  const std::size_t N = state.nodes.size();
  std::vector<NodeIndex>& sources = sources_;
  std::fill(state.nodes.air_supplied.begin(), state.nodes.air_supplied.end(), 0);
  for (std::size_t fi = 0; fi < state.faction_count; ++fi) {
    const auto f = static_cast<FactionIndex>(fi);
    const FactionProfile& profile = ctx.factions[fi];
    std::fill(color_.begin(), color_.end(), boost::white_color);
    sources.clear();
    for (const NodeIndex home : profile.home)
      if (state.nodes.controller[static_cast<std::size_t>(home)] == f) sources.push_back(home);
    search_from(ctx.world, state, f, profile.sea);
    std::copy(color_.begin(), color_.end(), land_color_.begin());
    sources.clear();
    for (std::size_t b = 0; b < profile.air_bridges.size(); ++b) {
      const NodeIndex base = profile.air_bridges[b].airbase;
      if (state.air[fi][b].flights_per_day > 0.0 &&
          state.nodes.controller[static_cast<std::size_t>(base)] == f)
        sources.push_back(base);
    }
    search_from(ctx.world, state, f, profile.sea);
    for (std::size_t n = 0; n < N; ++n) {
      const bool by_land = land_color_[n] != boost::white_color;
      const bool by_air = !by_land && color_[n] != boost::white_color;
      state.reached[fi * N + n] = by_land ? kReachedByLand : by_air ? kReachedByAir : 0;
      if (by_air && state.nodes.controller[n] == f) state.nodes.air_supplied[n] = 1;
    }
  }
  for (std::size_t n = 0; n < N; ++n) {
    const FactionIndex holder = state.nodes.controller[n];
    state.nodes.besieged[n] =
        holder != kNoFaction && !state.reached[static_cast<std::size_t>(holder) * N + n];
  }
}

void Supply::update(WorldState& state, const RuleContext& ctx) {
  compute_reach(state, ctx);
  const Parameters& p = state.parameters;
  const std::size_t N = state.nodes.size();
  const double dt = ctx.dt;

  // Air-only nodes share their faction's airlift: days of stock per day.
  std::vector<double>& air_fighters = air_fighters_;
  std::vector<double>& air_tonnes = air_tonnes_;
  std::vector<double>& air_rate = air_rate_;
  std::fill(air_fighters.begin(), air_fighters.end(), 0.0);
  std::fill(air_tonnes.begin(), air_tonnes.end(), 0.0);
  auto& u = state.units;
  bool any_air = false;
  for (std::size_t n = 0; n < N && !any_air; ++n) any_air = state.nodes.air_supplied[n] != 0;
  for (std::size_t i = 0; any_air && i < u.size(); ++i) {
    if (!u.active[i]) continue;
    const auto n = static_cast<std::size_t>(u.node[i]);
    if (state.nodes.air_supplied[n] && state.nodes.controller[n] == u.faction[i])
      air_fighters[static_cast<std::size_t>(u.faction[i])] += u.fighters[i];
  }
  for (std::size_t f = 0; f < state.faction_count; ++f) {
    for (std::size_t b = 0; b < ctx.factions[f].air_bridges.size(); ++b) {
      const NodeIndex base = ctx.factions[f].air_bridges[b].airbase;
      if (state.nodes.controller[static_cast<std::size_t>(base)] == static_cast<FactionIndex>(f))
        air_tonnes[f] += state.air[f][b].flights_per_day * state.air[f][b].tonnes_per_flight;
    }
    air_rate[f] =
        std::min(p.resupply_days_per_day, air_days_per_day(air_tonnes[f], air_fighters[f], p));
  }

  // Held, reached nodes: inflow minus one day of consumption per day. Besieged
  // nodes burn their stocks in the siege phase.
  for (std::size_t n = 0; n < N; ++n) {
    const FactionIndex holder = state.nodes.controller[n];
    if (holder == kNoFaction || state.nodes.besieged[n]) continue;
    const double inflow = state.nodes.air_supplied[n] ? air_rate[static_cast<std::size_t>(holder)]
                                                      : p.resupply_days_per_day;
    state.nodes.stocks_days[n] =
        std::clamp(state.nodes.stocks_days[n] + (inflow - 1.0) * dt, 0.0, p.max_stock_days);
  }

  // Units replenish where their faction's supply reaches, else draw down.
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i]) continue;
    const auto f = static_cast<std::size_t>(u.faction[i]);
    const auto n = static_cast<std::size_t>(u.node[i]);
    double inflow = 0.0;
    if (state.reached[f * N + n] == kReachedByLand) inflow = p.resupply_days_per_day;
    if (state.reached[f * N + n] == kReachedByAir) inflow = air_rate[f];
    u.supply_days[i] = std::clamp(u.supply_days[i] + (inflow - 1.0) * dt, 0.0, p.max_stock_days);
  }
}

}  // namespace frontline
