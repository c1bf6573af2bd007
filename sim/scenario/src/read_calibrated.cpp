// calibrated: {parameters: [PATH...], weights: [w...], samples: [[v...]...], from: text}
// The posterior of a calibration as weighted samples (docs/calibration.md).
#include <cmath>

#include "loader_internal.hpp"

namespace frontline::detail {

namespace {

constexpr std::size_t kMaxSamples = 100'000;

std::vector<double> numbers(LoadContext& context, const YamlNode& list, const std::string& what) {
  std::vector<double> out;
  for (const auto& item : list.items)
    if (const auto v = read_number(item, what, -1e300, 1e300, context.diagnostics))
      out.push_back(*v);
  return out;
}

}  // namespace

void read_calibrated(LoadContext& context, const YamlNode* calibrated) {
  if (calibrated == nullptr) return;
  MappingReader reader(*calibrated, context.diagnostics, "calibrated");
  reader.optional_string("from");
  CalibratedParameters out;
  if (const auto paths = reader.required_string_list("parameters")) out.paths = *paths;
  if (out.paths.empty() && reader.has("parameters"))
    reader.reject("parameters", "no calibrated parameters", "a list of --set paths");
  const YamlNode* weights = reader.get("weights");
  const YamlNode* samples = reader.get("samples");
  if (!weights) reader.missing("weights", "one weight per sample");
  if (!samples) reader.missing("samples", "a list of samples, each a list of values");
  reader.finish();
  if (!weights || !samples) return;
  if (!weights->is_sequence() || !samples->is_sequence() || samples->items.empty() ||
      samples->items.size() > kMaxSamples || weights->items.size() != samples->items.size()) {
    context.diagnostics.add(calibrated->where,
                            "calibrated: weights and samples must be lists of the same length "
                            "(1 to 100000)",
                            "weights: [w, ...] and samples: [[v, ...], ...]");
    return;
  }
  out.weights = numbers(context, *weights, "a weight");
  double total = 0.0;
  for (const double w : out.weights) {
    if (w < 0) context.diagnostics.add(weights->where, "a negative weight", "weights >= 0");
    total += w;
  }
  if (!(total > 0)) context.diagnostics.add(weights->where, "the weights sum to 0", "a sum > 0");
  for (const auto& sample : samples->items) {
    if (!sample.is_sequence() || sample.items.size() != out.paths.size()) {
      context.diagnostics.add(sample.where,
                              "a sample must list " + std::to_string(out.paths.size()) +
                                  " values, one per calibrated parameter",
                              "[v1, v2, ...]");
      return;
    }
    out.samples.push_back(numbers(context, sample, "a sample value"));
  }
  context.spec.calibrated = std::move(out);
}

}  // namespace frontline::detail
