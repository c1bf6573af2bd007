#pragma once
#include <string_view>

namespace frontline {

std::string_view version();     // "0.1.0"
std::string_view git_commit();  // short hash, "-dirty" if the tree had changes, or "unknown"
// Version of the output file layout (docs/output-format.md). Bump on any change
// a reader would notice.
inline constexpr int kSchemaVersion = 1;

}  // namespace frontline
