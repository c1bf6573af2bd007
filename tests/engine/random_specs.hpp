#pragma once
// Random small scenarios for property tests, from a seeded counter-based
// generator (the same RandomStreams the model uses), so every run of the
// tests sees the same specs.
#include <algorithm>
#include <string>

#include "frontline/agents/state.hpp"
#include "frontline/core/random.hpp"
#include "spec_builder.hpp"

namespace frontline::testing {

class Dice {
 public:
  explicit Dice(std::uint32_t spec) : random_(20240601, spec) {}
  double uniform() { return random_.uniform(0, 0, Purpose::property_test, n_++); }
  int below(int n) { return std::min(n - 1, static_cast<int>(uniform() * n)); }
  bool chance(double p) { return uniform() < p; }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(static_cast<int>(items.size())))];
  }

 private:
  RandomStreams random_;
  std::uint32_t n_ = 0;
};

// A random node passes to a random faction, or one time in ten to nobody;
// returns the node.
inline NodeIndex capture_at_random(WorldState& state, Dice& dice) {
  const auto node = static_cast<std::size_t>(dice.below(static_cast<int>(state.nodes.size())));
  state.nodes.controller[node] =
      dice.chance(0.1)
          ? kNoFaction
          : static_cast<FactionIndex>(dice.below(static_cast<int>(state.faction_count)));
  return static_cast<NodeIndex>(node);
}

// Roads and tracks joining nodes n0 .. n<node_count - 1> (already added): a
// random tree, so the network is connected, and about half as many extra
// edges again, so it has cycles; some of equal length, to make ties.
inline void random_road_network(SpecBuilder& b, Dice& dice, int node_count) {
  const auto id = [](int n) { return "n" + std::to_string(n); };
  for (int n = 1; n < node_count; ++n)
    b.edge(id(dice.below(n)), id(n), 5 + 200 * dice.uniform(),
           dice.chance(0.8) ? EdgeKind::road : EdgeKind::track);
  for (int extra = node_count / 3 + dice.below(node_count / 2); extra > 0; --extra) {
    const int a = dice.below(node_count);
    const int c = dice.below(node_count);
    if (a != c) b.edge(id(a), id(c), dice.chance(0.3) ? 50.0 : 5 + 300 * dice.uniform());
  }
}

// Nodes n0 .. n<count - 1>, count drawn from fewest up to fewest + more - 1,
// joined by random_road_network; returns count.
inline int random_road_world(SpecBuilder& b, Dice& dice, int fewest, int more) {
  const int node_count = fewest + dice.below(more);
  for (int n = 0; n < node_count; ++n) b.node("n" + std::to_string(n));
  random_road_network(b, dice, node_count);
  return node_count;
}

// Each pair of factions f0 .. f<faction_count - 1> in a relation picked from
// `relations`.
inline void random_relations(SpecBuilder& b, Dice& dice, int faction_count,
                             const std::vector<Relation>& relations) {
  for (int f = 0; f < faction_count; ++f)
    for (int g = f + 1; g < faction_count; ++g)
      b.relation("f" + std::to_string(f), "f" + std::to_string(g), dice.pick(relations));
}

// Each of nodes n0 .. n<node_count - 1> held by one of factions f0 ..
// f<faction_count - 1>, or one time in ten by nobody.
inline void random_control(SpecBuilder& b, Dice& dice, int node_count, int faction_count) {
  for (int n = 0; n < node_count; ++n)
    b.control("n" + std::to_string(n),
              dice.chance(0.9) ? "f" + std::to_string(dice.below(faction_count)) : "");
}

