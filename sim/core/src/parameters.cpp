#include "frontline/core/parameters.hpp"

#include <limits>

namespace frontline {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
const char* const kDupuy = "Dupuy's combat data via shared/data/README.md";
const char* const kR2016 = "reports/2016-06-sirte-port.txt";

std::vector<ParameterInfo> make_table() {
  using P = Parameters;
  return {
      {"movement.road_speed_km_per_day", "km/day", 120.0, 1.0, 2000.0,
       "assumption: a motorised column on the coastal highway, halts included",
       "Speed of an unopposed unit on a road.", &P::road_speed_km_per_day},
      {"movement.track_speed_factor", "1", 0.5, 0.01, 1.0,
       "assumption: desert tracks are about half as fast as roads",
       "Speed on a track relative to a road.", &P::track_speed_factor},
      {"movement.contact_speed_factor", "1", 0.1, 0.0, 1.0,
       std::string("report: snipers, mines and suicide bombers hamper the advance (") + kR2016 +
           ")",
       "Speed multiplier on an edge whose far end is hostile or contested, scaled by the "
       "node's obstacles (mines, snipers).",
       &P::contact_speed_factor},
      {"movement.hostile_detour_days", "day", 2.0, 0.0, 3650.0,
       "assumption: fighting through a hostile town on the way costs a column about two days "
       "(an assault and the opposed advance through it at Dupuy's rates); a way round is "
       "taken when it is quicker",
       "Route choice: extra travel time counted for passing through a node held by a "
       "faction at war with the mover (which must be taken first).",
       &P::hostile_detour_days},
      {"movement.opposed_advance_km_per_day", "km/day", 20.0, 0.1, 2000.0,
       "Dupuy (Understanding War, 1987; Numbers, Prediction and War, 1979): opposed "
       "advances of mechanised forces rarely exceed about 20 km a day against a hasty "
       "defence and fall to a few km a day against prepared or urban defences",
       "Speed of an advance over the last combat.contact_range_km into enemy ground (a "
       "node held by, or holding units of, a faction at war with the mover), divided by "
       "the node's urban x fortification and slowed further by its obstacles.",
       &P::opposed_advance_km_per_day},
      {"combat.aimed_kill_rate", "1/day", 0.05, 0.0, 10.0,
       "assumption: calibrated to the 2016 report's >100 killed in about five weeks",
       "Square-law coefficient: casualties (killed+wounded) one effective fighter inflicts "
       "per day with aimed fire.",
       &P::aimed_kill_rate},
      {"combat.area_kill_rate", "1/day", 0.02, 0.0, 10.0,
       "assumption: area fire (rockets, artillery, mines, IEDs) is less efficient than aimed",
       "Linear-law coefficient: fraction of a target's fighters hit per day per 1,000 "
       "effective firers using area fire.",
       &P::area_kill_rate},
      {"combat.vehicle_firepower", "fighters/vehicle", 4.0, 0.0, 100.0,
       "assumption: a technical or armoured vehicle adds the fire of a few fighters",
       "Effective fighters added by each vehicle.", &P::vehicle_firepower},
      {"combat.hasty_defence", "1", 1.3, 1.0, 5.0, kDupuy,
       "Defence multiplier for the holder of a node (hasty defence); multiplies the node's "
       "urban and fortification multipliers.",
       &P::hasty_defence},
      {"combat.wounded_per_killed", "1", 4.0, 0.0, 20.0,
       std::string("literature ~4 (1.5-9); ") + kR2016 + " gives 3 to 5",
       "Mean wounded per killed; casualties are split killed:wounded = 1:w.",
       &P::wounded_per_killed},
      {"combat.morale_loss_sensitivity", "1", 3.0, 0.0, 100.0,
       "assumption: losing a tenth of a unit in a day costs a third of full morale at "
       "casualty tolerance 1",
       "Morale lost per fraction of strength lost, divided by the faction's casualty "
       "tolerance.",
       &P::morale_loss_sensitivity},
      {"combat.morale_recovery_per_day", "1/day", 0.02, 0.0, 1.0,
       "assumption: a supplied unit recovers over weeks",
       "Morale regained per day by a unit while its supply lasts, in a fight too (its losses "
       "cost morale on top).",
       &P::morale_recovery_per_day},
      {"combat.rally_morale", "1", 0.6, 0.0, 1.0, "assumption",
       "Morale at which a retreating unit stops retreating and holds again.", &P::rally_morale},
      {"combat.contact_range_km", "km", 15.0, 0.0, 500.0,
       "assumption: mortars, rockets and snipers reach about 10-20 km",
       "Hostile forces at the two ends of a road or track at most this long are in contact "
       "and exchange siege or probing fire.",
       &P::contact_range_km},
      {"combat.probing_intensity", "1", 0.1, 0.0, 1.0,
       "assumption: siege and probing fire costs about a tenth of an assault a day",
       "Intensity of fire between forces in contact across a road (siege, probing fire), "
       "relative to a fight at one node (assault and defence).",
       &P::probing_intensity},
      {"combat.overrun_ratio", "1", 3.0, 1.0, 1000.0,
       "assumption: the attacker's 3:1 at the point of contact (Dupuy, Understanding War, "
       "1987), at which an attack succeeds",
       "A broken unit that cannot fall back surrenders in its own side's ground too when it "
       "stands in the open (urban x fortification <= 1) and the hostile strength at its node "
       "is at least this multiple of its side's there; a unit not broken that holds its "
       "side's ground on a free order withdraws when the attackers' combat power there is at "
       "least this multiple of its side's times its defence posture.",
       &P::overrun_ratio},
      {"combat.assault_frontage_ratio", "1", 3.0, 0.5, 1000.0,
       "assumption: the attacker's 3:1 at the point of contact (Dupuy, Understanding War, "
       "1987); more cannot engage a defended place at once",
       "Most attackers that engage a defended node at once, as a multiple of its defenders' "
       "strength; the rest wait their turn (frontage).",
       &P::assault_frontage_ratio},
      {"combat.frontage_narrowing", "1", 1.0, 0.0, 4.0,
       "assumption: prepared works (strongpoints, obstacles, mined streets) channel an attack "
       "into few approaches, so that attacks on them go in on narrow frontages (US Army FM "
       "90-10, Military Operations on Urbanized Terrain, 1979); 1: the frontage shrinks as "
       "the works multiply the defence",
       "Prepared works narrow the frontage: at most combat.assault_frontage_ratio x the "
       "defenders' strength / fortification^this attackers engage a defended node at once (0: "
       "works do not narrow it; nodes without works, fortification 1, are not affected).",
       &P::frontage_narrowing},
      {"control.capture_hold_days", "day", 1.0, 0.0, 365.0,
       "assumption: a day's uncontested presence secures a node",
       "Days a faction must hold a node uncontested before it changes hands.",
       &P::capture_hold_days},
      {"control.collapse_ratio", "1", 0.1, 0.0, 1.0,
       "assumption: a defence with under a tenth of the attacker's combat power collapses",
       "A node changes hands at once when the defenders' effective strength times the "
       "node's defence posture falls below this fraction of the attackers'.",
       &P::collapse_ratio},
      {"control.min_presence", "fighters", 20.0, 0.0, 1e6,
       "assumption: a handful of fighters cannot hold a town",
       "Fighters a faction needs at a node to count as present there.", &P::min_presence},
      {"supply.max_stock_days", "day", 90.0, 0.0, 3650.0,
       "assumption: about three months of food and ammunition in a city",
       "Upper bound of a node's stocks, in days of consumption.", &P::max_stock_days},
      {"supply.resupply_days_per_day", "day/day", 5.0, 0.0, 365.0, "assumption",
       "Days of stock a supplied node gains per day, up to the bound.", &P::resupply_days_per_day},
      {"siege.smuggling_leakage", "1", 0.3, 0.0, 1.0,
       "assumption: a city closely invested runs short within weeks (Derna, June 2018: "
       "reports/2018-06-derna-port.txt)",
       "Fraction of a besieged node's consumption met by smuggling while forces at war with "
       "its holder are in contact with it (at it, or across a road or track within "
       "combat.contact_range_km).",
       &P::smuggling_leakage},
      {"siege.cordon_leakage", "1", 0.93, 0.0, 1.0,
       "calibrated: Derna, cordoned from mid-2015, held out on its stocks until the May 2018 "
       "offensive (reports/2018-06-derna-port.txt; docs/calibration.md)",
       "Fraction of a besieged node's consumption met by smuggling while the encirclement "
       "is kept at a distance (no force at war with its holder in contact with it): a "
       "cordon holds the roads, not the country around them.",
       &P::cordon_leakage},
      {"siege.sea_leakage", "1", 0.5, 0.0, 1.0, "assumption",
       "Further fraction met by sea when the besieged node is a port with no warship of a "
       "faction at war with its holder off it (boats and small craft, whatever the holder's "
       "supply.sea; a naval_deployment closes it).",
       &P::sea_leakage},
      {"supply.tonnes_per_fighter_day", "t/(fighter day)", 0.015, 1e-6, 10.0,
       "assumption: food, water, fuel and ammunition for one fighter",
       "Consumption that converts airlift tonnage into days of stock.", &P::tonnes_per_fighter_day},
      {"siege.desertion_per_day", "1/day", 0.02, 0.0, 1.0,
       "assumption: once stocks are gone a garrison of cohesion 0.5 loses about 1% a day",
       "Fraction of a garrison lost each day (desertion, surrender) once its node's stocks "
       "are zero, at cohesion 0; multiplied by (1 - cohesion).",
       &P::desertion_per_day},
      {"supply.unsupplied_morale_loss_per_day", "1/day", 0.02, 0.0, 1.0, "assumption",
       "Morale lost per day by a unit whose own supply has run out.",
       &P::unsupplied_morale_loss_per_day},
      {"supply.interdiction_ratio", "1", 1.0, 0.0, 1000.0,
       "assumption: a supply column does not pass where the enemy at and next to a node "
       "outguns the node's own defenders",
       "Supply passes no further than a node where the effective strength of factions at "
       "war with the faction, at the node and its road and track neighbours within their "
       "doctrine's reach_km, exceeds this times the strength of the faction and its allies "
       "at the node.",
       &P::interdiction_ratio},
      {"supply.range_km", "km", 500.0, 0.0, 1e5,
       "literature: van Creveld, Supplying War (1977), ch. 6: Rommel's motor transport "
       "could not sustain operations much beyond about 300 miles from a port",
       "Road distance from the nearest supply source up to which forces fight at full "
       "power; beyond it their power falls linearly to supply.min_power at twice the "
       "distance, and reserves do not follow up into ground the enemy has given up.",
       &P::supply_range_km},
      {"supply.min_power", "1", 0.5, 0.0, 1.0,
       "assumption: a force at the end of a long line keeps half its fire",
       "Combat power factor of forces at twice supply.range_km or more from their supply, "
       "and of forces their supply does not reach away from their side's stocks.",
       &P::supply_min_power},
      {"humanitarian.shortage_weight", "1", 0.7, 0.0, 1.0,
       "report: shortages of food, medicine, water and power (reports/2018-06-derna-port.txt)",
       "Weight of stock shortage in the humanitarian index.", &P::humanitarian_shortage_weight},
      {"humanitarian.fighting_weight", "1", 0.3, 0.0, 1.0, "assumption",
       "Weight of fighting in the node in the humanitarian index.",
       &P::humanitarian_fighting_weight},
      {"humanitarian.relaxation_days", "day", 10.0, 0.1, 365.0, "assumption",
       "Time constant with which the index follows conditions.", &P::humanitarian_relaxation_days},
      {"humanitarian.shortage_onset_days", "day", 30.0, 0.1, 3650.0,
       "assumption: rationing starts when less than a month of stocks is left",
       "Stocks below which shortage counts in the humanitarian index: shortage = 1 - "
       "stocks / onset, clamped to 0..1.",
       &P::humanitarian_shortage_onset_days},
      {"oil.price_usd_per_barrel", "USD/barrel", 40.0, 0.0, 1000.0,
       "NOC loss figure: about $40 million a day on 1.22 million barrels a day "
       "(shared/data/README.md) at about $33-40 a barrel",
       "Oil price used for revenue and foregone revenue.", &P::oil_price_usd_per_barrel},
      {"oil.ramp_days", "day", 45.0, 0.0, 3650.0,
       "assumption: after the 2020 blockade ended output took about six weeks to recover",
       "Days for output to ramp from zero to capacity once a blockade is lifted.",
       &P::oil_ramp_days},
      {"oil.shut_in_under_fire", "1", 1.0, 0.0, 1.0,
       "assumption: crews leave an installation the fighting reaches (the 2011 brief: output "
       "fell \"with fighting around the terminals of the oil crescent\")",
       "Share of capacity shut in at an oil field or terminal fought over on the ground or "
       "struck from the air in the step (and at the fields whose outlet it is); output ramps "
       "back up over oil.ramp_days once it is quiet.",
       &P::oil_shut_in_under_fire},
      {"ceasefire.violation_base_rate_per_day", "1/day", 1.0, 0.0, 100.0,
       "report: five violations in under a month (reports/2020-09-sirte-jufra-ceasefire.txt)",
       "Violations per day by a faction of discipline 0; the rate is base * (1 - discipline) "
       "per hostile neighbour pair under ceasefire.",
       &P::violation_base_rate_per_day},
      {"ceasefire.erosion_per_day", "1/day", 0.01, 0.0, 10.0,
       "assumption: a truce frays; the 2020 report's first breach came six days in and five "
       "followed in under a month (reports/2020-09-sirte-jufra-ceasefire.txt)",
       "Growth of a side's indiscipline (1 - ceasefire_discipline) per day since the "
       "ceasefire began: the violation rate is multiplied by 1 + this x days.",
       &P::truce_erosion_per_day},
      {"ceasefire.violation_killed", "fighters", 1.0, 0.0, 1000.0,
       "assumption: shelling and raids cause few deaths",
       "Expected killed per violation (wounded follow the killed:wounded split).",
       &P::violation_killed},
      {"airstrike.kills_per_sortie", "fighters/sortie", 2.0, 0.0, 1000.0, "assumption",
       "Expected casualties inflicted by one airstrike sortie.", &P::airstrike_kills_per_sortie},
      {"airstrike.morale_shock", "1", 1.0, 0.0, 100.0,
       "assumption: losses from the air cost morale at least as losses in combat do; troops "
       "who cannot hit back may break sooner (above 1)",
       "Morale cost of airstrike casualties relative to the same share lost in combat.",
       &P::airstrike_morale_shock},
      {"civilians.flee_rate_fighting", "1/day", 0.2, 0.0, 1.0, "assumption",
       "Fraction of a node's residents who flee per day while it is contested.",
       &P::flee_rate_fighting},
      {"civilians.flee_rate_siege", "1/day", 0.01, 0.0, 1.0, "assumption",
       "Fraction who flee per day from a besieged node, times its humanitarian index.",
       &P::flee_rate_siege},
      {"civilians.quiet_days", "day", 14.0, 0.0, 3650.0,
       "report: the LNA called on the displaced to return once areas were secured "
       "(reports/2018-06-derna-port.txt)",
       "Days a home node must be quiet (not contested, not besieged) before people return "
       "when a call to return covers it.",
       &P::quiet_days},
      {"civilians.quiet_days_without_call", "day", 90.0, 0.0, 3650.0,
       "assumption: without a call people wait about three months of calm",
       "Days of quiet before people return to a home no call to return covers.",
       &P::quiet_days_without_call},
      {"civilians.siege_trap", "1", 0.9, 0.0, 1.0,
       "report: Derna's residents were \"trapped by fight\" (reports/2018-06-derna-port.txt)",
       "Share of the flight from a besieged node that the siege prevents: the flee rates "
       "are multiplied by 1 - siege_trap there.",
       &P::siege_trap},
      {"civilians.return_rate", "1/day", 0.05, 0.0, 1.0, "assumption",
       "Fraction of displaced people who return per day once return is possible.", &P::return_rate},
      {"civilians.return_requires_call", "0/1", 0.0, 0.0, 1.0,
       "assumption: people go home once it is quiet, a call only hastens it",
       "1: people return only after a call to return; 0: also without one, after "
       "civilians.quiet_days_without_call.",
       &P::return_requires_call},
      {"decisions.value_population", "1/100k people", 1.0, 0.0, kInf, "assumption",
       "Objective value of a node per 100,000 inhabitants.", &P::objective_value_population},
      {"decisions.value_port", "1", 0.5, 0.0, kInf, "assumption", "Objective value of a port.",
       &P::objective_value_port},
      {"decisions.value_oil", "1/(100k bbl/day)", 1.0, 0.0, kInf, "assumption",
       "Objective value per 100,000 barrels a day of oil capacity.", &P::objective_value_oil},
      {"decisions.value_junction", "1/road", 0.3, 0.0, kInf, "assumption",
       "Objective value per road meeting at the node.", &P::objective_value_junction},
      {"decisions.cost_per_100km", "1/100km", 0.5, 0.0, kInf, "assumption",
       "Objective cost per 100 km of travel.", &P::objective_cost_per_100km},
      {"decisions.cost_per_force_ratio", "1", 1.0, 0.0, kInf,
       "assumption: a defence as strong as the whole attacking force costs as much as a "
       "city of 100,000 is worth",
       "Objective cost per unit of expected resistance: the defenders' effective strength "
       "over the commander's free effective strength.",
       &P::objective_cost_per_force_ratio},
      {"operations.campaign_area_km", "km", 20.0, 0.0, 5000.0,
       "assumption: a campaign on a city also takes its port, outskirts and suburbs",
       "Nodes within this road distance of a campaign's aim are objectives of the campaign.",
       &P::campaign_area_km},
      {"operations.aim_value", "1", 0.5, 0.0, kInf,
       "assumption: the aim weighs as a city of 50,000 more, so that lightly held objectives "
       "around a fortified aim are taken first",
       "Objective value added to a campaign's aim.", &P::aim_value},
  };
}
}  // namespace

const std::vector<ParameterInfo>& parameter_table() {
  static const std::vector<ParameterInfo> table = make_table();
  return table;
}

const ParameterInfo* find_parameter(std::string_view path) {
  for (const auto& info : parameter_table())
    if (info.path == path) return &info;
  return nullptr;
}

std::vector<std::string> parameter_paths() {
  std::vector<std::string> out;
  for (const auto& info : parameter_table()) out.push_back(info.path);
  return out;
}

bool Parameters::set(std::string_view path, double value) {
  const auto* info = find_parameter(path);
  if (info == nullptr) return false;
  this->*(info->member) = value;
  return true;
}

std::optional<double> Parameters::get(std::string_view path) const {
  const auto* info = find_parameter(path);
  if (info == nullptr) return std::nullopt;
  return this->*(info->member);
}

}  // namespace frontline
