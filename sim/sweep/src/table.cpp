#include "frontline/sweep/table.hpp"

#include <algorithm>
#include <optional>

#include "frontline/core/error.hpp"
#include "frontline/core/version.hpp"
#include "frontline/output/atomic_file.hpp"
#include "frontline/output/hdf5.hpp"
#include "frontline/sweep/result_writer.hpp"

namespace frontline {

namespace {

void check_shapes(const SweepTable& table) {
  const auto check_size = [](const Variable& v, std::size_t expected) {
    const std::size_t have = v.type == DType::str                             ? v.strings.size()
                             : (v.type == DType::f64 || v.type == DType::f32) ? v.reals.size()
                                                                              : v.integers.size();
    if (have != expected)
      throw RuntimeError("sweep table: variable '" + v.name + "' has " + std::to_string(have) +
                         " values, its shape needs " + std::to_string(expected));
  };
  for (const auto& c : table.coordinates) {
    if (c.dims.size() != 1 || c.dims[0] != c.name)
      throw RuntimeError("sweep table: coordinate '" + c.name + "' must be 1-D over itself");
    check_size(c, c.element_count());
  }
  for (const auto& v : table.variables) {
    std::size_t expected = 1;
    for (const auto& dim : v.dims) {
      if (!table.coordinate(dim))
        throw RuntimeError("sweep table: variable '" + v.name + "' uses dimension '" + dim +
                           "' which has no coordinate");
      expected *= table.dimension_size(dim);
    }
    check_size(v, expected);
  }
}

// ---- reading -------------------------------------------------------------

// Dimension-scale bookkeeping, rebuilt by the writer.
bool is_scale_bookkeeping(const std::string& name) {
  return name == "CLASS" || name == "NAME" || name == "REFERENCE_LIST" || name == "DIMENSION_LIST";
}

std::vector<Attribute> read_attributes(const h5::Object& object) {
  std::vector<Attribute> attributes;
  for (const auto& name : h5::attribute_names(object)) {
    if (is_scale_bookkeeping(name)) continue;
    switch (h5::attribute_kind(object, name)) {
      case h5::AttributeKind::text:
        attributes.push_back({name, h5::read_string_attribute(object, name)});
        break;
      case h5::AttributeKind::text_list:
        attributes.push_back({name, h5::read_string_list_attribute(object, name)});
        break;
      // One number is read into one value: an array (another program's file, a
      // run file's flag_values) is refused by read_attribute.
      case h5::AttributeKind::integer:
        attributes.push_back({name, h5::read_attribute<std::int64_t>(object, name)});
        break;
      case h5::AttributeKind::real:
        attributes.push_back({name, h5::read_attribute<double>(object, name)});
        break;
      case h5::AttributeKind::other:
        break;
    }
  }
  return attributes;
}

DType dtype_of(std::optional<h5::NumericType> type) {
  if (!type) return DType::str;
  switch (*type) {
    case h5::NumericType::float32:
      return DType::f32;
    case h5::NumericType::float64:
      return DType::f64;
    case h5::NumericType::int8:
      return DType::i8;
    case h5::NumericType::uint8:
      return DType::u8;
    case h5::NumericType::int16:
    case h5::NumericType::int32:
    case h5::NumericType::uint32:
      return DType::i32;
    case h5::NumericType::int64:
      return DType::i64;
    case h5::NumericType::uint64:
      return DType::u64;
  }
  return DType::f64;
}

bool is_along_run(const Variable& v) { return !v.dims.empty() && v.dims.front() == "run"; }

// Rows [first, first + count) of a variable along `run`.
struct RowRange {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

// A variable's values: all of them, or the rows of `rows`.
void read_values(const h5::Dataset& dataset, Variable& v, std::optional<RowRange> rows) {
  const auto numbers = [&]<class T>(T) {
    return rows ? h5::read_rows<T>(dataset, rows->first, rows->count)
                : h5::read_variable<T>(dataset).values;
  };
  if (v.type == DType::str) {
    v.strings = rows ? h5::read_string_rows(dataset, rows->first, rows->count)
                     : h5::read_string_variable(dataset).values;
  } else if (v.type == DType::f64 || v.type == DType::f32) {
    v.reals = numbers(double{});
  } else if (v.type == DType::u64) {
    // uint64 is kept as its bit pattern.
    v.integers.clear();
    for (const std::uint64_t value : numbers(std::uint64_t{}))
      v.integers.push_back(static_cast<std::int64_t>(value));
  } else {
    v.integers = numbers(std::int64_t{});
  }
}

// A variable's name, type, dimensions and attributes; its values too unless it
// lies along `run` and `with_rows` is false (the `run` coordinate is always read).
Variable read_variable(const h5::Group& root, const std::string& name, bool with_rows) {
  const h5::Dataset dataset = root.open_dataset(name);
  Variable v;
  v.name = name;
  v.type = dtype_of(dataset.element_type());
  if (dataset.is_dimension_scale()) {
    v.dims = {name};
  } else {
    v.dims = dataset.dimensions();
    for (const auto& dim : v.dims)
      if (dim.empty()) throw RuntimeError("variable '" + name + "' has an axis without a scale");
  }
  if (with_rows || !is_along_run(v) || v.name == "run") read_values(dataset, v, std::nullopt);
  v.attributes = read_attributes(dataset);
  return v;
}

}  // namespace

std::size_t Variable::element_count() const {
  switch (type) {
    case DType::str:
      return strings.size();
    case DType::f64:
    case DType::f32:
      return reals.size();
    default:
      return integers.size();
  }
}

const Attribute* Variable::attribute(const std::string& attribute_name) const {
  for (const auto& a : attributes)
    if (a.name == attribute_name) return &a;
  return nullptr;
}

const Variable* SweepTable::coordinate(const std::string& name) const {
  for (const auto& c : coordinates)
    if (c.name == name) return &c;
  return nullptr;
}

const Variable* SweepTable::variable(const std::string& name) const {
  for (const auto& v : variables)
    if (v.name == name) return &v;
  return coordinate(name);
}

const Attribute* SweepTable::attribute(const std::string& name) const {
  for (const auto& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

std::size_t SweepTable::dimension_size(const std::string& name) const {
  const Variable* c = coordinate(name);
  return c ? c->element_count() : 0;
}

std::string attribute_text(const SweepTable& table, const std::string& name) {
  const Attribute* a = table.attribute(name);
  if (!a) return {};
  if (const auto* text = std::get_if<std::string>(&a->value)) return *text;
  return {};
}

std::int64_t attribute_integer(const SweepTable& table, const std::string& name,
                               std::int64_t fallback) {
  const Attribute* a = table.attribute(name);
  if (!a) return fallback;
  if (const auto* value = std::get_if<std::int64_t>(&a->value)) return *value;
  return fallback;
}

ResultSchema schema_of(const SweepTable& table) {
  ResultSchema schema;
  const Variable* run = table.coordinate("run");
  if (!run) throw RuntimeError("sweep table: no 'run' coordinate");
  schema.rows = run->element_count();
  schema.run_attributes = run->attributes;
  for (const auto& c : table.coordinates)
    if (c.name != "run") schema.axes.push_back(c);
  schema.attributes = table.attributes;
  for (const auto& v : table.variables) {
    Variable declared = v;
    if (is_along_run(v)) {
      declared.reals.clear();
      declared.integers.clear();
      declared.strings.clear();
    }
    schema.variables.push_back(std::move(declared));
  }
  return schema;
}

void write_sweep_table(const std::filesystem::path& path, const SweepTable& table, bool replace) {
  check_shapes(table);
  const ResultSchema schema = schema_of(table);
  const Variable* run = table.coordinate("run");
  std::vector<const Variable*> along_run;
  for (const auto& v : table.variables)
    if (is_along_run(v)) along_run.push_back(&v);
  write_result_file(path, replace, schema, [&](ResultWriter& writer) {
    std::vector<Variable> row = empty_row(schema);
    for (std::size_t i = 0; i < schema.rows; ++i) {
      for (std::size_t c = 0; c < along_run.size(); ++c) {
        const Variable& v = *along_run[c];
        const std::size_t width = schema.rows ? v.element_count() / schema.rows : 0;
        Variable& cell = row[c];
        const auto begin = static_cast<std::ptrdiff_t>(i * width);
        const auto end = static_cast<std::ptrdiff_t>((i + 1) * width);
        if (!v.reals.empty()) cell.reals.assign(v.reals.begin() + begin, v.reals.begin() + end);
        if (!v.integers.empty())
          cell.integers.assign(v.integers.begin() + begin, v.integers.begin() + end);
        if (!v.strings.empty())
          cell.strings.assign(v.strings.begin() + begin, v.strings.begin() + end);
      }
      writer.append(run->integers[i], row);
    }
  });
}

void write_result_file(const std::filesystem::path& path, bool replace, const ResultSchema& schema,
                       const std::function<void(ResultWriter&)>& write_rows) {
  // A sweep killed while writing its result leaves its temporary file behind;
  // the next writer of the same output (a --resume) removes it.
  remove_stale_temporaries(path);
  try {
    write_atomically(path, replace, [&](const std::filesystem::path& temporary) {
      ResultWriter writer(temporary, schema);
      write_rows(writer);
      writer.finish();
    });
  } catch (const RuntimeError& e) {  // a full disk, an I/O error
    throw RuntimeError("cannot write the sweep output " + path.string() + ": " + e.what());
  }
}

SweepFileIdentity read_sweep_identity(const std::filesystem::path& path) {
  SweepFileIdentity identity;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return identity;
  if (!h5::is_hdf5_file(path)) return identity;
  try {
    const h5::File file = h5::File::open(path);
    const h5::Group root = file.root();
    if (!h5::has_attribute(root, "sweep_fingerprint")) return identity;
    // Another version's layout is not this sweep's result, whatever it says.
    if (!h5::has_attribute(root, "schema_version") ||
        h5::read_attribute<std::int64_t>(root, "schema_version") != kSchemaVersion)
      return identity;
    identity.fingerprint = h5::read_string_attribute(root, "sweep_fingerprint");
    if (h5::has_attribute(root, "shard_index") && h5::has_attribute(root, "shard_count")) {
      identity.shard_index = h5::read_attribute<std::int64_t>(root, "shard_index");
      identity.shard_count = h5::read_attribute<std::int64_t>(root, "shard_count");
    }
  } catch (const RuntimeError&) {
    return SweepFileIdentity{};
  }
  return identity;
}

namespace {

void check_is_sweep_input(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(Location{path.string()}, "no such file", "a sweep result file");
  if (!h5::is_hdf5_file(path))
    throw InputError(Location{path.string()}, "not an HDF5 file", "a sweep result file");
}

// The table of an open sweep file: every variable, with its rows or not.
SweepTable read_table(const h5::File& file, const std::filesystem::path& path, bool with_rows) {
  SweepTable table;
  try {
    const h5::Group root = file.root();
    for (const auto& name : root.members()) {
      Variable v = read_variable(root, name, with_rows);
      const bool is_coordinate = v.dims.size() == 1 && v.dims[0] == v.name;
      (is_coordinate ? table.coordinates : table.variables).push_back(std::move(v));
    }
    table.attributes = read_attributes(root);
  } catch (const RuntimeError& e) {
    throw InputError(Location{path.string()}, std::string("unreadable sweep file: ") + e.what(),
                     "a file written by frontline sweep");
  }
  // Another version's layout may mean something else: refuse rather than misread it.
  if (const Attribute* version = table.attribute("schema_version")) {
    const auto* number = std::get_if<std::int64_t>(&version->value);
    if (!number || *number != kSchemaVersion)
      throw InputError(Location{path.string()},
                       "has schema_version " +
                           (number ? std::to_string(*number) : "(not a number)") +
                           ", which this version of Frontline cannot read",
                       "schema_version " + std::to_string(kSchemaVersion));
  }
  return table;
}

h5::File open_sweep_file(const std::filesystem::path& path) {
  check_is_sweep_input(path);
  try {
    return h5::File::open(path);
  } catch (const RuntimeError& e) {
    throw InputError(Location{path.string()}, std::string("unreadable sweep file: ") + e.what(),
                     "a file written by frontline sweep");
  }
}

}  // namespace

SweepTable read_sweep_table(const std::filesystem::path& path) {
  const h5::File file = open_sweep_file(path);
  return read_table(file, path, true);
}

// One block of rows of every variable along `run`, refilled as reading moves on.
struct SweepFileRows::State {
  explicit State(const std::filesystem::path& file_path)
      : path(file_path), file(open_sweep_file(file_path)) {}

  std::filesystem::path path;
  h5::File file;
  SweepTable header;
  std::vector<const Variable*> along_run;  // in header order
  std::vector<Variable> block;             // rows [first, first + rows) of each
  std::vector<std::size_t> widths;         // values per row of each
  std::uint64_t total_rows = 0;
  std::uint64_t block_rows = 1;
  std::uint64_t first = 0;
  std::uint64_t rows = 0;

  void load(std::uint64_t row) {
    first = row;
    rows = std::min(block_rows, total_rows - row);
    try {
      const h5::Group root = file.root();
      for (std::size_t c = 0; c < along_run.size(); ++c)
        read_values(root.open_dataset(along_run[c]->name), block[c], RowRange{first, rows});
    } catch (const RuntimeError& e) {
      throw InputError(Location{path.string()}, std::string("unreadable sweep file: ") + e.what(),
                       "a file written by frontline sweep");
    }
  }
};

SweepFileRows::SweepFileRows(const std::filesystem::path& path, std::size_t buffer_bytes)
    : state_(std::make_unique<State>(path)) {
  State& s = *state_;
  s.header = read_table(s.file, path, false);
  const Variable* run = s.header.coordinate("run");
  s.total_rows = run ? run->element_count() : 0;
  std::size_t row_bytes = 0;
  for (const auto& v : s.header.variables) {
    if (!is_along_run(v)) continue;
    std::size_t width = 1;
    for (std::size_t d = 1; d < v.dims.size(); ++d) width *= s.header.dimension_size(v.dims[d]);
    s.along_run.push_back(&v);
    s.widths.push_back(width);
    Variable cell = v;
    s.block.push_back(std::move(cell));
    row_bytes += width * (v.type == DType::str ? 32 : 8);
  }
  s.block_rows = std::max<std::uint64_t>(1, buffer_bytes / std::max<std::size_t>(row_bytes, 1));
}

SweepFileRows::~SweepFileRows() = default;
SweepFileRows::SweepFileRows(SweepFileRows&&) noexcept = default;
SweepFileRows& SweepFileRows::operator=(SweepFileRows&&) noexcept = default;

const SweepTable& SweepFileRows::header() const { return state_->header; }

void SweepFileRows::read_row(std::uint64_t row, std::vector<Variable>& cells) {
  State& s = *state_;
  if (row >= s.total_rows)
    throw RuntimeError("row " + std::to_string(row) + " of " + s.path.string() + ", which has " +
                       std::to_string(s.total_rows));
  if (row < s.first || row >= s.first + s.rows) s.load(row);
  const std::size_t offset = static_cast<std::size_t>(row - s.first);
  for (std::size_t c = 0; c < s.block.size(); ++c) {
    const Variable& from = s.block[c];
    Variable& cell = cells.at(c);
    const auto begin = static_cast<std::ptrdiff_t>(offset * s.widths[c]);
    const auto end = begin + static_cast<std::ptrdiff_t>(s.widths[c]);
    if (from.type == DType::str)
      cell.strings.assign(from.strings.begin() + begin, from.strings.begin() + end);
    else if (from.type == DType::f64 || from.type == DType::f32)
      cell.reals.assign(from.reals.begin() + begin, from.reals.begin() + end);
    else
      cell.integers.assign(from.integers.begin() + begin, from.integers.begin() + end);
  }
}

}  // namespace frontline
