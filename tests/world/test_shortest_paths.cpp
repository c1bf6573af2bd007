#include <gtest/gtest.h>

#include "frontline/world/shortest_paths.hpp"
#include "map_builder.hpp"

namespace frontline {
namespace {

// a -10- b -10- c -10- d, and a -50- d: a line with a long shortcut.
MapSpec line_map() {
  MapSpec map;
  using testing::make_edge;
  using testing::make_node;
  map.nodes = {make_node("a"), make_node("b"), make_node("c"), make_node("d")};
  map.edges = {make_edge("a", "b", 10), make_edge("b", "c", 10), make_edge("c", "d", 10),
               make_edge("a", "d", 50, EdgeKind::track)};
  return map;
}

TEST(PathSearch, NextHopLeadsAlongTheShortestPath) {
  const WorldGraph world(line_map());
  PathSearch search(world.node_count());
  const NodeIndex d = 3;
  search.run(
      world.adjacency(), std::span<const NodeIndex>(&d, 1),
      [&](NodeIndex, const CompactAdjacency::Arc& arc) { return world.edge(arc.edge).km; },
      [](NodeIndex) { return true; });
  EXPECT_DOUBLE_EQ(search.cost[0], 30.0);
  EXPECT_EQ(search.toward[0], 1);
  EXPECT_EQ(search.toward[1], 2);
  EXPECT_EQ(search.toward[2], 3);
  EXPECT_EQ(search.toward[3], kNoNode);
  EXPECT_EQ(search.nearest[0], 3);
}

TEST(PathSearch, ABlockedNodeIsReachedButNotPassed) {
  const WorldGraph world(line_map());
  PathSearch search(world.node_count());
  const NodeIndex d = 3;
  search.run(
      world.adjacency(), std::span<const NodeIndex>(&d, 1),
      [&](NodeIndex, const CompactAdjacency::Arc& arc) { return world.edge(arc.edge).km; },
      [](NodeIndex n) { return n != 2; });
  EXPECT_DOUBLE_EQ(search.cost[2], 10.0);  // c itself is reached
  EXPECT_DOUBLE_EQ(search.cost[0], 50.0);  // but a goes round by the track
  EXPECT_EQ(search.toward[0], 3);
  EXPECT_DOUBLE_EQ(search.cost[1], 60.0);
}

}  // namespace
}  // namespace frontline
