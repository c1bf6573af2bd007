// build_model: resolve every id of a ScenarioSpec to an index, build the
// world graph, expand the event queue and set up the initial state.
#include <algorithm>
#include <chrono>
#include <map>

#include "frontline/core/error.hpp"
#include "frontline/engine/model.hpp"
#include "frontline/engine/simulation.hpp"
#include "frontline/rules/blockade.hpp"
#include "frontline/rules/civilians.hpp"
#include "frontline/rules/presence.hpp"
#include "frontline/rules/supply.hpp"

namespace frontline {

namespace {

class Resolver {
 public:
  Resolver(const ScenarioSpec& spec, Model& model) : spec_(spec), model_(model) {
    where_ = Location{spec.path.empty() ? spec.name : spec.path, 0, 0};
  }

  NodeIndex node(const std::string& id, const std::string& context) {
    const NodeIndex n = model_.world.find(id);
    if (n == kNoNode)
      problems_.add(where_, context + ": unknown node '" + id + "'", "a node id of the map");
    return n;
  }
  FactionIndex faction(const std::string& id, const std::string& context) {
    const auto it = faction_index_.find(id);
    if (it == faction_index_.end()) {
      problems_.add(where_, context + ": unknown faction '" + id + "'", "a faction id");
      return kNoFaction;
    }
    return it->second;
  }
  UnitIndex unit(FactionIndex f, const std::string& id, const std::string& context) {
    const auto it = unit_index_.find({f, id});
    if (it == unit_index_.end()) {
      problems_.add(where_, context + ": unknown unit '" + id + "'", "a unit of the faction");
      return -1;
    }
    return it->second;
  }
  void add_problem(const std::string& message, const std::string& expected) {
    problems_.add(where_, message, expected);
  }
  void throw_if_any() const { problems_.throw_if_any(); }

  void add_faction(const std::string& id, FactionIndex f) { faction_index_[id] = f; }
  bool has_unit(FactionIndex f, const std::string& id) const {
    return unit_index_.count({f, id}) != 0;
  }
  void add_unit(FactionIndex f, const std::string& id, UnitIndex u) { unit_index_[{f, id}] = u; }

