#include "frontline/rules/supply.hpp"

#include <algorithm>
#include <bit>
#include <boost/pending/disjoint_sets.hpp>

#include "frontline/rules/front.hpp"
#include "frontline/rules/reach.hpp"

namespace frontline {

namespace {

using DisjointSets = boost::disjoint_sets<std::size_t*, std::size_t*>;

bool has_sea_lane(const WorldGraph& world, NodeIndex n) {
  for (const auto& arc : world.adjacency().of(n))
    if (arc.kind == EdgeKind::sea) return true;
  return false;
}

bool in(const std::vector<NodeIndex>& nodes, NodeIndex n) {
  return std::find(nodes.begin(), nodes.end(), n) != nodes.end();
}

// The places a faction could draw on if no hostile force stood in the way,
// fixed for a run: a node of its home region or a border crossing; a port on
// a sea lane (if it uses the sea), denied by a hostile warship off it; an
// airbase of one of its air bridges, a source while flights come in.
constexpr std::uint8_t kPlaceByLand = 1;
constexpr std::uint8_t kPlaceBySea = 2;
constexpr std::uint8_t kPlaceAirbase = 4;

std::uint8_t places_of(const WorldGraph& world, const FactionProfile& profile, NodeIndex n) {
  const NodeKind kind = world.node(n).kind;
  std::uint8_t places = 0;
  if (in(profile.home, n) || kind == NodeKind::border_crossing)
    places |= kPlaceByLand;
  else if (profile.sea && is_port(kind) && has_sea_lane(world, n))
    places |= kPlaceBySea;
  for (const AirBridge& bridge : profile.air_bridges)
    if (bridge.airbase == n) places |= kPlaceAirbase;
  return places;
}

// The network key of a node for a faction (Supply::Network).
constexpr std::uint8_t kOpen = 1;        // supply may pass on through it
constexpr std::uint8_t kLandSource = 2;  // a source by land or sea this step
constexpr std::uint8_t kAirSource = 4;   // an airbase with flights coming in

// Airbases of f's air bridges with flights coming in.
bool air_source_place(const WorldState& state, const RuleContext& ctx, FactionIndex f,
                      NodeIndex n) {
  const auto fi = static_cast<std::size_t>(f);
  const auto& bridges = ctx.factions[fi].air_bridges;
  for (std::size_t b = 0; b < bridges.size(); ++b)
    if (bridges[b].airbase == n && state.air[fi][b].flights_per_day > 0.0) return true;
  return false;
}

}  // namespace

void Supply::reset(const WorldGraph& world, const std::vector<FactionProfile>& factions) {
  const std::size_t N = world.node_count();
  const std::size_t F = factions.size();
  places_.assign(F * N, 0);
  on_lane_.assign(N, 0);
  for (std::size_t n = 0; n < N; ++n) {
    const auto node = static_cast<NodeIndex>(n);
    on_lane_[n] = has_sea_lane(world, node);
    for (std::size_t f = 0; f < F; ++f) places_[f * N + n] = places_of(world, factions[f], node);
  }
  networks_.assign(F, Network{});
  for (Network& network : networks_) {
    network.key.clear();  // computed on first use
    network.land.resize(N);
    network.air.resize(N);
    network.root.assign(N, 0);
    network.sources_in.assign(N, 0);
    network.a_source_in.assign(N, kNoNode);
  }
  key_.assign(N, 0);
  present_near_.assign(N, 0);
  near_nodes_.clear();
  near_nodes_.reserve(N);
  rank_.assign(N, 0);
  land_component_ = world.components(kLandEdges);
  potential_in_.assign(N, 0);
  a_potential_in_.assign(N, kNoNode);
  air_fighters_.assign(F, 0.0);
  air_tonnes_.assign(F, 0.0);
  air_rate_.assign(F, 0.0);
}

// Which factions stand at each node or one of its land neighbours: where none
// at war with f does, nothing interdicts f's supply.
void Supply::mark_hostile_neighbourhoods(const Presence& presence, const WorldGraph& world) {
  for (const NodeIndex n : near_nodes_) present_near_[static_cast<std::size_t>(n)] = 0;
  near_nodes_.clear();
  const auto mark = [&](NodeIndex n, std::uint32_t here) {
    std::uint32_t& near = present_near_[static_cast<std::size_t>(n)];
    if (near == 0) near_nodes_.push_back(n);
    near |= here;
  };
  for (std::size_t n = 0; n < present_near_.size(); ++n) {
    const auto node = static_cast<NodeIndex>(n);
    // Only factions with a unit standing at n can have strength there.
    std::uint32_t here = 0;
    for (std::uint32_t standing = presence.standing(node); standing != 0;
         standing &= standing - 1) {
      const auto g = static_cast<FactionIndex>(std::countr_zero(standing));
      if (presence.strength(g, node) != 0.0) here |= 1u << g;
    }
    if (here == 0) continue;
    mark(node, here);
    for (const auto& arc : world.adjacency().of(node))
      if (drivable(arc.kind)) mark(arc.to, here);
  }
}

// Hostile forces interdict n for f: the effective strength of the factions at
// war with f at n and at its land neighbours within their doctrine's reach_km
// exceeds interdiction_ratio times the strength of f's side at n (forces a
// desert road's length away do not reach the convoys through n). Factions not
// marked near n have no strength there or next door: they would add exactly
// zero, so they are skipped.
bool Supply::interdicted(const WorldState& state, const Presence& presence, const WorldGraph& world,
                         FactionIndex f, NodeIndex n) const {
  const std::uint32_t at_war = state.war_mask(f);
  double hostile = 0.0;
  double friendly = 0.0;
  for (std::uint32_t near = present_near_[static_cast<std::size_t>(n)]; near != 0;
       near &= near - 1) {
    const auto g = static_cast<FactionIndex>(std::countr_zero(near));
    if ((at_war >> g) & 1u) {
      hostile += presence.strength(g, n);
      const double reach = state.doctrines[static_cast<std::size_t>(g)].reach_km;
      for (const auto& arc : world.adjacency().of(n))
        if (within_reach(arc, world, reach)) hostile += presence.strength(g, arc.to);
    } else if (g == f || state.relation(f, g) == Relation::allied) {
      friendly += presence.strength(g, n);
    }
  }
  return hostile > 0.0 && hostile > state.parameters.interdiction_ratio * friendly;
}

void Supply::update_unopposed(const WorldState& state, const RuleContext& ctx, FactionIndex f,
                              std::uint32_t blocked_by, std::uint32_t hostile,
                              Unopposed& unopposed) {
  if (unopposed.built && unopposed.blocked_by == blocked_by && unopposed.hostile == hostile &&
      unopposed.controller == state.nodes.controller &&
      unopposed.warships == state.nodes.warships && unopposed.flying == flying_)
    return;
  const std::size_t N = state.nodes.size();
  const auto fi = static_cast<std::size_t>(f);
  const bool sea = ctx.factions[fi].sea;
  const std::uint8_t* places = places_.data() + fi * N;
  unopposed.key.assign(N, 0);
  unopposed.land_sources.clear();
  unopposed.air_sources.clear();
  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    const FactionIndex holder = state.nodes.controller[ni];
    if (holder != kNoFaction && ((blocked_by >> holder) & 1u)) continue;
    const bool warship_off = sea && on_lane_[ni] && hostile_warship_off(state, f, n);
    // A source is denied by holding it (or a warship off a port), not by
    // fire from next door; the routes from it are what the enemy interdicts.
    if ((places[ni] & kPlaceByLand) || ((places[ni] & kPlaceBySea) && !warship_off)) {
      unopposed.key[ni] = kOpen | kLandSource;
      unopposed.land_sources.push_back(n);
    } else if ((places[ni] & kPlaceAirbase) && air_source_place(state, ctx, f, n)) {
      unopposed.key[ni] = kOpen | kAirSource;
      unopposed.air_sources.push_back(n);
    } else {
      unopposed.key[ni] = kOpen;
    }
  }
  unopposed.controller.assign(state.nodes.controller.begin(), state.nodes.controller.end());
  unopposed.warships.assign(state.nodes.warships.begin(), state.nodes.warships.end());
  unopposed.flying.assign(flying_.begin(), flying_.end());
  unopposed.blocked_by = blocked_by;
  unopposed.hostile = hostile;
  unopposed.built = true;
}

