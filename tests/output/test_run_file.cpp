#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <variant>

#include "frontline/core/error.hpp"
#include "frontline/core/version.hpp"
#include "frontline/output/hdf5.hpp"
#include "frontline/output/run_file.hpp"
#include "frontline/record/output_variables.hpp"
#include "sample_run.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::make_sample_run;
using testing::SampleOptions;

constexpr const char* kExpected = " (expected a Frontline run file written by `frontline run`)";

// A fresh directory per test, removed afterwards.
class RunFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device entropy;
    dir_ = fs::temp_directory_path() / ("frontline-output-test-" + std::to_string(::getpid()) +
                                        "-" + std::to_string(entropy()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, ignored);
    fs::remove_all(dir_, ignored);
  }
  fs::path path(const std::string& name) const { return dir_ / name; }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path dir_;
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Floats compare exactly: every value is stored in its own type and read back.
template <class T>
void expect_same_values(const std::vector<T>& expected, const std::vector<T>& actual,
                        const std::string& name) {
  ASSERT_EQ(expected.size(), actual.size()) << name;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(expected[i])) {
        EXPECT_TRUE(std::isnan(actual[i])) << name << "[" << i << "]";
        continue;
      }
    }
    EXPECT_EQ(expected[i], actual[i]) << name << "[" << i << "]";
  }
}

void expect_same_record(const RunRecord& expected, const RunRecord& actual) {
  EXPECT_EQ(expected.scenario_name, actual.scenario_name);
  EXPECT_EQ(expected.start_date, actual.start_date);
  EXPECT_EQ(expected.step_hours, actual.step_hours);
  ASSERT_EQ(expected.nodes.size(), actual.nodes.size());
  for (std::size_t n = 0; n < expected.nodes.size(); ++n) {
    const auto& a = expected.nodes[n];
    const auto& b = actual.nodes[n];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.lat, b.lat);
    EXPECT_EQ(a.lon, b.lon);
    EXPECT_EQ(a.oil_capacity_bpd, b.oil_capacity_bpd);
  }
  ASSERT_EQ(expected.edges.size(), actual.edges.size());
  for (std::size_t e = 0; e < expected.edges.size(); ++e) {
    EXPECT_EQ(expected.edges[e].from, actual.edges[e].from);
    EXPECT_EQ(expected.edges[e].to, actual.edges[e].to);
    EXPECT_EQ(expected.edges[e].kind, actual.edges[e].kind);
    EXPECT_EQ(expected.edges[e].km, actual.edges[e].km);
  }
  ASSERT_EQ(expected.factions.size(), actual.factions.size());
  for (std::size_t f = 0; f < expected.factions.size(); ++f) {
    EXPECT_EQ(expected.factions[f].id, actual.factions[f].id);
    EXPECT_EQ(expected.factions[f].name, actual.factions[f].name);
    EXPECT_EQ(expected.factions[f].colour, actual.factions[f].colour);
  }
  EXPECT_EQ(expected.time_points, actual.time_points);
  expect_same_values(expected.time_days, actual.time_days, "time_days");
  // Every time series of the registry, by its record member.
  for (const OutputVariable* variable : state_variables())
    std::visit(
        [&](auto member) {
          if constexpr (std::is_same_v<decltype(member), std::monostate>) {
            ADD_FAILURE() << variable->name << " has no record member";
          } else {
            expect_same_values(expected.*member, actual.*member, variable->name);
          }
        },
        variable->series);
  ASSERT_EQ(expected.events.size(), actual.events.size());
  for (std::size_t k = 0; k < expected.events.size(); ++k) {
    const auto& a = expected.events[k];
    const auto& b = actual.events[k];
    EXPECT_EQ(a.time_index, b.time_index) << "event " << k;
    EXPECT_EQ(a.kind, b.kind) << "event " << k;
    EXPECT_EQ(a.node, b.node) << "event " << k;
    EXPECT_EQ(a.actor, b.actor) << "event " << k;
    EXPECT_EQ(a.other, b.other) << "event " << k;
    EXPECT_EQ(a.magnitude, b.magnitude) << "event " << k;
    EXPECT_EQ(a.text, b.text) << "event " << k;
  }
  ASSERT_EQ(expected.has_agents, actual.has_agents);
  const auto& a = expected.agents;
  const auto& b = actual.agents;
  EXPECT_EQ(a.unit_id, b.unit_id);
  expect_same_values(a.unit_faction, b.unit_faction, "unit_faction");
  expect_same_values(a.node, b.node, "unit_node");
  expect_same_values(a.next_node, b.next_node, "unit_next_node");
  expect_same_values(a.progress, b.progress, "unit_progress");
  expect_same_values(a.fighters, b.fighters, "unit_fighters");
  expect_same_values(a.morale, b.morale, "unit_morale");
}

