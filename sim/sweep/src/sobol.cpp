#include "frontline/sweep/sobol.hpp"

#include <array>
#include <bit>
#include <string>

#include "frontline/core/error.hpp"

namespace frontline {

namespace {

// One row of new-joe-kuo-6.21201: degree s of the primitive polynomial, its
// coefficients a (middle bits) and the initial direction numbers m_1..m_s.
struct JoeKuoRow {
  int degree;
  std::uint32_t coefficients;
  std::array<std::uint32_t, 8> initial;
};

// Dimensions 2..40; dimension 1 is the van der Corput sequence (all m = 1).
constexpr std::array<JoeKuoRow, SobolSequence::kMaxDimensions - 1> kJoeKuo{{
    {1, 0, {1}},                              // d=2
    {2, 1, {1, 3}},                           // d=3
    {3, 1, {1, 3, 1}},                        // d=4
    {3, 2, {1, 1, 1}},                        // d=5
    {4, 1, {1, 1, 3, 3}},                     // d=6
    {4, 4, {1, 3, 5, 13}},                    // d=7
    {5, 2, {1, 1, 5, 5, 17}},                 // d=8
    {5, 4, {1, 1, 5, 5, 5}},                  // d=9
    {5, 7, {1, 1, 7, 11, 19}},                // d=10
    {5, 11, {1, 1, 5, 1, 1}},                 // d=11
    {5, 13, {1, 1, 1, 3, 11}},                // d=12
    {5, 14, {1, 3, 5, 5, 31}},                // d=13
    {6, 1, {1, 3, 3, 9, 7, 49}},              // d=14
    {6, 13, {1, 1, 1, 15, 21, 21}},           // d=15
    {6, 16, {1, 3, 1, 13, 27, 49}},           // d=16
    {6, 19, {1, 1, 1, 15, 7, 5}},             // d=17
    {6, 22, {1, 3, 1, 15, 13, 25}},           // d=18
    {6, 25, {1, 1, 5, 5, 19, 61}},            // d=19
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},       // d=20
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},        // d=21
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},         // d=22
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},          // d=23
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},       // d=24
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},        // d=25
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},       // d=26
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},         // d=27
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},         // d=28
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},        // d=29
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},        // d=30
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},        // d=31
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},        // d=32
    {7, 50, {1, 3, 1, 3, 5, 53, 69}},         // d=33
    {7, 55, {1, 1, 5, 5, 23, 33, 13}},        // d=34
    {7, 56, {1, 1, 7, 7, 1, 61, 123}},        // d=35
    {7, 59, {1, 1, 7, 9, 13, 61, 49}},        // d=36
    {7, 62, {1, 3, 3, 5, 3, 55, 33}},         // d=37
    {8, 14, {1, 3, 1, 15, 31, 13, 49, 245}},  // d=38
    {8, 21, {1, 3, 5, 15, 31, 59, 63, 97}},   // d=39
    {8, 22, {1, 3, 1, 11, 11, 11, 77, 249}},  // d=40
}};

std::vector<std::uint32_t> direction_numbers(int dimensions) {
  constexpr int bits = SobolSequence::kBits;
  std::vector<std::uint32_t> v(static_cast<std::size_t>(dimensions) * bits);
  for (int b = 0; b < bits; ++b) v[static_cast<std::size_t>(b)] = 1u << (bits - 1 - b);
  for (int d = 1; d < dimensions; ++d) {
    const JoeKuoRow& row = kJoeKuo[static_cast<std::size_t>(d - 1)];
    std::uint32_t* vd = &v[static_cast<std::size_t>(d) * bits];
    const int s = row.degree;
    for (int b = 0; b < s && b < bits; ++b)
      vd[b] = row.initial[static_cast<std::size_t>(b)] << (bits - 1 - b);
    for (int b = s; b < bits; ++b) {
      std::uint32_t value = vd[b - s] ^ (vd[b - s] >> s);
      for (int k = 1; k < s; ++k)
        if ((row.coefficients >> (s - 1 - k)) & 1u) value ^= vd[b - k];
      vd[b] = value;
    }
  }
  return v;
}

}  // namespace

SobolSequence::SobolSequence(int dimensions) : dimensions_(dimensions) {
  if (dimensions < 1 || dimensions > kMaxDimensions)
    throw InputError(
        Location{},
        "a Sobol sequence of " + std::to_string(dimensions) + " dimensions is not supported",
        "1 to " + std::to_string(kMaxDimensions) + " dimensions");
  state_.assign(static_cast<std::size_t>(dimensions), 0);
  directions_ = direction_numbers(dimensions);
}

std::vector<double> SobolSequence::next() {
  constexpr double scale = 1.0 / 4294967296.0;  // 2^-32
  std::vector<double> point(state_.size());
  for (std::size_t d = 0; d < state_.size(); ++d) point[d] = state_[d] * scale;
  // Gray-code order: the next point flips the direction of the lowest zero bit.
  const int bit = std::countr_one(index_);
  if (bit >= kBits) throw RuntimeError("Sobol sequence exhausted after 2^32 points");
  for (std::size_t d = 0; d < state_.size(); ++d)
    state_[d] ^= directions_[d * kBits + static_cast<std::size_t>(bit)];
  ++index_;
  return point;
}

void SobolSequence::skip(std::uint64_t count) {
  for (std::uint64_t i = 0; i < count; ++i) next();
}

}  // namespace frontline