// f's network key this step into key_: the unopposed key, less the open
// nodes that hostile forces interdict (after note_flying).
void Supply::key_of(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                    FactionIndex f) {
  const std::size_t N = state.nodes.size();
  const std::uint32_t hostile = state.war_mask(f);
  // Bit g: a node g holds blocks f (WorldState::blocks), taken once for all nodes.
  std::uint32_t blocked_by = 0;
  for (std::size_t g = 0; g < state.faction_count; ++g)
    if (state.blocks(f, static_cast<FactionIndex>(g))) blocked_by |= 1u << g;
  Unopposed& unopposed = networks_[static_cast<std::size_t>(f)].unopposed;
  update_unopposed(state, ctx, f, blocked_by, hostile, unopposed);
  const std::uint8_t* base = unopposed.key.data();
  std::copy(base, base + N, key_.begin());
  // Elsewhere no faction stands near: nothing interdicts.
  for (const NodeIndex n : near_nodes_) {
    const auto ni = static_cast<std::size_t>(n);
    if (base[ni] == kOpen && (present_near_[ni] & hostile) &&
        interdicted(state, presence, ctx.world, f, n))
      key_[ni] = 0;
  }
}

// Components of f's open network: road and track arcs between open nodes.
// Sea lanes do not join them: an encirclement is cut on land, and a port with
// the sea open is a source of its own (a pocket supplied by sea is still
// besieged). Leaves each node's root in network.root.
void Supply::join_components(const WorldGraph& world, Network& network) {
  const std::size_t N = world.node_count();
  const auto& key = network.key;
  DisjointSets sets(rank_.data(), network.root.data());
  for (std::size_t n = 0; n < N; ++n) sets.make_set(n);
  for (std::size_t n = 0; n < N; ++n) {
    if (!(key[n] & kOpen)) continue;
    for (const auto& arc : world.adjacency().of(static_cast<NodeIndex>(n))) {
      const auto v = static_cast<std::size_t>(arc.to);
      if (v > n && (key[v] & kOpen) && drivable(arc.kind)) sets.union_set(n, v);
    }
  }
  for (std::size_t n = 0; n < N; ++n) network.root[n] = sets.find_set(n);
  std::fill(network.sources_in.begin(), network.sources_in.end(), 0);
  for (std::size_t n = 0; n < N; ++n) {
    if (!(key[n] & (kLandSource | kAirSource))) continue;
    const std::size_t root = network.root[n];
    if (network.sources_in[root]++ == 0) network.a_source_in[root] = static_cast<NodeIndex>(n);
  }
}

