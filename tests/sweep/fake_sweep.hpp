#pragma once
// A small sweep whose runs are a cheap deterministic function of the run plan,
// for testing the runner, journal, result file and merge without the engine.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "frontline/sweep/assemble.hpp"
#include "frontline/sweep/plan.hpp"
#include "frontline/sweep/runner.hpp"
#include "frontline/sweep/table.hpp"

namespace frontline::testing {

// An empty folder of this test process under the system's temporary folder.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("frontline-sweep-test-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline SweepDescription fake_description(std::uint32_t replicates = 3) {
  SweepParameter fighters;
  fighters.name = "fighters";
  fighters.path = "factions.ISIS.fighters";
  fighters.numbers = {1000, 2000, 4000};
  SweepParameter rate;
  rate.name = "rate";
  rate.path = "parameters.combat.aimed_kill_rate";
  rate.is_range = true;
  rate.min = 0.02;
  rate.max = 0.08;
  rate.steps = 4;
  SweepParameter relation;
  relation.name = "relation";
  relation.path = "relations.GNA.ISIS";
  relation.strings = {"war", "ceasefire"};

  SweepDescription d;
  d.plan = make_plan({fighters, rate, relation}, DesignSpec{}, replicates, 42,
                     {"calendar.end=2016-07-01"}, 1'000'000);
  ResultColumn total{"metric_total", {}, DType::f64, 1, "fighters", "a scalar"};
  ResultColumn per_faction{"metric_killed", {"faction"}, DType::f64, 2, "people", "per faction"};
  ResultColumn control{"metric_final_control", {"node"}, DType::i8, 3, "", "faction index"};
  ResultColumn series{"strength", {"time", "faction"}, DType::f32, 4 * 2, "fighters", "series"};
  d.layout.columns = {total, per_faction, control, series};

  Variable faction{"faction", {"faction"}, DType::str, {}, {}, {"GNA", "ISIS"}, {}};
  Variable node{"node", {"node"}, DType::str, {}, {}, {"sirte", "misrata", "jufra"}, {}};
  Variable time{"time",
                {"time"},
                DType::f64,
                {0, 1, 2, 3},
                {},
                {},
                {{"units", std::string("days since 2016-05-05")}}};
  d.axes = {faction, node, time};
  d.attributes = {{"design", std::string("grid")},
                  {"parameters", std::vector<std::string>{"factions.ISIS.fighters",
                                                          "parameters.combat.aimed_kill_rate",
                                                          "relations.GNA.ISIS"}},
                  {"replicates", std::int64_t{replicates}},
                  {"schema_version", std::int64_t{1}}};
  d.fingerprint = sweep_fingerprint(d);
  return d;
}

inline double override_number(const RunPlan& plan, const std::string& path) {
  for (const auto& o : plan.overrides)
    if (o.rfind(path + "=", 0) == 0) return std::stod(o.substr(path.size() + 1));
  throw std::logic_error("no override " + path);
}

// Values for the fake layout. Design points listed in `failing` throw.
inline RunWork fake_work(std::vector<std::uint64_t> failing = {},
                         std::chrono::microseconds delay = std::chrono::microseconds(0)) {
  return [failing, delay](const RunPlan& plan) {
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    for (const auto point : failing)
      if (plan.design_point == point)
        throw std::runtime_error("fake failure at design point " + std::to_string(point));
    const double fighters = override_number(plan, "factions.ISIS.fighters");
    const double rate = override_number(plan, "parameters.combat.aimed_kill_rate");
    const double noise = std::sin(static_cast<double>(plan.seed * 31 + plan.replicate * 7));
    std::vector<double> values;
    values.push_back(fighters * rate + noise);
    values.push_back(fighters * 0.1 + plan.replicate);
    values.push_back(fighters * 0.2 - plan.replicate);
    for (int n = 0; n < 3; ++n)
      values.push_back(static_cast<double>((plan.design_point + n) % 3) - 1);
    for (int t = 0; t < 4; ++t)
      for (int f = 0; f < 2; ++f) values.push_back(fighters - t * 10.5 - f + noise);
    return values;
  };
}

inline  // A table of `rows` runs with one variable `v` of `width` doubles a run.
    SweepTable
    table_of_width(std::uint64_t rows, std::size_t width) {
  SweepTable table;
  const auto variable = [](std::string name, std::vector<std::string> dims, DType type) {
    Variable made;
    made.name = std::move(name);
    made.dims = std::move(dims);
    made.type = type;
    return made;
  };
  Variable run = variable("run", {"run"}, DType::i64);
  Variable cell = variable("cell", {"cell"}, DType::i32);
  Variable v = variable("v", {"run", "cell"}, DType::f64);
  for (std::uint64_t r = 0; r < rows; ++r) {
    run.integers.push_back(static_cast<std::int64_t>(r));
    for (std::size_t c = 0; c < width; ++c)
      v.reals.push_back(c % 2 ? static_cast<double>(r) : 0.25 * static_cast<double>(r * c));
  }
  for (std::size_t c = 0; c < width; ++c) cell.integers.push_back(static_cast<std::int64_t>(c));
  table.coordinates = {run, cell};
  table.variables = {v};
  return table;
}

}  // namespace frontline::testing
