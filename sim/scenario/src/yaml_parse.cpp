// parse_yaml_text / parse_yaml_file: a YamlNode tree from yaml-cpp's event API,
// with locations, duplicate-key detection and limits on hostile input.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <new>
#include <optional>
#include <sstream>

#include "frontline/core/text.hpp"
#include "frontline/scenario/limits.hpp"
#include "frontline/scenario/yaml_tree.hpp"
#include "scalars.hpp"

namespace frontline {

namespace {

std::string hex_byte(unsigned char c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02x", static_cast<unsigned>(c));
  return buffer;
}

// Text files only: valid UTF-8, no control characters but tab, CR and LF.
void check_text(const std::string& text, const std::string& file, int first_column) {
  int line = 1;
  int column = first_column;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line, column = 1, ++i;
      continue;
    }
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F)
        throw InputError({file, line, column}, "control character " + hex_byte(c) + " in the text",
                         "a YAML text file in UTF-8; this looks like binary data");
      ++i, ++column;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0)
      throw InputError({file, line, column}, "invalid UTF-8 byte " + hex_byte(c),
                       "a YAML text file in UTF-8");
    i += length, ++column;
  }
}

// A string's value after YAML escapes (such as \e or \x9b) are decoded: no
// control characters but tab and line feed, so that no string of a scenario can
// move the cursor, retitle the terminal or truncate a name stored in a file.
void check_decoded_string(const std::string& value, const Location& where) {
  for (std::size_t i = 0; i < value.size();) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
        throw InputError(where, "string holds the control character " + hex_byte(c),
                         "printable text; control characters and terminal escapes are not "
                         "allowed in strings");
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(value, i);
    if (length == 0)
      throw InputError(where, "string holds the invalid UTF-8 byte " + hex_byte(c),
                       "text in UTF-8");
    if (is_c1_control(value, i))
      throw InputError(where,
                       "string holds the control character U+00" +
                           hex_byte(static_cast<unsigned char>(value[i + 1])).substr(2),
                       "printable text; control characters and terminal escapes are not "
                       "allowed in strings");
    i += length;
  }
}

// A yaml-cpp mark (0-based) as a location; the first line starts at `first_column`.
Location at(const std::string& file, const YAML::Mark& mark, int first_column = 1) {
  if (mark.is_null() || mark.line < 0) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + (mark.line == 0 ? first_column : 1)};
}

// What a yaml-cpp error message means for the person fixing the file.
std::string hint_for(const std::string& message) {
  static const std::map<std::string, std::string> hints = {
      {YAML::ErrorMsg::END_OF_MAP, "the keys of one mapping at the same indentation"},
      {YAML::ErrorMsg::END_OF_MAP_FLOW, "a '}' closing the mapping that starts"},
      {YAML::ErrorMsg::END_OF_SEQ, "the items of one list at the same indentation"},
      {YAML::ErrorMsg::END_OF_SEQ_FLOW, "a ']' closing the list that starts"},
      {YAML::ErrorMsg::EOF_IN_SCALAR, "a closing quote before the end of the file"},
      {YAML::ErrorMsg::MAP_VALUE, "'key: value' with a space after the colon"},
      {YAML::ErrorMsg::BLOCK_ENTRY, "'- item' only where a list may start"},
      {YAML::ErrorMsg::UNKNOWN_ANCHOR, "an anchor (&name) defined before its alias (*name)"},
      {YAML::ErrorMsg::TAB_IN_INDENTATION, "spaces for indentation, not tabs"},
  };
  const auto it = hints.find(message);
  return it == hints.end() ? "well-formed YAML" : it->second;
}

using Limits = InputLimits;

