// frontline merge SHARD.h5... -o OUT.h5 [--force]
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "frontline/core/error.hpp"
#include "frontline/sweep/assemble.hpp"
#include "frontline/sweep/session.hpp"

namespace frontline::cli {

namespace {

struct MergeOptions {
  std::vector<std::string> shards;
  std::string output;
  bool force = false;
};

int merge(const MergeOptions& options) {
  const std::filesystem::path output = options.output;
  check_output_path(output, options.force, false);
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& shard : options.shards) {
    files.emplace_back(shard);
    if (std::filesystem::equivalent(files.back(), output, ec))
      throw InputError(Location{shard}, "is also the output",
                       "an output path that is not one of the shards");
  }
  const MergeSummary merged = merge_shard_files(files, output, options.force);
  std::cout << "Merged " << files.size() << " shard" << (files.size() == 1 ? "" : "s") << ": "
            << merged.runs << " runs (" << merged.failed << " failed)\n"
            << "Output: " << std::filesystem::absolute(output).lexically_normal().string() << "\n";
  return 0;
}

}  // namespace

void add_merge_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<MergeOptions>();
  auto* command = app.add_subcommand(
      "merge",
      "Join the shard files of one sweep (frontline sweep --shard I/N) into one result file.\n"
      "Checks that the shards come from the same sweep and hold every run exactly once.");
  command->add_option("shards", options->shards, "Shard files")->required();
  command->add_option("-o,--output", options->output, "Output file")->required();
  command->add_flag("--force", options->force, "Replace an existing output");
  command->callback(
      [options, &context] { context.action = [options] { return merge(*options); }; });
}

}  // namespace frontline::cli
