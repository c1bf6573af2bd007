#pragma once
// Writing an output file so that it appears complete or not at all, and never
// over a user's file: one helper for the run file, the sweep file and merges.
#include <filesystem>
#include <functional>

namespace frontline {

// Writes `target` through a hidden temporary file beside it,
// `.NAME.tmp-PID-RANDOM`: `write` fills the temporary file (given its path),
// which is then flushed to disk (fsync), renamed into place and the folder
// synced. Without `replace` the rename never replaces anything at `target`
// (RENAME_NOREPLACE, or a hard link where the file system lacks it), so a file
// that appeared there meanwhile is kept and InputError "already exists" is
// thrown. On any failure the temporary file is removed. Throws RuntimeError for
// I/O failures (the message names `target`).
void write_atomically(const std::filesystem::path& target, bool replace,
                      const std::function<void(const std::filesystem::path&)>& write);

// Throws RuntimeError "cannot write TARGET: directory D does not exist" (or is
// not writable): the check write_atomically makes first.
void check_output_directory(const std::filesystem::path& target);

// Removes temporary files of `target` that a killed writer left behind (their
// process is gone). Never touches another running writer's file.
void remove_stale_temporaries(const std::filesystem::path& target);

}  // namespace frontline
