#pragma once
// The Sobol low-discrepancy sequence (Bratley-Fox with Gray-code order), with
// the direction numbers of Joe and Kuo (2008, new-joe-kuo-6.21201) for up to
// kMaxDimensions dimensions. Unscrambled: the same points as Joe and Kuo's
// reference program and scipy.stats.qmc.Sobol(scramble=False).
#include <cstdint>
#include <vector>

namespace frontline {

class SobolSequence {
 public:
  static constexpr int kMaxDimensions = 40;
  static constexpr int kBits = 32;

  // Throws InputError if dimensions is not within 1..kMaxDimensions.
  explicit SobolSequence(int dimensions);

  int dimensions() const { return dimensions_; }
  // The next point in [0, 1)^dimensions; the first point is all zeros.
  std::vector<double> next();
  // Skips `count` points.
  void skip(std::uint64_t count);

 private:
  int dimensions_;
  std::uint64_t index_ = 0;
  std::vector<std::uint32_t> state_;       // [dimension]
  std::vector<std::uint32_t> directions_;  // [dimension][bit]
};

}  // namespace frontline