// yaml-cpp 0.7 accepts a double-quoted scalar left open at the end of the input
// ("a: \"text"): check that the quote at `pos` is closed.
bool quote_closed(const std::string& text, std::size_t pos) {
  if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\'')) return true;
  const char quote = text[pos];
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is an escaped quote
        continue;
      }
      return true;
    }
  }
  return false;
}

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::string file, const std::string& text, int first_column)
      : file_(std::move(file)), text_(text), first_column_(first_column) {}

  // Where the innermost collection still open starts, if any.
  std::optional<Location> open_collection() const {
    if (stack_.empty()) return std::nullopt;
    return stack_.back().node.where;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 1) return;
    const bool marked =
        mark.pos >= 0 && text_.compare(static_cast<std::size_t>(mark.pos), 3, "---") == 0;
    throw InputError(at(file_, mark, first_column_), "a second YAML document starts here",
                     marked
                         ? "one document per file"
                         : "one document per file (is this line indented like the ones before?)");
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Location where = at(file_, mark, first_column_);
    // An empty value (`key:`) is reported by yaml-cpp at the next token: use the key.
    if (!stack_.empty() && stack_.back().node.is_mapping() && stack_.back().have_key) {
      const Frame& parent = stack_.back();
      // yaml-cpp 0.7 takes a last line without a colon ("  fighters 5000" at the
      // end of the input) for a key with no value, reported at the key itself.
      if (!parent.flow && where.line == parent.key_where.line &&
          where.column == parent.key_where.column)
        throw InputError(where, "'" + parent.key + "' has no ':' after it",
                         "'key: value'; a line of a mapping needs a colon");
      where = parent.key_where;
    }
    add_leaf(YamlNode::null_at(where), anchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const Location where = at(file_, mark, first_column_);
    if (value.size() > Limits::max_string_bytes)
      throw InputError(where, "string of " + std::to_string(value.size()) + " bytes is too long",
                       "at most " + std::to_string(Limits::max_string_bytes) + " bytes");
    const bool quoted = tag != "?";
    if (quoted && mark.pos >= 0 && !quote_closed(text_, static_cast<std::size_t>(mark.pos)))
      throw InputError(where, "quoted string not closed before the end of the input",
                       "a closing quote");
    check_decoded_string(value, where);
    add_bytes(value.size(), where);
    add_leaf(!quoted && detail::is_null_text(value) ? YamlNode::null_at(where)
                                                    : YamlNode::scalar(value, quoted, where),
             anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const Location where = at(file_, mark, first_column_);
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end() || !it->second.complete)
      throw InputError(where,
                       "alias '*" + anchor_name(anchor) + "' refers to a node that contains it",
                       "aliases of complete nodes only");
    total_ += it->second.size;
    add_bytes(it->second.bytes, where, anchor);
    if (total_ > Limits::max_nodes_in_tree)
      throw InputError(where,
                       "alias '*" + anchor_name(anchor) + "' expands the document beyond " +
                           std::to_string(Limits::max_nodes_in_tree) + " nodes",
                       "at most " + std::to_string(Limits::max_nodes_in_tree) +
                           " nodes after aliases are expanded (is this an alias bomb?)");
    check_depth(it->second.depth, where, anchor);
    YamlNode placeholder = YamlNode::null_at(where);
    placeholder.alias_ = anchor;
    place(std::move(placeholder), it->second.depth);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(YamlNode::sequence(at(file_, mark, first_column_)), anchor,
         style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(YamlNode::mapping(at(file_, mark, first_column_)), anchor,
         style == YAML::EmitterStyle::Flow || in_flow());
  }
  void OnMapEnd() override { close(); }
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }

  // The finished tree with every alias expanded.
  YamlNode result() {
    if (!duplicates_.empty()) throw InputError(duplicates_);
    if (!root_) return YamlNode::null_at({file_, 0, 0});
    expand(*root_);
    return std::move(*root_);
  }

 private:
  struct Frame {
    YamlNode node;
    YAML::anchor_t anchor = 0;
    std::size_t total_before = 0;
    std::size_t bytes_before = 0;
    int child_depth = 0;
    bool flow = false;  // a {flow} mapping or [list]
    bool have_key = false;
    std::string key;
    Location key_where;
    std::map<std::string, Location> seen;
  };
  struct Anchored {
    YamlNode node;
    std::size_t size = 0;   // nodes after expansion
    std::size_t bytes = 0;  // bytes of keys and strings after expansion
    int depth = 1;          // levels after expansion
    bool complete = false;
    std::string name;
  };

  std::string anchor_name(YAML::anchor_t anchor) const {
    const auto it = anchors_.find(anchor);
    return it == anchors_.end() ? std::to_string(anchor) : it->second.name;
  }

  void count(const Location& where) {
    if (++total_ > Limits::max_nodes_in_tree)
      throw InputError(
          where,
          "the document has more than " + std::to_string(Limits::max_nodes_in_tree) + " nodes",
          "a smaller document");
  }

  // Counts the bytes of a key or string (or of an alias's expansion): bounds the
  // memory of the expanded tree, which the node count alone does not.
  void add_bytes(std::size_t bytes, const Location& where, YAML::anchor_t anchor = 0) {
    bytes_ += bytes;
    if (bytes_ <= Limits::max_expanded_bytes) return;
    const std::string limit = std::to_string(Limits::max_expanded_bytes);
    throw InputError(where,
                     anchor == 0 ? "the document holds more than " + limit + " bytes of text"
                                 : "alias '*" + anchor_name(anchor) +
                                       "' expands the document beyond " + limit + " bytes of text",
                     "at most " + limit +
                         " bytes of keys and strings after aliases are expanded (is this an "
                         "alias bomb?)");
  }

  void check_depth(int depth, const Location& where, YAML::anchor_t anchor = 0) {
    if (static_cast<int>(stack_.size()) + depth <= Limits::max_depth) return;
    const std::string limit = std::to_string(Limits::max_depth);
    throw InputError(where,
                     anchor == 0 ? "nesting deeper than " + limit + " levels"
                                 : "alias '*" + anchor_name(anchor) +
                                       "' nests the document deeper than " + limit + " levels",
                     "at most " + limit + " nested mappings and lists");
  }

  void register_anchor(YAML::anchor_t anchor, const YamlNode& node, std::size_t size,
                       std::size_t bytes, int depth) {
    Anchored& entry = anchors_[anchor];
    entry.node = node;
    entry.size = size;
    entry.bytes = bytes;
    entry.depth = depth;
    entry.complete = true;
  }

  void begin_anchor(YAML::anchor_t anchor) {
    if (anchor == 0) return;
    anchors_[anchor].name = pending_name_;
    pending_name_.clear();
  }

  void add_leaf(YamlNode node, YAML::anchor_t anchor) {
    count(node.where);
    begin_anchor(anchor);
    if (anchor != 0) register_anchor(anchor, node, 1, node.text.size(), 1);
    place(std::move(node), 1);
  }

  // Inside a flow collection, every collection is flow (yaml-cpp reports the
  // implicit mapping of `[a: 1]` as a block one).
  bool in_flow() const { return !stack_.empty() && stack_.back().flow; }

  void open(YamlNode node, YAML::anchor_t anchor, bool flow) {
    check_depth(1, node.where);
    const std::size_t before = total_;
    count(node.where);
    begin_anchor(anchor);
    Frame frame;
    frame.node = std::move(node);
    frame.anchor = anchor;
    frame.flow = flow || in_flow();
    frame.total_before = before;
    frame.bytes_before = bytes_;
    stack_.push_back(std::move(frame));
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    const int depth = 1 + frame.child_depth;
    if (frame.anchor == 0) {
      place(std::move(frame.node), depth);
      return;
    }
    // Store an anchored node once; the tree holds a placeholder that expand() fills.
    YamlNode placeholder = YamlNode::null_at(frame.node.where);
    placeholder.alias_ = frame.anchor;
    Anchored& entry = anchors_[frame.anchor];
    entry.node = std::move(frame.node);
    entry.size = total_ - frame.total_before;
    entry.bytes = bytes_ - frame.bytes_before;
    entry.depth = depth;
    entry.complete = true;
    place(std::move(placeholder), depth);
  }

  void place(YamlNode node, int depth) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& parent = stack_.back();
    parent.child_depth = std::max(parent.child_depth, depth);
    if (parent.node.is_sequence()) {
      parent.node.items.push_back(std::move(node));
    } else if (!parent.have_key) {
      take_key(parent, node);
    } else {
      parent.node.entries.push_back({std::move(parent.key), parent.key_where, std::move(node)});
      parent.have_key = false;
    }
  }

  void take_key(Frame& parent, const YamlNode& key) {
    if (key.alias_ != 0 || key.is_mapping() || key.is_sequence())
      throw InputError(key.where, "a mapping key must be a plain name, not " + describe(key),
                       "a scalar key such as 'name'");
    if (key.is_null())
      throw InputError(key.where, "empty mapping key", "a key such as 'name' before the ':'");
    const auto [it, inserted] = parent.seen.emplace(key.text, key.where);
    if (!inserted)
      duplicates_.push_back({key.where, "duplicate key '" + key.text + "'",
                             "each key once per mapping; first given at " + it->second.str()});
    parent.have_key = true;
    parent.key = key.text;
    parent.key_where = key.where;
  }

  const YamlNode& expanded_anchor(YAML::anchor_t anchor) {
    Anchored& entry = anchors_.at(anchor);
    if (!expanded_.count(anchor)) {
      YamlNode copy = entry.node;
      expand(copy);
      expanded_.emplace(anchor, std::move(copy));
    }
    return expanded_.at(anchor);
  }

  void expand(YamlNode& node) {
    if (node.alias_ != 0) {
      const Location where = node.where;
      node = expanded_anchor(node.alias_);
      node.where = where;
      return;
    }
    for (auto& item : node.items) expand(item);
    for (auto& entry : node.entries) expand(entry.value);
  }

  std::string file_;
  const std::string& text_;
  int first_column_ = 1;
  int documents_ = 0;
  std::size_t total_ = 0;
  std::size_t bytes_ = 0;
  std::vector<Frame> stack_;
  std::optional<YamlNode> root_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::map<YAML::anchor_t, YamlNode> expanded_;
  std::string pending_name_;
  std::vector<Diagnostic> duplicates_;
};

}  // namespace