// The distances from the sources and the components, from the network's key.
void Supply::search_network(const RuleContext& ctx, Network& network) {
  const auto passable = [&](NodeIndex n) {
    return (network.key[static_cast<std::size_t>(n)] & kOpen) != 0;
  };
  search_land_km(network.land, ctx.world, network.unopposed.land_sources, passable);
  search_land_km(network.air, ctx.world, network.unopposed.air_sources, passable);
  join_components(ctx.world, network);
}

// Whether some component joined to n holds a source other than n: n's own
// if n is open, else that of any open land neighbour.
bool Supply::joined_to_other_source(const WorldGraph& world, const Network& network, NodeIndex n) {
  const auto counts = [&](std::size_t root) {
    return network.sources_in[root] >= 2 ||
           (network.sources_in[root] == 1 && network.a_source_in[root] != n);
  };
  const auto ni = static_cast<std::size_t>(n);
  if (network.key[ni] & kOpen) return counts(network.root[ni]);
  for (const auto& arc : world.adjacency().of(n)) {
    const auto v = static_cast<std::size_t>(arc.to);
    if (drivable(arc.kind) && (network.key[v] & kOpen) && counts(network.root[v])) return true;
  }
  return false;
}

// Counts, per component of the whole land network (roads and tracks), the
// places f could draw on with no hostile force in the way.
void Supply::count_potential_sources(const WorldState& state, const RuleContext& ctx,
                                     FactionIndex f) {
  const auto fi = static_cast<std::size_t>(f);
  const std::size_t N = state.nodes.size();
  std::fill(potential_in_.begin(), potential_in_.end(), 0);
  for (std::size_t v = 0; v < N; ++v) {
    const auto node = static_cast<NodeIndex>(v);
    const std::uint8_t places = places_[fi * N + v];
    const bool place = (places & (kPlaceByLand | kPlaceBySea)) ||
                       ((places & kPlaceAirbase) && air_source_place(state, ctx, f, node));
    if (!place) continue;
    const auto c = static_cast<std::size_t>(land_component_[v]);
    if (potential_in_[c]++ == 0) a_potential_in_[c] = node;
  }
}

