#pragma once
// The model's global parameters: every one named, with unit, default, bounds and
// source, in one table (parameter_table()). docs/model.md is generated from it
// (`frontline params --markdown`), so the code and the docs cannot drift.
// Per-faction settings (doctrine) live in the scenario's factions instead.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontline {

struct Parameters {
  // movement
  double road_speed_km_per_day = 120.0;
  double track_speed_factor = 0.5;
  double contact_speed_factor = 0.1;
  double hostile_detour_days = 2.0;
  double opposed_advance_km_per_day = 20.0;
  // combat
  double aimed_kill_rate = 0.05;
  double area_kill_rate = 0.02;
  double vehicle_firepower = 4.0;
  double hasty_defence = 1.3;
  double wounded_per_killed = 4.0;
  double morale_loss_sensitivity = 3.0;
  double morale_recovery_per_day = 0.02;
  double rally_morale = 0.6;
  double contact_range_km = 15.0;
  double probing_intensity = 0.1;
  double overrun_ratio = 3.0;
  // control
  double capture_hold_days = 1.0;
  double collapse_ratio = 0.1;
  double assault_frontage_ratio = 3.0;
  double frontage_narrowing = 1.0;
  double min_presence = 20.0;
  // supply and siege
  double max_stock_days = 90.0;
  double resupply_days_per_day = 5.0;
  double smuggling_leakage = 0.3;
  double cordon_leakage = 0.93;
  double sea_leakage = 0.5;
  double tonnes_per_fighter_day = 0.015;
  double desertion_per_day = 0.02;
  double unsupplied_morale_loss_per_day = 0.02;
  double interdiction_ratio = 1.0;
  double supply_range_km = 500.0;
  double supply_min_power = 0.5;
  // humanitarian index
  double humanitarian_shortage_weight = 0.7;
  double humanitarian_fighting_weight = 0.3;
  double humanitarian_relaxation_days = 10.0;
  double humanitarian_shortage_onset_days = 30.0;
  // blockade and oil
  double oil_price_usd_per_barrel = 40.0;
  double oil_ramp_days = 45.0;
  double oil_shut_in_under_fire = 1.0;
  // ceasefire
  double violation_base_rate_per_day = 1.0;
  double violation_killed = 1.0;
  double truce_erosion_per_day = 0.01;
  // airstrikes
  double airstrike_kills_per_sortie = 2.0;
  double airstrike_morale_shock = 1.0;
  // civilians
  double flee_rate_fighting = 0.2;
  double flee_rate_siege = 0.01;
  double quiet_days = 14.0;
  double quiet_days_without_call = 90.0;
  double siege_trap = 0.9;
  double return_rate = 0.05;
  double return_requires_call = 0.0;
  // decisions
  double objective_value_population = 1.0;
  double objective_value_port = 0.5;
  double objective_value_oil = 1.0;
  double objective_value_junction = 0.3;
  double objective_cost_per_100km = 0.5;
  double objective_cost_per_force_ratio = 1.0;
  // operations
  double campaign_area_km = 20.0;
  double aim_value = 0.5;

  // Set by dotted path, e.g. "combat.aimed_kill_rate". False if unknown.
  bool set(std::string_view path, double value);
  std::optional<double> get(std::string_view path) const;
};

struct ParameterInfo {
  std::string path;  // "combat.aimed_kill_rate"
  std::string unit;  // "1/day"
  double default_value;
  double min;  // inclusive bounds the validator enforces
  double max;
  std::string source;  // a report, the literature, or "assumption: reason"
  std::string description;
  double Parameters::*member;
};

const std::vector<ParameterInfo>& parameter_table();
const ParameterInfo* find_parameter(std::string_view path);
std::vector<std::string> parameter_paths();

}  // namespace frontline
