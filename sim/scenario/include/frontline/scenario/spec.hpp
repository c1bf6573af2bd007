#pragma once
// A scenario as plain, validated values: what the loader produces and the
// engine freezes into a model. No YAML types appear here. Every reference
// (node, faction, unit) has been checked to exist; every number is in range.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frontline/core/calendar.hpp"
#include "frontline/core/parameters.hpp"
#include "frontline/core/vocabulary.hpp"
#include "frontline/scenario/calibrated.hpp"

namespace frontline {

// Where a setting comes from: a quoted sentence of a report, or an assumption.
struct Citation {
  std::string source;      // id of an entry in ScenarioSpec::sources; empty for an assumption
  std::string quote;       // the sentence, verbatim from the report
  std::string assumption;  // the reason, when not from a report
  std::string note;        // e.g. a correction of a figure in the source
};

struct SourceSpec {
  std::string id;    // "r2016"
  std::string file;  // "reports/2016-06-sirte-port.txt", relative to the scenarios folder
  std::string title;
};

struct NodeSpec {
  std::string id;
  std::string name;
  NodeKind kind = NodeKind::town;
  double lat = 0.0;
  double lon = 0.0;
  double population = 0.0;
  double oil_capacity_bpd = 0.0;
  double urban = 1.0;          // defence multiplier for urban terrain (>= 1)
  double fortification = 1.0;  // defence multiplier for prepared positions (>= 1)
  double obstacles = 0.0;      // mines, snipers, IEDs: 0..1, slows an advance into the node
  double stocks_days = 30.0;   // initial stocks, days of consumption
  bool offshore = false;       // an oil field at sea: no land force reaches or shuts it in
  std::string note;
};

struct EdgeSpec {
  std::string id;
  std::string from;
  std::string to;
  EdgeKind kind = EdgeKind::road;
  double km = 0.0;
  double speed = 1.0;  // multiplier on the kind's speed
  std::string source;
};

struct MapSpec {
  std::string name;
  std::vector<NodeSpec> nodes;
  std::vector<EdgeSpec> edges;
};

struct AirBridgeSpec {
  std::string id;
  std::string node;  // the airbase
  double flights_per_day = 0.0;
  double tonnes_per_flight = 0.0;
  Citation cite;
};

struct SupplySpec {
  std::vector<std::string> home;  // the home region (YAML home_region): supply sources
  bool sea = false;               // its ports on a sea lane are supply sources
  std::vector<AirBridgeSpec> air_bridges;
};

struct UnitSpec {
  std::string id;
  std::string at;       // node
  double fighters = 0;  // resolved: share of the faction's fighters
  double vehicles = 0;  // resolved: share of the faction's vehicles
  double morale = kFreshUnitMorale;
  Order order = Order::hold;
  std::string target;  // node, for advance and besiege
  Citation cite;
};

struct FactionSpec {
  std::string id;
  std::string name;
  std::string colour;  // "#rrggbb"
  std::string coalition;
  double fighters = 0;
  double vehicles = 0;
  Doctrine doctrine;
  SupplySpec supply;
  std::vector<UnitSpec> units;
  Citation cite;
};

struct RelationSpec {
  std::string a;
  std::string b;
  Relation state = Relation::war;
};

struct EventSpec {
  std::string id;
  Days date{};
  EventKind kind = EventKind::offensive;
  std::optional<int> every_hours;  // repeat interval, with until
  std::optional<Days> until;       // last date a repeat may fall on, or an air campaign
                                   // flies on (inclusive)
  std::string faction;
  std::string other;
  std::string node;
  std::vector<std::string> nodes;
  std::vector<std::string> units;
  std::string target;
  std::string bridge;
  std::string unit;  // for reinforcement: the new unit's id, or an existing unit's
  std::string aim;   // for campaign: the node the campaign aims at
  // campaign: share of the faction's fighters committed (none if not given);
  // blockade: share of capacity shut in (a partial shut-in; all if not given).
  std::optional<double> share;
  std::string order = "hold";  // for reinforcement: hold, garrison or campaign (joins it)
  // For doctrine: (index into kDoctrineFields, new value) for each field given.
  std::vector<std::pair<std::size_t, double>> doctrine;
  double fighters = 0;
  double vehicles = 0;
  double sorties = 0;    // air_campaign: sorties a day
  double radius_km = 0;  // air_campaign: the area is the nodes within this of `node`
  double flights_per_day = 0;
  double tonnes_per_flight = 0;
  Relation relation = Relation::war;
  std::string parameter;
  double value = 0;
  std::string text;  // shown in the event log
  Citation cite;
};

// A report fact as a checkable statement: a metric and bounds.
enum class TargetMetric {
  controls,             // 1 if faction holds node on `on`, else 0
  capture_day,          // days from start until faction first holds node (inf if never)
  killed,               // faction's cumulative killed on `on`
  wounded,              // faction's cumulative wounded on `on`
  wounded_per_killed,   // ratio on `on`
  oil_output_fraction,  // max over [from, to] of national output / output at `baseline`
  oil_loss,             // cumulative foregone revenue (USD) on `on`
  event_count,          // events of `event` kind (by faction, at node) in [from, to]
  besieged_days,        // days node is besieged in [from, to]
  held_days,            // days faction holds node in [from, to]
  displaced,            // total displaced on `on`
  strength,             // faction's fighters (at node, or all) on `on`
  humanitarian,         // humanitarian index of node on `on` (0 normal .. 1 catastrophic)
  population,           // people present at node (or everywhere) on `on`
};

struct TargetSpec {
  std::string id;
  std::string text;  // "GNA holds Sirte port by 2016-06-11"
  TargetMetric metric = TargetMetric::controls;
  std::string faction;
  std::string node;
  std::string event;  // event kind name for event_count ("violation", "capture", ...)
  std::optional<Days> on;
  std::optional<Days> from;
  std::optional<Days> to;
  std::optional<Days> baseline;
  std::optional<double> min;  // inclusive
  std::optional<double> max;  // inclusive
  Citation cite;
};

struct CalendarSpec {
  Days start{};
  Days end{};
  int step_hours = 24;
  Calendar calendar() const { return Calendar(start, end, step_hours); }
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string path;                      // the file it was loaded from
  std::vector<std::string> input_files;  // every file read: itself, includes, map, reports
  std::vector<SourceSpec> sources;
  CalendarSpec calendar;
  std::uint64_t seed = 0;
  MapSpec map;
  std::vector<FactionSpec> factions;
  std::vector<RelationSpec> relations;         // every unordered pair, resolved
  std::map<std::string, std::string> control;  // node -> faction ("" = none), every node
  std::vector<EventSpec> events;               // sorted by date, then id
  Parameters parameters;                       // defaults with the scenario's values applied
  std::vector<TargetSpec> targets;
  CalibratedParameters calibrated;     // a calibrated variant's posterior (else empty)
  std::vector<std::string> overrides;  // the --set arguments, as given
  std::string resolved_yaml;           // after includes and overrides
};

}  // namespace frontline

#include "frontline/scenario/spec_names.hpp"  // to_string() of the enumerations
