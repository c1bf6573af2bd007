// Factions: doctrine, supply (with air bridges) and units.
#include <algorithm>
#include <cmath>

#include "frontline/core/ids.hpp"
#include "frontline/scenario/limits.hpp"
#include "loader_internal.hpp"
#include "names.hpp"

namespace frontline::detail {

namespace {

constexpr double kMaxCount = InputLimits::max_count;

Doctrine read_doctrine(LoadContext& context, const YamlNode& node) {
  MappingReader reader(node, context.diagnostics, "doctrine");
  Doctrine d;
  for (const DoctrineField& field : kDoctrineFields)
    d.*field.member = reader.number_or(field.name, d.*field.member, field.min, field.max);
  reader.finish();
  return d;
}

void read_bridges(LoadContext& context, const std::string& faction, const YamlNode& bridges,
                  SupplySpec& supply) {
  for (const auto& entry : bridges.entries) {
    if (context.invented(entry, "air bridge", bridges) ||
        !context.valid_id(entry, "air bridge", true))
      continue;
    context.bridge_ids[faction].push_back(entry.key);
    MappingReader reader(entry.value, context.diagnostics, "air bridge '" + entry.key + "'");
    AirBridgeSpec bridge;
    bridge.id = entry.key;
    if (const auto node = reader.required_string("node")) {
      bridge.node = *node;
      context.known_node(*reader.get("node"), *node);
    }
    bridge.flights_per_day = reader.required_number("flights_per_day", 0.0, 1000.0).value_or(0.0);
    bridge.tonnes_per_flight =
        reader.required_number("tonnes_per_flight", 0.0, 1000.0).value_or(0.0);
    bridge.cite = read_citation(context, reader, "air bridge '" + entry.key + "'", true);
    reader.finish();
    supply.air_bridges.push_back(std::move(bridge));
  }
}

SupplySpec read_supply(LoadContext& context, const std::string& faction, const YamlNode& node) {
  MappingReader reader(node, context.diagnostics, "supply");
  SupplySpec supply;
  // The old form listed supply nodes that could never be cut off; sources are
  // now places (docs/model.md, Supply), of which the home region is one.
  if (reader.has("home"))
    reader.reject("home",
                  "'home' (a list of supply nodes) was replaced by 'home_region': supply now "
                  "comes from places (the home region's nodes, border crossings, ports with the "
                  "sea open, air-bridge airbases) along routes the enemy does not cut",
                  "home_region: [nodes of the faction's home region]");
  if (const auto home = reader.optional_string_list("home_region")) {
    const YamlNode& list = *reader.get("home_region");
    for (std::size_t i = 0; i < home->size(); ++i) context.known_node(list.items[i], (*home)[i]);
    supply.home = *home;
  }
  supply.sea = reader.optional_bool("sea").value_or(false);
  if (const YamlNode* bridges = reader.optional_mapping("air_bridges"))
    read_bridges(context, faction, *bridges, supply);
  reader.finish();
  return supply;
}

struct UnitRead {
  UnitSpec unit;
  std::optional<double> share;
  bool share_written = false;
  Location where;
};

bool needs_target(Order order) { return order == Order::advance || order == Order::besiege; }

UnitRead read_unit(LoadContext& context, const YamlEntry& entry) {
  MappingReader reader(entry.value, context.diagnostics, "unit '" + entry.key + "'");
  UnitRead out;
  out.where = entry.key_where;
  UnitSpec& unit = out.unit;
  unit.id = entry.key;
  if (const auto at = reader.required_string("at")) {
    unit.at = *at;
    context.known_node(*reader.get("at"), *at);
  }
  out.share_written = reader.has("share");
  out.share = reader.optional_number("share", 0.0, 1.0);
  unit.morale = reader.number_or("morale", unit.morale, 0.0, 1.0);
  if (const auto order = reader.optional_choice("order", names_of<Order>()))
    unit.order = *value_named<Order>(*order);
  if (needs_target(unit.order)) {
    if (const auto target = reader.required_string("target")) {
      unit.target = *target;
      context.known_node(*reader.get("target"), *target);
    }
  } else if (reader.has("target")) {
    reader.reject("target", "'target' is not used with order " + std::string(to_string(unit.order)),
                  "a target only with the orders advance and besiege");
  }
  unit.cite = read_citation(context, reader, "unit '" + entry.key + "'", true);
  reader.finish();
  return out;
}

// Resolves shares: all given (summing to 1) or none (an equal split).
void resolve_shares(LoadContext& context, FactionSpec& faction, const std::vector<UnitRead>& units,
                    const YamlNode& node) {
  std::size_t written = 0;
  for (const auto& u : units) {
    if (u.share_written && !u.share) return;  // an invalid share, already reported
    written += u.share_written ? 1 : 0;
  }
  if (written != 0 && written != units.size()) {
    for (const auto& u : units)
      if (!u.share_written)
        context.diagnostics.add(u.where,
                                "unit '" + u.unit.id + "' of faction '" + faction.id +
                                    "' has no share but other units do",
                                "a share for every unit of the faction, or for none (equal split)");
    return;
  }
  const double equal = 1.0 / static_cast<double>(units.size());
  double sum = 0.0;
  for (const auto& u : units) sum += u.share.value_or(equal);
  if (std::abs(sum - 1.0) > 1e-6) {
    context.diagnostics.add(
        node.where,
        // Rounded to the check's tolerance: 0.33 + 0.25 reads 0.58, not 0.5800000000000001.
        "the shares of the units of faction '" + faction.id + "' sum to " +
            format_number(std::round(sum * 1e6) / 1e6),
        "shares that sum to 1, or no shares (an equal split)");
    return;
  }
  for (const auto& u : units) {
    UnitSpec unit = u.unit;
    const double share = u.share.value_or(equal);
    unit.fighters = share * faction.fighters;
    unit.vehicles = share * faction.vehicles;
    faction.units.push_back(std::move(unit));
  }
}

void read_units(LoadContext& context, FactionSpec& faction, const YamlNode& node) {
  if (node.entries.empty()) {
    context.diagnostics.add(node.where, "faction '" + faction.id + "' has no units",
                            "at least one unit");
    return;
  }
  std::vector<UnitRead> units;
  for (const auto& entry : node.entries) {
    if (context.invented(entry, "unit", node) || !context.valid_id(entry, "unit", true)) continue;
    context.unit_ids[faction.id].push_back(entry.key);
    units.push_back(read_unit(context, entry));
  }
  if (units.size() == node.entries.size()) resolve_shares(context, faction, units, node);
}

bool valid_colour(const std::string& colour) {
  return colour.size() == 7 && colour[0] == '#' &&
         colour.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
}

void read_faction(LoadContext& context, const YamlEntry& entry) {
  MappingReader reader(entry.value, context.diagnostics, "faction '" + entry.key + "'");
  FactionSpec faction;
  faction.id = entry.key;
  faction.name = reader.required_string("name").value_or("");
  if (const auto colour = reader.required_string("colour")) {
    faction.colour = *colour;
    if (!valid_colour(*colour))
      context.diagnostics.add(reader.where("colour"), "invalid colour '" + *colour + "'",
                              "#rrggbb, such as \"#1f77b4\" (quoted: # starts a comment)");
  }
  faction.coalition = reader.optional_string("coalition").value_or(entry.key);
  faction.fighters = reader.required_number("fighters", 0.0, kMaxCount).value_or(0.0);
  faction.vehicles = reader.number_or("vehicles", 0.0, 0.0, kMaxCount);
  if (const YamlNode* doctrine = reader.optional_mapping("doctrine"))
    faction.doctrine = read_doctrine(context, *doctrine);
  if (const YamlNode* supply = reader.optional_mapping("supply"))
    faction.supply = read_supply(context, entry.key, *supply);
  const YamlNode* units = reader.required_mapping("units");
  faction.cite = read_citation(context, reader, "faction '" + entry.key + "'", true);
  reader.finish();
  if (units != nullptr) read_units(context, faction, *units);
  context.spec.factions.push_back(std::move(faction));
}

bool valid_faction_id(LoadContext& context, const YamlEntry& entry) {
  if (!context.valid_id(entry, "faction", false)) return false;
  if (entry.key != "none" && entry.key != "default") return true;
  context.diagnostics.add(
      entry.key_where, "'" + entry.key + "' cannot be a faction id",
      "an id other than 'none' and 'default', which have meanings of their own");
  return false;
}

}  // namespace

void read_factions(LoadContext& context, const YamlNode* factions) {
  if (factions == nullptr) return;
  if (factions->entries.empty())
    context.diagnostics.add(factions->where, "no factions", "at least one faction");
  if (factions->entries.size() > static_cast<std::size_t>(kMaxFactions))
    context.diagnostics.add(factions->where, std::to_string(factions->entries.size()) + " factions",
                            "at most " + std::to_string(kMaxFactions) + " factions");
  for (const auto& entry : factions->entries) {
    if (context.invented(entry, "faction", *factions) || !valid_faction_id(context, entry))
      continue;
    context.faction_ids.push_back(entry.key);
    read_faction(context, entry);
  }
  context.factions_ok = !context.faction_ids.empty();
}

}  // namespace frontline::detail
