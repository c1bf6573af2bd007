#pragma once
// Small hand-made maps for tests and benchmarks.
#include <string>

#include "frontline/scenario/spec.hpp"

namespace frontline::testing {

inline NodeSpec make_node(std::string id, NodeKind kind = NodeKind::town, double population = 0.0) {
  NodeSpec node;
  node.id = id;
  node.name = std::move(id);
  node.kind = kind;
  node.population = population;
  return node;
}

inline EdgeSpec make_edge(const std::string& from, const std::string& to, double km,
                          EdgeKind kind = EdgeKind::road) {
  EdgeSpec edge;
  edge.id = from + "-" + to;
  edge.from = from;
  edge.to = to;
  edge.km = km;
  edge.kind = kind;
  return edge;
}

}  // namespace frontline::testing
