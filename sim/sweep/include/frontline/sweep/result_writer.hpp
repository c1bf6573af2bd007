#pragma once
// Writes a sweep result file as its rows arrive, in run order, through the one
// HDF5 layer (frontline/output/hdf5.hpp): every variable along `run` is created
// at its final shape, chunked along `run` (whole rows, about 1 MiB a chunk),
// compressed, and written a whole chunk at a time from a buffer of one chunk.
// Memory is therefore about one chunk per variable, whatever the number of
// runs. The same rows give the same bytes, whichever path (a sweep's journal,
// a merge of shards, an in-memory table) produced them.
//
// Rows come one at a time (append), or a block of kPieceRuns rows at a time
// whose numeric variables are already encoded (append_block): a rank or thread
// that ran a block's runs encodes its pieces (BlockEncoder), and the writer
// only joins them with the pieces it encodes itself from rows, in row order.
// Pieces depend only on their rows' values, so both give the same bytes.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "frontline/output/hdf5.hpp"
#include "frontline/sweep/table.hpp"

namespace frontline {

// Blocks: the rows [index * kPieceRuns, (index + 1) * kPieceRuns) of a result
// file (fewer in the last one), the unit of work handed to a rank.
std::uint64_t block_count(std::uint64_t rows);
std::uint64_t block_rows(std::uint64_t index, std::uint64_t rows);

// A block whose numeric variables along `run` are encoded: per variable along
// run (schema order), the block's strings (string variables, rows x width) or
// its pieces (numeric ones, in row order: one piece of kPieceRuns rows, or one
// per chunk where chunks are shorter).
struct EncodedBlock {
  struct Column {
    std::vector<std::string> strings;
    std::vector<h5::EncodedPiece> pieces;
  };
  std::uint64_t index = 0;
  std::vector<std::int64_t> runs;  // the run index of each row
  std::vector<Column> columns;
};

// The block as bytes (little-endian, independent of the host) and back, for a
// journal record or an MPI message. decode_block throws RuntimeError if the
// bytes are not a block.
std::string encode_block(const EncodedBlock& block);
EncodedBlock decode_block(const std::string& bytes);

// Encodes blocks of a result file of `schema`, exactly as ResultWriter would
// encode their rows (same chunking, same padding of the file's last chunk).
class BlockEncoder {
 public:
  explicit BlockEncoder(const ResultSchema& schema);
  ~BlockEncoder();
  BlockEncoder(const BlockEncoder&) = delete;
  BlockEncoder& operator=(const BlockEncoder&) = delete;

  // Block `index` from its rows (in order; as ResultWriter::append takes them).
  EncodedBlock encode(std::uint64_t index, const std::vector<std::int64_t>& runs,
                      const std::vector<std::vector<Variable>>& rows) const;

 private:
  struct Shape;
  std::vector<Shape> shapes_;
  std::uint64_t rows_ = 0;
};

class ResultWriter {
 public:
  // Creates the file at `path` (a temporary file: see write_atomically).
  ResultWriter(const std::filesystem::path& path, const ResultSchema& schema);
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  // One row: the run index, then the values of each variable along `run`, in
  // schema order (reals, integers or strings as the variable's type says).
  void append(std::int64_t run, const std::vector<Variable>& row);
  // A whole block, next in row order (its first row is the next row to write);
  // its pieces and strings are moved into the file's buffers.
  void append_block(EncodedBlock block);
  std::uint64_t rows_written() const;
  // Writes what is buffered and the global attributes, and closes the file.
  void finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Writes `path` atomically (write_atomically; `replace` as there) with the rows
// that `write_rows` appends to the writer, in run order.
void write_result_file(const std::filesystem::path& path, bool replace, const ResultSchema& schema,
                       const std::function<void(ResultWriter&)>& write_rows);

}  // namespace frontline
