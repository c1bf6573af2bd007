#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "frontline/core/parameters.hpp"
#include "frontline/core/vocabulary.hpp"
#include "frontline/engine/simulation.hpp"

namespace frontline {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string model_doc() { return read(std::string(FRONTLINE_TEST_DIR) + "/../../docs/model.md"); }

// As `frontline params` prints numbers.
std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// docs/model.md gives every parameter with its unit and the default the code
// actually starts from (a default-constructed Parameters, not the table's
// own claim), and the table agrees with the code.
TEST(ModelDocs, GiveEveryParametersDefault) {
  const std::string doc = model_doc();
  ASSERT_FALSE(doc.empty()) << "docs/model.md not found";
  const Parameters defaults;
  for (const auto& info : parameter_table()) {
    const double value = defaults.*info.member;
    EXPECT_EQ(value, info.default_value) << info.path << ": the table's default is not the code's";
    const std::string row = "| `" + info.path + "` | " + info.unit + " | " + number(value) + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << row << " is not in docs/model.md";
  }
}

// Every doctrine field with its bounds and the code's default.
TEST(ModelDocs, GiveEveryDoctrineDefault) {
  const std::string doc = model_doc();
  const Doctrine defaults;
  for (const DoctrineField& field : kDoctrineFields) {
    const std::string row = "| `" + std::string(field.name) + "` | " + number(field.min) + ".." +
                            number(field.max) + " | " + number(defaults.*field.member) + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << row << " is not in docs/model.md";
  }
}

// The step order the docs give is the one the engine runs (kPhaseOrder is
// the loop of Simulation::step).
TEST(ModelDocs, GiveTheStepOrderTheEngineRuns) {
  const std::string doc = model_doc();
  std::size_t last = 0;
  int number = 0;
  for (const Phase phase : kPhaseOrder) {
    const std::string item = std::to_string(++number) + ". **" + phase_title(phase) + "**";
    const auto at = doc.find(item);
    ASSERT_NE(at, std::string::npos) << item;
    EXPECT_GT(at, last) << item;
    last = at;
  }
  // ...and no further numbered phase follows.
  EXPECT_EQ(doc.find(std::to_string(number + 1) + ". **", last), std::string::npos);
}

}  // namespace
}  // namespace frontline
