#pragma once
// What one run produced, as plain arrays: the contract between the engine (which
// fills it through a Recorder), the HDF5 writer and reader, and the metrics that
// `check` and `sweep` compute. Row-major; index helpers below.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace frontline {

struct NodeInfo {
  std::string id;
  std::string name;
  std::string kind;  // to_string(NodeKind)
  double lat = 0.0;
  double lon = 0.0;
  double oil_capacity_bpd = 0.0;
};

struct EdgeInfo {
  std::int32_t from = 0;  // node index
  std::int32_t to = 0;
  std::string kind;  // road, track, sea, pipeline
  double km = 0.0;
};

struct FactionInfo {
  std::string id;
  std::string name;
  std::string colour;  // "#rrggbb"
};

// Kinds written to the `events` table, in this fixed order (the flag values).
enum class EventRecordKind : std::int8_t {
  capture = 0,
  siege_begun = 1,
  siege_ended = 2,
  blockade_declared = 3,
  blockade_lifted = 4,
  violation = 5,
  airstrike = 6,
  retreat = 7,
  offensive = 8,
  ceasefire = 9,
  relation_change = 10,
  reinforcement = 11,
  naval_deployment = 12,
  airlift = 13,
  parameter_change = 14,
  call_to_return = 15,
  surrender = 16,
  displacement = 17,
  return_home = 18,
  defection = 19,
};
inline constexpr int kEventRecordKinds = 20;
const char* to_string(EventRecordKind kind);

struct EventRecord {
  // The step during which it happened, as the time index of the step's start:
  // the event is dated time[time_index]; its effect shows from time_index + 1.
  std::int32_t time_index = 0;
  EventRecordKind kind = EventRecordKind::capture;
  std::int32_t node = -1;  // node index or -1
  std::int8_t actor = -1;  // faction index or -1
  std::int8_t other = -1;  // faction index or -1
  double magnitude = 0.0;  // fighters, sorties, people, barrels/day: kind-dependent
  std::string text;        // short, human-readable
};

struct AgentTrajectories {
  std::vector<std::string> unit_id;
  std::vector<std::int8_t> unit_faction;
  // [time][unit]
  std::vector<std::int32_t> node;       // the node, or the edge's origin while moving
  std::vector<std::int32_t> next_node;  // the edge's destination, -1 at a node
  std::vector<float> progress;          // 0..1 along the edge
  std::vector<float> fighters;
  std::vector<float> morale;
};

struct RunRecord {
  // Static description
  std::string scenario_name;
  std::string start_date;  // ISO date of time index 0
  int step_hours = 24;
  std::vector<NodeInfo> nodes;
  std::vector<EdgeInfo> edges;
  std::vector<FactionInfo> factions;

  // Time series; T = time_points (initial state + one per step)
  int time_points = 0;
  std::vector<double> time_days;        // [T] days since start
  std::vector<std::int8_t> control;     // [T][N] faction index or -1
  std::vector<std::uint8_t> contested;  // [T][N]
  std::vector<std::uint8_t> besieged;   // [T][N]
  std::vector<float> strength;          // [T][F][N] fighters
  std::vector<double> killed;           // [T][F] cumulative
  std::vector<double> wounded;          // [T][F] cumulative
  std::vector<float> supply;            // [T][N] stocks, days
  std::vector<float> humanitarian;      // [T][N] 0..1
  std::vector<double> population;       // [T][N] people present
  std::vector<double> displaced;        // [T][N] people from this node who are away
  std::vector<double> oil_output;       // [T][N] barrels/day
  std::vector<double> oil_revenue;      // [T] USD cumulative
  std::vector<double> oil_loss;         // [T] USD cumulative

  std::vector<EventRecord> events;
  bool has_agents = false;
  AgentTrajectories agents;

  std::size_t node_count() const { return nodes.size(); }
  std::size_t faction_count() const { return factions.size(); }
  std::size_t tn(int t, std::size_t n) const {
    return static_cast<std::size_t>(t) * nodes.size() + n;
  }
  std::size_t tf(int t, std::size_t f) const {
    return static_cast<std::size_t>(t) * factions.size() + f;
  }
  std::size_t tfn(int t, std::size_t f, std::size_t n) const {
    return (static_cast<std::size_t>(t) * factions.size() + f) * nodes.size() + n;
  }
  // Sizes every array to time_points (T) and the node/faction counts, zeroed.
  void allocate(int time_point_count);
};

// Provenance written as global attributes.
struct RunMetadata {
  std::string frontline_version;
  std::string git_commit;
  std::string scenario_name;
  std::string scenario_yaml;  // resolved, after includes and --set
  std::vector<std::string> overrides;
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  std::string command_line;
  std::string created;  // ISO 8601 UTC
};

// A scenario target evaluated on a run (written as the `targets` table).
struct TargetResult {
  std::string id;
  std::string text;
  double value = 0.0;
  double min = -std::numeric_limits<double>::infinity();  // unbounded below
  double max = std::numeric_limits<double>::infinity();
  bool met = false;
};

}  // namespace frontline