// Whether n's component of that network holds such a place other than n.
bool Supply::could_be_supplied(NodeIndex n) const {
  const auto c = static_cast<std::size_t>(land_component_[static_cast<std::size_t>(n)]);
  return potential_in_[c] >= 2 || (potential_in_[c] == 1 && a_potential_in_[c] != n);
}

void Supply::reach_of(WorldState& state, const Presence& presence, const RuleContext& ctx,
                      FactionIndex f) {
  const WorldGraph& world = ctx.world;
  const std::size_t N = state.nodes.size();
  const auto fi = static_cast<std::size_t>(f);
  const auto& controller = state.nodes.controller;
  Network& network = networks_[fi];
  note_flying(state, f);
  key_of(state, presence, ctx, f);
  if (key_ != network.key) {
    network.key.assign(key_.begin(), key_.end());
    search_network(ctx, network);
    network.controller.clear();  // the rows must be written again
  } else if (reach_unchanged(state, network)) {
    for (const NodeIndex n : network.encircled)
      state.nodes.besieged[static_cast<std::size_t>(n)] =
          besieged_now(state, presence, world, network, f, n);
    for (const NodeIndex n : network.air_supplied)
      state.nodes.air_supplied[static_cast<std::size_t>(n)] = 1;
    any_air_supplied_ |= !network.air_supplied.empty();
    return;
  }
  network.controller.assign(controller.begin(), controller.end());
  network.flying.assign(flying_.begin(), flying_.end());
  network.encircled.clear();
  network.air_supplied.clear();

  bool potential_ready = false;
  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    const bool by_land = network.land.reached(n);
    const bool by_air = !by_land && network.air.reached(n);
    const std::uint8_t reach = by_land ? kReachedByLand : by_air ? kReachedByAir : 0;
    state.supply_km[fi * N + ni] = by_land  ? network.land.cost[ni]
                                   : by_air ? network.air.cost[ni]
                                            : PathSearch::kUnreached;
    state.reached[fi * N + ni] = reach;
    if (controller[ni] != f) continue;
    // Encircled: cut off from every other source, by hostile forces. An
    // encircled node that is a source itself (a port with the sea open, an
    // airbase with a bridge) keeps that supply: a pocket can be supplied.
    bool encircled = false;
    if (!joined_to_other_source(world, network, n)) {
      if (!potential_ready) count_potential_sources(state, ctx, f);
      potential_ready = true;
      encircled = could_be_supplied(n);
    }
    if (encircled) network.encircled.push_back(n);
    state.nodes.besieged[ni] = encircled && besieged_now(state, presence, world, network, f, n);
    if (reach == kReachedByAir) {
      state.nodes.air_supplied[ni] = 1;
      any_air_supplied_ = true;
      network.air_supplied.push_back(n);
    }
  }
}

