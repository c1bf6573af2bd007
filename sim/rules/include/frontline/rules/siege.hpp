#pragma once
// Phase 7: siege. A besieged node burns its stocks at (1 - leakage) days per
// day, leakage being smuggling (siege.cordon_leakage while the encirclement
// is kept at a distance, siege.smuggling_leakage once the besiegers are in
// contact: a close investment) plus, for a port with no hostile warship off
// it, sea access. Once the stocks are gone the garrison decays (desertion,
// surrender). The humanitarian index of every node relaxes toward its
// conditions (shortage and fighting). siege_begun / siege_ended are recorded.
#include "frontline/rules/context.hpp"
#include "frontline/rules/presence.hpp"

namespace frontline {

// The humanitarian index a node's conditions would settle at, 0..1.
double humanitarian_target(double stocks_days, bool shortage_applies, bool contested,
                           const Parameters& p);

// Whether forces at war with n's holder stand at n or across a road or track
// within combat.contact_range_km of it (a close investment).
bool closely_invested(const WorldState& state, const Presence& presence, const WorldGraph& world,
                      NodeIndex n);

// The fraction of a besieged node's consumption met from outside this step.
double siege_leakage(const WorldState& state, const Presence& presence, const WorldGraph& world,
                     NodeIndex n);

class Sieges {
 public:
  void reset(std::size_t nodes) { decay_.assign(nodes, 0.0); }
  // Reads who stands where (for the besieger recorded when a siege begins).
  void update(WorldState& state, const Presence& presence, const RuleContext& ctx);

 private:
  std::vector<double> decay_;  // [N] share of the garrison lost this step
};

}  // namespace frontline
