#pragma once
// Builds small ScenarioSpec values by hand, for tests and benchmarks (no YAML).
// Pairs of factions not given a relation are at war; nodes not given a
// controller are held by nobody; factions start with aggression 0 (they only
// follow orders and scripted offensives).
#include <deque>
#include <string>

#include "frontline/core/calendar.hpp"
#include "frontline/scenario/spec.hpp"

namespace frontline::testing {

inline Days date(const char* iso) { return parse_date(iso).value(); }

class SpecBuilder {
 public:
  explicit SpecBuilder(const char* start = "2016-05-05", int days = 10, int step_hours = 24) {
    spec_.name = "test";
    spec_.calendar.start = date(start);
    spec_.calendar.end = spec_.calendar.start + std::chrono::days(days);
    spec_.calendar.step_hours = step_hours;
    spec_.seed = 1;
  }

  NodeSpec& node(const std::string& id, NodeKind kind = NodeKind::town, double population = 0.0) {
    NodeSpec n;
    n.id = id;
    n.name = id;
    n.kind = kind;
    n.population = population;
    spec_.map.nodes.push_back(n);
    return spec_.map.nodes.back();
  }
  NodeSpec& node_ref(const std::string& id) {
    for (auto& n : spec_.map.nodes)
      if (n.id == id) return n;
    throw std::runtime_error("no node " + id);
  }
  EdgeSpec& edge(const std::string& a, const std::string& b, double km,
                 EdgeKind kind = EdgeKind::road) {
    EdgeSpec e;
    e.id = a + "-" + b;
    e.from = a;
    e.to = b;
    e.km = km;
    e.kind = kind;
    spec_.map.edges.push_back(e);
    return spec_.map.edges.back();
  }
  FactionSpec& faction(const std::string& id) {
    FactionSpec f;
    f.id = id;
    f.name = id;
    f.colour = "#000000";
    f.doctrine.aggression = 0.0;  // commanders act only when a test asks them to
    spec_.factions.push_back(f);
    return spec_.factions.back();
  }
  FactionSpec& faction_ref(const std::string& id) {
    for (auto& f : spec_.factions)
      if (f.id == id) return f;
    throw std::runtime_error("no faction " + id);
  }
  UnitSpec& unit(const std::string& faction_id, const std::string& id, const std::string& at,
                 double fighters, double vehicles = 0.0, Order order = Order::hold,
                 const std::string& target = "") {
    UnitSpec u;
    u.id = id;
    u.at = at;
    u.fighters = fighters;
    u.vehicles = vehicles;
    u.order = order;
    u.target = target;
    auto& units = faction_ref(faction_id).units;
    units.push_back(u);
    return units.back();
  }
  void relation(const std::string& a, const std::string& b, Relation r) {
    for (auto& rel : relations_)
      if ((rel.a == a && rel.b == b) || (rel.a == b && rel.b == a)) {
        rel.state = r;
        return;
      }
    relations_.push_back({a, b, r});
  }
  void control(const std::string& node, const std::string& faction) {
    spec_.control[node] = faction;
  }
  EventSpec& event(const std::string& id, const char* when, EventKind kind,
                   const std::string& faction = "") {
    EventSpec e;
    e.id = id;
    e.date = date(when);
    e.kind = kind;
    e.faction = faction;
    spec_.events.push_back(e);
    return spec_.events.back();
  }
  // A campaign event: on `when` the leaders of `faction` commit `units` to
  // taking `aim` (or a share of their fighters, set on the event).
  EventSpec& campaign(const std::string& id, const char* when, const std::string& faction,
                      const std::string& aim, const std::vector<std::string>& units = {}) {
    EventSpec& e = event(id, when, EventKind::campaign, faction);
    e.aim = aim;
    e.units = units;
    return e;
  }
  Parameters& parameters() { return spec_.parameters; }
  ScenarioSpec& raw() { return spec_; }

  ScenarioSpec build() const {
    ScenarioSpec out = spec_;
    for (std::size_t i = 0; i < out.factions.size(); ++i)
      for (std::size_t j = i + 1; j < out.factions.size(); ++j) {
        RelationSpec r{out.factions[i].id, out.factions[j].id, Relation::war};
        for (const auto& given : relations_)
          if ((given.a == r.a && given.b == r.b) || (given.a == r.b && given.b == r.a))
            r.state = given.state;
        out.relations.push_back(r);
      }
    for (const auto& n : out.map.nodes)
      if (!out.control.count(n.id)) out.control[n.id] = "";
    return out;
  }

 private:
  ScenarioSpec spec_;
  std::vector<RelationSpec> relations_;
};

}  // namespace frontline::testing
