#pragma once
// HDF5 for netCDF-4/CF files that xarray (h5netcdf), h5py, pandas and ncdump open
// as they are. Shared by the run file and the sweep file; only modules that link
// frontline::hdf5 themselves may include this header (everything else sees the
// HDF5-free run_file.hpp).
//
// - Move-only handles for every hid_t kind.
// - Every HDF5 call is checked; a failure becomes a RuntimeError naming the
//   operation, the object and the file, with HDF5's own error stack appended
//   ("creating dataset 'control' in /tmp/.x.h5.tmp-1-ab: H5Dcreate2: ...").
//   HDF5's automatic error printing is turned off.
// - Writing: dimensions (coordinate variables made dimension scales), numeric and
//   string variables over named dimensions (scales attached on every axis, as
//   netCDF-4 needs), attributes. Every dataset is chunked and compressed (shuffle
//   + deflate 4), and no object records creation or modification times, so the
//   same calls give the same bytes.
// - Reading: numeric and string variables with their shapes and stored types,
//   attributes (one text, a list of texts, one number) by kind, the dimension
//   names of a variable; enough to read back any file this layer wrote (run
//   files, sweep results and their shards).
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace frontline::h5 {

// ---------------------------------------------------------------- handles

template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now, ignoring failure (destructors and error paths).
  void reset() noexcept {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }
  // Closes now and returns HDF5's status: closing a file flushes it, which can fail.
  herr_t close() noexcept {
    const herr_t status = id_ >= 0 ? Close(id_) : 0;
    id_ = H5I_INVALID_HID;
    return status;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using FileHandle = Handle<H5Fclose>;
using GroupHandle = Handle<H5Gclose>;
using DatasetHandle = Handle<H5Dclose>;
using DataspaceHandle = Handle<H5Sclose>;
using DatatypeHandle = Handle<H5Tclose>;  // only for copies, never predefined types
using PropertyListHandle = Handle<H5Pclose>;
using AttributeHandle = Handle<H5Aclose>;
using ObjectHandle = Handle<H5Oclose>;  // a group or a dataset

// ---------------------------------------------------------------- errors

// Turns off HDF5's printing of error stacks to stderr (per thread in thread-safe
// builds, so every entry point calls it); errors become exceptions instead.
void silence_error_printing();
// HDF5's current error stack as one line ("H5Dcreate2: unable to ...; ..."), then clears it.
std::string take_error_stack();
// Throws RuntimeError "<operation> '<object>' in <file>: <detail or HDF5's stack>".
[[noreturn]] void fail(std::string_view operation, std::string_view object, std::string_view file,
                       std::string_view detail = {});
// "reading attribute 'units' of": the operation text for attribute failures.
std::string attribute_operation(std::string_view verb, std::string_view attribute);

// ---------------------------------------------------------------- types

enum class NumericType { int8, uint8, int16, int32, uint32, int64, uint64, float32, float64 };

template <class T>
concept Numeric = std::is_same_v<T, std::int8_t> || std::is_same_v<T, std::uint8_t> ||
    std::is_same_v<T, std::int16_t> || std::is_same_v<T, std::int32_t> ||
    std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::int64_t> ||
    std::is_same_v<T, std::uint64_t> || std::is_same_v<T, float> || std::is_same_v<T, double>;

template <Numeric T>
constexpr NumericType numeric_type_of() {
  if constexpr (std::is_same_v<T, std::int8_t>) return NumericType::int8;
  if constexpr (std::is_same_v<T, std::uint8_t>) return NumericType::uint8;
  if constexpr (std::is_same_v<T, std::int16_t>) return NumericType::int16;
  if constexpr (std::is_same_v<T, std::int32_t>) return NumericType::int32;
  if constexpr (std::is_same_v<T, std::uint32_t>) return NumericType::uint32;
  if constexpr (std::is_same_v<T, std::int64_t>) return NumericType::int64;
  if constexpr (std::is_same_v<T, std::uint64_t>) return NumericType::uint64;
  if constexpr (std::is_same_v<T, float>) return NumericType::float32;
  if constexpr (std::is_same_v<T, double>) return NumericType::float64;
}

using Shape = std::vector<hsize_t>;
std::size_t element_count(const Shape& shape);
std::string to_string(const Shape& shape);  // "(5, 3)"

// ---------------------------------------------------------------- objects

// A group or a dataset, with the names that error messages need.
class Object {
 public:
  hid_t id() const { return handle_.get(); }
  const std::string& file_path() const { return file_path_; }
  const std::string& path() const { return path_; }  // "/", "/control", "/runs/control"
  std::string name() const;  // "/" for the root, else path without the leading '/'

 protected:
  Object(ObjectHandle handle, std::string file_path, std::string path)
      : handle_(std::move(handle)), file_path_(std::move(file_path)), path_(std::move(path)) {}

 private:
  ObjectHandle handle_;
  std::string file_path_;
  std::string path_;
};

class Dataset : public Object {
 public:
  Shape shape() const;
  // The shape of its chunks; empty if it is not chunked.
  Shape chunk_shape() const;
  // The name of the dimension scale attached to each axis ("" where none).
  std::vector<std::string> dimensions() const;
  bool is_string() const;
  // The stored element type; nullopt for strings. Fails for other kinds (compound, ...).
  std::optional<NumericType> element_type() const;
  // A dimension scale: the coordinate variable of the dimension of its name.
  bool is_dimension_scale() const;

 private:
  friend class Group;
  using Object::Object;
};

class Group : public Object {
 public:
  Group create_group(std::string_view name) const;
  Group open_group(std::string_view name) const;
  Dataset open_dataset(std::string_view name) const;
  bool has(std::string_view name) const;     // a link of that name exists here
  std::vector<std::string> members() const;  // link names, in creation order where tracked

 private:
  friend class File;
  using Object::Object;
};

enum class Access { read_only, read_write };

class File {
 public:
  // Creates (truncating) a file with the project's settings: library version
  // bounds, dense attribute storage (attributes over 64 KiB), creation order
  // tracked for links and attributes, no object times.
  static File create(const std::filesystem::path& path);
  static File open(const std::filesystem::path& path, Access access = Access::read_only);

  Group root() const;
  const std::string& path() const { return path_; }
  hid_t id() const { return handle_.get(); }
  // Closes the file (and every object still open in it), throwing on failure.
  void close();

 private:
  File(FileHandle handle, std::string path) : handle_(std::move(handle)), path_(std::move(path)) {}
  FileHandle handle_;
  std::string path_;
};

// ---------------------------------------------------------------- writing

// Chunks encoded outside HDF5, in pieces, so that whoever holds some rows of a
// chunk (a thread or a rank that ran those runs) can encode them, and one
// writer only joins the pieces and places the chunk (write_encoded_chunk).
// A chunk is what the layer's filters read back: HDF5's shuffle (byte j of
// every value together, plane by plane), then one zlib stream. Each piece's part
// of each byte plane is deflated on its own (raw deflate at the layer's level,
// ended by a full flush: byte-aligned and needing nothing before it), and the
// chunk's stream is the zlib header, then plane by plane the pieces' parts in
// row order, an empty final block, and the Adler-32 of the whole, combined from
// the parts' (adler32_combine), the way pigz joins its blocks. The same values
// cut into the same pieces give the same bytes on every machine, whoever
// encoded which piece, in whatever order.
struct EncodedPiece {
  struct Plane {
    std::vector<unsigned char> deflated;  // raw deflate blocks, ended by a full flush
    std::uint32_t adler32 = 1;            // of the plane's bytes before deflating
    std::uint64_t bytes = 0;              // the plane's bytes before deflating
  };
  std::vector<Plane> planes;  // one per byte of a value, in the file's byte order
};

namespace detail {
Dataset write_numeric_dimension(const Group& group, std::string_view name, NumericType type,
                                const void* values, std::size_t count);
Dataset write_numeric_variable(const Group& group, std::string_view name, NumericType type,
                               const void* values, std::size_t count,
                               const std::vector<std::string>& dimensions);
void write_numeric_attribute(const Object& object, std::string_view name, NumericType type,
                             const void* values, std::size_t count, bool scalar);
std::size_t attribute_element_count(const Object& object, std::string_view name);
void read_numeric_attribute(const Object& object, std::string_view name, NumericType type,
                            void* values, std::size_t count);
void read_numeric_dataset(const Dataset& dataset, NumericType type, void* values);
Dataset create_numeric_variable(const Group& group, std::string_view name, NumericType type,
                                const std::vector<std::string>& dimensions, const Shape& chunk);
void write_numeric_slice(const Dataset& dataset, NumericType type, hsize_t index,
                         const void* values, std::size_t count);
void read_numeric_slice(const Dataset& dataset, NumericType type, hsize_t index, void* values,
                        std::size_t count);
void read_numeric_rows(const Dataset& dataset, NumericType type, hsize_t first, hsize_t rows,
                       void* values, std::size_t count);
Dataset create_numeric_dimension(const Group& group, std::string_view name, NumericType type,
                                 hsize_t length, hsize_t chunk);
void write_numeric_rows(const Dataset& dataset, NumericType type, hsize_t first, hsize_t rows,
                        const void* values, std::size_t count);
EncodedPiece encode_numeric_piece(const void* values, std::size_t count, std::size_t value_bytes);
std::vector<unsigned char> encode_numeric_chunk(const void* values, std::size_t count,
                                                std::size_t value_bytes, std::size_t piece_values);
}  // namespace detail

// A dimension and its coordinate variable: a 1-d dataset named like the
// dimension, made a dimension scale. Variables in this group and its subgroups
// can then use the dimension by name.
template <Numeric T>
Dataset write_dimension(const Group& group, std::string_view name, std::span<const T> values) {
  return detail::write_numeric_dimension(group, name, numeric_type_of<T>(), values.data(),
                                         values.size());
}
// A dimension whose coordinate values are strings (variable-length UTF-8).
Dataset write_dimension(const Group& group, std::string_view name,
                        std::span<const std::string> labels);

// A numeric variable over named dimensions (row-major values). The dimensions'
// scales are looked up in `group`, then its parents, and attached to every axis;
// the shape comes from them, and a value count that does not match it fails.
template <Numeric T>
Dataset write_variable(const Group& group, std::string_view name, std::span<const T> values,
                       const std::vector<std::string>& dimensions) {
  return detail::write_numeric_variable(group, name, numeric_type_of<T>(), values.data(),
                                        values.size(), dimensions);
}
// A numeric variable created empty, to be filled one slice (index along the first
// dimension: a run of a sweep) at a time with write_slice. `chunk` overrides the
// default chunk shape, e.g. {1, T, N} so that each slice is its own chunk.
template <Numeric T>
Dataset create_variable(const Group& group, std::string_view name,
                        const std::vector<std::string>& dimensions, const Shape& chunk = {}) {
  return detail::create_numeric_variable(group, name, numeric_type_of<T>(), dimensions, chunk);
}
// Writes values (row-major, the shape without the first axis) at `index` of the first axis.
template <Numeric T>
void write_slice(const Dataset& dataset, hsize_t index, std::span<const T> values) {
  detail::write_numeric_slice(dataset, numeric_type_of<T>(), index, values.data(), values.size());
}

// A numeric dimension of `length` created empty, filled with write_rows (a
// sweep's `run`, written as results stream in). `chunk`: values per chunk (0: default).
template <Numeric T>
Dataset create_dimension(const Group& group, std::string_view name, hsize_t length,
                         hsize_t chunk = 0) {
  return detail::create_numeric_dimension(group, name, numeric_type_of<T>(), length, chunk);
}
// Writes `rows` consecutive indices of the first axis from `first` (row-major values).
template <Numeric T>
void write_rows(const Dataset& dataset, hsize_t first, hsize_t rows, std::span<const T> values) {
  detail::write_numeric_rows(dataset, numeric_type_of<T>(), first, rows, values.data(),
                             values.size());
}
// One piece: whole rows of a chunk, row-major.
template <Numeric T>
EncodedPiece encode_piece(std::span<const T> values) {
  return detail::encode_numeric_piece(values.data(), values.size(), sizeof(T));
}
// A chunk from its pieces, in row order (all of one type: the same number of planes).
std::vector<unsigned char> join_pieces(std::span<const EncodedPiece> pieces);
// A whole chunk, cut into pieces of `piece_values` values (the last one holds
// the rest): join_pieces of encode_piece of each. `values`: the chunk's values,
// row-major, including the rows past the dataset's end (zeros; never read back).
template <Numeric T>
std::vector<unsigned char> encode_chunk(std::span<const T> values, std::size_t piece_values) {
  return detail::encode_numeric_chunk(values.data(), values.size(), sizeof(T), piece_values);
}
// Stores an encoded chunk of `dataset` (chunked along the first axis only, the
// other axes whole) whose first row is `first_row`, a multiple of the chunk's
// rows: H5Dwrite_chunk, no filtering or conversion in HDF5.
void write_encoded_chunk(const Dataset& dataset, hsize_t first_row,
                         std::span<const unsigned char> chunk);

// A string variable created empty, filled with write_string_rows.
Dataset create_string_variable(const Group& group, std::string_view name,
                               const std::vector<std::string>& dimensions, const Shape& chunk = {});
void write_string_rows(const Dataset& dataset, hsize_t first, hsize_t rows,
                       std::span<const std::string> values);

// A string variable (variable-length UTF-8) over named dimensions.
Dataset write_string_variable(const Group& group, std::string_view name,
                              std::span<const std::string> values,
                              const std::vector<std::string>& dimensions);

// A fixed-length UTF-8 string attribute (the form netCDF tools read best).
void write_attribute(const Object& object, std::string_view name, std::string_view text);
inline void write_attribute(const Object& object, std::string_view name, const char* text) {
  write_attribute(object, name, std::string_view(text));
}
inline void write_attribute(const Object& object, std::string_view name, const std::string& text) {
  write_attribute(object, name, std::string_view(text));
}
template <Numeric T>
void write_attribute(const Object& object, std::string_view name, T value) {
  detail::write_numeric_attribute(object, name, numeric_type_of<T>(), &value, 1, true);
}
// A 1-d attribute of fixed-length UTF-8 strings (as wide as the longest); an
// empty list is an attribute with a null dataspace.
void write_attribute(const Object& object, std::string_view name,
                     std::span<const std::string> texts);
// A 1-d numeric attribute (CF flag_values, valid_range).
template <Numeric T>
void write_array_attribute(const Object& object, std::string_view name, std::span<const T> values) {
  detail::write_numeric_attribute(object, name, numeric_type_of<T>(), values.data(), values.size(),
                                  false);
}

// ---------------------------------------------------------------- reading

template <Numeric T>
struct Array {
  std::vector<T> values;  // row-major
  Shape shape;
};

struct StringArray {
  std::vector<std::string> values;
  Shape shape;
};

// Reads a numeric variable, converting from its stored type to T.
template <Numeric T>
Array<T> read_variable(const Dataset& dataset) {
  Array<T> array;
  array.shape = dataset.shape();
  array.values.resize(element_count(array.shape));
  if (!array.values.empty())
    detail::read_numeric_dataset(dataset, numeric_type_of<T>(), array.values.data());
  return array;
}
template <Numeric T>
Array<T> read_variable(const Group& group, std::string_view name) {
  return read_variable<T>(group.open_dataset(name));
}
// Reads the values at `index` of the first axis (row-major, the shape without that axis).
template <Numeric T>
std::vector<T> read_slice(const Dataset& dataset, hsize_t index) {
  const Shape shape = dataset.shape();
  Shape rest(shape.begin() + (shape.empty() ? 0 : 1), shape.end());
  std::vector<T> values(element_count(rest));
  detail::read_numeric_slice(dataset, numeric_type_of<T>(), index, values.data(), values.size());
  return values;
}
// Reads `rows` consecutive indices of the first axis from `first` (row-major values).
template <Numeric T>
std::vector<T> read_rows(const Dataset& dataset, hsize_t first, hsize_t rows) {
  const Shape shape = dataset.shape();
  const Shape rest(shape.begin() + (shape.empty() ? 0 : 1), shape.end());
  std::vector<T> values(element_count(rest) * rows);
  detail::read_numeric_rows(dataset, numeric_type_of<T>(), first, rows, values.data(),
                            values.size());
  return values;
}
std::vector<std::string> read_string_rows(const Dataset& dataset, hsize_t first, hsize_t rows);
// Reads a string variable, variable- or fixed-length.
StringArray read_string_variable(const Dataset& dataset);
StringArray read_string_variable(const Group& group, std::string_view name);

bool has_attribute(const Object& object, std::string_view name);
// In creation order where the file tracks it, else by name.
std::vector<std::string> attribute_names(const Object& object);
bool is_string_attribute(const Object& object, std::string_view name);
// What an attribute holds: one text (scalar), a list of texts (1-d, or an empty
// list as a null dataspace), integers, reals, or something else.
enum class AttributeKind { text, text_list, integer, real, other };
AttributeKind attribute_kind(const Object& object, std::string_view name);
// A 1-d string attribute (fixed- or variable-length); empty for a null dataspace.
std::vector<std::string> read_string_list_attribute(const Object& object, std::string_view name);

// Whether `path` is an HDF5 file (false for any other file), printing nothing.
bool is_hdf5_file(const std::filesystem::path& path);
// A string attribute, fixed- or variable-length.
std::string read_string_attribute(const Object& object, std::string_view name);
// A numeric attribute with exactly one element, converted to T.
template <Numeric T>
T read_attribute(const Object& object, std::string_view name) {
  const std::size_t count = detail::attribute_element_count(object, name);
  if (count != 1)
    fail(attribute_operation("reading", name), object.name(), object.file_path(),
         "expected one value, found " + std::to_string(count));
  T value{};
  detail::read_numeric_attribute(object, name, numeric_type_of<T>(), &value, 1);
  return value;
}
template <Numeric T>
std::vector<T> read_array_attribute(const Object& object, std::string_view name) {
  std::vector<T> values(detail::attribute_element_count(object, name));
  if (!values.empty())
    detail::read_numeric_attribute(object, name, numeric_type_of<T>(), values.data(),
                                   values.size());
  return values;
}

}  // namespace frontline::h5
