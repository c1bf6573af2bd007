#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "frontline/core/parameters.hpp"

namespace frontline {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// docs/model.md documents every parameter of parameter_table(), with its unit
// and default in the same row.
TEST(ModelDocs, ListEveryParameter) {
  const std::string doc = read(std::string(FRONTLINE_TEST_DIR) + "/../../docs/model.md");
  ASSERT_FALSE(doc.empty()) << "docs/model.md not found";
  for (const auto& info : parameter_table()) {
    const auto at = doc.find("| `" + info.path + "` | " + info.unit + " |");
    EXPECT_NE(at, std::string::npos)
        << info.path << " (" << info.unit << ") is not in docs/model.md";
  }
}

// The step order the docs give is the one the engine runs.
TEST(ModelDocs, GiveTheStepOrder) {
  const std::string doc = read(std::string(FRONTLINE_TEST_DIR) + "/../../docs/model.md");
  std::size_t last = 0;
  for (const char* phase :
       {"1. **Events**", "2. **Supply**", "3. **Decisions**", "4. **Movement**", "5. **Combat**",
        "6. **Control**", "7. **Siege**", "8. **Blockade and oil**", "9. **Ceasefire violations**",
        "10. **Civilians**"}) {
    const auto at = doc.find(phase);
    ASSERT_NE(at, std::string::npos) << phase;
    EXPECT_GT(at, last) << phase;
    last = at;
  }
}

}  // namespace
}  // namespace frontline
