#pragma once
// Reads the corridor from scenarios/data/nodes.csv and roads.csv into a MapSpec.
// Test and benchmark support only (the YAML map replaces it once it exists).
// The files have no quoted fields, so a plain comma split is enough.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "frontline/scenario/spec.hpp"

namespace frontline::testing {

inline std::vector<std::vector<std::string>> read_csv_rows(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(std::move(fields));
  }
  return rows;
}

inline NodeKind node_kind_from(const std::string& text) {
  if (text == "city") return NodeKind::city;
  if (text == "town") return NodeKind::town;
  if (text == "port") return NodeKind::port;
  if (text == "oil_terminal") return NodeKind::oil_terminal;
  if (text == "oil_field") return NodeKind::oil_field;
  if (text == "airbase") return NodeKind::airbase;
  if (text == "junction") return NodeKind::junction;
  if (text == "border_crossing") return NodeKind::border_crossing;
  throw std::runtime_error("unknown node kind " + text);
}

inline EdgeKind edge_kind_from(const std::string& text) {
  if (text == "road") return EdgeKind::road;
  if (text == "track") return EdgeKind::track;
  if (text == "sea") return EdgeKind::sea;
  if (text == "pipeline") return EdgeKind::pipeline;
  throw std::runtime_error("unknown edge kind " + text);
}

// data_dir: the folder holding nodes.csv and roads.csv.
inline MapSpec corridor_from_csv(const std::string& data_dir) {
  MapSpec map;
  map.name = data_dir + "/nodes.csv";
  for (const auto& row : read_csv_rows(data_dir + "/nodes.csv")) {
    NodeSpec node;
    node.id = row.at(0);
    node.name = row.at(1);
    node.lat = std::stod(row.at(2));
    node.lon = std::stod(row.at(3));
    node.kind = node_kind_from(row.at(4));
    node.population = row.at(5).empty() ? 0.0 : std::stod(row.at(5));
    node.oil_capacity_bpd = row.size() > 6 && !row[6].empty() ? std::stod(row[6]) : 0.0;
    map.nodes.push_back(node);
  }
  for (const auto& row : read_csv_rows(data_dir + "/roads.csv")) {
    EdgeSpec edge;
    edge.from = row.at(0);
    edge.to = row.at(1);
    edge.id = edge.from + "-" + edge.to;
    edge.kind = edge_kind_from(row.at(2));
    edge.km = std::stod(row.at(3));
    edge.source = row.size() > 4 ? row[4] : "";
    map.edges.push_back(edge);
  }
  return map;
}

}  // namespace frontline::testing