// Only a place with something to besiege is besieged: people living there,
// or its holder's forces (an empty junction under fire is not a siege).
bool Supply::something_to_besiege(const WorldState& state, const Presence& presence,
                                  const WorldGraph& world, FactionIndex f, NodeIndex n) {
  return world.node(n).population > 0.0 || presence.fighters(f, n) >= state.parameters.min_presence;
}

// Whether encircled node n is besieged this step (who stands where changes
// it, the network does not): something is there to besiege, and, if n
// supplies itself (a source: a port with the sea open, a node of the home
// region, a crossing, an airbase with a bridge), the enemy is at its gates:
// hostile forces at n or one road or track away within combat.contact_range_km
// (close enough to fire into it).
// A pocket supplied by sea whose ring has been pushed back is an enclave,
// not a siege (Misrata from mid-May 2011); any other encircled node is
// besieged however far away the ring stands (Derna's distant cordon).
bool Supply::besieged_now(const WorldState& state, const Presence& presence,
                          const WorldGraph& world, const Network& network, FactionIndex f,
                          NodeIndex n) {
  if (!something_to_besiege(state, presence, world, f, n)) return false;
  if (!(network.key[static_cast<std::size_t>(n)] & (kLandSource | kAirSource))) return true;
  return hostile_strength_in_contact(state, presence, world, f, n) > 0.0;
}

void Supply::note_flying(const WorldState& state, FactionIndex f) {
  flying_.clear();
  for (const AirBridgeRate& bridge : state.air[static_cast<std::size_t>(f)])
    flying_.push_back(bridge.flights_per_day > 0.0 ? 1 : 0);
}

bool Supply::reach_unchanged(const WorldState& state, const Network& network) const {
  return !network.controller.empty() && network.controller == state.nodes.controller &&
         network.flying == flying_;
}

double air_days_per_day(double tonnes_per_day, double fighters, const Parameters& p) {
  if (!(tonnes_per_day > 0.0)) return 0.0;
  if (!(fighters > 0.0)) return p.resupply_days_per_day;
  return tonnes_per_day / (p.tonnes_per_fighter_day * fighters);
}

double supply_distance_factor(double km, const Parameters& p) {
  if (!(km > p.supply_range_km)) return 1.0;
  if (!(p.supply_range_km > 0.0) || !(km < 2.0 * p.supply_range_km)) return p.supply_min_power;
  const double beyond = (km - p.supply_range_km) / p.supply_range_km;
  return 1.0 - beyond * (1.0 - p.supply_min_power);
}

double supply_power(const WorldState& state, FactionIndex f, NodeIndex n) {
  const Parameters& p = state.parameters;
  const std::size_t k =
      static_cast<std::size_t>(f) * state.nodes.size() + static_cast<std::size_t>(n);
  if (state.reached[k]) return supply_distance_factor(state.supply_km[k], p);
  const auto ni = static_cast<std::size_t>(n);
  const bool garrison_with_stocks = state.nodes.besieged[ni] && state.nodes.controller[ni] == f &&
                                    state.nodes.stocks_days[ni] > 0.0;
  return garrison_with_stocks ? 1.0 : p.supply_min_power;
}

void Supply::compute_reach(WorldState& state, const Presence& presence, const RuleContext& ctx) {
  if (key_.size() != state.nodes.size() || networks_.size() != state.faction_count)
    reset(ctx.world, ctx.factions);
  mark_hostile_neighbourhoods(presence, ctx.world);
  std::fill(state.nodes.air_supplied.begin(), state.nodes.air_supplied.end(), 0);
  any_air_supplied_ = false;
  std::fill(state.nodes.besieged.begin(), state.nodes.besieged.end(), 0);
  for (std::size_t fi = 0; fi < state.faction_count; ++fi)
    reach_of(state, presence, ctx, static_cast<FactionIndex>(fi));
}

