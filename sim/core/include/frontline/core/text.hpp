#pragma once
// Text from inputs: UTF-8 sequences, and text made safe to print on a terminal
// (scenario strings, file names, arguments, a run file's attributes), so that
// no escape sequence of an input ever reaches it.
#include <cstddef>
#include <string>
#include <string_view>

namespace frontline {

// Length (2 to 4) of the valid UTF-8 sequence of a code point from U+0080 at
// text[i], or 0 if the bytes there are not one (overlong, surrogate, cut off).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// True for the C1 control characters U+0080..U+009F (U+009B is a terminal's CSI),
// given the valid sequence at text[i].
bool is_c1_control(std::string_view text, std::size_t i);

// `text` with every control character but line feed and tab, DEL, the C1
// controls and every byte that is not valid UTF-8 written as \xNN (a
// backslash, an x, two hex digits); all else unchanged.
std::string printable(std::string_view text);

}  // namespace frontline
