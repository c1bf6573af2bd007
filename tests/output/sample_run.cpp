#include "sample_run.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace frontline::testing {

namespace {

// Control over the 5 records: Sirte falls from ISIS (1) to the GNA (0) at record
// 3 after a siege from record 1; Tripoli stays GNA; Es Sider is held by nobody.
constexpr std::int8_t kControl[5][3] = {{0, 1, -1}, {0, 1, -1}, {0, 1, -1}, {0, 0, -1}, {0, 0, -1}};
constexpr std::uint8_t kBesieged[5][3] = {{0, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 0}, {0, 0, 0}};

std::string sample_yaml(std::size_t minimum_bytes) {
  std::string yaml =
      "name: sample\nstart: 2016-05-05\nend: 2016-05-09\nstep: 1d\n"
      "factions:\n  - id: GNA\n  - id: ISIS\n";
  for (int line = 0; yaml.size() < minimum_bytes; ++line)
    yaml += "# padding line " + std::to_string(line) + ": the resolved scenario can be long\n";
  return yaml;
}

}  // namespace

SampleRun make_sample_run(const SampleOptions& options) {
  SampleRun run;
  RunRecord& r = run.record;
  r.scenario_name = "sample";
  r.start_date = "2016-05-05";
  r.step_hours = options.step_hours;
  r.nodes = {{"tripoli", "Tripoli", "port", 32.887, 13.187, 0.0},
             {"sirte", "Sirte", "city", 31.205, 16.588, 0.0},
             {"es_sider", "Es Sider", "oil_terminal", 30.630, 18.350, 350000.0}};
  r.factions = {{"GNA", "Government of National Accord", "#1f77b4"},
                {"ISIS", "Islamic State", "#202020"}};
  r.edges = {{0, 1, "road", 450.0}, {1, 2, "road", 190.0}, {0, 2, "sea", 560.0}};

  constexpr int T = 5;
  r.allocate(T);
  for (int t = 0; t < T; ++t) {
    r.time_days[static_cast<std::size_t>(t)] = t * options.step_hours / 24.0;
    for (std::size_t n = 0; n < 3; ++n) {
      r.control[r.tn(t, n)] = kControl[t][n];
      r.besieged[r.tn(t, n)] = kBesieged[t][n];
      r.contested[r.tn(t, n)] = (n == 1 && t >= 1 && t <= 3) ? 1 : 0;
      r.supply[r.tn(t, n)] = 30.0f - 2.5f * static_cast<float>(t) * static_cast<float>(n);
      r.humanitarian[r.tn(t, n)] = n == 1 ? 0.2f * static_cast<float>(t) : 0.0f;
      r.population[r.tn(t, n)] = (n == 0 ? 1150000.0 : n == 1 ? 80000.0 : 0.0) - 1000.0 * t * n;
      r.displaced[r.tn(t, n)] = n == 1 ? 1000.0 * t : 0.0;
      r.oil_output[r.tn(t, n)] = n == 2 ? (t < 2 ? 300000.0 : 100000.0) : 0.0;
      for (std::size_t f = 0; f < 2; ++f)
        r.strength[r.tfn(t, f, n)] = static_cast<float>(100 * (f + 1) + 10 * n + t);
    }
    for (std::size_t f = 0; f < 2; ++f) {
      r.killed[r.tf(t, f)] = 12.5 * t * static_cast<double>(f + 1);
      r.wounded[r.tf(t, f)] = 50.0 * t * static_cast<double>(f + 1);
    }
    r.oil_revenue[static_cast<std::size_t>(t)] = 1.2e7 * t;
    r.oil_loss[static_cast<std::size_t>(t)] = 8.0e6 * t;
  }

  if (options.events) {
    r.events = {
        {1, EventRecordKind::siege_begun, 1, 0, 1, 800.0, "GNA besieges Sirte"},
        {2, EventRecordKind::airstrike, 1, 0, 1, 6.0, "six sorties over Sirte"},
        {3, EventRecordKind::capture, 1, 0, 1, 0.0, "GNA takes Sirte from ISIS"},
        {3, EventRecordKind::siege_ended, 1, 0, 1, 0.0, "siege of Sirte ends"},
        {4, EventRecordKind::ceasefire, -1, -1, -1, 0.0, "ceasefire (no node, no faction)"},
    };
  }

  if (options.agents) {
    r.has_agents = true;
    auto& a = r.agents;
    a.unit_id = {"gna_1", "isis_1"};
    a.unit_faction = {0, 1};
    const std::size_t U = 2;
    a.node.assign(T * U, 0);
    a.next_node.assign(T * U, -1);
    a.progress.assign(T * U, 0.0f);
    a.fighters.assign(T * U, 0.0f);
    a.morale.assign(T * U, 1.0f);
    for (std::size_t t = 0; t < T; ++t) {
      // gna_1 drives Tripoli -> Sirte over records 0..2, then stays at Sirte;
      // isis_1 holds Sirte and is destroyed at record 3 (no node).
      const std::size_t g = t * U, i = t * U + 1;
      if (t < 3) {
        a.node[g] = 0;
        a.next_node[g] = 1;
        a.progress[g] = 0.5f * static_cast<float>(t);
      } else {
        a.node[g] = 1;
      }
      a.node[i] = t < 3 ? 1 : -1;
      a.fighters[g] = 800.0f - 10.0f * static_cast<float>(t);
      a.fighters[i] = t < 3 ? 300.0f - 50.0f * static_cast<float>(t) : 0.0f;
      a.morale[i] = 1.0f - 0.25f * static_cast<float>(t);
    }
  }

  run.metadata.frontline_version = "0.1.0";
  run.metadata.git_commit = "0123456789ab";
  run.metadata.scenario_name = "sample";
  run.metadata.scenario_yaml = sample_yaml(options.yaml_bytes);
  run.metadata.overrides = {"params.combat.aimed_kill_rate=0.06", "seed=7"};
  run.metadata.seed = 18446744073709551557ull;  // a prime near 2^64: needs all 64 bits
  run.metadata.replicate = 3;
  run.metadata.command_line = "frontline run sample.yaml -o sample.h5 --set seed=7";
  run.metadata.created = "2024-01-02T03:04:05Z";

  const double inf = std::numeric_limits<double>::infinity();
  run.targets = {{"sirte_falls", "Sirte falls to the GNA by 2016-05-09", 3.0, -inf, 4.0, true},
                 {"killed_low", "GNA killed between 100 and 200", 50.0, 100.0, 200.0, false}};
  return run;
}

}  // namespace frontline::testing
