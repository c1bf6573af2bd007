#pragma once
// The calibration's result file (docs/calibration.md): netCDF-4/HDF5 that
// xarray opens as is. Accepted samples with weights and per-target distances
// (ABC) or implausibilities (history matching), every simulated point, and
// per-wave diagnostics. Written to a temporary file and renamed into place;
// the same result gives the same bytes.
#include <filesystem>

#include "frontline/calibrate/problem.hpp"

namespace frontline {

void write_calibration_file(const std::filesystem::path& path, const CalibrationProblem& problem,
                            const CalibrationResult& result);

// A calibrated variant (docs/calibration.md): a scenario file that includes
// `scenario_file` (by a path relative to the variant's folder) and holds the
// posterior as weighted samples under `calibrated:`, so that `run`, `sweep` and
// `check` draw each replicate's parameters from it. Temporary file, then rename.
void write_calibrated_variant(const std::filesystem::path& path, const CalibrationProblem& problem,
                              const CalibrationResult& result,
                              const std::filesystem::path& scenario_file,
                              const std::filesystem::path& result_file);

// The calibration fingerprint stored in an existing result file ("" if none).
std::string calibration_file_fingerprint(const std::filesystem::path& path);

}  // namespace frontline
