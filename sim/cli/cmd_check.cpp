// frontline check SCENARIO [--replicates N] [--seed S] [-j N]: the scenario's
// targets (the reports' facts) over replicates, one row per target.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "frontline/core/error.hpp"
#include "frontline/engine/simulation.hpp"
#include "frontline/metrics/metrics.hpp"
#include "scenario_lookup.hpp"

namespace frontline::cli {

namespace {

struct CheckOptions {
  std::string scenario = kDefaultScenario;
  int replicates = 20;
  std::optional<std::uint64_t> seed;
  ScenarioReadOptions read;
  int jobs = 1;
  std::vector<std::string> overrides;
};

// results[replicate][target]
using ReplicateResults = std::vector<std::vector<TargetResult>>;

// The scenario of one replicate (a calibrated variant's draws, or the same for all).
using ReplicateScenario = std::function<ScenarioSpec(std::uint32_t replicate)>;

ReplicateResults run_replicates(const ReplicateScenario& scenario_of, std::uint64_t seed,
                                int replicates, int jobs) {
  ReplicateResults results(static_cast<std::size_t>(replicates));
  std::atomic<int> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (int r = next++; r < replicates; r = next++) {
      try {
        const ScenarioSpec spec = scenario_of(static_cast<std::uint32_t>(r));
        const RunRecord record = run_scenario(spec, seed, static_cast<std::uint32_t>(r));
        results[static_cast<std::size_t>(r)] = evaluate_targets(spec.targets, record);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::jthread> threads;
  for (int j = 1; j < std::max(1, jobs); ++j) threads.emplace_back(worker);
  worker();
  threads.clear();
  if (failure) std::rethrow_exception(failure);
  return results;
}

double quantile(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const auto above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  if (std::isinf(values[below]) || std::isinf(values[above]))
    return values[fraction < 0.5 ? below : above];
  return values[below] + fraction * (values[above] - values[below]);
}

std::string format_value(double v) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "never" : "-inf";
  char buffer[32];
  if (std::fabs(v) >= 1e9)
    std::snprintf(buffer, sizeof buffer, "%.2fe9", v / 1e9);
  else if (std::fabs(v) >= 100 || v == std::round(v))
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
  else
    std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

std::string format_bounds(const TargetResult& t) {
  const bool has_min = std::isfinite(t.min), has_max = std::isfinite(t.max);
  if (has_min && has_max) return format_value(t.min) + " to " + format_value(t.max);
  if (has_min) return ">= " + format_value(t.min);
  if (has_max) return "<= " + format_value(t.max);
  return "any";
}

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

int check(const CheckOptions& options, const CommandContext& context) {
  if (options.replicates < 1)
    throw InputError(Location{"--replicates"}, "must be at least 1", "a positive count");
  const ScenarioSpec spec = load_named_scenario(options.scenario, options.overrides,
                                                context.executable, false, options.read);
  if (spec.targets.empty()) {
    std::cout << spec.name << " has no targets to check\n";
    return 0;
  }
  const std::uint64_t seed = options.seed.value_or(spec.seed);
  const auto results = run_replicates(
      [&](std::uint32_t replicate) {
        return scenario_for_replicate(spec, options.scenario, options.overrides, seed, replicate,
                                      context.executable);
      },
      seed, options.replicates, options.jobs);

  std::cout << spec.name << ": " << spec.targets.size() << " targets, " << options.replicates
            << " replicates, seed " << seed << "\n\n";
  std::size_t text_width = 6;
  for (const auto& t : spec.targets) text_width = std::max(text_width, t.text.size());
  std::cout << pad("target", text_width) << "  " << pad("value: median [10%-90%]", 30) << "  "
            << pad("expected", 18) << "  met\n";
  int failed_targets = 0;
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    std::vector<double> values;
    int met = 0;
    for (const auto& replicate : results) {
      values.push_back(replicate[i].value);
      met += replicate[i].met ? 1 : 0;
    }
    const bool passed = 2 * met > options.replicates;  // missed in most replicates fails
    failed_targets += passed ? 0 : 1;
    const std::string value = format_value(quantile(values, 0.5)) + " [" +
                              format_value(quantile(values, 0.1)) + " - " +
                              format_value(quantile(values, 0.9)) + "]";
    std::cout << pad(spec.targets[i].text, text_width) << "  " << pad(value, 30) << "  "
              << pad(format_bounds(results.front()[i]), 18) << "  " << met << "/"
              << options.replicates << (passed ? "  MET" : "  MISSED") << '\n';
  }
  std::cout << '\n'
            << (failed_targets == 0
                    ? "All targets met."
                    : std::to_string(failed_targets) + " target(s) missed in most replicates.")
            << '\n';
  return failed_targets == 0 ? 0 : kTargetsMissed;
}

}  // namespace

void add_check_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CheckOptions>();
  auto* command = app.add_subcommand(
      "check", "Run replicates and check the scenario's targets (exit 4 if any is missed in most)");
  command->add_option("scenario", options->scenario, "Scenario file or shipped name")->required();
  command->add_option("-n,--replicates", options->replicates, "Replicates (default 20)")
      ->check(CLI::Range(1, 100000));
  command->add_option("--seed", options->seed, "Seed (default: the scenario's)")
      ->check(seed_validator());
  command->add_option("-j,--jobs", options->jobs, "Worker threads (default 1)")
      ->check(CLI::Range(1, 1024));
  command->add_option("--set", options->overrides, "Override a value by path (PATH=VALUE)");
  add_read_options(*command, options->read);
  command->callback([options, &context] {
    context.action = [options, &context] { return check(*options, context); };
  });
}

}  // namespace frontline::cli
