// Supply's per-faction network cache against fresh computations: after random
// captures, blockades, air bridges opening and closing, relations changing and
// units moving (interdiction), the reach, distances and sieges a Supply that
// kept its networks from earlier steps computes must equal, bit for bit, those
// of a Supply that computes everything from scratch on the same state.
#include <gtest/gtest.h>

#include <string>

#include "frontline/engine/model.hpp"
#include "frontline/rules/supply.hpp"
#include "random_specs.hpp"
#include "support.hpp"

namespace frontline {
namespace {

using testing::Dice;
using testing::SpecBuilder;

// A connected road and track network of 15-40 nodes with cycles, ports on sea
// lanes, border crossings, three or four factions (some using the sea, some
// with an air bridge) in random relations, random control and units.
ScenarioSpec random_supply_world(std::uint32_t index) {
  Dice dice(7000 + index);
  SpecBuilder b("2016-01-01", 5);
  const int node_count = 15 + dice.below(26);
  const auto id = [](int n) { return "n" + std::to_string(n); };
  const std::vector<NodeKind> kinds{NodeKind::town, NodeKind::town,    NodeKind::city,
                                    NodeKind::port, NodeKind::airbase, NodeKind::border_crossing};
  std::vector<int> ports;
  for (int n = 0; n < node_count; ++n) {
    const NodeKind kind = dice.pick(kinds);
    b.node(id(n), kind).stocks_days = 30;
    if (kind == NodeKind::port) ports.push_back(n);
  }
  testing::random_road_network(b, dice, node_count);
  for (std::size_t p = 1; p < ports.size(); ++p)
    b.edge(id(ports[p - 1]), id(ports[p]), 100 + 300 * dice.uniform(), EdgeKind::sea);
  const int faction_count = 3 + dice.below(2);
  for (int f = 0; f < faction_count; ++f) {
    auto& faction = b.faction("f" + std::to_string(f));
    faction.supply.home = {id(dice.below(node_count))};
    faction.supply.sea = dice.chance(0.5);
    if (dice.chance(0.5))
      faction.supply.air_bridges.push_back({"bridge", id(dice.below(node_count)), 5, 20, {}});
  }
  testing::random_relations(
      b, dice, faction_count,
      {Relation::war, Relation::war, Relation::ceasefire, Relation::neutral, Relation::allied});
  testing::random_control(b, dice, node_count, faction_count);
  for (int u = 0; u < 3 * faction_count; ++u)
    b.unit("f" + std::to_string(u % faction_count), "u" + std::to_string(u),
           id(dice.below(node_count)), 50 + 500 * dice.uniform());
  return b.build();
}

// One random change of what supply depends on; or none (the cache is then used).
void change_something(WorldState& state, Dice& dice) {
  const auto F = static_cast<int>(state.faction_count);
  const auto N = static_cast<int>(state.nodes.size());
  const auto node = static_cast<std::size_t>(dice.below(N));
  switch (dice.below(6)) {
    case 0:  // a capture (or a node falling to nobody)
      testing::capture_at_random(state, dice);
      break;
    case 1:  // a warship comes or goes
      state.nodes.warships[node] ^= static_cast<std::uint16_t>(1u << dice.below(F));
      break;
    case 2:  // an air bridge opens or closes
      for (auto& bridges : state.air)
        for (auto& bridge : bridges) bridge.flights_per_day = dice.chance(0.5) ? 5.0 : 0.0;
      break;
    case 3: {  // relations change
      const auto f = static_cast<FactionIndex>(dice.below(F));
      const auto g = static_cast<FactionIndex>(dice.below(F));
      if (f != g)
        state.set_relation(f, g,
                           dice.pick(std::vector<Relation>{Relation::war, Relation::ceasefire,
                                                           Relation::neutral, Relation::allied}));
      break;
    }
    case 4: {  // a unit moves or changes strength (interdiction)
      const auto i = static_cast<std::size_t>(dice.below(static_cast<int>(state.units.size())));
      state.units.node[i] = static_cast<NodeIndex>(node);
      state.units.fighters[i] = dice.chance(0.2) ? 0.0 : 50 + 2000 * dice.uniform();
      break;
    }
    default:  // nothing: the networks of the last step are used as they are
      break;
  }
}

void expect_same_reach(const WorldState& kept, const WorldState& fresh, const std::string& what) {
  ASSERT_EQ(kept.reached, fresh.reached) << what;
  ASSERT_EQ(kept.nodes.besieged, fresh.nodes.besieged) << what;
  ASSERT_EQ(kept.nodes.air_supplied, fresh.nodes.air_supplied) << what;
  ASSERT_EQ(kept.supply_km.size(), fresh.supply_km.size()) << what;
  for (std::size_t k = 0; k < fresh.supply_km.size(); ++k)
    ASSERT_EQ(kept.supply_km[k], fresh.supply_km[k]) << what << " entry " << k;
}

TEST(SupplyCache, KeptNetworksEqualFreshComputationsAfterRandomChanges) {
  std::size_t compared = 0;
  std::size_t besieged = 0;
  std::size_t by_air = 0;
  for (std::uint32_t spec_index = 0; spec_index < 40; ++spec_index) {
    const auto model = build_model(random_supply_world(spec_index));
    WorldState state = model->initial;
    const RandomStreams random(1, 0);
    std::vector<EventRecord> events;
    const RuleContext ctx{model->world, model->factions, random, 0, 1.0, events};
    Presence presence;
    presence.reset(state.faction_count, state.nodes.size(), model->world.edge_count());
    Supply kept;
    kept.reset(model->world, model->factions);
    Dice dice(9000 + spec_index);
    for (int round = 0; round < 40; ++round) {
      for (int c = dice.below(3); c > 0; --c) change_something(state, dice);
      presence.count(state);
      kept.compute_reach(state, presence, ctx);
      WorldState fresh_state = state;
      Supply fresh;
      fresh.reset(model->world, model->factions);
      fresh.compute_reach(fresh_state, presence, ctx);
      expect_same_reach(state, fresh_state,
                        "spec " + std::to_string(spec_index) + " round " + std::to_string(round));
      ++compared;
      for (const auto b : state.nodes.besieged) besieged += b;
      for (const auto r : state.reached) by_air += r == kReachedByAir;
    }
  }
  EXPECT_EQ(compared, 40u * 40u);
  // The comparisons covered sieges and air supply, not only open country.
  EXPECT_GT(besieged, 0u);
  EXPECT_GT(by_air, 0u);
}

}  // namespace
}  // namespace frontline