YamlNode parse_yaml_text(const std::string& text, const std::string& file_name, int first_column) {
  if (text.size() > InputLimits::max_file_bytes)
    throw InputError({file_name}, "input of " + std::to_string(text.size()) + " bytes is too large",
                     "at most " + std::to_string(InputLimits::max_file_bytes) + " bytes");
  check_text(text, file_name, first_column);
  TreeBuilder builder(file_name, text, first_column);
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const InputError&) {
    throw;
  } catch (const YAML::Exception& e) {
    std::string hint = hint_for(e.msg);
    const auto open = builder.open_collection();
    if (open &&
        (e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW || e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW))
      hint += " at " + open->str();
    throw InputError(at(file_name, e.mark, first_column), "invalid YAML: " + e.msg, hint);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError({file_name}, std::string("could not parse: ") + e.what(), "well-formed YAML");
  }
  return builder.result();
}

YamlNode parse_yaml_file(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  const std::string name = path.string();
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError({name}, "file not found", "an existing YAML file");
  if (fs::is_directory(status)) throw InputError({name}, "is a directory", "a YAML file");
  if (!fs::is_regular_file(status))
    throw InputError({name}, "is not a regular file", "a YAML file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError({name}, std::string("cannot open the file: ") + std::strerror(errno),
                     "a readable YAML file");
  const auto size = fs::file_size(path, ec);
  std::string text;
  text.resize(
      ec ? InputLimits::max_file_bytes + 1
         : static_cast<std::size_t>(std::min<std::uintmax_t>(size, InputLimits::max_file_bytes)) +
               1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw InputError({name}, "cannot read the file", "a readable YAML file");
  if (text.size() > InputLimits::max_file_bytes)
    throw InputError(
        {name}, "file is larger than " + std::to_string(InputLimits::max_file_bytes) + " bytes",
        "at most " + std::to_string(InputLimits::max_file_bytes) + " bytes");
  return parse_yaml_text(text, name);
}

}  // namespace frontline
