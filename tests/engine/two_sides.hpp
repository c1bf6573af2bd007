#pragma once
// The world most rule tests stand in: red and blue (at war unless told
// otherwise), each supplied from its home places, on places joined by roads,
// each place held by the side that lists it (a place neither lists is held by
// nobody). Tests add their units, events and settings to the builder.
#include <algorithm>
#include <string>
#include <vector>

#include "spec_builder.hpp"

namespace frontline::testing {

struct Place {
  Place(const char* place, NodeKind place_kind = NodeKind::town, double people = 0.0)
      : id(place), kind(place_kind), population(people) {}
  std::string id;
  NodeKind kind;
  double population;
};

struct Road {
  Road(const char* a, const char* b, double length_km, EdgeKind edge_kind = EdgeKind::road)
      : from(a), to(b), km(length_km), kind(edge_kind) {}
  std::string from;
  std::string to;
  double km;
  EdgeKind kind;
};

struct TwoSides {
  const char* start = "2016-01-01";
  int days = 2;
  // The places in index order; the roads and sides may name others, made
  // after them as empty towns in the order first named.
  std::vector<Place> places = {};
  std::vector<Road> roads = {};
  std::vector<std::string> red_holds = {};
  std::vector<std::string> blue_holds = {};
  std::vector<std::string> red_home = {};
  std::vector<std::string> blue_home = {};
  Relation relation = Relation::war;
};

inline SpecBuilder two_sides(const TwoSides& world) {
  SpecBuilder b(world.start, world.days);
  const auto make = [&b](const std::string& id, NodeKind kind = NodeKind::town,
                         double population = 0.0) {
    const auto& nodes = b.raw().map.nodes;
    if (std::none_of(nodes.begin(), nodes.end(), [&](const NodeSpec& n) { return n.id == id; }))
      b.node(id, kind, population);
  };
  for (const auto& place : world.places) make(place.id, place.kind, place.population);
  for (const auto& road : world.roads) {
    make(road.from);
    make(road.to);
  }
  for (const auto* held : {&world.red_holds, &world.blue_holds})
    for (const auto& id : *held) make(id);
  for (const auto& road : world.roads) b.edge(road.from, road.to, road.km, road.kind);
  b.faction("red").supply.home = world.red_home;
  b.faction("blue").supply.home = world.blue_home;
  b.relation("red", "blue", world.relation);
  for (const auto& id : world.red_holds) b.control(id, "red");
  for (const auto& id : world.blue_holds) b.control(id, "blue");
  return b;
}

}  // namespace frontline::testing