void expect_same_metadata(const RunMetadata& a, const RunMetadata& b) {
  EXPECT_EQ(a.frontline_version, b.frontline_version);
  EXPECT_EQ(a.git_commit, b.git_commit);
  EXPECT_EQ(a.scenario_name, b.scenario_name);
  EXPECT_EQ(a.scenario_yaml, b.scenario_yaml);
  EXPECT_EQ(a.overrides, b.overrides);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.replicate, b.replicate);
  EXPECT_EQ(a.command_line, b.command_line);
  EXPECT_EQ(a.created, b.created);
}

void expect_same_targets(const std::vector<TargetResult>& a, const std::vector<TargetResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].text, b[i].text);
    EXPECT_EQ(a[i].value, b[i].value);
    EXPECT_EQ(a[i].min, b[i].min);
    EXPECT_EQ(a[i].max, b[i].max);
    EXPECT_EQ(a[i].met, b[i].met);
  }
}

// The error text of `call`, which must throw E.
template <class E, class Call>
std::string error_of(Call&& call) {
  try {
    call();
  } catch (const E& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

TEST_F(RunFileTest, RoundTripKeepsEveryField) {
  const auto run = make_sample_run();
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  const RunFile back = read_run_file(path("run.h5"));
  EXPECT_EQ(back.schema_version, kSchemaVersion);
  expect_same_record(run.record, back.record);
  expect_same_metadata(run.metadata, back.metadata);
  expect_same_targets(run.targets, back.targets);
  EXPECT_EQ(entries(), std::vector<std::string>{"run.h5"});  // no temporary left behind
}

TEST_F(RunFileTest, RoundTripWithSubDailyStepsNoEventsNoAgentsNoTargets) {
  auto run = make_sample_run({.step_hours = 6, .events = false, .agents = false});
  run.targets.clear();
  run.metadata.overrides.clear();
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  const RunFile back = read_run_file(path("run.h5"));
  expect_same_record(run.record, back.record);
  expect_same_metadata(run.metadata, back.metadata);
  EXPECT_TRUE(back.targets.empty());
  EXPECT_TRUE(back.record.events.empty());
  EXPECT_FALSE(back.record.has_agents);

  const auto file = h5::File::open(path("run.h5"));
  const auto root = file.root();
  EXPECT_EQ(h5::read_string_attribute(root.open_dataset("time"), "units"),
            "hours since 2016-05-05 00:00:00");
  EXPECT_EQ(h5::read_variable<double>(root, "time").values,
            (std::vector<double>{0.0, 6.0, 12.0, 18.0, 24.0}));
  EXPECT_EQ(root.open_dataset("event").shape(), h5::Shape{0});
  EXPECT_EQ(h5::read_string_attribute(root, "overrides"), "");
  EXPECT_FALSE(root.has("target"));
  EXPECT_FALSE(root.has("unit"));
}

TEST_F(RunFileTest, FileHoldsTheNamedLayout) {
  const auto run = make_sample_run();
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  const auto file = h5::File::open(path("run.h5"));
  const auto root = file.root();
  EXPECT_EQ(root.open_dataset("control").dimensions(), (std::vector<std::string>{"time", "node"}));
  EXPECT_EQ(root.open_dataset("strength").dimensions(),
            (std::vector<std::string>{"time", "faction", "node"}));
  EXPECT_EQ(root.open_dataset("unit_lat").dimensions(), (std::vector<std::string>{"time", "unit"}));
  EXPECT_EQ(h5::read_string_variable(root, "edge").values,
            (std::vector<std::string>{"tripoli-sirte", "sirte-es_sider", "tripoli-es_sider"}));
  EXPECT_EQ(h5::read_array_attribute<std::int8_t>(root.open_dataset("control"), "flag_values"),
            (std::vector<std::int8_t>{-1, 0, 1}));
  EXPECT_EQ(h5::read_string_attribute(root.open_dataset("control"), "flag_meanings"),
            "none GNA ISIS");
  // Events are dated at the record that first shows them: record 3 is 2016-05-08.
  EXPECT_EQ(h5::read_variable<double>(root, "event_time").values,
            (std::vector<double>{1.0, 2.0, 3.0, 3.0, 4.0}));
  EXPECT_EQ(h5::read_string_variable(root, "event_kind").values[2], "capture");
  EXPECT_EQ(h5::read_string_variable(root, "event_node").values[4], "");
  // gna_1 is halfway from Tripoli (32.887, 13.187) to Sirte (31.205, 16.588) at record 1.
  const auto lat = h5::read_variable<float>(root, "unit_lat").values;
  const auto lon = h5::read_variable<float>(root, "unit_lon").values;
  EXPECT_FLOAT_EQ(lat[2], static_cast<float>((32.887 + 31.205) / 2));
  EXPECT_FLOAT_EQ(lon[2], static_cast<float>((13.187 + 16.588) / 2));
  EXPECT_TRUE(std::isnan(lat[7]));  // isis_1 is gone at record 3
  EXPECT_EQ(h5::read_string_attribute(root, "Conventions"), "CF-1.8");
  EXPECT_EQ(h5::read_string_attribute(root, "source"), "Frontline 0.1.0");
  EXPECT_EQ(h5::read_string_attribute(root, "history"),
            "2024-01-02T03:04:05Z frontline run sample.yaml -o sample.h5 --set seed=7");
  EXPECT_EQ(h5::read_attribute<std::uint64_t>(root, "seed"), 18446744073709551557ull);
  EXPECT_EQ(h5::read_attribute<std::int32_t>(root, "schema_version"), kSchemaVersion);
}

// The registry is the file's table of contents: every variable it lists is
// written, with its dimensions, units and names, and nothing else is.
TEST_F(RunFileTest, FileHoldsExactlyTheRegistrysVariables) {
  const auto run = make_sample_run();  // with targets and agents: every optional group
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  const auto file = h5::File::open(path("run.h5"));
  const auto root = file.root();
  std::set<std::string> registered;
  for (const OutputVariable& variable : output_variables()) {
    registered.insert(variable.name);
    SCOPED_TRACE(variable.name);
    ASSERT_TRUE(root.has(variable.name)) << "in the registry but not written";
    const auto dataset = root.open_dataset(variable.name);
    // A coordinate is the dimension scale of its own axis.
    EXPECT_EQ(dataset.is_dimension_scale() ? std::vector<std::string>{variable.name}
                                           : dataset.dimensions(),
              variable.dims);
    EXPECT_EQ(dataset.is_string(), variable.type == OutputType::str);
    EXPECT_EQ(h5::read_string_attribute(dataset, "long_name"), variable.long_name);
    if (!variable.units.empty()) {
      EXPECT_EQ(h5::read_string_attribute(dataset, "units"), variable.units);
    }
    if (!variable.description.empty()) {
      EXPECT_EQ(h5::read_string_attribute(dataset, "description"), variable.description);
    }
    EXPECT_EQ(h5::has_attribute(dataset, "flag_values"), variable.flags != OutputFlags::none);
  }
  for (const auto& member : root.members())
    EXPECT_TRUE(registered.count(member)) << member << " is written but not in the registry";
}

TEST_F(RunFileTest, RecordAllocatesEveryRegistryTimeSeries) {
  RunRecord record = make_sample_run().record;
  record.allocate(7);
  for (const OutputVariable* variable : state_variables())
    std::visit(
        [&](auto member) {
          if constexpr (!std::is_same_v<decltype(member), std::monostate>) {
            EXPECT_EQ((record.*member).size(), series_length(*variable, record)) << variable->name;
          }
        },
        variable->series);
  EXPECT_EQ(record.control.size(), 7u * record.node_count());
  EXPECT_EQ(record.control.front(), -1);  // no holder until recorded
}

TEST(OutputVariables, UnknownNameIsRefused) {
  EXPECT_THROW(output_variable("no_such_variable"), RuntimeError);
  EXPECT_EQ(output_variable("supply").units, "day");
}

TEST_F(RunFileTest, ScenarioYamlOver64KiBRoundTrips) {
  const auto run = make_sample_run({.yaml_bytes = 200 * 1024});
  ASSERT_GE(run.metadata.scenario_yaml.size(), 200u * 1024u);
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  EXPECT_EQ(read_run_file(path("run.h5")).metadata.scenario_yaml, run.metadata.scenario_yaml);
}

TEST_F(RunFileTest, SameRecordGivesIdenticalBytes) {
  const auto run = make_sample_run();
  write_run_file(path("a.h5"), run.record, run.metadata, run.targets);
  write_run_file(path("b.h5"), run.record, run.metadata, run.targets);
  const std::string a = read_bytes(path("a.h5"));
  EXPECT_GT(a.size(), 1000u);
  EXPECT_TRUE(a == read_bytes(path("b.h5"))) << "the two files differ";
}

TEST_F(RunFileTest, ExistingFileIsRefusedWithoutForceAndLeftUntouched) {
  write_bytes(path("run.h5"), "keep me");
  const auto run = make_sample_run();
  const std::string message = error_of<InputError>(
      [&] { write_run_file(path("run.h5"), run.record, run.metadata, run.targets); });
  EXPECT_EQ(message, path("run.h5").string() +
                         ": already exists (expected a new path, or --force to replace it)");
  EXPECT_EQ(read_bytes(path("run.h5")), "keep me");
  EXPECT_EQ(entries(), std::vector<std::string>{"run.h5"});
}

TEST_F(RunFileTest, ForceReplacesAnExistingFile) {
  write_bytes(path("run.h5"), "old");
  const auto run = make_sample_run();
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets, {.force = true});
  EXPECT_EQ(read_run_file(path("run.h5")).metadata.seed, run.metadata.seed);
  EXPECT_EQ(entries(), std::vector<std::string>{"run.h5"});
}

TEST_F(RunFileTest, FailureMidwayLeavesNoFileAndNoTemporary) {
  auto run = make_sample_run();
  run.record.control.pop_back();  // 14 values for (time, node) = (5, 3)
  const std::string message = error_of<RuntimeError>(
      [&] { write_run_file(path("run.h5"), run.record, run.metadata, run.targets); });
  EXPECT_THAT(message, HasSubstr("writing run file " + path("run.h5").string() + ": "));
  EXPECT_THAT(message,
              HasSubstr("creating dataset 'control' in " + dir_.string() + "/.run.h5.tmp-"));
  EXPECT_THAT(message, HasSubstr("14 values for dimensions (time, node) of shape (5, 3) = 15"));
  EXPECT_TRUE(entries().empty());
}

TEST_F(RunFileTest, FailureMidwayWithForceKeepsTheOldFile) {
  write_bytes(path("run.h5"), "old");
  auto run = make_sample_run();
  run.record.agents.fighters.resize(3);
  EXPECT_THROW(
      write_run_file(path("run.h5"), run.record, run.metadata, run.targets, {.force = true}),
      RuntimeError);
  EXPECT_EQ(read_bytes(path("run.h5")), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"run.h5"});
}

