#pragma once
// Enumerations by the names written in files. Internal to frontline_scenario.
#include <optional>
#include <string>
#include <vector>

#include "frontline/scenario/spec.hpp"

namespace frontline::detail {

template <class E>
const std::vector<E>& all_values();
template <>
const std::vector<NodeKind>& all_values<NodeKind>();
template <>
const std::vector<EdgeKind>& all_values<EdgeKind>();
template <>
const std::vector<Order>& all_values<Order>();
template <>
const std::vector<Relation>& all_values<Relation>();
template <>
const std::vector<EventKind>& all_values<EventKind>();
template <>
const std::vector<TargetMetric>& all_values<TargetMetric>();

// The names of every value, in declaration order.
template <class E>
std::vector<std::string> names_of() {
  std::vector<std::string> out;
  for (const E value : all_values<E>()) out.push_back(to_string(value));
  return out;
}

template <class E>
std::optional<E> value_named(const std::string& name) {
  for (const E value : all_values<E>())
    if (name == to_string(value)) return value;
  return std::nullopt;
}

// Kinds of the engine's event records that targets may count (event_count);
// kept equal to to_string(EventRecordKind) in frontline/record.
const std::vector<std::string>& record_event_names();

}  // namespace frontline::detail
