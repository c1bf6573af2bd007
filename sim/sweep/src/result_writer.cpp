#include "frontline/sweep/result_writer.hpp"

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

// Where the pieces of a variable lie: a chunk of `chunk_rows` rows is encoded
// in pieces of kPieceRuns rows from its first row (the last holding the rest),
// so a chunk shorter than kPieceRuns is one piece. The file's last chunk is
// padded with zeros past its end, which pieces there include.
hsize_t piece_rows_at(hsize_t row, hsize_t chunk_rows) {
  const hsize_t in_chunk = row % chunk_rows;
  return std::min<hsize_t>(kPieceRuns, chunk_rows - in_chunk);
}

// The shape of a variable along `run` in the file: its type, values per row
// and rows per chunk.
struct ColumnShape {
  DType type = DType::f64;
  std::size_t width = 1;
  hsize_t chunk_rows = 1;
};

std::vector<ColumnShape> column_shapes(const ResultSchema& schema) {
  std::vector<ColumnShape> shapes;
  for (const auto& v : schema.variables) {
    if (v.dims.empty() || v.dims.front() != "run") continue;
    ColumnShape shape;
    shape.type = v.type;
    for (std::size_t d = 1; d < v.dims.size(); ++d) {
      const auto axis = std::find_if(schema.axes.begin(), schema.axes.end(),
                                     [&](const Variable& a) { return a.name == v.dims[d]; });
      if (axis == schema.axes.end())
        throw RuntimeError("sweep file: variable '" + v.name + "' uses dimension '" + v.dims[d] +
                           "' which has no coordinate");
      shape.width *= axis->element_count();
    }
    const std::size_t row_bytes = std::max<std::size_t>(shape.width * value_bytes(v.type), 1);
    shape.chunk_rows = chunk_rows_for(row_bytes, schema.rows);
    shapes.push_back(shape);
  }
  return shapes;
}

// Pieces of `rows` rows (row-major, `width` values a row) as the writer cuts
// them, starting at `first_row`: `values` holds the rows that exist; rows past
// them (the padding of the file's last chunk) are zeros.
template <class T>
void encode_pieces(std::span<const T> values, std::size_t width, hsize_t first_row, hsize_t rows,
                   hsize_t chunk_rows, std::vector<h5::EncodedPiece>& out) {
  width = std::max<std::size_t>(width, 1);
  std::vector<T> padded;
  for (hsize_t row = first_row; row < first_row + rows;) {
    const hsize_t piece = piece_rows_at(row, chunk_rows);
    const std::size_t begin = (row - first_row) * width;
    const std::size_t count = piece * width;
    if (begin + count <= values.size()) {
      out.push_back(h5::encode_piece(values.subspan(begin, count)));
    } else {
      padded.assign(count, T{});
      if (begin < values.size())
        std::copy(values.begin() + static_cast<std::ptrdiff_t>(begin), values.end(),
                  padded.begin());
      out.push_back(h5::encode_piece(std::span<const T>(padded)));
    }
    row += piece;
  }
}

}  // namespace

std::uint64_t block_count(std::uint64_t rows) { return (rows + kPieceRuns - 1) / kPieceRuns; }

std::uint64_t block_rows(std::uint64_t index, std::uint64_t rows) {
  const std::uint64_t first = index * kPieceRuns;
  return first >= rows ? 0 : std::min<std::uint64_t>(kPieceRuns, rows - first);
}

struct ResultWriter::State {
  struct Column {
    std::optional<h5::Dataset> dataset;
    ColumnShape shape;
    hsize_t first_row = 0;  // of the buffer
    Variable buffer;        // buffered rows' values (rows of given pieces excepted)
    hsize_t buffered = 0;   // rows since first_row, given pieces' included
    std::vector<std::pair<hsize_t, h5::EncodedPiece>> given;  // (first row, piece), in row order
  };
  std::optional<h5::File> file;
  std::optional<h5::Dataset> run;
  std::vector<std::int64_t> runs;  // buffered run indices
  hsize_t run_chunk = 1;
  hsize_t run_first = 0;
  std::vector<Column> columns;
  std::uint64_t rows = 0;
  std::uint64_t written = 0;

