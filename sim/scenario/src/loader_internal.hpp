#pragma once
// The scenario loader's parts, internal to frontline_scenario.
//
// Tree stage: parse the file, resolve `include` (includes.cpp), apply --set
// (overrides.cpp), put the map file inline (includes.cpp). Reading stage: one
// reader per section fills a ScenarioSpec and records every problem in a
// DiagnosticList (read_*.cpp); the loader throws them all at once (loader.cpp).
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontline/core/error.hpp"
#include "frontline/scenario/loader.hpp"
#include "frontline/scenario/yaml_check.hpp"
#include "frontline/scenario/yaml_tree.hpp"

namespace frontline::detail {

namespace fs = std::filesystem;

// What FileResolver::find saw: the file to read, every candidate tried, and a
// candidate that exists but lies outside the folders a scenario may read.
struct FoundFile {
  std::optional<fs::path> path;
  std::vector<fs::path> tried;
  std::optional<fs::path> outside;
};

// Relative file names resolve beside the file whose node names them, then in
// the scenarios folder (LoadOptions::scenario_root). Only files under the first
// file's folder, the scenarios folder and LoadOptions::allowed_paths are found
// (symlinks resolved): the include policy of docs/reliability.md.
class FileResolver {
 public:
  FileResolver(fs::path base_dir, fs::path scenario_root, std::vector<fs::path> allowed);
  // `file_name` (as it appears in locations) lives in `dir`; it counts as read.
  void remember(const std::string& file_name, const fs::path& dir);
  // Another file read (a report).
  void note_read(const fs::path& path) { read_.push_back(path.string()); }
  // Every file read so far, in order.
  const std::vector<std::string>& read_files() const { return read_; }
  // The first candidate that exists under an allowed folder.
  FoundFile find(const std::string& relative, const Location& named_at) const;
  // "<what> not found (looked for ...)" or "<what> is outside the folders ...".
  Diagnostic not_found(const FoundFile& found, const std::string& what,
                       const Location& where) const;
  // Paths as they appear in messages.
  static std::string display(const fs::path& path);
  static std::string list(const std::vector<fs::path>& paths);

 private:
  fs::path base_dir_;
  fs::path scenario_root_;
  std::vector<fs::path> allowed_;
  std::map<std::string, fs::path> dirs_;
  std::vector<std::string> read_;
};

// ---- tree stage

// A file included by a chain of files, for cycle detection and messages.
struct IncludeChain {
  std::vector<std::string> canonical;
  std::vector<std::string> shown;
};

// Replaces a top-level `include: FILE` by FILE (recursively) with the rest of
// the tree applied as a merge patch. Throws InputError for a missing file, a
// cycle or too deep a chain.
YamlNode resolve_includes(YamlNode tree, FileResolver& files, IncludeChain chain);

// Applies each --set argument in order as a merge patch at its path; deleting a
// map node deletes the edges that touch it.
void apply_overrides(YamlNode& root, const std::vector<std::string>& overrides,
                     DiagnosticList& diagnostics);

// Replaces `map: {include: FILE, ...}` by FILE's content with the rest of the
// `map` section applied as a patch (patch_tree). False if the map file could not
// be read (the problem is recorded); the map is then not checked further. A map
// without `include` is left as it is.
bool assemble_map(YamlNode& root, FileResolver& files, DiagnosticList& diagnostics);

// A scenario tree patched by another (an including file over its base): a merge
// patch in which every null must delete a key that exists (else a diagnostic),
// and deleting a map node also deletes the edges that touch it.
YamlNode patch_tree(YamlNode target, const YamlNode& patch, DiagnosticList& diagnostics);

// The ids under map.nodes.
std::set<std::string> map_node_ids(const YamlNode& root);

// Deletes the edges under map.edges whose `from` or `to` is a node that was in
// `nodes_before` and is no longer under map.nodes.
void drop_edges_of_removed_nodes(YamlNode& root, const std::set<std::string>& nodes_before);

// ---- reading stage

struct LoadContext {
  LoadContext(DiagnosticList& diagnostics_, const LoadOptions& options_, FileResolver& files_)
      : diagnostics(diagnostics_), options(options_), files(files_) {}

  DiagnosticList& diagnostics;
  const LoadOptions& options;
  FileResolver& files;
  ScenarioSpec spec;

  bool calendar_ok = false;
  bool map_loaded = true;  // false: the map file was missing or malformed
  bool map_ok = false;     // node references can be checked
  std::map<std::string, NodeKind> node_kinds;
  std::vector<std::string> node_ids;
  bool factions_ok = false;  // faction references can be checked
  std::vector<std::string> faction_ids;
  std::map<std::string, std::vector<std::string>> unit_ids;    // by faction
  std::map<std::string, std::vector<std::string>> bridge_ids;  // by faction
  bool sources_ok = true;
  std::vector<std::string> source_ids;
  std::map<std::string, std::optional<std::string>> report_texts;  // normalised; by source id

  // Reference checks: record "unknown node 'x'" (with a suggestion) and return
  // false; true when the reference is fine or cannot be judged.
  bool known_node(const YamlNode& at, const std::string& id);
  bool known_faction(const YamlNode& at, const std::string& id);
  // An id-map entry that a --set path created on its way (factions.ISSI.x=1):
  // records "unknown <what> 'ISSI'" and returns true; the entry is skipped.
  bool invented(const YamlEntry& entry, const std::string& what, const YamlNode& map);
  // Checks an id against [A-Za-z0-9_]+ (or with '-' too); records a diagnostic.
  bool valid_id(const YamlEntry& entry, const std::string& what, bool allow_dash);

  bool in_calendar(Days date) const;
  std::string calendar_text() const;
};

// Collapses runs of whitespace to one space and trims the ends.
std::string normalise_whitespace(std::string_view text);

// `cite: {source, quote, note}` and/or `assumption: "..."` of an item; with
// require_citations an item without either is an error.
Citation read_citation(LoadContext& context, MappingReader& item, const std::string& item_name,
                       bool required_when_strict);

void read_sources(LoadContext& context, const YamlNode* sources);
void read_calendar(LoadContext& context, const YamlNode* calendar);
void read_map(LoadContext& context, const YamlNode* map);
void read_factions(LoadContext& context, const YamlNode* factions);
void read_relations(LoadContext& context, const YamlNode* relations, const Location& fallback);
void read_control(LoadContext& context, const YamlNode* control);
void read_events(LoadContext& context, const YamlNode* events);
void read_parameters(LoadContext& context, const YamlNode* parameters);
void read_targets(LoadContext& context, const YamlNode* targets);
void read_calibrated(LoadContext& context, const YamlNode* calibrated);
// Nodes x time points and units x time points within LoadOptions::max_cells.
void check_size(LoadContext& context, const Location& calendar_where);

}  // namespace frontline::detail