inline ScenarioSpec random_spec(std::uint32_t index) {
  Dice dice(index);
  const int days = 8 + dice.below(25);
  SpecBuilder b("2016-03-01", days, dice.chance(0.2) ? 12 : 24);
  b.raw().name = "random-" + std::to_string(index);
  const int node_count = 3 + dice.below(7);
  const std::vector<NodeKind> kinds{NodeKind::city,         NodeKind::town,      NodeKind::port,
                                    NodeKind::oil_terminal, NodeKind::oil_field, NodeKind::airbase,
                                    NodeKind::junction};
  std::vector<std::string> nodes;
  for (int n = 0; n < node_count; ++n) {
    const std::string id = "n" + std::to_string(n);
    auto& node =
        b.node(id, dice.pick(kinds), dice.chance(0.7) ? 1000 + 200000 * dice.uniform() : 0);
    if (node.kind == NodeKind::oil_field || node.kind == NodeKind::oil_terminal)
      node.oil_capacity_bpd = 10000 + 300000 * dice.uniform();
    node.urban = 1.0 + dice.uniform();
    node.fortification = 1.0 + 0.6 * dice.uniform();
    node.obstacles = dice.uniform();
    node.stocks_days = 60 * dice.uniform();
    nodes.push_back(id);
  }
  // A random tree of roads and tracks, plus a few extra edges of any kind.
  const std::vector<EdgeKind> edge_kinds{EdgeKind::road, EdgeKind::track, EdgeKind::sea,
                                         EdgeKind::pipeline};
  for (int n = 1; n < node_count; ++n)
    b.edge(nodes[static_cast<std::size_t>(dice.below(n))], nodes[static_cast<std::size_t>(n)],
           5 + 200 * dice.uniform(), dice.chance(0.8) ? EdgeKind::road : EdgeKind::track);
  for (int extra = dice.below(4); extra > 0; --extra) {
    const int a = dice.below(node_count);
    const int c = dice.below(node_count);
    if (a != c)
      b.edge(nodes[static_cast<std::size_t>(a)], nodes[static_cast<std::size_t>(c)],
             5 + 300 * dice.uniform(), dice.pick(edge_kinds));
  }
  const int faction_count = 2 + dice.below(3);
  std::vector<std::string> factions;
  for (int f = 0; f < faction_count; ++f) {
    const std::string id = "f" + std::to_string(f);
    auto& faction = b.faction(id);
    faction.doctrine.aggression = dice.uniform();
    faction.doctrine.cohesion = dice.uniform();
    faction.doctrine.casualty_tolerance = 0.2 + 2 * dice.uniform();
    faction.doctrine.ceasefire_discipline = dice.uniform();
    faction.doctrine.attack_ratio = 1 + 3 * dice.uniform();
    faction.doctrine.breakpoint = 0.5 * dice.uniform();
    faction.doctrine.area_fire_share = dice.uniform();
    faction.supply.home = {dice.pick(nodes)};
    faction.supply.sea = dice.chance(0.5);
    if (dice.chance(0.3))
      faction.supply.air_bridges.push_back(
          {"bridge", dice.pick(nodes), 5 * dice.uniform(), 20, {}});
    factions.push_back(id);
  }
  const std::vector<Relation> relations{Relation::war, Relation::war, Relation::ceasefire,
                                        Relation::neutral, Relation::allied};
  for (int f = 0; f < faction_count; ++f)
    for (int g = f + 1; g < faction_count; ++g)
      b.relation(factions[static_cast<std::size_t>(f)], factions[static_cast<std::size_t>(g)],
                 dice.pick(relations));
  for (const auto& n : nodes) b.control(n, dice.chance(0.85) ? dice.pick(factions) : std::string());
  const std::vector<Order> orders{Order::hold,     Order::hold,     Order::advance, Order::besiege,
                                  Order::garrison, Order::blockade, Order::retreat};
  int unit_number = 0;
  for (const auto& f : factions)
    for (int u = 1 + dice.below(4); u > 0; --u) {
      const Order order = dice.pick(orders);
      b.unit(f, "u" + std::to_string(unit_number++), dice.pick(nodes), 20 + 2000 * dice.uniform(),
             50 * dice.uniform(), order, order == Order::hold ? "" : dice.pick(nodes))
          .morale = dice.uniform();
    }
  const auto some_date = [&] {
    return b.raw().calendar.start + std::chrono::days(dice.below(days + 2));
  };
  for (int e = dice.below(7); e > 0; --e) {
    const std::string id = "e" + std::to_string(e);
    const std::string& f = dice.pick(factions);
    const std::string& other = dice.pick(factions);
    EventSpec event;
    event.id = id;
    event.date = some_date();
    event.faction = f;
    switch (dice.below(9)) {
      case 0:
        event.kind = EventKind::campaign;
        event.aim = dice.pick(nodes);
        event.share = dice.uniform();
        break;
      case 1:
        event.kind = other == f ? EventKind::halt : EventKind::air_campaign;
        event.node = dice.pick(nodes);
        event.radius_km = 300 * dice.uniform();
        event.other = other;
        event.sorties = 10 * dice.uniform();
        event.until = event.date + std::chrono::days(dice.below(10));
        break;
      case 2:
        event.kind = other == f ? EventKind::halt : EventKind::ceasefire;
        event.other = other;
        break;
      case 3:
        event.kind = EventKind::blockade;
        break;
      case 4:
        event.kind = EventKind::lift_blockade;
        break;
      case 5:
        event.kind = EventKind::reinforcement;
        event.node = dice.pick(nodes);
        event.fighters = 500 * dice.uniform();
        event.unit = "reinforcement-" + id;
        break;
      case 6:
        event.kind = EventKind::naval_deployment;
        event.node = dice.pick(nodes);
        break;
      case 7:
        event.kind = EventKind::call_to_return;
        event.faction.clear();
        break;
      default:
        event.kind = other == f ? EventKind::halt : EventKind::relation;
        event.other = other;
        event.relation = dice.pick(relations);
        break;
    }
    b.raw().events.push_back(event);
  }
  std::stable_sort(b.raw().events.begin(), b.raw().events.end(),
                   [](const EventSpec& a, const EventSpec& c) { return a.date < c.date; });
  b.parameters().return_requires_call = dice.chance(0.5) ? 1.0 : 0.0;
  b.parameters().min_presence = 5 + 30 * dice.uniform();
  return b.build();
}

}  // namespace frontline::testing
