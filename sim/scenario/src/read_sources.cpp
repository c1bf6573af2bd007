// Sources (the reports) and citations of them.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "frontline/scenario/limits.hpp"
#include "loader_internal.hpp"

namespace frontline::detail {

std::string normalise_whitespace(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

namespace {

std::optional<std::string> read_report(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  const auto size = fs::file_size(path, ec);
  if (ec || size > InputLimits::max_file_bytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return std::nullopt;
  return text.str();
}

bool source_id_ok(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

void read_source(LoadContext& context, const YamlEntry& entry) {
  MappingReader reader(entry.value, context.diagnostics, "source '" + entry.key + "'");
  const auto file = reader.required_string("file");
  const auto title = reader.required_string("title");
  reader.finish();
  if (!file || !title) return;
  context.spec.sources.push_back({entry.key, *file, *title});
  const Location where = reader.where("file");
  const FoundFile found = context.files.find(*file, where);
  std::optional<std::string> text = found.path ? read_report(*found.path) : std::nullopt;
  if (found.path) context.files.note_read(*found.path);
  if (!found.path) {
    const Diagnostic d = context.files.not_found(found, "report '" + *file + "'", where);
    context.diagnostics.add(d.where, d.message, d.expected);
  } else if (!text) {
    context.diagnostics.add(
        where, "report '" + *file + "' cannot be read",
        "a regular text file of at most " + std::to_string(InputLimits::max_file_bytes) + " bytes");
  }
  context.report_texts[entry.key] =
      text ? std::optional<std::string>(normalise_whitespace(*text)) : std::nullopt;
}

std::string shortened(const std::string& quote) {
  return quote.size() <= 80 ? quote : quote.substr(0, 77) + "...";
}

Citation read_cite(LoadContext& context, const YamlNode& node) {
  MappingReader reader(node, context.diagnostics, "cite");
  Citation cite;
  const auto source = reader.required_string("source");
  const auto quote = reader.required_string("quote");
  cite.note = reader.optional_string("note").value_or("");
  reader.finish();
  if (!source || !quote) return cite;
  cite.source = *source;
  cite.quote = *quote;
  const auto report = context.report_texts.find(*source);
  if (report == context.report_texts.end()) {
    if (context.sources_ok)
      context.diagnostics.add(reader.where("source"), "unknown source '" + *source + "'",
                              suggestion(*source, context.source_ids, "source"));
    return cite;
  }
  if (!report->second) return cite;  // unreadable: reported with the source
  const std::string wanted = normalise_whitespace(*quote);
  if (wanted.empty() || report->second->find(wanted) == std::string::npos) {
    std::string file;
    for (const auto& s : context.spec.sources)
      if (s.id == *source) file = s.file;
    context.diagnostics.add(reader.where("quote"),
                            "quote not found in " + file + ": '" + shortened(*quote) + "'",
                            "a passage copied verbatim from the report (line breaks and runs of "
                            "spaces may differ)");
  }
  return cite;
}

}  // namespace

void read_sources(LoadContext& context, const YamlNode* sources) {
  if (sources == nullptr) return;
  if (!sources->is_mapping()) {
    context.sources_ok = false;
    return;
  }
  for (const auto& entry : sources->entries) {
    context.source_ids.push_back(entry.key);
    if (!source_id_ok(entry.key)) {
      context.diagnostics.add(entry.key_where, "invalid source id '" + entry.key + "'",
                              "letters, digits, '_' and '-'");
      continue;
    }
    read_source(context, entry);
  }
}

Citation read_citation(LoadContext& context, MappingReader& item, const std::string& item_name,
                       bool required_when_strict) {
  Citation cite;
  if (const YamlNode* node = item.get("cite")) cite = read_cite(context, *node);
  if (const auto assumption = item.optional_string("assumption")) {
    cite.assumption = *assumption;
    if (normalise_whitespace(*assumption).empty())
      context.diagnostics.add(item.where("assumption"), "empty assumption for " + item_name,
                              "the reason for the value, in words");
  }
  const bool has_one = item.has("cite") || item.has("assumption");
  if (required_when_strict && context.options.require_citations && !has_one && item.valid())
    context.diagnostics.add(item.node().where, item_name + " has neither 'cite' nor 'assumption'",
                            "cite: {source, quote} from a report, or assumption: \"reason\"; "
                            "citations are required here");
  return cite;
}

}  // namespace frontline::detail
