#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

#include "frontline/core/error.hpp"
#include "frontline/output/hdf5.hpp"

namespace frontline::h5 {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class Hdf5Test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device entropy;
    path_ = fs::temp_directory_path() / ("frontline-hdf5-test-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(entropy()) + ".h5");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  fs::path path_;
};

template <class Call>
std::string runtime_error_of(Call&& call) {
  try {
    call();
  } catch (const RuntimeError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected a RuntimeError";
  return {};
}

TEST(Hdf5Handle, IsMoveOnlyAndClosesOnce) {
  DataspaceHandle a(H5Screate(H5S_SCALAR));
  ASSERT_TRUE(a.valid());
  const hid_t id = a.get();
  DataspaceHandle b(std::move(a));
  EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_EQ(b.get(), id);
  EXPECT_GT(H5Iis_valid(id), 0);
  b.reset();
  EXPECT_EQ(H5Iis_valid(id), 0);
  static_assert(!std::is_copy_constructible_v<DataspaceHandle>);
}

TEST_F(Hdf5Test, ErrorsNameTheOperationObjectFileAndHdf5Stack) {
  const File file = File::create(path_);
  ::testing::internal::CaptureStderr();
  const std::string message = runtime_error_of([&] { file.root().open_dataset("missing"); });
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");  // HDF5 printed nothing
  EXPECT_THAT(message,
              HasSubstr("opening dataset 'missing' in " + path_.string() + ": H5Dopen2: "));
}

TEST_F(Hdf5Test, VariableNeedsItsDimensions) {
  const File file = File::create(path_);
  const std::vector<double> values = {1, 2, 3};
  EXPECT_EQ(runtime_error_of([&] {
              write_variable(file.root(), "x", std::span<const double>(values), {"time"});
            }),
            "creating dataset 'x' in " + path_.string() +
                ": no dimension 'time' in / or its parents (write the dimension first)");
}

TEST_F(Hdf5Test, ScalesInParentGroupsServeChildGroups) {
  {
    File file = File::create(path_);
    const Group root = file.root();
    const std::vector<std::int32_t> time = {0, 1, 2};
    const std::vector<std::string> nodes = {"a", "b"};
    write_dimension(root, "time", std::span<const std::int32_t>(time));
    const Group runs = root.create_group("runs");
    write_dimension(runs, "node", std::span<const std::string>(nodes));
    const std::vector<float> values = {1, 2, 3, 4, 5, 6};
    const Dataset x = write_variable(runs, "x", std::span<const float>(values), {"time", "node"});
    EXPECT_EQ(x.name(), "runs/x");
    file.close();
  }
  const File file = File::open(path_);
  const Dataset x = file.root().open_group("runs").open_dataset("x");
  EXPECT_EQ(x.shape(), (Shape{3, 2}));
  EXPECT_EQ(x.dimensions(), (std::vector<std::string>{"time", "node"}));
  EXPECT_EQ(read_variable<double>(x).values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(file.root().members(), (std::vector<std::string>{"time", "runs"}));
}

TEST_F(Hdf5Test, DatasetsAreChunkedCompressedAndUntimed) {
  const File file = File::create(path_);
  const Group root = file.root();
  std::vector<std::int32_t> axis(1000);
  for (int i = 0; i < 1000; ++i) axis[static_cast<std::size_t>(i)] = i;
  write_dimension(root, "time", std::span<const std::int32_t>(axis));
  write_dimension(root, "node", std::span<const std::int32_t>(axis));
  const std::vector<double> values(1000 * 1000, 1.5);
  const Dataset big =
      write_variable(root, "big", std::span<const double>(values), {"time", "node"});
  PropertyListHandle dcpl(H5Dget_create_plist(big.id()));
  hsize_t chunk[2] = {0, 0};
  ASSERT_EQ(H5Pget_chunk(dcpl.get(), 2, chunk), 2);
  // 8 MB halved along the longest axis until under 1 MiB: (250, 500) = 1,000,000 bytes.
  EXPECT_EQ(chunk[0], 250u);
  EXPECT_EQ(chunk[1], 500u);
  ASSERT_EQ(H5Pget_nfilters(dcpl.get()), 2);
  unsigned flags = 0;
  std::size_t n = 0;
  n = 0;
  EXPECT_EQ(H5Pget_filter2(dcpl.get(), 0, &flags, &n, nullptr, 0, nullptr, nullptr),
            H5Z_FILTER_SHUFFLE);
  n = 0;
  EXPECT_EQ(H5Pget_filter2(dcpl.get(), 1, &flags, &n, nullptr, 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
  hbool_t track_times = 1;
  ASSERT_GE(H5Pget_obj_track_times(dcpl.get(), &track_times), 0);
  EXPECT_FALSE(track_times);

  const std::vector<std::int32_t> ten = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  write_dimension(root, "ten", std::span<const std::int32_t>(ten));
  const std::vector<float> series(10 * 1000, 0.0f);
  const Dataset whole =
      write_variable(root, "whole", std::span<const float>(series), {"time", "ten"});
  PropertyListHandle whole_dcpl(H5Dget_create_plist(whole.id()));
  ASSERT_EQ(H5Pget_chunk(whole_dcpl.get(), 2, chunk), 2);
  EXPECT_EQ(chunk[0], 1000u);  // small arrays: one whole-time chunk
  EXPECT_EQ(chunk[1], 10u);
}

TEST_F(Hdf5Test, ZeroLengthDimensionsWork) {
  {
    File file = File::create(path_);
    const std::vector<std::string> none;
    write_dimension(file.root(), "event", std::span<const std::string>(none));
    write_string_variable(file.root(), "event_text", std::span<const std::string>(none), {"event"});
    const std::vector<double> no_values;
    write_variable(file.root(), "event_time", std::span<const double>(no_values), {"event"});
    file.close();
  }
  const File file = File::open(path_);
  EXPECT_EQ(file.root().open_dataset("event_time").shape(), Shape{0});
  EXPECT_TRUE(read_string_variable(file.root(), "event_text").values.empty());
  EXPECT_TRUE(read_variable<double>(file.root(), "event_time").values.empty());
}

TEST_F(Hdf5Test, AttributesRoundTrip) {
  const std::string long_text(100 * 1024, 'y');
  {
    File file = File::create(path_);
    const Group root = file.root();
    write_attribute(root, "empty", "");
    write_attribute(root, "text", "héllo, wörld");
    write_attribute(root, "long", long_text);
    write_attribute(root, "seed", std::uint64_t{18446744073709551557ull});
    write_attribute(root, "replicate", std::int32_t{-3});
    const std::vector<std::int8_t> flags = {-1, 0, 1};
    write_array_attribute(root, "flag_values", std::span<const std::int8_t>(flags));
    write_attribute(root, "text", "replaced");
    file.close();
  }
  const File file = File::open(path_);
  const Group root = file.root();
  EXPECT_EQ(read_string_attribute(root, "empty"), "");
  EXPECT_EQ(read_string_attribute(root, "text"), "replaced");
  EXPECT_EQ(read_string_attribute(root, "long"), long_text);
  EXPECT_EQ(read_attribute<std::uint64_t>(root, "seed"), 18446744073709551557ull);
  EXPECT_EQ(read_attribute<std::int32_t>(root, "replicate"), -3);
  EXPECT_EQ(read_attribute<double>(root, "replicate"), -3.0);
  EXPECT_EQ(read_array_attribute<std::int8_t>(root, "flag_values"),
            (std::vector<std::int8_t>{-1, 0, 1}));
  EXPECT_TRUE(has_attribute(root, "seed"));
  EXPECT_FALSE(has_attribute(root, "absent"));
  EXPECT_TRUE(is_string_attribute(root, "text"));
  EXPECT_EQ(attribute_names(root), (std::vector<std::string>{"empty", "long", "seed", "replicate",
                                                             "flag_values", "text"}));
  EXPECT_EQ(runtime_error_of([&] { read_attribute<std::int32_t>(root, "text"); }),
            "reading attribute 'text' of '/' in " + path_.string() + ": it is not a number");
  EXPECT_EQ(runtime_error_of([&] { read_attribute<std::int32_t>(root, "flag_values"); }),
            "reading attribute 'flag_values' of '/' in " + path_.string() +
                ": expected one value, found 3");
}

TEST_F(Hdf5Test, StringVariablesKeepUtf8) {
  const std::vector<std::string> ids = {"tripoli", "sirte", "ajdabiya"};
  const std::vector<std::string> names = {"Ṭarābulus", "Surt", ""};
  {
    File file = File::create(path_);
    write_dimension(file.root(), "node", std::span<const std::string>(ids));
    write_string_variable(file.root(), "node_name", std::span<const std::string>(names), {"node"});
    file.close();
  }
  const File file = File::open(path_);
  EXPECT_EQ(read_string_variable(file.root(), "node").values, ids);
  EXPECT_EQ(read_string_variable(file.root(), "node_name").values, names);
  EXPECT_TRUE(file.root().open_dataset("node_name").is_string());
  EXPECT_EQ(runtime_error_of([&] { read_variable<double>(file.root(), "node_name"); }),
            "reading dataset 'node_name' in " + path_.string() + ": it is not numeric");
}

}  // namespace
}  // namespace frontline::h5

namespace frontline::h5 {
namespace {

TEST_F(Hdf5Test, VariablesFillSliceBySlice) {
  {
    File file = File::create(path_);
    const Group root = file.root();
    const std::vector<std::int32_t> runs = {0, 1, 2};
    const std::vector<std::string> nodes = {"a", "b"};
    write_dimension(root, "run", std::span<const std::int32_t>(runs));
    write_dimension(root, "node", std::span<const std::string>(nodes));
    const Dataset x = create_variable<float>(root, "x", {"run", "node"}, {1, 2});
    const std::vector<float> second = {3.5f, 4.5f};
    write_slice(x, 1, std::span<const float>(second));
    EXPECT_EQ(runtime_error_of([&] { write_slice(x, 3, std::span<const float>(second)); }),
              "writing a slice of dataset 'x' in " + path_.string() +
                  ": index 3 is outside shape (3, 2)");
    const std::vector<float> three = {1, 2, 3};
    EXPECT_EQ(runtime_error_of([&] { write_slice(x, 0, std::span<const float>(three)); }),
              "writing a slice of dataset 'x' in " + path_.string() +
                  ": 3 values for a slice of shape (1, 2) = 2");
    PropertyListHandle dcpl(H5Dget_create_plist(x.id()));
    hsize_t chunk[2] = {0, 0};
    ASSERT_EQ(H5Pget_chunk(dcpl.get(), 2, chunk), 2);
    EXPECT_EQ(chunk[0], 1u);
    file.close();
  }
  const File file = File::open(path_);
  const Dataset x = file.root().open_dataset("x");
  EXPECT_EQ(x.dimensions(), (std::vector<std::string>{"run", "node"}));
  EXPECT_EQ(read_slice<double>(x, 1), (std::vector<double>{3.5, 4.5}));
  EXPECT_EQ(read_slice<float>(x, 0), (std::vector<float>{0.0f, 0.0f}));  // unwritten: fill value
}

// Chunks encoded outside HDF5 are what HDF5's own filters store (so files written
// either way hold the same bytes), read back through those filters, and the last
// chunk is padded past the dataset's end.
TEST_F(Hdf5Test, EncodedChunksAreWhatHdf5sFiltersStore) {
  const std::vector<double> values = {0.5, -1, 2e9, 3, 4, 5.25, 6, 7, 8, 9, 10, -11, 12, 13, 14};
  {
    File file = File::create(path_);
    const Group root = file.root();
    const std::vector<std::int32_t> runs = {0, 1, 2, 3, 4};
    const std::vector<std::string> nodes = {"a", "b", "c"};
    write_dimension(root, "run", std::span<const std::int32_t>(runs));
    write_dimension(root, "node", std::span<const std::string>(nodes));
    const Dataset direct = create_variable<double>(root, "direct", {"run", "node"}, {2, 3});
    EXPECT_EQ(direct.chunk_shape(), (Shape{2, 3}));
    for (hsize_t first = 0; first < 5; first += 2) {
      std::vector<double> chunk(
          values.begin() + static_cast<std::ptrdiff_t>(3 * first),
          values.begin() + static_cast<std::ptrdiff_t>(std::min<hsize_t>(3 * (first + 2), 15)));
      chunk.resize(6, 0.0);
      write_encoded_chunk(direct, first, encode_chunk(std::span<const double>(chunk)));
    }
    EXPECT_THAT(runtime_error_of([&] {
                  const std::vector<double> six(6, 1.0);
                  write_encoded_chunk(direct, 1, encode_chunk(std::span<const double>(six)));
                }),
                HasSubstr("writing a chunk of dataset 'direct' in " + path_.string()));
    const Dataset filtered = create_variable<double>(root, "filtered", {"run", "node"}, {2, 3});
    write_rows(filtered, 0, 5, std::span<const double>(values));
    for (const hsize_t first : {0, 2, 4}) {
      const hsize_t offset[2] = {first, 0};
      hsize_t direct_bytes = 0, filtered_bytes = 0;
      ASSERT_GE(H5Dget_chunk_storage_size(direct.id(), offset, &direct_bytes), 0);
      ASSERT_GE(H5Dget_chunk_storage_size(filtered.id(), offset, &filtered_bytes), 0);
      ASSERT_EQ(direct_bytes, filtered_bytes) << "chunk at row " << first;
      std::vector<unsigned char> a(direct_bytes), b(filtered_bytes);
      std::uint32_t mask_a = 1, mask_b = 1;
      ASSERT_GE(H5Dread_chunk(direct.id(), H5P_DEFAULT, offset, &mask_a, a.data()), 0);
      ASSERT_GE(H5Dread_chunk(filtered.id(), H5P_DEFAULT, offset, &mask_b, b.data()), 0);
      EXPECT_EQ(mask_a, 0u);
      EXPECT_EQ(a, b) << "chunk at row " << first;
    }
    file.close();
  }
  const File file = File::open(path_);
  EXPECT_EQ(read_variable<double>(file.root(), "direct").values, values);
}

}  // namespace
}  // namespace frontline::h5
