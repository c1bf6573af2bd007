#pragma once
// What a sweep records per run: a fixed layout of columns (summary metrics and
// optional time series), each a block of values in the run's result vector.
#include <cstdint>
#include <string>
#include <vector>

namespace frontline {

// Element types of result-file variables (netCDF-4 types).
enum class DType : std::uint8_t { f64, f32, i8, u8, i32, i64, u64, str };
const char* to_string(DType type);

struct ResultColumn {
  std::string name;               // the variable's name in the file
  std::vector<std::string> dims;  // after `run`, e.g. {"faction", "node"}
  DType type = DType::f64;        // numeric types only
  std::size_t size = 1;           // product of the dims' lengths
  std::string units;
  std::string description;
};

struct ResultLayout {
  std::vector<ResultColumn> columns;
  std::size_t total_values() const;
  // "name:dims:type:size;..." for the sweep fingerprint.
  std::string canonical() const;
};

// One run's result: values of every column, concatenated in layout order
// (empty for a failed run).
struct RunResult {
  std::uint64_t run = 0;
  bool ok = true;
  std::string error;  // "" if ok
  std::vector<double> values;
};

}  // namespace frontline