  // The whole chunk that starts at c.first_row, its pieces given or encoded
  // here from the buffered rows, joined (h5::join_pieces) and placed.
  void flush(Column& c) {
    if (c.buffered == 0) return;
    if (c.shape.type == DType::str) {
      h5::write_string_rows(*c.dataset, c.first_row, c.buffered,
                            std::span<const std::string>(c.buffer.strings));
    } else if (c.shape.width > 0) {
      with_type(c.shape.type, [&](auto zero) {
        using T = decltype(zero);
        const std::vector<T> values = converted<T>(c.buffer);
        const std::span<const T> buffered(values);
        std::vector<h5::EncodedPiece> pieces;
        std::size_t taken = 0;  // values of `buffered` already in pieces
        auto given = c.given.begin();
        for (hsize_t row = c.first_row; row < c.first_row + c.shape.chunk_rows;) {
          const hsize_t piece = piece_rows_at(row, c.shape.chunk_rows);
          if (given != c.given.end() && given->first == row) {
            pieces.push_back(std::move(given->second));
            ++given;
          } else {
            const std::size_t available =
                std::min<std::size_t>(piece * c.shape.width, buffered.size() - taken);
            encode_pieces(buffered.subspan(taken, available), c.shape.width, row, piece,
                          c.shape.chunk_rows, pieces);
            taken += available;
          }
          row += piece;
        }
        h5::write_encoded_chunk(*c.dataset, c.first_row, h5::join_pieces(pieces));
      });
    }
    c.first_row += c.buffered;
    c.buffered = 0;
    c.given.clear();
    c.buffer.reals.clear();
    c.buffer.integers.clear();
    c.buffer.strings.clear();
  }

  void flush_runs() {
    if (runs.empty()) return;
    runs.resize(run_chunk, 0);
    std::vector<h5::EncodedPiece> pieces;
    encode_pieces(std::span<const std::int64_t>(runs), 1, run_first, run_chunk, run_chunk, pieces);
    h5::write_encoded_chunk(*run, run_first, h5::join_pieces(pieces));
    run_first += run_chunk;
    runs.clear();
  }

