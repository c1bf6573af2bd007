#pragma once
// A calibration made ready to run: the file's targets resolved against the
// scenario (new targets added to it with --set), every parameter path checked
// by the sweep machinery, and each wave's runs executed as a sweep (threads,
// MPI ranks, a journal that survives a kill) in a work folder beside the output.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "frontline/calibrate/calibrate.hpp"
#include "frontline/calibrate/calibration_file.hpp"
#include "frontline/sweep/scenario_work.hpp"

namespace frontline {

struct CalibrationProblem {
  CalibrationSpec spec;
  CalibrationSettings settings;
  ScenarioSweep sweep;  // the template of every wave: its plan's points are replaced
  std::vector<std::size_t> target_columns;  // each target's index along the sweep's target axis
  std::string fingerprint;                  // of the calibration (file, scenario, seed, build)
};

// Throws InputError (located in the calibration file where possible) for an
// unknown parameter path, a value the scenario refuses, an unknown or
// ill-formed target, or nothing to fit.
CalibrationProblem prepare_calibration(const CalibrationSpec& spec, const ScenarioLoader& load,
                                       std::optional<std::uint64_t> seed);

struct WaveSweepOptions {
  std::filesystem::path folder;  // wave-NNN.h5 and their journals
  int threads = 1;
  std::FILE* progress = stderr;
  std::string created;  // ISO time for the journals' headers
};

// Runs each wave as a sweep into folder/wave-NNN.h5 (resuming it, or taking
// it as it is when complete), then reads the target values back.
WaveRunner sweep_wave_runner(const CalibrationProblem& problem, const WaveSweepOptions& options);

std::filesystem::path wave_file(const std::filesystem::path& folder, std::uint32_t wave);
// The work folder of an output: OUT.h5.waves
std::filesystem::path work_folder(const std::filesystem::path& output);

}  // namespace frontline
