#pragma once
// A sweep result file as plain values: coordinates (one per dimension, named
// like it), variables over those dimensions, and global attributes; written as
// netCDF-4-compatible HDF5 that xarray (engine h5netcdf) opens as is, and read
// back for merges. Writing is deterministic: the same table gives the same bytes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "frontline/sweep/result.hpp"

namespace frontline {

using AttributeValue = std::variant<std::string, std::vector<std::string>, std::int64_t, double>;

struct Attribute {
  std::string name;
  AttributeValue value;
  bool operator==(const Attribute&) const = default;
};

struct Variable {
  std::string name;
  std::vector<std::string> dims;
  DType type = DType::f64;
  std::vector<double> reals;           // f64, f32
  std::vector<std::int64_t> integers;  // integer types (uint64 as its bit pattern)
  std::vector<std::string> strings;    // str
  std::vector<Attribute> attributes;

  std::size_t element_count() const;
  const Attribute* attribute(const std::string& attribute_name) const;
  bool operator==(const Variable&) const = default;
};

struct SweepTable {
  std::vector<Variable> coordinates;
  std::vector<Variable> variables;
  std::vector<Attribute> attributes;

  const Variable* coordinate(const std::string& name) const;
  const Variable* variable(const std::string& name) const;
  const Attribute* attribute(const std::string& name) const;
  std::size_t dimension_size(const std::string& name) const;
};

// Checks the table's shapes, writes a temporary file beside `path` and renames
// it into place. Throws RuntimeError (with the HDF5 call) on failure.
void write_sweep_table(const std::filesystem::path& path, const SweepTable& table);

// Throws InputError naming the file if it is missing or not a readable HDF5 file.
SweepTable read_sweep_table(const std::filesystem::path& path);

std::string attribute_text(const SweepTable& table, const std::string& name);  // "" if absent
std::int64_t attribute_integer(const SweepTable& table, const std::string& name,
                               std::int64_t fallback);

}  // namespace frontline
