#include "result_writer.hpp"

#include <algorithm>
#include <bit>
#include <optional>
#include <span>
#include <string>

#include "frontline/core/error.hpp"
#include "frontline/output/hdf5.hpp"

namespace frontline {

namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

std::size_t value_bytes(DType type) {
  switch (type) {
    case DType::i8:
    case DType::u8:
      return 1;
    case DType::f32:
    case DType::i32:
      return 4;
    case DType::str:
      return 16;  // a variable-length string's reference
    default:
      return 8;
  }
}

bool is_real(DType type) { return type == DType::f64 || type == DType::f32; }

// Calls `f` with a zero of the C++ type stored for `type`.
template <class F>
void with_type(DType type, F&& f) {
  switch (type) {
    case DType::f64:
      return f(double{});
    case DType::f32:
      return f(float{});
    case DType::i8:
      return f(std::int8_t{});
    case DType::u8:
      return f(std::uint8_t{});
    case DType::i32:
      return f(std::int32_t{});
    case DType::i64:
      return f(std::int64_t{});
    case DType::u64:
      return f(std::uint64_t{});
    case DType::str:
      break;
  }
  throw RuntimeError("sweep file: a string where a number was expected");
}

template <class T>
std::vector<T> converted(const Variable& v) {
  std::vector<T> values;
  values.reserve(v.element_count());
  if (is_real(v.type))
    for (const double r : v.reals) values.push_back(static_cast<T>(r));
  else
    for (const std::int64_t i : v.integers) values.push_back(static_cast<T>(i));
  return values;
}

void write_attributes(const h5::Object& object, DType type,
                      const std::vector<Attribute>& attributes) {
  for (const auto& a : attributes) {
    if (const auto* text = std::get_if<std::string>(&a.value)) {
      h5::write_attribute(object, a.name, *text);
    } else if (const auto* list = std::get_if<std::vector<std::string>>(&a.value)) {
      h5::write_attribute(object, a.name, std::span<const std::string>(*list));
    } else if (const auto* integer = std::get_if<std::int64_t>(&a.value)) {
      // netCDF: a variable's _FillValue has the variable's own type.
      if (a.name == "_FillValue" && type != DType::str)
        with_type(type, [&](auto zero) {
          h5::write_attribute(object, a.name, static_cast<decltype(zero)>(*integer));
        });
      else
        h5::write_attribute(object, a.name, *integer);
    } else {
      h5::write_attribute(object, a.name, std::get<double>(a.value));
    }
  }
}

// A complete variable (an axis, or a table not along `run`).
h5::Dataset write_whole(const h5::Group& root, const Variable& v, bool dimension) {
  if (v.type == DType::str) {
    return dimension ? h5::write_dimension(root, v.name, std::span<const std::string>(v.strings))
                     : h5::write_string_variable(root, v.name,
                                                 std::span<const std::string>(v.strings), v.dims);
  }
  h5::Dataset dataset = [&] {
    std::optional<h5::Dataset> made;
    with_type(v.type, [&](auto zero) {
      using T = decltype(zero);
      const std::vector<T> values = converted<T>(v);
      made.emplace(dimension
                       ? h5::write_dimension(root, v.name, std::span<const T>(values))
                       : h5::write_variable(root, v.name, std::span<const T>(values), v.dims));
    });
    return std::move(*made);
  }();
  return dataset;
}

}  // namespace

// Rows per chunk of a variable along `run` whose rows take `row_bytes`: about
// kChunkBytes, a multiple of kPieceRuns or (rows larger than kChunkBytes / 64) a
// power of two, so that a chunk's pieces (whole kPieceRuns-aligned blocks of
// runs) never straddle two chunks; at most the whole dataset.
hsize_t chunk_rows_for(std::size_t row_bytes, std::uint64_t rows) {
  const hsize_t fitting = std::max<hsize_t>(kChunkBytes / std::max<std::size_t>(row_bytes, 1), 1);
  const hsize_t aligned =
      fitting >= kPieceRuns ? fitting - fitting % kPieceRuns : std::bit_floor(fitting);
  return std::clamp<hsize_t>(aligned, 1, std::max<hsize_t>(rows, 1));
}

// Writes one whole chunk that starts at `first_row`: the last chunk of a
// dataset is padded with zeros past its end. The chunk is encoded here, outside
// HDF5, in pieces of kPieceRuns rows (h5::encode_chunk), so its bytes depend
// only on its values, and any holder of a piece's rows could have encoded it.
template <class T>
void write_chunk(const h5::Dataset& dataset, hsize_t first_row, std::size_t chunk_values,
                 std::size_t row_values, std::vector<T> values) {
  values.resize(chunk_values, T{});
  h5::write_encoded_chunk(dataset, first_row,
                          h5::encode_chunk(std::span<const T>(values),
                                           std::max<std::size_t>(row_values, 1) * kPieceRuns));
}

struct ResultWriter::State {
  struct Column {
    std::optional<h5::Dataset> dataset;
    DType type = DType::f64;
    std::size_t width = 1;   // values per row
    hsize_t chunk_rows = 1;  // rows per chunk: writes are whole chunks
    hsize_t first_row = 0;   // of the buffer
    Variable buffer;         // buffered rows' values
    hsize_t buffered = 0;
  };
  std::optional<h5::File> file;
  std::optional<h5::Dataset> run;
  std::vector<std::int64_t> runs;  // buffered run indices
  hsize_t run_chunk = 1;
  hsize_t run_first = 0;
  std::vector<Column> columns;
  std::uint64_t rows = 0;
  std::uint64_t written = 0;

