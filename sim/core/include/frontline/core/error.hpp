#pragma once
// One exception family. Messages name the bad value and the place; tests check
// the text. Exit codes: 0 ok, 1 bad input, 2 usage, 3 runtime failure.
#include <stdexcept>
#include <string>
#include <vector>

namespace frontline {

enum class ExitCode : int { ok = 0, bad_input = 1, usage = 2, runtime_failure = 3 };

// Where in an input a problem is. line and column are 1-based; 0 means unknown.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string str() const;  // "file:line:column" (parts that are known)
};

// One problem with an input: `file:line:column: message (expected ...)`.
struct Diagnostic {
  Location where;
  std::string message;
  std::string expected;  // may be empty
  std::string str() const;
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual ExitCode exit_code() const { return ExitCode::runtime_failure; }
};

// Bad input: every problem found, reported at once.
class InputError : public Error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  InputError(Location where, std::string message, std::string expected = {});
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  ExitCode exit_code() const override { return ExitCode::bad_input; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Something failed while running (I/O, HDF5, a broken invariant).
class RuntimeError : public Error {
 public:
  using Error::Error;
};

// Accumulates diagnostics so a whole input is checked before failing. Keeps the
// first `max_kept` only (a hostile file with 500,000 unknown keys must not print
// 500,000 lines); throw_if_any() then ends with "... and N more problems".
class DiagnosticList {
 public:
  static constexpr std::size_t max_kept = 200;
  void add(Location where, std::string message, std::string expected = {});
  bool empty() const { return items_.empty(); }
  // Problems recorded, counting those not kept.
  std::size_t size() const { return items_.size() + dropped_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  void throw_if_any() const;  // throws InputError with every item kept

 private:
  std::vector<Diagnostic> items_;
  std::size_t dropped_ = 0;
};

// "did you mean" helper: the closest candidate within a small edit distance, or "".
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace frontline
