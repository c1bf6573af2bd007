// MappingReader: the keys of one mapping, read with diagnostics; unknown keys
// reported at finish() with a suggestion.

#include "frontline/scenario/yaml_check.hpp"

namespace frontline {

MappingReader::MappingReader(const YamlNode& node, DiagnosticList& diagnostics, std::string what)
    : node_(node), diagnostics_(diagnostics), what_(std::move(what)), valid_(node.is_mapping()) {
  if (!valid_)
    diagnostics_.add(node.where, "wrong type for " + what_ + ": got " + describe(node),
                     "a mapping of keys to values");
}

const YamlNode* MappingReader::present(const std::string& key) {
  if (known_.insert(key).second) known_order_.push_back(key);
  if (!valid_) return nullptr;
  const YamlNode* value = node_.find(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

const YamlNode* MappingReader::get(const std::string& key) { return present(key); }

bool MappingReader::has(const std::string& key) { return present(key) != nullptr; }

void MappingReader::allow(std::initializer_list<const char*> keys) {
  for (const char* key : keys) present(key);
}

Location MappingReader::where(const std::string& key) const {
  const YamlNode* value = node_.find(key);
  return value == nullptr ? node_.where : value->where;
}

Location MappingReader::key_where(const std::string& key) const {
  const YamlEntry* entry = node_.find_entry(key);
  return entry == nullptr ? node_.where : entry->key_where;
}

void MappingReader::missing(const std::string& key, const std::string& expected) {
  if (!valid_) return;
  diagnostics_.add(node_.where, "missing required key '" + key + "' in " + what_, expected);
}

void MappingReader::reject(const std::string& key, const std::string& message,
                           const std::string& expected) {
  present(key);
  diagnostics_.add(key_where(key), message, expected);
}

#define FRONTLINE_READ(required_name, optional_name, type, expected, call)   \
  std::optional<type> MappingReader::optional_name(const std::string& key) { \
    const YamlNode* value = present(key);                                    \
    if (value == nullptr) return std::nullopt;                               \
    return call;                                                             \
  }                                                                          \
  std::optional<type> MappingReader::required_name(const std::string& key) { \
    if (!has(key)) {                                                         \
      missing(key, expected);                                                \
      return std::nullopt;                                                   \
    }                                                                        \
    return optional_name(key);                                               \
  }

FRONTLINE_READ(required_string, optional_string, std::string, "a string",
               read_string(*value, key, diagnostics_))
FRONTLINE_READ(required_unsigned, optional_unsigned, std::uint64_t, "a whole number",
               read_unsigned(*value, key, diagnostics_))
FRONTLINE_READ(required_bool, optional_bool, bool, "true or false",
               read_bool(*value, key, diagnostics_))
FRONTLINE_READ(required_date, optional_date, Days, "a date, YYYY-MM-DD",
               read_date(*value, key, diagnostics_))
FRONTLINE_READ(required_duration, optional_duration, int, "a duration such as 1d or 6h",
               read_duration(*value, key, diagnostics_))
FRONTLINE_READ(required_string_list, optional_string_list, std::vector<std::string>,
               "a list of strings", read_string_list(*value, key, diagnostics_))
#undef FRONTLINE_READ

std::optional<double> MappingReader::optional_number(const std::string& key, double min,
                                                     double max) {
  const YamlNode* value = present(key);
  if (value == nullptr) return std::nullopt;
  return read_number(*value, key, min, max, diagnostics_);
}

std::optional<double> MappingReader::required_number(const std::string& key, double min,
                                                     double max) {
  if (!has(key)) {
    missing(key, "a number");
    return std::nullopt;
  }
  return optional_number(key, min, max);
}

double MappingReader::number_or(const std::string& key, double fallback, double min, double max) {
  return optional_number(key, min, max).value_or(fallback);
}

std::optional<long long> MappingReader::optional_integer(const std::string& key, long long min,
                                                         long long max) {
  const YamlNode* value = present(key);
  if (value == nullptr) return std::nullopt;
  return read_integer(*value, key, min, max, diagnostics_);
}

std::optional<long long> MappingReader::required_integer(const std::string& key, long long min,
                                                         long long max) {
  if (!has(key)) {
    missing(key, "a whole number");
    return std::nullopt;
  }
  return optional_integer(key, min, max);
}

std::optional<std::string> MappingReader::optional_choice(const std::string& key,
                                                          const std::vector<std::string>& choices) {
  const YamlNode* value = present(key);
  if (value == nullptr) return std::nullopt;
  return read_choice(*value, key, choices, diagnostics_);
}

std::optional<std::string> MappingReader::required_choice(const std::string& key,
                                                          const std::vector<std::string>& choices) {
  if (!has(key)) {
    std::string list;
    for (const auto& choice : choices) list += (list.empty() ? "" : ", ") + choice;
    missing(key, "one of " + list);
    return std::nullopt;
  }
  return optional_choice(key, choices);
}

const YamlNode* MappingReader::optional_mapping(const std::string& key) {
  const YamlNode* value = present(key);
  if (value == nullptr) return nullptr;
  if (!value->is_mapping()) {
    diagnostics_.add(value->where, "wrong type for '" + key + "': got " + describe(*value),
                     "a mapping of keys to values");
    return nullptr;
  }
  return value;
}

const YamlNode* MappingReader::required_mapping(const std::string& key) {
  if (!has(key)) {
    missing(key, "a mapping of keys to values");
    return nullptr;
  }
  return optional_mapping(key);
}

std::vector<std::string> MappingReader::unused_keys() const {
  std::vector<std::string> out;
  if (!valid_) return out;
  for (const auto& entry : node_.entries)
    if (!known_.count(entry.key)) out.push_back(entry.key);
  return out;
}

void MappingReader::finish() {
  if (!valid_) return;
  // One pass over the entries: a mapping of 500,000 unknown keys stays linear.
  for (const auto& entry : node_.entries) {
    if (known_.count(entry.key)) continue;
    // A suggestion costs an edit distance per known key: none for problems the
    // list no longer keeps.
    const bool kept = diagnostics_.size() < DiagnosticList::max_kept;
    diagnostics_.add(entry.key_where, "unknown key '" + entry.key + "' in " + what_,
                     kept ? suggestion(entry.key, known_order_, "key") : std::string());
  }
}

}  // namespace frontline
