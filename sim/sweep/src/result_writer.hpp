#pragma once
// Writes a sweep result file as its rows arrive, in run order, through the one
// HDF5 layer (frontline/output/hdf5.hpp): every variable along `run` is created
// at its final shape, chunked along `run` (whole rows, about 1 MiB a chunk),
// compressed, and written a whole chunk at a time from a buffer of one chunk.
// Memory is therefore about one chunk per variable, whatever the number of
// runs. The same rows give the same bytes, whichever path (a sweep's journal,
// a merge of shards, an in-memory table) produced them.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "frontline/sweep/table.hpp"

namespace frontline {

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
