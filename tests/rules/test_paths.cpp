// The path-field repair against full searches: after random captures, every
// cached field a PathCache repairs must equal, bit for bit, the field a fresh
// cache computes from scratch on the same map. So must every next hop read
// from a search stopped early.
#include <gtest/gtest.h>

#include <string>

#include "frontline/rules/paths.hpp"
#include "random_specs.hpp"
#include "support.hpp"

namespace frontline {
namespace {

using testing::Dice;
using testing::SpecBuilder;

// A connected road and track network of 20-60 nodes with cycles, three or four
// factions in random relations and random control.
ScenarioSpec random_network(std::uint32_t index) {
  Dice dice(1000 + index);
  SpecBuilder b("2016-01-01", 5);
  const int node_count = testing::random_road_world(b, dice, 20, 41);
  const int faction_count = 3 + dice.below(2);
  for (int f = 0; f < faction_count; ++f) b.faction("f" + std::to_string(f));
  testing::random_relations(
      b, dice, faction_count,
      {Relation::war, Relation::war, Relation::ceasefire, Relation::neutral, Relation::allied});
  testing::random_control(b, dice, node_count, faction_count);
  b.unit("f0", "u", "n0", 100);
  return b.build();
}

void expect_same_field(const PathField& repaired, const PathField& fresh, const std::string& what) {
  ASSERT_EQ(repaired.toward.size(), fresh.toward.size()) << what;
  for (std::size_t n = 0; n < fresh.toward.size(); ++n) {
    ASSERT_EQ(repaired.toward[n], fresh.toward[n]) << what << " node " << n;
    ASSERT_EQ(repaired.via[n], fresh.via[n]) << what << " node " << n;
    // Bit for bit: the repair promises the same sums of the same terms.
    ASSERT_EQ(repaired.cost[n], fresh.cost[n]) << what << " node " << n;
    ASSERT_EQ(repaired.days[n], fresh.days[n]) << what << " node " << n;
  }
}

TEST(Paths, RepairedFieldsEqualFullSearchesAfterRandomCaptures) {
  std::size_t compared = 0;
  for (std::uint32_t spec_index = 0; spec_index < 40; ++spec_index) {
    const auto model = build_model(random_network(spec_index));
    const WorldGraph& world = model->world;
    WorldState state = model->initial;
    const auto F = static_cast<int>(state.faction_count);
    const auto N = static_cast<int>(state.nodes.size());
    Dice dice(5000 + spec_index);
    // A few (faction, target) fields kept in use throughout.
    std::vector<std::pair<FactionIndex, NodeIndex>> wanted;
    for (int k = 0; k < 6; ++k)
      wanted.emplace_back(static_cast<FactionIndex>(dice.below(F)),
                          static_cast<NodeIndex>(dice.below(N)));
    PathCache cache;
    cache.reset(state.faction_count, state.nodes.size());
    for (const auto& [f, target] : wanted) cache.field(f, target, world, state);
    for (int round = 0; round < 25; ++round) {
      // One to three nodes change hands (or fall to nobody).
      for (int c = 1 + dice.below(3); c > 0; --c) {
        const auto n = static_cast<NodeIndex>(dice.below(N));
        state.nodes.controller[static_cast<std::size_t>(n)] =
            dice.chance(0.1) ? kNoFaction : static_cast<FactionIndex>(dice.below(F));
        cache.control_changed(n);
      }
      cache.revalidate(world, state);
      PathCache fresh;
      fresh.reset(state.faction_count, state.nodes.size());
      for (const auto& [f, target] : wanted) {
        const std::string what = "spec " + std::to_string(spec_index) + " round " +
                                 std::to_string(round) + " faction " + std::to_string(f) +
                                 " target " + std::to_string(target);
        const PathField repaired = cache.field(f, target, world, state);
        expect_same_field(repaired, fresh.field(f, target, world, state), what);
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 40u * 25u * 6u);
}

// Next hops from searches that stop once the node asked about is settled (and
// go on when a farther one is asked), between captures (a search not complete
// is repaired when a changed node is one it reached), and whole fields asked
// for after such hops, against whole fields searched from scratch. Fails if
// the repair keeps the queue's stale entries or leaves out its seeds, or if a
// search is repaired only when a changed node is settled (not merely reached).
TEST(Paths, HopsFromSearchesStoppedEarlyEqualFullSearches) {
  std::size_t compared = 0;
  for (std::uint32_t spec_index = 0; spec_index < 40; ++spec_index) {
    const auto model = build_model(random_network(spec_index));
    WorldState state = model->initial;
    Dice dice(6000 + spec_index);
    PathCache cache;
    cache.reset(state.faction_count, state.nodes.size());
    for (int round = 0; round < 25; ++round) {
      const WorldGraph& world = model->world;
      const auto F = static_cast<int>(state.faction_count);
      const auto N = static_cast<int>(state.nodes.size());
      PathCache fresh;
      fresh.reset(state.faction_count, state.nodes.size());
      // Few targets, so that later questions resume searches stopped earlier.
      for (int question = 0; question < 12; ++question) {
        const auto f = static_cast<FactionIndex>(dice.below(F));
        const auto target = static_cast<NodeIndex>(dice.below(3));
        const std::string what = "spec " + std::to_string(spec_index) + " round " +
                                 std::to_string(round) + " faction " + std::to_string(f) +
                                 " target " + std::to_string(target);
        const PathField& whole = fresh.field(f, target, world, state);
        if (dice.chance(0.1)) {
          expect_same_field(cache.field(f, target, world, state), whole, what);
        } else {
          const auto here = static_cast<NodeIndex>(dice.below(N));
          const PathCache::Hop hop = cache.hop(f, target, here, world, state);
          const auto h = static_cast<std::size_t>(here);
          ASSERT_EQ(hop.toward, whole.toward[h]) << what << " from " << here;
          ASSERT_EQ(hop.via, whole.via[h]) << what << " from " << here;
        }
        ++compared;
      }
      for (int c = dice.below(3); c > 0; --c)
        cache.control_changed(testing::capture_at_random(state, dice));
      cache.revalidate(world, state);
    }
  }
  EXPECT_EQ(compared, 40u * 25u * 12u);
}

}  // namespace
}  // namespace frontline
