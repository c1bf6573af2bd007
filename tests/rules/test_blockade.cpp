#include <gtest/gtest.h>

#include "frontline/rules/blockade.hpp"
#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

// A field piped to its terminal, both red.
SpecBuilder oil(double ramp_days = 10) {
  auto b = testing::two_sides({.days = 30,
                               .places = {{"field", NodeKind::oil_field},
                                          {"terminal", NodeKind::oil_terminal},
                                          {"blue_port", NodeKind::port}},
                               .roads = {{"field", "terminal", 200, EdgeKind::pipeline},
                                         {"terminal", "blue_port", 300, EdgeKind::sea}},
                               .red_holds = {"field", "terminal"},
                               .blue_holds = {"blue_port"},
                               .red_home = {"terminal"},
                               .blue_home = {"blue_port"}});
  b.node_ref("field").oil_capacity_bpd = 100000;
  b.node_ref("terminal").oil_capacity_bpd = 150000;
  b.parameters().oil_ramp_days = ramp_days;
  b.parameters().oil_price_usd_per_barrel = 40;
  return b;
}

TEST(Blockade, ABlockadedTerminalOutputsZeroAndALiftedOneRampsUp) {
  auto b = oil();
  b.event("shut", "2016-01-03", EventKind::blockade, "red").nodes = {"terminal"};
  b.event("open", "2016-01-11", EventKind::lift_blockade, "red").nodes = {"terminal"};
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto field = node_of(r, "field");
  const auto terminal = node_of(r, "terminal");
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(2, field)], 100000.0);
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(2, terminal)], 100000.0);  // its field's throughput
  for (int t = 3; t <= 10; ++t) {
    EXPECT_DOUBLE_EQ(r.oil_output[r.tn(t, field)], 0.0) << t;
    EXPECT_DOUBLE_EQ(r.oil_output[r.tn(t, terminal)], 0.0) << t;
  }
  // Lifted in step 10: a tenth of capacity a day over ramp_days = 10.
  EXPECT_NEAR(r.oil_output[r.tn(11, field)], 10000.0, 1e-6);
  EXPECT_NEAR(r.oil_output[r.tn(15, field)], 50000.0, 1e-6);
  EXPECT_NEAR(r.oil_output[r.tn(20, field)], 100000.0, 1e-6);
  EXPECT_NEAR(r.oil_output[r.tn(25, field)], 100000.0, 1e-6);
  EXPECT_EQ(testing::count_events(r, EventRecordKind::blockade_declared), 1);
  EXPECT_EQ(testing::count_events(r, EventRecordKind::blockade_lifted), 1);
}

TEST(Blockade, RevenueAndForegoneRevenueAddUpToCapacity) {
  auto b = oil(0);  // no ramp: output returns at once
  b.event("shut", "2016-01-03", EventKind::blockade, "red").nodes = {"field"};
  b.event("open", "2016-01-08", EventKind::lift_blockade, "red").nodes = {"field"};
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const int T = r.time_points - 1;
  const double full = 100000.0 * 40.0;  // USD a day
  EXPECT_NEAR(r.oil_revenue[2], 2 * full, 1e-3);
  EXPECT_NEAR(r.oil_loss[T], 5 * full, 1e-3);  // shut during steps 2..6
  EXPECT_NEAR(r.oil_revenue[T] + r.oil_loss[T], 30 * full, 1e-3);
}

TEST(Blockade, TheRampIsLinearAndRevenueUsesItsMidpoint) {
  auto b = oil(4);
  b.event("shut", "2016-01-01", EventKind::blockade, "red").nodes = {"field"};
  b.event("open", "2016-01-02", EventKind::lift_blockade, "red").nodes = {"field"};
  const RunRecord r = run_scenario(b.build(), 1, 0);
  // Step 1 ramps 0 -> 0.25: mean 0.125 of a day's capacity.
  EXPECT_NEAR(r.oil_revenue[2] - r.oil_revenue[1], 0.125 * 100000 * 40, 1e-3);
  EXPECT_NEAR(r.oil_output[r.tn(3, 0)], 50000.0, 1e-6);
}

TEST(Blockade, MeanRampIsExactWhenTheRampEndsWithinAStep) {
  EXPECT_DOUBLE_EQ(mean_ramp(0.0, 1.0, 4.0), 0.125);
  EXPECT_DOUBLE_EQ(mean_ramp(0.9, 1.0, 0.5), (0.05 * 0.95 + 0.95) / 1.0);
  EXPECT_DOUBLE_EQ(mean_ramp(0.0, 1.0, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(mean_ramp(1.0, 1.0, 45.0), 1.0);
}

TEST(Blockade, AHostileWarshipOffTheTerminalShutsItsFieldsIn) {
  auto b = oil();
  b.event("ship", "2016-01-05", EventKind::naval_deployment, "blue").node = "terminal";
  b.event("gone", "2016-01-08", EventKind::naval_withdrawal, "blue").node = "terminal";
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto field = node_of(r, "field");
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(4, field)], 100000.0);
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(5, field)], 0.0);
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(7, field)], 0.0);
  EXPECT_NEAR(r.oil_output[r.tn(8, field)], 10000.0, 1e-6);
}