void Supply::update(WorldState& state, const Presence& presence, const RuleContext& ctx) {
  compute_reach(state, presence, ctx);
  const Parameters& p = state.parameters;
  const std::size_t N = state.nodes.size();
  const double dt = ctx.dt;

  // Air-only nodes share their faction's airlift: days of stock per day.
  std::fill(air_fighters_.begin(), air_fighters_.end(), 0.0);
  std::fill(air_tonnes_.begin(), air_tonnes_.end(), 0.0);
  auto& u = state.units;
  for (std::size_t i = 0; any_air_supplied_ && i < u.size(); ++i) {
    if (!u.active[i]) continue;
    const auto n = static_cast<std::size_t>(u.node[i]);
    if (state.nodes.air_supplied[n] && state.nodes.controller[n] == u.faction[i])
      air_fighters_[static_cast<std::size_t>(u.faction[i])] += u.fighters[i];
  }
  for (std::size_t f = 0; f < state.faction_count; ++f) {
    for (std::size_t b = 0; b < ctx.factions[f].air_bridges.size(); ++b) {
      const NodeIndex base = ctx.factions[f].air_bridges[b].airbase;
      if (state.nodes.controller[static_cast<std::size_t>(base)] == static_cast<FactionIndex>(f))
        air_tonnes_[f] += state.air[f][b].flights_per_day * state.air[f][b].tonnes_per_flight;
    }
    air_rate_[f] =
        std::min(p.resupply_days_per_day, air_days_per_day(air_tonnes_[f], air_fighters_[f], p));
  }

  // Held, reached nodes: inflow minus one day of consumption per day. Besieged
  // nodes burn their stocks in the siege phase (an airlift into one adds its
  // tonnage); a node its holder cannot reach even with no enemy about (no
  // source anywhere it could draw on) is not besieged but burns its stocks as
  // one, living on what the country around gives (siege.smuggling_leakage).
  for (std::size_t n = 0; n < N; ++n) {
    const FactionIndex holder = state.nodes.controller[n];
    if (holder == kNoFaction) continue;
    const std::uint8_t reach = state.reached[static_cast<std::size_t>(holder) * N + n];
    const double air = air_rate_[static_cast<std::size_t>(holder)];
    double change = 0.0;
    if (state.nodes.besieged[n])
      change = reach == kReachedByAir ? air : 0.0;
    else if (reach)
      change = (reach == kReachedByAir ? air : p.resupply_days_per_day) - 1.0;
    else
      change = -(1.0 - p.smuggling_leakage);  // no source anywhere: what the country gives
    state.nodes.stocks_days[n] =
        std::clamp(state.nodes.stocks_days[n] + change * dt, 0.0, p.max_stock_days);
  }

  // Units replenish where their faction's supply reaches, else draw down.
  // The columns, tables and parameters are read through pointers and copies
  // held for the whole pass: through the vectors and `p`, every store to a
  // unit's stock would make the compiler load them again (they might alias).
  const std::uint8_t* active = u.active.data();
  const FactionIndex* faction = u.faction.data();
  const NodeIndex* node = u.node.data();
  double* supply_days = u.supply_days.data();
  const std::uint8_t* reached = state.reached.data();
  const FactionIndex* controller = state.nodes.controller.data();
  const double* stocks_days = state.nodes.stocks_days.data();
  const double* air_rate = air_rate_.data();
  const double resupply = p.resupply_days_per_day;
  const double max_stock = p.max_stock_days;
  const std::size_t units = u.size();
  for (std::size_t i = 0; i < units; ++i) {
    if (!active[i]) continue;
    const auto f = static_cast<std::size_t>(faction[i]);
    const auto n = static_cast<std::size_t>(node[i]);
    double inflow = 0.0;
    if (reached[f * N + n] == kReachedByLand) inflow = resupply;
    if (reached[f * N + n] == kReachedByAir) inflow = air_rate[f];
    // Cut off at a place its side holds, a unit lives on that place's stocks
    // while they last (the siege rule burns them).
    if (inflow < 1.0 && friendly(state, faction[i], controller[n]) && stocks_days[n] > 0.0)
      inflow = 1.0;
    supply_days[i] = std::clamp(supply_days[i] + (inflow - 1.0) * dt, 0.0, max_stock);
  }
}

}  // namespace frontline
