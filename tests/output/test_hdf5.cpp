#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

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

// What HDF5's shuffle filter makes of values: byte j of every value together,
// in the file's (little-endian) byte order. Written out here independently of
// the layer's encoder.
template <class T>
std::vector<unsigned char> shuffled_little_endian(const std::vector<T>& values) {
  std::vector<unsigned char> planes(values.size() * sizeof(T));
  for (std::size_t i = 0; i < values.size(); ++i) {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &values[i], sizeof(T));
    if constexpr (std::endian::native == std::endian::big) std::reverse(bytes, bytes + sizeof(T));
    for (std::size_t j = 0; j < sizeof(T); ++j) planes[j * values.size() + i] = bytes[j];
  }
  return planes;
}

// Rows of a sweep-like variable: repeated values, NaN, small integers stored as
// doubles, and noise, so every kind of deflate block shows up.
std::vector<double> sample_rows(std::size_t rows, std::size_t width) {
  std::mt19937_64 random(20161206);
  std::vector<double> values;
  for (std::size_t row = 0; row < rows; ++row)
    for (std::size_t cell = 0; cell < width; ++cell)
      values.push_back(cell == 0   ? static_cast<double>(row)
                       : cell == 1 ? std::nan("")
                       : cell == 2 ? static_cast<double>(random() % 7)
                                   : std::ldexp(static_cast<double>(random() >> 11), -53));
  return values;
}

// A chunk joined from pieces is one valid zlib stream (zlib's own uncompress
// checks its header, blocks and Adler-32) of exactly the shuffled values.
TEST(Hdf5Pieces, AJoinedChunkInflatesToTheShuffledValues) {
  const std::size_t rows = 200, width = 4;  // pieces of 64 rows: 64, 64, 64, 8
  const std::vector<double> values = sample_rows(rows, width);
  for (const std::size_t piece_rows : {std::size_t{1}, std::size_t{64}, rows}) {
    const std::vector<unsigned char> chunk =
        encode_chunk(std::span<const double>(values), piece_rows * width);
    std::vector<unsigned char> inflated(values.size() * sizeof(double) + 1);
    uLongf size = inflated.size();
    ASSERT_EQ(uncompress(inflated.data(), &size, chunk.data(), chunk.size()), Z_OK) << piece_rows;
    inflated.resize(size);
    EXPECT_EQ(inflated, shuffled_little_endian(values)) << "pieces of " << piece_rows << " rows";
  }
  // The trailer is the checksum of the whole (combined from the pieces'): one
  // bit off and zlib refuses the stream.
  std::vector<unsigned char> chunk = encode_chunk(std::span<const double>(values), 64 * width);
  std::vector<unsigned char> inflated(values.size() * sizeof(double));
  chunk[chunk.size() - 2] ^= 1;
  uLongf size = inflated.size();
  EXPECT_EQ(uncompress(inflated.data(), &size, chunk.data(), chunk.size()), Z_DATA_ERROR);
}

// A piece's bytes depend on its values alone: pieces encoded one by one, in
// reverse order, on other threads, or several at once give the chunk's bytes.
TEST(Hdf5Pieces, PiecesEncodedInAnyOrderOrGroupingGiveTheSameChunk) {
  const std::size_t width = 3, piece_values = 64 * width;
  const std::vector<double> values = sample_rows(64 * 5 + 17, width);
  const std::vector<unsigned char> whole =
      encode_chunk(std::span<const double>(values), piece_values);
  const std::span<const double> all(values);
  const auto piece = [&](std::size_t p) {
    const std::size_t first = p * piece_values;
    return all.subspan(first, std::min(piece_values, values.size() - first));
  };
  const std::size_t count = (values.size() + piece_values - 1) / piece_values;
  std::vector<EncodedPiece> pieces(count);
  for (std::size_t p = count; p-- > 0;) pieces[p] = encode_piece(piece(p));
  EXPECT_EQ(join_pieces(pieces), whole);
  {
    std::vector<std::jthread> threads;
    for (std::size_t p = 0; p < count; ++p)
      threads.emplace_back([&, p] { pieces[p] = encode_piece(piece(p)); });
  }
  EXPECT_EQ(join_pieces(pieces), whole);
  // Pieces 0-1 and 2-4 as two chunks' worth of work, then joined as one.
  const std::vector<double> head(values.begin(), values.begin() + 2 * piece_values);
  const std::vector<unsigned char> head_chunk =
      encode_chunk(std::span<const double>(head), piece_values);
  EXPECT_EQ(join_pieces(std::span<const EncodedPiece>(pieces).first(2)), head_chunk);
  // Other pieces give another stream of the same values.
  EXPECT_NE(encode_chunk(all, 2 * piece_values), whole);
}

