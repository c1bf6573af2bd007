#pragma once
// The output contract (docs/output-format.md): one netCDF-4/CF-conforming HDF5
// file per run that xarray (h5netcdf), h5py, pandas and ncdump open as is.
#include <filesystem>
#include <vector>

#include "frontline/record/run_record.hpp"

namespace frontline {

struct WriteOptions {
  bool force = false;  // replace an existing file
};

// Writes to a temporary file beside `path` and renames it into place only on
// success; never leaves a partial file at `path`. Throws RuntimeError with the
// path and the failing HDF5 call; InputError if `path` exists and !force.
void write_run_file(const std::filesystem::path& path, const RunRecord& record,
                    const RunMetadata& metadata, const std::vector<TargetResult>& targets,
                    const WriteOptions& options = {});

struct RunFile {
  RunRecord record;
  RunMetadata metadata;
  std::vector<TargetResult> targets;
  int schema_version = 0;
};

// Reads a run file back (for `frontline info`, tests and merges). Throws
// InputError naming the file for a missing, corrupt or other-schema file.
RunFile read_run_file(const std::filesystem::path& path);

}  // namespace frontline