TEST(Blockade, ABlockadeDeclaredWithoutNodesCoversEveryOilNodeTheFactionHolds) {
  auto b = oil();
  b.event("shut", "2016-01-02", EventKind::blockade, "red");
  const RunRecord r = run_scenario(b.build(), 1, 0);
  EXPECT_EQ(testing::count_events(r, EventRecordKind::blockade_declared), 2);
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(2, node_of(r, "field"))], 0.0);
}

TEST(Blockade, APartialShutInKeepsTheRestFlowingAndRampsBackToIt) {
  // 60% of the terminal shut in from day 3: the field keeps 40,000 of its
  // 100,000; lifted on day 11, it climbs a tenth of capacity a day.
  auto b = oil();
  auto& shut = b.event("shut", "2016-01-03", EventKind::blockade, "red");
  shut.nodes = {"terminal"};
  shut.share = 0.6;
  b.event("open", "2016-01-11", EventKind::lift_blockade, "red").nodes = {"terminal"};
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto field = node_of(r, "field");
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(3, field)], 40000.0);
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(10, field)], 40000.0);
  EXPECT_NEAR(r.oil_output[r.tn(11, field)], 50000.0, 1e-6);
  EXPECT_NEAR(r.oil_output[r.tn(16, field)], 100000.0, 1e-6);
  // Foregone revenue: 60,000 barrels a day at $40 for the 8 shut days, then
  // the ramp's mean shortfall 50,000 - 5,000 ... : exactly the ramp's area.
  const double shut_days = 8 * 60000.0 * 40;
  double ramp = 0.0;
  for (int d = 0; d < 6; ++d) ramp += (60000.0 - 10000.0 * (d + 0.5)) * 40;
  EXPECT_NEAR(r.oil_loss[static_cast<std::size_t>(r.time_points - 1)], shut_days + ramp, 1e-3);
}

TEST(Blockade, AnOffshoreFieldFlowsThroughANationalBlockade) {
  auto b = oil();
  auto& sea_field = b.node("offshore", NodeKind::oil_field);
  sea_field.oil_capacity_bpd = 50000;
  sea_field.offshore = true;
  b.control("offshore", "red");
  b.event("shut", "2016-01-03", EventKind::blockade, "red");  // every oil node red holds
  const RunRecord r = run_scenario(b.build(), 1, 0);
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(5, node_of(r, "field"))], 0.0);
  EXPECT_DOUBLE_EQ(r.oil_output[r.tn(5, node_of(r, "offshore"))], 50000.0);
}

// Fighting at an oil node stops its work: the terminal fought over on the
// ground (or the field struck from the air) in a step outputs nothing, and
// so do the fields whose outlet it is; once quiet, output climbs a tenth of
// capacity a day (ramp_days 10). With oil.shut_in_under_fire 0.5 half stays
// on. Fails if fighting is ignored, or if a field fought over does not shut
// in a field through its terminal.
struct OilDays {
  explicit OilDays(double shut_in)
      : model(build_model([&] {
          auto b = oil();
          b.parameters().oil_shut_in_under_fire = shut_in;
          return b.build();
        }())),
        state(model->initial) {}
  // One day of the oil phase with `fought` (or `struck`) marks on the nodes named.
  void day(const std::vector<std::string>& fought, const std::vector<std::string>& struck = {}) {
    std::fill(state.nodes.fought.begin(), state.nodes.fought.end(), 0);
    std::fill(state.nodes.struck.begin(), state.nodes.struck.end(), 0);
    for (const auto& id : fought) state.nodes.fought[index(id)] = 1;
    for (const auto& id : struck) state.nodes.struck[index(id)] = 1;
    const RuleContext ctx{model->world, model->factions, random, step++, 1.0, events};
    update_oil(state, ctx);
  }
  std::size_t index(const std::string& id) const {
    return static_cast<std::size_t>(model->world.find(id));
  }
  double output(const std::string& id) const { return state.nodes.oil_output_bpd[index(id)]; }
  std::shared_ptr<const Model> model;
  WorldState state;
  const RandomStreams random{1, 0};
  std::vector<EventRecord> events;
  std::uint32_t step = 0;
};

TEST(Blockade, FightingAtAnOilNodeShutsItInUntilItIsQuiet) {
  OilDays oil_days(1.0);
  oil_days.day({});
  EXPECT_DOUBLE_EQ(oil_days.output("field"), 100000.0);
  oil_days.day({"terminal"});  // fought over: its field's oil has no way out
  EXPECT_DOUBLE_EQ(oil_days.output("field"), 0.0);
  EXPECT_DOUBLE_EQ(oil_days.output("terminal"), 0.0);
  oil_days.day({});
  EXPECT_NEAR(oil_days.output("field"), 10000.0, 1e-6);
  for (int d = 0; d < 4; ++d) oil_days.day({});
  EXPECT_NEAR(oil_days.output("field"), 50000.0, 1e-6);
  oil_days.day({}, {"field"});  // struck from the air
  EXPECT_DOUBLE_EQ(oil_days.output("field"), 0.0);
  EXPECT_GT(oil_days.state.oil_loss_usd, 0.0);

  OilDays half(0.5);
  half.day({"field"});
  EXPECT_DOUBLE_EQ(half.output("field"), 50000.0);
  EXPECT_DOUBLE_EQ(half.output("terminal"), 50000.0);
}

}  // namespace
}  // namespace frontline