  void add_run(std::int64_t index) {
    if (written >= rows)
      throw RuntimeError("sweep file: more rows than the " + std::to_string(rows) + " planned");
    runs.push_back(index);
    if (runs.size() == run_chunk) flush_runs();
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

  const std::vector<ColumnShape> shapes = column_shapes(schema);
  for (const auto& v : schema.variables) {
    if (v.dims.empty() || v.dims.front() != "run") {
      write_attributes(write_whole(root, v, false), v.type, v.attributes);
      continue;
    }
    State::Column c;
    c.shape = shapes[s.columns.size()];
    h5::Shape chunk{c.shape.chunk_rows};
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
  if (row.size() != s.columns.size())
    throw RuntimeError("sweep file: a row of " + std::to_string(row.size()) + " variables, not " +
                       std::to_string(s.columns.size()));
  s.add_run(run);
  for (std::size_t i = 0; i < row.size(); ++i) {
    State::Column& c = s.columns[i];
    const Variable& values = row[i];
    if (values.element_count() != c.shape.width || values.type != c.shape.type)
      throw RuntimeError("sweep file: variable '" + values.name + "' has " +
                         std::to_string(values.element_count()) + " values in run " +
                         std::to_string(run) + ", its shape needs " +
                         std::to_string(c.shape.width));
    c.buffer.reals.insert(c.buffer.reals.end(), values.reals.begin(), values.reals.end());
    c.buffer.integers.insert(c.buffer.integers.end(), values.integers.begin(),
                             values.integers.end());
    c.buffer.strings.insert(c.buffer.strings.end(), values.strings.begin(), values.strings.end());
    if (++c.buffered == c.shape.chunk_rows) s.flush(c);
  }
  ++s.written;
}

void ResultWriter::append_block(EncodedBlock block) {
  State& s = *state_;
  const std::uint64_t rows = block_rows(block.index, s.rows);
  const std::string which = "sweep file: block " + std::to_string(block.index);
  if (block.index * kPieceRuns != s.written)
    throw RuntimeError(which + " arrived when row " + std::to_string(s.written) +
                       " was the next to write");
  if (rows == 0 || block.runs.size() != rows || block.columns.size() != s.columns.size())
    throw RuntimeError(which + " holds " + std::to_string(block.runs.size()) + " rows of " +
                       std::to_string(block.columns.size()) + " variables, not " +
                       std::to_string(rows) + " of " + std::to_string(s.columns.size()));
  // Each column's pieces by their first row; rows counted as append counts them,
  // so chunks are flushed at the same moments (the same bytes).
  std::vector<std::size_t> next_piece(s.columns.size(), 0);
  for (std::uint64_t r = 0; r < rows; ++r) {
    const hsize_t row = block.index * kPieceRuns + r;
    s.add_run(block.runs[r]);
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
      State::Column& c = s.columns[i];
      EncodedBlock::Column& given = block.columns[i];
      if (c.shape.type == DType::str) {
        const std::size_t width = c.shape.width;
        if (given.strings.size() != rows * width)
          throw RuntimeError(which + ": a string variable of " +
                             std::to_string(given.strings.size()) + " values");
        const auto first = given.strings.begin() + static_cast<std::ptrdiff_t>(r * width);
        c.buffer.strings.insert(
            c.buffer.strings.end(), std::make_move_iterator(first),
            std::make_move_iterator(first + static_cast<std::ptrdiff_t>(width)));
      } else if (row % c.shape.chunk_rows % kPieceRuns == 0) {  // a piece starts here
        if (next_piece[i] >= given.pieces.size())
          throw RuntimeError(which + ": a numeric variable of " +
                             std::to_string(given.pieces.size()) + " pieces, too few");
        c.given.emplace_back(row, std::move(given.pieces[next_piece[i]++]));
      }
      if (++c.buffered == c.shape.chunk_rows) s.flush(c);
    }
    ++s.written;
  }
}

std::uint64_t ResultWriter::rows_written() const { return state_->written; }

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

struct BlockEncoder::Shape : ColumnShape {};

BlockEncoder::BlockEncoder(const ResultSchema& schema) : rows_(schema.rows) {
  for (const ColumnShape& shape : column_shapes(schema)) shapes_.push_back(Shape{shape});
}

BlockEncoder::~BlockEncoder() = default;

EncodedBlock BlockEncoder::encode(std::uint64_t index, const std::vector<std::int64_t>& runs,
                                  const std::vector<std::vector<Variable>>& rows) const {
  const std::uint64_t count = block_rows(index, rows_);
  if (count == 0 || runs.size() != count || rows.size() != count)
    throw RuntimeError("encoding block " + std::to_string(index) + ": " +
                       std::to_string(rows.size()) + " rows, not " + std::to_string(count));
  EncodedBlock block;
  block.index = index;
  block.runs = runs;
  block.columns.resize(shapes_.size());
  Variable gathered;
  for (std::size_t i = 0; i < shapes_.size(); ++i) {
    const Shape& shape = shapes_[i];
    gathered.type = shape.type;
    gathered.reals.clear();
    gathered.integers.clear();
    for (const auto& row : rows) {
      const Variable& cell = row.at(i);
      if (cell.element_count() != shape.width || cell.type != shape.type)
        throw RuntimeError("encoding block " + std::to_string(index) + ": variable '" + cell.name +
                           "' has " + std::to_string(cell.element_count()) +
                           " values, its shape needs " + std::to_string(shape.width));
      if (shape.type == DType::str) {
        block.columns[i].strings.insert(block.columns[i].strings.end(), cell.strings.begin(),
                                        cell.strings.end());
        continue;
      }
      gathered.reals.insert(gathered.reals.end(), cell.reals.begin(), cell.reals.end());
      gathered.integers.insert(gathered.integers.end(), cell.integers.begin(), cell.integers.end());
    }
    if (shape.type == DType::str || shape.width == 0) continue;
    const hsize_t first_row = index * kPieceRuns;
    // The block's rows, and past the file's end the padding of its last chunk.
    const hsize_t chunk_end =
        (first_row / shape.chunk_rows + 1) * shape.chunk_rows;  // of the first row's chunk
    const hsize_t padded = std::min<hsize_t>(first_row + kPieceRuns, chunk_end) - first_row;
    const hsize_t span = std::max<hsize_t>(padded, count);
    with_type(shape.type, [&](auto zero) {
      using T = decltype(zero);
      const std::vector<T> values = converted<T>(gathered);
      encode_pieces(std::span<const T>(values), shape.width, first_row, span, shape.chunk_rows,
                    block.columns[i].pieces);
    });
  }
  return block;
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