 private:
  const ScenarioSpec& spec_;
  Model& model_;
  Location where_;
  DiagnosticList problems_;
  std::map<std::string, FactionIndex> faction_index_;
  std::map<std::pair<FactionIndex, std::string>, UnitIndex> unit_index_;
};

// Index of a new unit slot in the model's unit table.
UnitIndex add_unit_slot(Model& model, FactionIndex f, const std::string& id) {
  UnitTable& u = model.initial.units;
  const auto i = static_cast<UnitIndex>(u.size());
  u.resize(u.size() + 1);
  u.faction.back() = f;
  model.unit_ids.push_back(id);
  return i;
}

// The step in which an instant `hours` after the start falls.
int step_of(long long hours, int step_hours) {
  if (hours < 0) return 0;
  return static_cast<int>(hours / step_hours);
}

void build_factions(const ScenarioSpec& spec, Model& model, Resolver& resolve) {
  if (spec.factions.size() > static_cast<std::size_t>(kMaxFactions))
    resolve.add_problem(std::to_string(spec.factions.size()) + " factions",
                        "at most " + std::to_string(kMaxFactions));
  const std::size_t F = std::min(spec.factions.size(), static_cast<std::size_t>(kMaxFactions));
  for (std::size_t fi = 0; fi < F; ++fi)
    resolve.add_faction(spec.factions[fi].id, static_cast<FactionIndex>(fi));
  WorldState& state = model.initial;
  state.faction_count = F;
  state.air.resize(F);
  for (std::size_t fi = 0; fi < F; ++fi) {
    const FactionSpec& fs = spec.factions[fi];
    const auto f = static_cast<FactionIndex>(fi);
    FactionProfile profile;
    profile.id = fs.id;
    profile.name = fs.name.empty() ? fs.id : fs.name;
    profile.colour = fs.colour;
    profile.coalition = fs.coalition;
    profile.doctrine = fs.doctrine;
    profile.sea = fs.supply.sea;
    if (!(fs.doctrine.casualty_tolerance > 0.0))
      resolve.add_problem("faction '" + fs.id + "' has casualty_tolerance " +
                              std::to_string(fs.doctrine.casualty_tolerance),
                          "a positive number");
    for (const auto& home : fs.supply.home) {
      const NodeIndex n = resolve.node(home, "faction '" + fs.id + "' supply home_region");
      if (n != kNoNode) profile.home.push_back(n);
    }
    for (const auto& bridge : fs.supply.air_bridges) {
      const NodeIndex n = resolve.node(bridge.node, "air bridge '" + bridge.id + "'");
      profile.air_bridges.push_back({bridge.id, n});
      state.air[fi].push_back({bridge.flights_per_day, bridge.tonnes_per_flight});
    }
    for (const auto& us : fs.units) {
      if (resolve.has_unit(f, us.id)) {
        resolve.add_problem("faction '" + fs.id + "' has two units '" + us.id + "'",
                            "unique unit ids");
        continue;
      }
      const UnitIndex i = add_unit_slot(model, f, us.id);
      resolve.add_unit(f, us.id, i);
      const auto ui = static_cast<std::size_t>(i);
      UnitTable& u = state.units;
      u.active[ui] = 1;
      u.fighters[ui] = us.fighters;
      u.vehicles[ui] = us.vehicles;
      u.morale[ui] = std::clamp(us.morale, 0.0, 1.0);
      u.node[ui] = resolve.node(us.at, "unit '" + us.id + "'");
      u.order[ui] = us.order;
      u.target[ui] =
          us.target.empty() ? kNoNode : resolve.node(us.target, "unit '" + us.id + "' target");
    }
    model.factions.push_back(std::move(profile));
  }
}

void build_relations(const ScenarioSpec& spec, Model& model, Resolver& resolve) {
  WorldState& state = model.initial;
  const std::size_t F = state.faction_count;
  state.relations.assign(F * F, Relation::neutral);
  for (std::size_t f = 0; f < F; ++f) state.relations[f * F + f] = Relation::allied;
  for (const auto& r : spec.relations) {
    const FactionIndex a = resolve.faction(r.a, "relation");
    const FactionIndex b = resolve.faction(r.b, "relation");
    if (a != kNoFaction && b != kNoFaction && a != b) state.set_relation(a, b, r.state);
  }
}

void build_nodes(const ScenarioSpec& spec, Model& model, Resolver& resolve) {
  WorldState& state = model.initial;
  const std::size_t N = model.world.node_count();
  state.nodes.resize(N);
  for (std::size_t n = 0; n < N; ++n)
    state.nodes.stocks_days[n] = std::clamp(model.world.node(static_cast<NodeIndex>(n)).stocks_days,
                                            0.0, spec.parameters.max_stock_days);
  for (const auto& [node_id, faction_id] : spec.control) {
    const NodeIndex n = resolve.node(node_id, "control");
    if (n == kNoNode || faction_id.empty()) continue;
    state.nodes.set_controller(static_cast<std::size_t>(n),
                               resolve.faction(faction_id, "control of '" + node_id + "'"));
  }
  // Civilians: everyone starts at home.
  for (std::size_t n = 0; n < N; ++n) {
    const auto node = static_cast<NodeIndex>(n);
    const std::size_t g = state.civilians.group(node, node);
    state.civilians.size[g] = model.world.node(node).population;
  }
}

// An air campaign's area: the nodes within radius_km (great circle) of its
// node, its node alone, its list of nodes, or (none given) every node.
void resolve_area(const EventSpec& es, const Model& model, ScheduledEvent& e) {
  if (es.node.empty() || e.node == kNoNode) return;  // a list (already resolved) or everywhere
  e.nodes.clear();
  const NodeProperties& centre = model.world.node(e.node);
  for (std::size_t n = 0; n < model.world.node_count(); ++n) {
    const NodeProperties& node = model.world.node(static_cast<NodeIndex>(n));
    if (great_circle_km(centre.lat, centre.lon, node.lat, node.lon) <= es.radius_km)
      e.nodes.push_back(static_cast<NodeIndex>(n));
  }
}

// One ScheduledEvent per occurrence, ids resolved.
void build_events(const ScenarioSpec& spec, Model& model, Resolver& resolve) {
  const Calendar& calendar = model.calendar;
  const int steps = calendar.steps();
  for (const EventSpec& es : spec.events) {
    const std::string context = "event '" + es.id + "'";
    ScheduledEvent e;
    e.kind = es.kind;
    e.id = es.id;
    e.text = es.text;
    const bool needs_faction =
        es.kind != EventKind::parameter && es.kind != EventKind::call_to_return;
    if (needs_faction || !es.faction.empty()) e.faction = resolve.faction(es.faction, context);
    if (!es.other.empty()) e.other = resolve.faction(es.other, context);
    if (!es.node.empty()) e.node = resolve.node(es.node, context);
    if (!es.target.empty()) e.target = resolve.node(es.target, context);
    if (!es.aim.empty()) e.target = resolve.node(es.aim, context);
    for (const auto& n : es.nodes) e.nodes.push_back(resolve.node(n, context));
    // A defection names units of the side they leave.
    const FactionIndex owner = es.kind == EventKind::defection ? e.other : e.faction;
    if (owner != kNoFaction)
      for (const auto& id : es.units) e.units.push_back(resolve.unit(owner, id, context));
    e.fighters = es.fighters;
    e.vehicles = es.vehicles;
    e.sorties = es.sorties;
    // A blockade without a share shuts everything in; a campaign without one
    // commits only the units it names.
    e.share = es.share.value_or(es.kind == EventKind::blockade ? 1.0 : 0.0);
    if (es.kind == EventKind::air_campaign) resolve_area(es, model, e);
    e.flights_per_day = es.flights_per_day;
    e.tonnes_per_flight = es.tonnes_per_flight;
    e.relation = es.relation;
    e.parameter = es.parameter;
    e.value = es.value;
    e.doctrine = es.doctrine;
    e.order = es.order == "garrison" ? Order::garrison : Order::hold;
    e.join = es.order == "campaign";
    switch (es.kind) {
      case EventKind::offensive:
        resolve.add_problem(context + ": event kind 'offensive' was removed",
                            "kind: campaign with aim: <node> and units or share");
        break;
      case EventKind::campaign:
        if (e.target == kNoNode)
          resolve.add_problem(context + ": a campaign needs an aim", "aim: <node>");
        break;
      case EventKind::ceasefire:
      case EventKind::relation:
      case EventKind::air_campaign:
        if (e.other == kNoFaction)
          resolve.add_problem(context + ": needs the other faction", "other: <faction>");
        break;
      case EventKind::defection:
        if (e.other == kNoFaction)
          resolve.add_problem(context + ": needs the faction defected from", "other: <faction>");
        break;
      case EventKind::redeploy:
      case EventKind::reinforcement:
        if (e.node == kNoNode)
          resolve.add_problem(context + ": a reinforcement needs a node", "node: <node>");
        break;
      case EventKind::naval_deployment:
      case EventKind::naval_withdrawal:
        if (e.node == kNoNode) resolve.add_problem(context + ": needs the port", "node: <node>");
        break;
      case EventKind::airlift:
        if (e.faction != kNoFaction) {
          const auto& bridges = model.factions[static_cast<std::size_t>(e.faction)].air_bridges;
          const auto it = std::find_if(bridges.begin(), bridges.end(),
                                       [&](const AirBridge& b) { return b.id == es.bridge; });
          if (it == bridges.end())
            resolve.add_problem(context + ": unknown air bridge '" + es.bridge + "'",
                                "an air bridge of the faction");
          else
            e.bridge = static_cast<std::int32_t>(it - bridges.begin());
        }
        break;
      case EventKind::parameter:
        if (find_parameter(es.parameter) == nullptr)
          resolve.add_problem(context + ": unknown parameter '" + es.parameter + "'",
                              "a parameter path");
        break;
      default:
        break;
    }
    if (es.kind == EventKind::reinforcement && e.faction != kNoFaction) {
      const std::string unit_id = es.unit.empty() ? es.id : es.unit;
      if (resolve.has_unit(e.faction, unit_id)) {
        e.unit = resolve.unit(e.faction, unit_id, context);
      } else {
        e.unit = add_unit_slot(model, e.faction, unit_id);
        resolve.add_unit(e.faction, unit_id, e.unit);
      }
    }
    // Expand repeats: date, date + every, ... up to the end of the day `until`.
    constexpr long long kHoursPerDay = 24;
    const auto hours_from_start = [&](Days d) {
      return std::chrono::duration_cast<std::chrono::hours>(d - calendar.start()).count();
    };
    const long long every = es.every_hours.value_or(0);
    const long long first = hours_from_start(es.date);
    const long long last =
        every > 0 && es.until ? hours_from_start(*es.until) + kHoursPerDay - 1 : first;
    if (es.kind == EventKind::air_campaign && es.until) {
      const long long end = hours_from_start(*es.until) + kHoursPerDay - 1;
      e.last_step =
          step_of(std::min<long long>(end, calendar.hours_at(steps) - 1), calendar.step_hours());
    }
    for (long long h = first; h <= last && h < calendar.hours_at(steps); h += every) {
      ScheduledEvent occurrence = e;
      occurrence.step = step_of(h, calendar.step_hours());
      model.events.push_back(std::move(occurrence));
      if (every <= 0) break;
    }
  }
  std::stable_sort(
      model.events.begin(), model.events.end(),
      [](const ScheduledEvent& a, const ScheduledEvent& b) { return a.step < b.step; });
  for (std::size_t i = 0; i < model.events.size(); ++i)
    model.events[i].index = static_cast<std::int32_t>(i);
  model.step_begin.assign(static_cast<std::size_t>(steps) + 1, model.events.size());
  for (std::size_t i = model.events.size(); i-- > 0;)
    model.step_begin[static_cast<std::size_t>(model.events[i].step)] = i;
  for (std::size_t s = static_cast<std::size_t>(steps); s-- > 0;)
    model.step_begin[s] = std::min(model.step_begin[s], model.step_begin[s + 1]);
}

// A unit free to attack may leave a garrison behind when it attacks from a
// front node it alone holds (decisions.cpp: a campaign's main effort, or a
// counter-attack): one slot for it, `ID/garrison`. Free to attack are the
// units a campaign names and every unit not tied to a post (ordered to hold,
// advance or redeploy, or a reinforcement not sent to garrison a town).
void add_garrison_slots(Model& model) {
  std::vector<std::uint8_t> free(model.initial.units.size(), 0);
  for (std::size_t i = 0; i < free.size(); ++i) free[i] = free_order(model.initial.units.order[i]);
  for (const ScheduledEvent& e : model.events) {
    if (e.kind == EventKind::reinforcement && e.unit != kNoUnit)
      free[static_cast<std::size_t>(e.unit)] = e.order != Order::garrison;
    if (e.kind == EventKind::campaign)
      for (const UnitIndex parent : e.units) free[static_cast<std::size_t>(parent)] = 1;
  }
  for (std::size_t pi = 0; pi < free.size(); ++pi) {
    if (!free[pi] || model.initial.units.detachment[pi] != kNoUnit) continue;
    const std::string id = model.unit_ids[pi] + "/garrison";
    const UnitIndex slot = add_unit_slot(model, model.initial.units.faction[pi], id);
    model.initial.units.detachment[pi] = slot;
  }
}

}  // namespace

std::shared_ptr<const Model> build_model(const ScenarioSpec& spec) {
  if (!(spec.calendar.start < spec.calendar.end) || spec.calendar.step_hours <= 0)
    throw InputError(Location{spec.path.empty() ? spec.name : spec.path, 0, 0},
                     "calendar: the end must come after the start and the step must be positive",
                     "start < end, step > 0");
  auto model = std::make_shared<Model>(spec.map);
  model->name = spec.name;
  model->calendar = spec.calendar.calendar();
  model->seed = spec.seed;
  model->initial.parameters = spec.parameters;
  Resolver resolve(spec, *model);
  build_factions(spec, *model, resolve);
  build_relations(spec, *model, resolve);
  build_nodes(spec, *model, resolve);
  build_events(spec, *model, resolve);
  resolve.throw_if_any();
  add_garrison_slots(*model);

  WorldState& state = model->initial;
  state.killed.assign(state.faction_count, 0.0);
  state.wounded.assign(state.faction_count, 0.0);
  state.commanders.assign(state.faction_count, Commander{});
  for (const FactionProfile& profile : model->factions) state.doctrines.push_back(profile.doctrine);
  state.reached.assign(state.faction_count * state.nodes.size(), 0);
  state.supply_km.assign(state.faction_count * state.nodes.size(), PathSearch::kUnreached);
  for (std::size_t i = 0; i < state.units.size(); ++i)
    if (state.units.active[i])
      state.units.supply_days[i] =
          state.nodes.stocks_days[static_cast<std::size_t>(state.units.node[i])];

  // The initial state's derived quantities: supply reach and sieges, people
  // present, oil output.
  const RandomStreams random(spec.seed, 0);
  std::vector<EventRecord> no_events;
  const RuleContext ctx{model->world, model->factions, random, 0, model->calendar.step_days(),
                        no_events};
  Presence presence;
  presence.reset(state.faction_count, state.nodes.size(), model->world.edge_count());
  presence.count(state);
  Supply supply;
  supply.reset(model->world, model->factions);
  supply.compute_reach(state, presence, ctx);
  count_civilians(state);
  refresh_oil_output(state, model->world);
  return model;
}

}  // namespace frontline
