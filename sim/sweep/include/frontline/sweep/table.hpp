#pragma once
// A sweep result file as plain values: coordinates (one per dimension, named
// like it), variables over those dimensions, and global attributes; written as
// netCDF-4-compatible HDF5 that xarray (engine h5netcdf) opens as is, and read
// back for merges. Writing is deterministic: the same table gives the same bytes.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "frontline/sweep/result.hpp"

namespace frontline {

// Rows per piece of a result file's chunks along `run`: a chunk is encoded as
// pieces of this many rows, aligned on run indices (h5::encode_chunk), so a
// piece's bytes depend on its runs' values alone, whoever ran them; chunks hold
// whole pieces.
inline constexpr std::uint64_t kPieceRuns = 64;

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

// A result file without its rows, which are written one by one (in run order)
// by the streaming writer: coordinates other than `run` and variables not along
// `run` (complete, with values), the variables along `run` (names, dims, types
// and attributes only: their first dimension is `run`), the `run` coordinate's
// attributes, the global attributes and the number of rows.
struct ResultSchema {
  std::vector<Variable> axes;
  std::vector<Variable> variables;  // in file order; those along run have no values
  std::vector<Attribute> run_attributes;
  std::vector<Attribute> attributes;
  std::uint64_t rows = 0;
};
// The per-run variables of `schema` without values: a row to fill.
std::vector<Variable> empty_row(const ResultSchema& schema);
// The schema of `table`: its `run` coordinate's length and attributes, the
// other coordinates, and its variables (those along `run` without values).
ResultSchema schema_of(const SweepTable& table);

// Checks the table's shapes and writes it atomically (write_atomically: a
// temporary file beside `path`, fsync, rename). Without `replace`, anything at
// `path` (also a file that appeared while the sweep ran) is kept and InputError
// "already exists" thrown. Throws RuntimeError (with the HDF5 call) on failure.
void write_sweep_table(const std::filesystem::path& path, const SweepTable& table,
                       bool replace = false);

// Throws InputError naming the file if it is missing or not a readable HDF5 file.
SweepTable read_sweep_table(const std::filesystem::path& path);

// A sweep result file read a block of rows at a time, for merges of files larger
// than memory: its header is read_sweep_table's table without the values of the
// variables along `run` (the `run` coordinate itself is read: 8 bytes a run), and
// rows are read on demand, `buffer_bytes` of them (at least one row) at a time.
class SweepFileRows {
 public:
  // Throws InputError as read_sweep_table does.
  SweepFileRows(const std::filesystem::path& path, std::size_t buffer_bytes);
  ~SweepFileRows();
  SweepFileRows(SweepFileRows&&) noexcept;
  SweepFileRows& operator=(SweepFileRows&&) noexcept;

  const SweepTable& header() const;
  // Row `row` (an index along `run`) of every variable along `run`, in header
  // order, into `cells` (as from empty_row(schema_of(header()))). Reading rows in
  // increasing order reads each block of the file once.
  void read_row(std::uint64_t row, std::vector<Variable>& cells);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// What identifies a sweep result file, read without its data (cheap for huge
// files): its sweep_fingerprint and, for a shard, its shard. Empty fingerprint:
// not a readable sweep file.
struct SweepFileIdentity {
  std::string fingerprint;
  std::int64_t shard_index = -1;
  std::int64_t shard_count = -1;
};
SweepFileIdentity read_sweep_identity(const std::filesystem::path& path);

std::string attribute_text(const SweepTable& table, const std::string& name);  // "" if absent
std::int64_t attribute_integer(const SweepTable& table, const std::string& name,
                               std::int64_t fallback);

}  // namespace frontline
