#include "frontline/core/error.hpp"

#include <algorithm>
#include <numeric>

namespace frontline {

std::string Location::str() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string Diagnostic::str() const {
  std::string out = where.str() + ": " + message;
  if (!expected.empty()) out += " (expected " + expected + ")";
  return out;
}

namespace {
std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.str();
  }
  return out;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : Error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(Location where, std::string message, std::string expected)
    : InputError(
          std::vector<Diagnostic>{{std::move(where), std::move(message), std::move(expected)}}) {}

void DiagnosticList::add(Location where, std::string message, std::string expected) {
  if (items_.size() >= max_kept) {
    ++dropped_;
    return;
  }
  items_.push_back({std::move(where), std::move(message), std::move(expected)});
}

void DiagnosticList::throw_if_any() const {
  if (items_.empty()) return;
  if (dropped_ == 0) throw InputError(items_);
  std::vector<Diagnostic> shown = items_;
  shown.push_back({items_.back().where,
                   "... and " + std::to_string(dropped_) + " more problems not shown",
                   "the first " + std::to_string(max_kept) + " fixed first"});
  throw InputError(std::move(shown));
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace frontline
