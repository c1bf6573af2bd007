#pragma once
// A Sirte-2016-like scenario built in code from the corridor CSVs: GNA brigades
// from Misrata against ISIS in Sirte, 37 daily steps from 2016-05-05 (until
// the port fell). For engine tests and the whole-scenario benchmark until
// scenarios/sirte-2016.yaml can be loaded there.
#include <string>

#include "corridor_csv.hpp"
#include "spec_builder.hpp"

namespace frontline::testing {

inline ScenarioSpec sirte_like_spec(const std::string& scenario_dir) {
  SpecBuilder b("2016-05-05", 37);
  b.raw().name = "sirte-like";
  b.raw().map = corridor_from_csv(scenario_dir + "/data");
  for (auto& node : b.raw().map.nodes) {
    if (node.id == "sirte") {
      node.urban = 1.4;
      node.fortification = 1.5;
      node.obstacles = 0.9;
      node.stocks_days = 120;
    }
    if (node.id == "sirte_port") node.obstacles = 0.3;
  }
  FactionSpec& gna = b.faction("GNA");
  gna.doctrine.aggression = 0.0;
  gna.doctrine.attack_ratio = 2.5;
  gna.doctrine.casualty_tolerance = 0.8;
  gna.doctrine.breakpoint = 0.25;
  gna.supply.home = {"misrata", "tripoli"};
  gna.supply.sea = true;
  FactionSpec& isis = b.faction("ISIS");
  isis.doctrine.aggression = 0.0;
  isis.doctrine.casualty_tolerance = 1.5;
  isis.doctrine.breakpoint = 0.1;
  isis.doctrine.area_fire_share = 0.5;
  isis.supply.home = {"nofaliya"};
  b.unit("GNA", "misrata-west", "abu_grein", 3000, 225, Order::hold);
  b.unit("GNA", "misrata-south", "waddan", 1500, 110, Order::hold);
  b.unit("GNA", "pfg-east", "es_sider", 600, 45, Order::hold);
  b.unit("GNA", "misrata-garrison", "misrata", 900, 70, Order::garrison);
  b.unit("ISIS", "sirte-garrison", "sirte", 1500, 70, Order::garrison);
  b.unit("ISIS", "port", "sirte_port", 125, 6, Order::hold);
  b.unit("ISIS", "south", "wadi_jarif", 175, 8, Order::hold);
  b.unit("ISIS", "west-checkpoint", "buwairat_al_hassoun", 250, 12, Order::hold);
  b.unit("ISIS", "east", "nofaliya", 200, 10, Order::hold);
  for (const auto& node : b.raw().map.nodes) b.control(node.id, "GNA");
  for (const char* id : {"buwairat_al_hassoun", "sirte", "sirte_port", "wadi_jarif", "ghardabiya",
                         "nofaliya", "bin_jawad"})
    b.control(id, "ISIS");
  for (const char* id : {"jalu", "sarir", "zelten", "marada", "sharara"}) b.control(id, "");
  b.campaign("campaign", "2016-05-12", "GNA", "sirte",
             {"misrata-west", "misrata-south", "pfg-east"});
  b.parameters().wounded_per_killed = 4.5;
  return b.build();
}

}  // namespace frontline::testing
