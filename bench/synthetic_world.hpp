#pragma once
// A synthetic world for benchmarks: a perturbed grid of towns (some roads
// missing, some replaced by slower tracks, lengths jittered), split between a
// few factions at war by territory, with many units spread over each
// faction's ground. Built from the same RandomStreams as the model, so it is
// the same on every machine.
#include <cmath>
#include <string>

#include "frontline/core/random.hpp"
#include "spec_builder.hpp"

namespace frontline::bench {

struct SyntheticSize {
  int side = 100;  // side x side nodes
  int factions = 4;
  long units = 1'000'000;
  int days = 10;
};

inline ScenarioSpec synthetic_spec(const SyntheticSize& size) {
  const RandomStreams random(99, 0);
  std::uint32_t draw = 0;
  const auto uniform = [&] { return random.uniform(0, 0, Purpose::benchmark, draw++); };
  testing::SpecBuilder b("2020-01-01", size.days);
  b.raw().name = "synthetic";
  const int side = size.side;
  const auto id = [&](int r, int c) { return "n" + std::to_string(r) + "_" + std::to_string(c); };
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      auto& node = b.node(id(r, c), uniform() < 0.1 ? NodeKind::city : NodeKind::town,
                          1000 + 50000 * uniform());
      node.stocks_days = 30;
      node.obstacles = 0.3 * uniform();
    }
  constexpr double kDropped = 0.05;
  constexpr double kTrack = 0.2;
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      const auto kind = [&] { return uniform() < kTrack ? EdgeKind::track : EdgeKind::road; };
      if (c + 1 < side && uniform() > kDropped)
        b.edge(id(r, c), id(r, c + 1), 20 + 40 * uniform(), kind());
      if (r + 1 < side && uniform() > kDropped)
        b.edge(id(r, c), id(r + 1, c), 20 + 40 * uniform(), kind());
    }
  // Factions hold vertical strips; each's home is the middle of its strip.
  const int strip = side / size.factions;
  const auto owner = [&](int c) { return std::min(size.factions - 1, c / std::max(1, strip)); };
  for (int f = 0; f < size.factions; ++f) {
    auto& faction = b.faction("f" + std::to_string(f));
    faction.doctrine.aggression = 0.5;
    faction.doctrine.attack_ratio = 1.5;
    const int home_c = std::min(side - 1, f * strip + strip / 2);
    for (int r = 0; r < side; r += 10) faction.supply.home.push_back(id(r, home_c));
  }
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) b.control(id(r, c), "f" + std::to_string(owner(c)));
  const std::vector<Order> orders{Order::hold, Order::hold, Order::hold, Order::garrison,
                                  Order::advance};
  for (long u = 0; u < size.units; ++u) {
    const int r = static_cast<int>(uniform() * side) % side;
    const int c = static_cast<int>(uniform() * side) % side;
    const int f = owner(c);
    const Order order = orders[static_cast<std::size_t>(u % static_cast<long>(orders.size()))];
    // Advancing units head for one of four towns in the next strip: the
    // fronts. (Each distinct target costs one path search per faction.)
    const int target_c = std::min(side - 1, (f + 1) * strip + strip / 2) % side;
    const int target_r = (side / 8 + (r / std::max(1, side / 4)) * (side / 4)) % side;
    b.unit("f" + std::to_string(f), "u" + std::to_string(u), id(r, c), 20 + 80 * uniform(),
           3 * uniform(), order, order == Order::advance ? id(target_r, target_c) : "");
  }
  return b.build();
}

}  // namespace frontline::bench
