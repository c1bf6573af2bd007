#include "frontline/core/text.hpp"

#include <cstdint>
#include <cstdio>

namespace frontline {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if ((c & 0xE0) == 0xC0)
    length = 2, code = c & 0x1F;
  else if ((c & 0xF0) == 0xE0)
    length = 3, code = c & 0x0F;
  else if ((c & 0xF8) == 0xF0)
    length = 4, code = c & 0x07;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

bool is_c1_control(std::string_view text, std::size_t i) {
  return i + 1 < text.size() && static_cast<unsigned char>(text[i]) == 0xC2 &&
         (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80;
}

namespace {

void append_escaped(std::string& out, std::string_view bytes) {
  for (const char c : bytes) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\x%02x",
                  static_cast<unsigned>(static_cast<unsigned char>(c)));
    out += buffer;
  }
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
        append_escaped(out, text.substr(i, 1));
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0 || is_c1_control(text, i)) {
      // A C1 control is two bytes: escape both, so that no lone byte is left.
      const std::size_t bytes = length == 0 ? 1 : length;
      append_escaped(out, text.substr(i, bytes));
      i += bytes;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace frontline