TEST_F(RunFileTest, EventNamingAMissingNodeIsRefused) {
  auto run = make_sample_run();
  run.record.events[0].node = 7;
  const std::string message = error_of<RuntimeError>(
      [&] { write_run_file(path("run.h5"), run.record, run.metadata, run.targets); });
  EXPECT_THAT(message,
              HasSubstr("event 0 (siege_begun) names node index 7 but the record has 3 nodes"));
  EXPECT_TRUE(entries().empty());
}

TEST_F(RunFileTest, MissingDirectoryIsNamed) {
  const auto run = make_sample_run();
  const fs::path target = path("no/such/dir/run.h5");
  EXPECT_EQ(error_of<RuntimeError>(
                [&] { write_run_file(target, run.record, run.metadata, run.targets); }),
            "cannot write " + target.string() + ": directory " + path("no/such/dir").string() +
                " does not exist");
}

TEST_F(RunFileTest, UnwritableDirectoryIsNamed) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere";
  fs::create_directory(path("locked"));
  fs::permissions(path("locked"), fs::perms::owner_read | fs::perms::owner_exec);
  const auto run = make_sample_run();
  const std::string message = error_of<RuntimeError>(
      [&] { write_run_file(path("locked/run.h5"), run.record, run.metadata, run.targets); });
  EXPECT_EQ(message, "cannot write " + path("locked/run.h5").string() + ": directory " +
                         path("locked").string() + " is not writable (Permission denied)");
}

