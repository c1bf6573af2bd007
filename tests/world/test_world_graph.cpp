#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "corridor_csv.hpp"
#include "frontline/core/error.hpp"
#include "frontline/world/world_graph.hpp"
#include "map_builder.hpp"

namespace frontline {
namespace {

class Corridor : public ::testing::Test {
 protected:
  static MapSpec map() {
    return testing::corridor_from_csv(std::string(FRONTLINE_SCENARIO_DIR) + "/data");
  }
  WorldGraph world{map()};
  double road_km(const char* a, const char* b) const {
    return world.shortest_km(world.index_of(a), world.index_of(b), kLandEdges).value();
  }
};

// Great-circle distance in km (spherical Earth, mean radius 6371 km).
double great_circle_km(const NodeProperties& a, const NodeProperties& b) {
  constexpr double kEarthRadiusKm = 6371.0;
  const double to_rad = std::numbers::pi / 180.0;
  const double dlat = (b.lat - a.lat) * to_rad;
  const double dlon = (b.lon - a.lon) * to_rad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.lat * to_rad) * std::cos(b.lat * to_rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

TEST_F(Corridor, HasEveryNodeAndEdgeOfTheCsvFiles) {
  EXPECT_EQ(world.node_count(), 61u);
  EXPECT_EQ(world.edge_count(), 77u);
  EXPECT_EQ(world.node(world.index_of("es_sider")).kind, NodeKind::oil_terminal);
  EXPECT_DOUBLE_EQ(world.node(world.index_of("es_sider")).oil_capacity_bpd, 340000.0);
}

// 2018 report: Derna is "located around 300 kilometres from Benghazi".
// Benghazi - Al Marj 99 + Al Marj - Bayda 110 + Bayda - Derna 99 = 308 km.
TEST_F(Corridor, BenghaziToDernaByRoadIsAbout300Km) {
  const double km = road_km("benghazi", "derna");
  EXPECT_DOUBLE_EQ(km, 308.0);
  EXPECT_NEAR(km, 300.0, 0.05 * 300.0);
}

// 2016 report: the port is "about 3 miles from the city center".
TEST_F(Corridor, SirtePortIsFiveKmFromSirte) {
  EXPECT_DOUBLE_EQ(road_km("sirte", "sirte_port"), 5.0);
}

// "Sirte is about 240 km north of Jufra" (shared/data/README.md), and about 290 km
// by road to Waddan, the Jufra district town. The airbase itself is a further
// 17 km by the Waddan - airbase road (309 km; through Hun it would be 325 km).
TEST_F(Corridor, SirteToJufraIsBetween240And300Km) {
  const double straight = great_circle_km(world.node(world.index_of("sirte")),
                                          world.node(world.index_of("jufra_airbase")));
  EXPECT_NEAR(straight, 240.0, 0.05 * 240.0);
  const double by_road = road_km("sirte", "waddan");
  EXPECT_GE(by_road, 240.0);
  EXPECT_LE(by_road, 300.0);
  EXPECT_DOUBLE_EQ(road_km("sirte", "jufra_airbase"), 309.0);
}

// Every place on a road or track can reach every other by road or track. The
// Sarir and Sharara fields are joined to the rest only by pipeline; the offshore
// Bouri and Al Jurf fields to nothing (they export through floating storage).
TEST_F(Corridor, RoadNetworkIsConnected) {
  int count = 0;
  const auto component = world.components(kLandEdges, &count);
  const int main = component[static_cast<std::size_t>(world.index_of("tripoli"))];
  for (std::size_t n = 0; n < world.node_count(); ++n) {
    const auto& node = world.node(static_cast<NodeIndex>(n));
    if (node.road_degree > 0) {
      EXPECT_EQ(component[n], main) << node.id;
    }
  }
  EXPECT_EQ(world.node(world.index_of("sarir")).road_degree, 0);
  EXPECT_EQ(world.node(world.index_of("sharara")).road_degree, 0);
  EXPECT_EQ(world.node(world.index_of("bouri")).road_degree, 0);
  EXPECT_TRUE(world.node(world.index_of("bouri")).offshore);
  EXPECT_FALSE(world.node(world.index_of("sarir")).offshore);
  EXPECT_EQ(count, 5);
  int all_count = 0;
  world.components(kAllEdges, &all_count);
  EXPECT_EQ(all_count, 3);
}

TEST_F(Corridor, SeaLanesAndPipelinesAreNotRoads) {
  // Misrata - Benghazi is 700 km by sea but about 825 km by road.
  EXPECT_DOUBLE_EQ(world
                       .shortest_km(world.index_of("misrata"), world.index_of("benghazi"),
                                    edge_bit(EdgeKind::sea))
                       .value(),
                   700.0);
  EXPECT_NEAR(road_km("misrata", "benghazi"), 825.0, 0.05 * 825.0);
  EXPECT_FALSE(world.shortest_km(world.index_of("sharara"), world.index_of("zawiya"), kLandEdges));
}

TEST_F(Corridor, CompactAdjacencyListsEveryEdgeFromBothEnds) {
  const auto& adjacency = world.adjacency();
  EXPECT_EQ(adjacency.arcs.size(), 2 * world.edge_count());
  const NodeIndex sirte = world.index_of("sirte");
  int roads = 0;
  for (const auto& arc : adjacency.of(sirte)) {
    EXPECT_EQ(world.ends(arc.edge).other(sirte), arc.to);
    if (arc.kind == EdgeKind::road) ++roads;
  }
  EXPECT_EQ(roads, world.node(sirte).road_degree);
  EXPECT_EQ(roads, 4);  // Buwairat al-Hassoun, the port, Wadi Jarif, Nofaliya
}

// Each field's crude leaves by pipeline through its terminal (or refinery town).
TEST_F(Corridor, OilFieldsExportThroughTheirTerminals) {
  const auto outlet = [&](const char* field) {
    return world.node(world.outlet(world.index_of(field))).id;
  };
  EXPECT_EQ(outlet("marada"), "es_sider");
  EXPECT_EQ(outlet("jalu"), "ras_lanuf");
  EXPECT_EQ(outlet("zelten"), "brega");
  EXPECT_EQ(outlet("sarir"), "tobruk");
  EXPECT_EQ(outlet("sharara"), "zawiya");
  EXPECT_EQ(world.outlet(world.index_of("es_sider")), kNoNode);
  // An offshore field with no pipeline is its own outlet.
  EXPECT_EQ(outlet("bouri"), "bouri");
}

// The oil rules visit the listed fields alone: every oil field, in node order.
TEST_F(Corridor, ListsEveryOilFieldInNodeOrder) {
  std::vector<NodeIndex> fields;
  for (std::size_t n = 0; n < world.node_count(); ++n)
    if (world.node(static_cast<NodeIndex>(n)).kind == NodeKind::oil_field)
      fields.push_back(static_cast<NodeIndex>(n));
  EXPECT_GE(fields.size(), 6u);  // Marada, Jalu, Zelten, Sarir, Sharara, Bouri at least
  const auto listed = world.oil_fields();
  EXPECT_EQ(std::vector<NodeIndex>(listed.begin(), listed.end()), fields);
}

TEST(WorldGraph, ReportsEveryBadEdgeAtOnce) {
  MapSpec map;
  map.name = "tiny.yaml";
  map.nodes = {testing::make_node("a"), testing::make_node("b"), testing::make_node("a")};
  map.edges = {testing::make_edge("a", "x", 10), testing::make_edge("b", "b", -1)};
  try {
    WorldGraph world(map);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("duplicate node id 'a'"), std::string::npos) << text;
    EXPECT_NE(text.find("edge 'a-x' ends at unknown node 'x'"), std::string::npos) << text;
    EXPECT_NE(text.find("edge 'b-b' joins 'b' to itself"), std::string::npos) << text;
    EXPECT_NE(text.find("edge 'b-b' has length -1"), std::string::npos) << text;
    EXPECT_EQ(error.diagnostics().size(), 4u);
  }
}

TEST(WorldGraph, UnknownIdSuggestsACloseOne) {
  MapSpec map;
  map.nodes = {testing::make_node("sirte"), testing::make_node("derna")};
  const WorldGraph world(map);
  EXPECT_EQ(world.find("sirt"), kNoNode);
  try {
    world.index_of("sirt");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "map: unknown node 'sirt' (expected did you mean 'sirte'?)");
  }
}

}  // namespace
}  // namespace frontline