  void flush(Column& c) {
    if (c.buffered == 0) return;
    if (c.type == DType::str) {
      h5::write_string_rows(*c.dataset, c.first_row, c.buffered,
                            std::span<const std::string>(c.buffer.strings));
    } else if (c.width > 0) {
      with_type(c.type, [&](auto zero) {
        using T = decltype(zero);
        std::vector<T> values = converted<T>(c.buffer);
        write_chunk(*c.dataset, c.first_row, c.chunk_rows * c.width, c.width, std::move(values));
      });
    }
    c.first_row += c.buffered;
    c.buffered = 0;
    c.buffer.reals.clear();
    c.buffer.integers.clear();
    c.buffer.strings.clear();
  }

  void flush_runs() {
    if (runs.empty()) return;
    write_chunk(*run, run_first, run_chunk, 1, runs);
    run_first += runs.size();
    runs.clear();
  }
};

ResultWriter::ResultWriter(const std::filesystem::path& path, const ResultSchema& schema)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.rows = schema.rows;
  s.file.emplace(h5::File::create(path));
  const h5::Group root = s.file->root();
  for (const auto& a : schema.attributes) write_attributes(root, DType::str, {a});

  s.run_chunk = chunk_rows_for(sizeof(std::int64_t), schema.rows);
  s.run.emplace(h5::create_dimension<std::int64_t>(root, "run", schema.rows, s.run_chunk));
  write_attributes(*s.run, DType::i64, schema.run_attributes);
  for (const auto& axis : schema.axes)
    write_attributes(write_whole(root, axis, true), axis.type, axis.attributes);

  for (const auto& v : schema.variables) {
    if (v.dims.empty() || v.dims.front() != "run") {
      write_attributes(write_whole(root, v, false), v.type, v.attributes);
      continue;
    }
    State::Column c;
    c.type = v.type;
    c.width = 1;
    for (std::size_t d = 1; d < v.dims.size(); ++d) {
      const auto axis = std::find_if(schema.axes.begin(), schema.axes.end(),
                                     [&](const Variable& a) { return a.name == v.dims[d]; });
      if (axis == schema.axes.end())
        throw RuntimeError("sweep file: variable '" + v.name + "' uses dimension '" + v.dims[d] +
                           "' which has no coordinate");
      c.width *= axis->element_count();
    }
    const std::size_t row_bytes = std::max<std::size_t>(c.width * value_bytes(v.type), 1);
    c.chunk_rows = chunk_rows_for(row_bytes, schema.rows);
    h5::Shape chunk{c.chunk_rows};
    for (std::size_t d = 1; d < v.dims.size(); ++d) {
      const auto axis = std::find_if(schema.axes.begin(), schema.axes.end(),
                                     [&](const Variable& a) { return a.name == v.dims[d]; });
      chunk.push_back(std::max<hsize_t>(axis->element_count(), 1));
    }
    if (v.type == DType::str) {
      c.dataset.emplace(h5::create_string_variable(root, v.name, v.dims, chunk));
    } else {
      with_type(v.type, [&](auto zero) {
        c.dataset.emplace(h5::create_variable<decltype(zero)>(root, v.name, v.dims, chunk));
      });
    }
    write_attributes(*c.dataset, v.type, v.attributes);
    c.buffer.type = v.type;
    s.columns.push_back(std::move(c));
  }
}

ResultWriter::~ResultWriter() = default;

void ResultWriter::append(std::int64_t run, const std::vector<Variable>& row) {
  State& s = *state_;
  if (s.written >= s.rows)
    throw RuntimeError("sweep file: more rows than the " + std::to_string(s.rows) + " planned");
  if (row.size() != s.columns.size())
    throw RuntimeError("sweep file: a row of " + std::to_string(row.size()) + " variables, not " +
                       std::to_string(s.columns.size()));
  s.runs.push_back(run);
  if (s.runs.size() == s.run_chunk) s.flush_runs();
  for (std::size_t i = 0; i < row.size(); ++i) {
    State::Column& c = s.columns[i];
    const Variable& values = row[i];
    if (values.element_count() != c.width || values.type != c.type)
      throw RuntimeError("sweep file: variable '" + values.name + "' has " +
                         std::to_string(values.element_count()) + " values in run " +
                         std::to_string(run) + ", its shape needs " + std::to_string(c.width));
    c.buffer.reals.insert(c.buffer.reals.end(), values.reals.begin(), values.reals.end());
    c.buffer.integers.insert(c.buffer.integers.end(), values.integers.begin(),
                             values.integers.end());
    c.buffer.strings.insert(c.buffer.strings.end(), values.strings.begin(), values.strings.end());
    if (++c.buffered == c.chunk_rows) s.flush(c);
  }
  ++s.written;
}

void ResultWriter::finish() {
  State& s = *state_;
  if (s.written != s.rows)
    throw RuntimeError("sweep file: " + std::to_string(s.written) + " rows of the " +
                       std::to_string(s.rows) + " planned");
  s.flush_runs();
  for (auto& c : s.columns) s.flush(c);
  s.columns.clear();
  s.run.reset();
  s.file->close();
}

std::vector<Variable> empty_row(const ResultSchema& schema) {
  std::vector<Variable> row;
  for (const auto& v : schema.variables) {
    if (v.dims.empty() || v.dims.front() != "run") continue;
    Variable cell;
    cell.name = v.name;
    cell.type = v.type;
    row.push_back(std::move(cell));
  }
  return row;
}

}  // namespace frontline