TEST(Hdf5Pieces, PiecesOfAnotherTypeOrNoneAreRefused) {
  const std::vector<double> reals = {1, 2};
  const std::vector<std::int8_t> bytes = {1, 2};
  const std::vector<EncodedPiece> mixed = {encode_piece(std::span<const double>(reals)),
                                           encode_piece(std::span<const std::int8_t>(bytes))};
  EXPECT_EQ(runtime_error_of([&] { join_pieces(mixed); }),
            "joining the pieces of a chunk: pieces of 1 and 8 byte planes");
  EXPECT_EQ(runtime_error_of([&] { join_pieces({}); }), "joining the pieces of a chunk: no pieces");
}

// Chunks joined from pieces and placed with write_encoded_chunk read back
// through HDF5's own filters (shuffle, deflate) to the values, the last chunk
// padded past the dataset's end; a chunk placed off the chunk grid is refused.
TEST_F(Hdf5Test, JoinedChunksReadBackThroughHdf5sFilters) {
  const std::size_t rows = 150, width = 3;
  const hsize_t chunk_rows = 128;  // two chunks, the last one padded from 150 to 256 rows
  const std::vector<double> values = sample_rows(rows, width);
  std::vector<std::int8_t> flags;
  for (std::size_t i = 0; i < rows; ++i)
    flags.push_back(static_cast<std::int8_t>(static_cast<int>(i % 3) - 1));
  {
    File file = File::create(path_);
    const Group root = file.root();
    std::vector<std::int32_t> runs(rows);
    std::iota(runs.begin(), runs.end(), 0);
    const std::vector<std::string> nodes = {"a", "b", "c"};
    write_dimension(root, "run", std::span<const std::int32_t>(runs));
    write_dimension(root, "node", std::span<const std::string>(nodes));
    const Dataset reals = create_variable<double>(root, "reals", {"run", "node"}, {chunk_rows, 3});
    const Dataset small = create_variable<std::int8_t>(root, "small", {"run"}, {chunk_rows});
    for (hsize_t first = 0; first < rows; first += chunk_rows) {
      const hsize_t end = std::min<hsize_t>(first + chunk_rows, rows);
      std::vector<double> chunk(values.begin() + static_cast<std::ptrdiff_t>(first * width),
                                values.begin() + static_cast<std::ptrdiff_t>(end * width));
      chunk.resize(chunk_rows * width, 0.0);
      write_encoded_chunk(reals, first, encode_chunk(std::span<const double>(chunk), 64 * width));
      std::vector<std::int8_t> small_chunk(flags.begin() + static_cast<std::ptrdiff_t>(first),
                                           flags.begin() + static_cast<std::ptrdiff_t>(end));
      small_chunk.resize(chunk_rows, 0);
      write_encoded_chunk(small, first,
                          encode_chunk(std::span<const std::int8_t>(small_chunk), 64));
    }
    EXPECT_THAT(runtime_error_of([&] {
                  const std::vector<double> some(chunk_rows * width, 1.0);
                  write_encoded_chunk(reals, 1, encode_chunk(std::span<const double>(some), 64));
                }),
                HasSubstr("writing a chunk of dataset 'reals' in " + path_.string()));
    file.close();
  }
  const File file = File::open(path_);
  const std::vector<double> read = read_variable<double>(file.root(), "reals").values;
  ASSERT_EQ(read.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i)  // bitwise: NaN included
    EXPECT_EQ(std::memcmp(&read[i], &values[i], sizeof(double)), 0) << "value " << i;
  EXPECT_EQ(read_variable<std::int8_t>(file.root(), "small").values, flags);
}

}  // namespace
}  // namespace frontline::h5