TEST_F(RunFileTest, MissingFileIsAnInputError) {
  EXPECT_EQ(error_of<InputError>([&] { read_run_file(path("absent.h5")); }),
            path("absent.h5").string() + ": no such file" + kExpected);
}

TEST_F(RunFileTest, TextFileIsAnInputError) {
  write_bytes(path("notes.h5"), "name: not hdf5\n");
  EXPECT_EQ(error_of<InputError>([&] { read_run_file(path("notes.h5")); }),
            path("notes.h5").string() + ": is not an HDF5 file" + kExpected);
}

TEST_F(RunFileTest, TruncatedFileIsAnInputErrorAndPrintsNothing) {
  const auto run = make_sample_run();
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  write_bytes(path("cut.h5"), read_bytes(path("run.h5")).substr(0, 1000));
  ::testing::internal::CaptureStderr();
  const std::string message = error_of<InputError>([&] { read_run_file(path("cut.h5")); });
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_THAT(message, HasSubstr(path("cut.h5").string() +
                                 ": cannot be opened; it is truncated or corrupt (opening file "));
  EXPECT_THAT(message, HasSubstr("truncated file"));  // HDF5's own words, from its error stack
  EXPECT_THAT(message, HasSubstr(kExpected));
}

TEST_F(RunFileTest, CorruptedDataIsAnInputError) {
  const auto run = make_sample_run();
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  std::string bytes = read_bytes(path("run.h5"));
  // Overwrite the second half: the superblock and root survive, datasets do not.
  for (std::size_t i = bytes.size() / 2; i < bytes.size(); ++i) bytes[i] = '\x5a';
  write_bytes(path("bad.h5"), bytes);
  ::testing::internal::CaptureStderr();
  EXPECT_THROW(read_run_file(path("bad.h5")), InputError);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_F(RunFileTest, HdfFileWithoutFrontlineAttributesIsAnInputError) {
  h5::File::create(path("other.h5")).close();
  EXPECT_EQ(error_of<InputError>([&] { read_run_file(path("other.h5")); }),
            path("other.h5").string() +
                ": is not a Frontline run file (it has no schema_version and frontline_version "
                "attributes)" +
                kExpected);
}

TEST_F(RunFileTest, OtherSchemaVersionIsAnInputError) {
  const auto run = make_sample_run();
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  {
    const auto file = h5::File::open(path("run.h5"), h5::Access::read_write);
    h5::write_attribute(file.root(), "schema_version", std::int32_t{kSchemaVersion + 1});
  }
  EXPECT_EQ(error_of<InputError>([&] { read_run_file(path("run.h5")); }),
            path("run.h5").string() + ": has schema_version " + std::to_string(kSchemaVersion + 1) +
                ", which Frontline " + std::string(version()) +
                " cannot read (expected schema_version " + std::to_string(kSchemaVersion) + ")");
}

TEST_F(RunFileTest, MissingVariableIsAnInputErrorNamingIt) {
  const auto run = make_sample_run();
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  {
    const auto file = h5::File::open(path("run.h5"), h5::Access::read_write);
    ASSERT_GE(H5Ldelete(file.root().id(), "humanitarian", H5P_DEFAULT), 0);
  }
  const std::string message = error_of<InputError>([&] { read_run_file(path("run.h5")); });
  EXPECT_THAT(message, HasSubstr(path("run.h5").string() + ": is incomplete or corrupt ("));
  EXPECT_THAT(message, HasSubstr("opening dataset 'humanitarian' in " + path("run.h5").string()));
}

// Other writers that follow the CF layout (the analysis tests' h5py fixtures) need
// not write the extras: the reader takes them from the time coordinate instead.
TEST_F(RunFileTest, ReaderDerivesStartStepAndEventIndicesFromTime) {
  const auto run = make_sample_run({.step_hours = 6});
  write_run_file(path("run.h5"), run.record, run.metadata, run.targets);
  {
    const auto file = h5::File::open(path("run.h5"), h5::Access::read_write);
    const auto root = file.root();
    ASSERT_GE(H5Ldelete(root.id(), "event_time_index", H5P_DEFAULT), 0);
    ASSERT_GE(H5Adelete(root.id(), "start_date"), 0);
    ASSERT_GE(H5Adelete(root.id(), "step_hours"), 0);
  }
  const RunFile back = read_run_file(path("run.h5"));
  expect_same_record(run.record, back.record);
}

TEST_F(RunFileTest, DirectoryIsAnInputError) {
  EXPECT_EQ(error_of<InputError>([&] { read_run_file(dir_); }),
            dir_.string() + ": is a directory" + kExpected);
}

}  // namespace
}  // namespace frontline
