#include "frontline/output/hdf5.hpp"

#include <hdf5_hl.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>
#include <optional>

#include "frontline/core/error.hpp"

namespace frontline::h5 {

namespace {

// One format for every file we write: readable by HDF5 1.8 and later (so by
// netCDF-C, h5py and h5netcdf as shipped), and able to hold dense attributes.
constexpr H5F_libver_t kLibverLow = H5F_LIBVER_V110;
constexpr H5F_libver_t kLibverHigh = H5F_LIBVER_V110;
constexpr std::size_t kChunkCapBytes = std::size_t{1} << 20;
constexpr unsigned kDeflateLevel = 4;
constexpr unsigned kCreationOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;

// The zlib stream a joined chunk starts with: deflate, 32 KiB window, the
// compression level flag of levels 2-5 (what compress2 writes at level 4).
constexpr unsigned char kZlibHeader[] = {0x78, 0x5e};
// A final fixed-Huffman block holding only its end code: ends a joined stream.
constexpr unsigned char kFinalEmptyBlock[] = {0x03, 0x00};

// Raw deflate (no zlib header or trailer) at the layer's level, each input on
// its own: the state is reset before each, so the bytes of one input never
// depend on what was deflated before it.
class RawDeflater {
 public:
  RawDeflater() {
    if (deflateInit2(&stream_, static_cast<int>(kDeflateLevel), Z_DEFLATED, -MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
      throw RuntimeError("starting deflate failed (out of memory)");
  }
  RawDeflater(const RawDeflater&) = delete;
  RawDeflater& operator=(const RawDeflater&) = delete;
  ~RawDeflater() { deflateEnd(&stream_); }

  // `input` deflated and ended by a full flush (byte-aligned, not final).
  std::vector<unsigned char> flushed(std::span<const unsigned char> input) {
    if (deflateReset(&stream_) != Z_OK) throw RuntimeError("resetting deflate failed");
    // The bound plus room for the flush's empty stored block.
    std::vector<unsigned char> output(deflateBound(&stream_, static_cast<uLong>(input.size())) +
                                      16);
    stream_.next_in = const_cast<unsigned char*>(input.data());  // zlib's API is not const
    stream_.avail_in = static_cast<uInt>(input.size());
    std::size_t used = 0;
    for (;;) {
      stream_.next_out = output.data() + used;
      stream_.avail_out = static_cast<uInt>(output.size() - used);
      if (deflate(&stream_, Z_FULL_FLUSH) == Z_STREAM_ERROR)
        throw RuntimeError("deflating a piece of a chunk failed");
      used = output.size() - stream_.avail_out;
      if (stream_.avail_out != 0) break;  // all input consumed and flushed
      output.resize(output.size() * 2);
    }
    output.resize(used);
    return output;
  }

 private:
  z_stream stream_{};
};

hid_t memory_type(NumericType type) {
  switch (type) {
    case NumericType::int8:
      return H5T_NATIVE_INT8;
    case NumericType::uint8:
      return H5T_NATIVE_UINT8;
    case NumericType::int16:
      return H5T_NATIVE_INT16;
    case NumericType::int32:
      return H5T_NATIVE_INT32;
    case NumericType::uint32:
      return H5T_NATIVE_UINT32;
    case NumericType::int64:
      return H5T_NATIVE_INT64;
    case NumericType::uint64:
      return H5T_NATIVE_UINT64;
    case NumericType::float32:
      return H5T_NATIVE_FLOAT;
    case NumericType::float64:
      return H5T_NATIVE_DOUBLE;
  }
  return H5I_INVALID_HID;
}

// Little-endian standard types in the file, whatever the machine.
hid_t file_type(NumericType type) {
  switch (type) {
    case NumericType::int8:
      return H5T_STD_I8LE;
    case NumericType::uint8:
      return H5T_STD_U8LE;
    case NumericType::int16:
      return H5T_STD_I16LE;
    case NumericType::int32:
      return H5T_STD_I32LE;
    case NumericType::uint32:
      return H5T_STD_U32LE;
    case NumericType::int64:
      return H5T_STD_I64LE;
    case NumericType::uint64:
      return H5T_STD_U64LE;
    case NumericType::float32:
      return H5T_IEEE_F32LE;
    case NumericType::float64:
      return H5T_IEEE_F64LE;
  }
  return H5I_INVALID_HID;
}

herr_t append_error(unsigned /*depth*/, const H5E_error2_t* error, void* data) {
  auto& text = *static_cast<std::string*>(data);
  if (!text.empty()) text += "; ";
  text += error->func_name ? error->func_name : "?";
  text += ": ";
  text += error->desc ? error->desc : "(no description)";
  return 0;
}

std::string join_path(const std::string& parent, std::string_view name) {
  std::string path = parent;
  if (path.empty() || path.back() != '/') path += '/';
  path += name;
  return path;
}

std::string relative_name(const std::string& path) {
  return path == "/" ? path : path.substr(path.front() == '/' ? 1 : 0);
}

// Checks an HDF5 return value (an id, a status or a tri-state): negative fails.
template <class Result>
Result check(Result result, std::string_view operation, std::string_view object,
             std::string_view file) {
  if (result < 0) fail(operation, object, file);
  return result;
}

std::string parent_path(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string basename(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Object creation settings shared by groups and datasets: no access, modification
// or change times (so identical data gives identical bytes), attributes listed in
// the order they were written.
void set_object_creation(hid_t plist, std::string_view object, std::string_view file) {
  check(H5Pset_obj_track_times(plist, 0), "disabling time tracking for", object, file);
  check(H5Pset_attr_creation_order(plist, kCreationOrder), "tracking attribute order for", object,
        file);
}

// Whole-array chunks while they fit in about 1 MiB; otherwise the longest axis
// is halved until they do, which keeps chunks near-square in (time, node).
Shape chunk_shape(const Shape& shape, std::size_t element_bytes) {
  Shape chunk = shape;
  auto bytes = [&] { return element_count(chunk) * element_bytes; };
  while (bytes() > kChunkCapBytes) {
    auto longest = std::max_element(chunk.begin(), chunk.end());
    if (*longest <= 1) break;
    *longest = (*longest + 1) / 2;
  }
  return chunk;
}

// Dataset's constructor is for this file only (datasets come from groups).
Dataset make_dataset(ObjectHandle handle, std::string file, std::string path) {
  struct Constructible : Dataset {
    Constructible(ObjectHandle h, std::string f, std::string p)
        : Dataset(std::move(h), std::move(f), std::move(p)) {}
  };
  return Constructible(std::move(handle), std::move(file), std::move(path));
}

}  // namespace

// ---------------------------------------------------------------- errors

namespace {
// HDF5 1.10 frees a file whose H5Fclose failed (a full disk) but keeps its id,
// and its exit handler (H5_term_library) then crashes on it. Every object is
// closed by its handle, so the library needs no exit handler; this runs before
// main(), so before any HDF5 call of the process (docs/reliability.md).
[[maybe_unused]] const bool kNoHdf5ExitHandler = H5dont_atexit() >= 0;
}  // namespace

void silence_error_printing() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string take_error_stack() {
  std::string text;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, append_error, &text);
  H5Eclear2(H5E_DEFAULT);
  return text;
}

void fail(std::string_view operation, std::string_view object, std::string_view file,
          std::string_view detail) {
  std::string stack = take_error_stack();
  std::string message(operation);
  if (!object.empty()) {
    message += " '";
    message += object;
    message += "' in";
  }
  message += ' ';
  message += file;
  message += ": ";
  if (!detail.empty()) {
    message += detail;
    if (!stack.empty()) message += " (HDF5: " + stack + ")";
  } else {
    message += stack.empty() ? std::string("HDF5 reported no details") : stack;
  }
  throw RuntimeError(message);
}

std::string attribute_operation(std::string_view verb, std::string_view attribute) {
  return std::string(verb) + " attribute '" + std::string(attribute) + "' of";
}

// ---------------------------------------------------------------- shapes

std::size_t element_count(const Shape& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::size_t{1},
                         [](std::size_t a, hsize_t b) { return a * static_cast<std::size_t>(b); });
}

std::string to_string(const Shape& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + ")";
}

// ---------------------------------------------------------------- objects

std::string Object::name() const { return relative_name(path_); }

Shape Dataset::shape() const {
  DataspaceHandle space(check(H5Dget_space(id()), "reading the shape of", name(), file_path()));
  const int rank =
      check(H5Sget_simple_extent_ndims(space.get()), "reading the rank of", name(), file_path());
  Shape dims(static_cast<std::size_t>(rank));
  if (rank > 0)
    check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "reading the shape of",
          name(), file_path());
  return dims;
}

Shape Dataset::chunk_shape() const {
  PropertyListHandle dcpl(
      check(H5Dget_create_plist(id()), "reading the chunks of", name(), file_path()));
  if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED) return {};
  Shape chunk(shape().size());
  check(H5Pget_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
        "reading the chunks of", name(), file_path());
  return chunk;
}

namespace {
herr_t remember_scale_name(hid_t /*dataset*/, unsigned /*axis*/, hid_t scale, void* data) {
  const ssize_t length = H5Iget_name(scale, nullptr, 0);
  if (length <= 0) return -1;
  std::string path(static_cast<std::size_t>(length) + 1, '\0');
  if (H5Iget_name(scale, path.data(), path.size()) <= 0) return -1;
  path.resize(static_cast<std::size_t>(length));
  *static_cast<std::string*>(data) = basename(path);
  return 1;  // the first attached scale names the axis
}
}  // namespace

std::vector<std::string> Dataset::dimensions() const {
  const std::size_t rank = shape().size();
  std::vector<std::string> names(rank);
  for (unsigned axis = 0; axis < rank; ++axis) {
    const int scales = H5DSget_num_scales(id(), axis);
    if (scales <= 0) {
      H5Eclear2(H5E_DEFAULT);
      continue;
    }
    check(H5DSiterate_scales(id(), axis, nullptr, remember_scale_name, &names[axis]),
          "reading the dimensions of", name(), file_path());
  }
  return names;
}

bool Dataset::is_string() const {
  DatatypeHandle type(check(H5Dget_type(id()), "reading the type of", name(), file_path()));
  return H5Tget_class(type.get()) == H5T_STRING;
}

std::optional<NumericType> Dataset::element_type() const {
  DatatypeHandle type(check(H5Dget_type(id()), "reading the type of", name(), file_path()));
  const std::size_t size = H5Tget_size(type.get());
  switch (H5Tget_class(type.get())) {
    case H5T_STRING:
      return std::nullopt;
    case H5T_FLOAT:
      return size == 4 ? NumericType::float32 : NumericType::float64;
    case H5T_INTEGER: {
      const bool is_signed = H5Tget_sign(type.get()) == H5T_SGN_2;
      if (size == 1) return is_signed ? NumericType::int8 : NumericType::uint8;
      if (size == 2 && is_signed) return NumericType::int16;
      if (size <= 4) return is_signed ? NumericType::int32 : NumericType::uint32;
      return is_signed ? NumericType::int64 : NumericType::uint64;
    }
    default:
      fail("reading the type of", name(), file_path(), "it holds neither numbers nor strings");
  }
}

bool Dataset::is_dimension_scale() const {
  return check(H5DSis_scale(id()), "reading the kind of", name(), file_path()) > 0;
}

Group Group::create_group(std::string_view child) const {
  const std::string path = join_path(this->path(), child);
  PropertyListHandle gcpl(
      check(H5Pcreate(H5P_GROUP_CREATE), "creating group", relative_name(path), file_path()));
  set_object_creation(gcpl.get(), relative_name(path), file_path());
  check(H5Pset_link_creation_order(gcpl.get(), kCreationOrder), "creating group",
        relative_name(path), file_path());
  const std::string child_name(child);
  ObjectHandle handle(
      check(H5Gcreate2(id(), child_name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
            "creating group", relative_name(path), file_path()));
  return Group(std::move(handle), file_path(), path);
}

Group Group::open_group(std::string_view child) const {
  const std::string path = join_path(this->path(), child);
  const std::string child_name(child);
  ObjectHandle handle(check(H5Gopen2(id(), child_name.c_str(), H5P_DEFAULT), "opening group",
                            relative_name(path), file_path()));
  return Group(std::move(handle), file_path(), path);
}

Dataset Group::open_dataset(std::string_view child) const {
  const std::string path = join_path(this->path(), child);
  const std::string child_name(child);
  ObjectHandle handle(check(H5Dopen2(id(), child_name.c_str(), H5P_DEFAULT), "opening dataset",
                            relative_name(path), file_path()));
  return make_dataset(std::move(handle), file_path(), path);
}

bool Group::has(std::string_view child) const {
  const std::string child_name(child);
  return check(H5Lexists(id(), child_name.c_str(), H5P_DEFAULT), "looking up",
               relative_name(join_path(path(), child)), file_path()) > 0;
}

namespace {
herr_t append_link_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> Group::members() const {
  std::vector<std::string> names;
  // Files written elsewhere may not track creation order: fall back to names.
  if (H5Literate(id(), H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, append_link_name, &names) >= 0)
    return names;
  H5Eclear2(H5E_DEFAULT);
  names.clear();
  check(H5Literate(id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, append_link_name, &names),
        "listing the members of", name(), file_path());
  return names;
}

File File::create(const std::filesystem::path& path) {
  silence_error_printing();
  const std::string file = path.string();
  PropertyListHandle fcpl(check(H5Pcreate(H5P_FILE_CREATE), "creating file", "", file));
  // The root group's settings live in the file creation list. Dense attribute
  // storage from the first attribute lifts the 64 KiB limit of compact storage
  // (a resolved scenario is stored as an attribute).
  set_object_creation(fcpl.get(), "/", file);
  check(H5Pset_link_creation_order(fcpl.get(), kCreationOrder), "creating file", "", file);
  check(H5Pset_attr_phase_change(fcpl.get(), 0, 0), "creating file", "", file);
  PropertyListHandle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "creating file", "", file));
  check(H5Pset_libver_bounds(fapl.get(), kLibverLow, kLibverHigh), "creating file", "", file);
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "creating file", "", file);
  FileHandle handle(check(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
                          "creating file", "", file));
  return File(std::move(handle), file);
}

File File::open(const std::filesystem::path& path, Access access) {
  silence_error_printing();
  const std::string file = path.string();
  PropertyListHandle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "opening file", "", file));
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "opening file", "", file);
  if (access == Access::read_write)
    check(H5Pset_libver_bounds(fapl.get(), kLibverLow, kLibverHigh), "opening file", "", file);
  const unsigned flags = access == Access::read_write ? H5F_ACC_RDWR : H5F_ACC_RDONLY;
  FileHandle handle(check(H5Fopen(file.c_str(), flags, fapl.get()), "opening file", "", file));
  return File(std::move(handle), file);
}

Group File::root() const {
  ObjectHandle handle(check(H5Gopen2(id(), "/", H5P_DEFAULT), "opening group", "/", path_));
  return Group(std::move(handle), path_, "/");
}

void File::close() {
  if (handle_.close() < 0) fail("closing file", "", path_);
}

// ---------------------------------------------------------------- writing

namespace {

// A chunked, shuffled and deflated dataset (contiguous when empty: chunks need
// at least one element per axis and there is nothing to compress).
Dataset create_dataset(const Group& group, std::string_view name, hid_t type, const Shape& shape,
                       const Shape& requested_chunk = {}) {
  const std::string path = join_path(group.path(), name);
  const std::string object = relative_name(path);
  const std::string& file = group.file_path();
  DataspaceHandle space(
      check(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
            "creating the dataspace of", object, file));
  PropertyListHandle dcpl(check(H5Pcreate(H5P_DATASET_CREATE), "creating dataset", object, file));
  set_object_creation(dcpl.get(), object, file);
  if (element_count(shape) > 0) {
    Shape chunk = requested_chunk.empty() ? chunk_shape(shape, H5Tget_size(type)) : requested_chunk;
    if (chunk.size() != shape.size())
      fail("creating dataset", object, file,
           "chunk shape " + to_string(chunk) + " does not match shape " + to_string(shape));
    for (std::size_t axis = 0; axis < chunk.size(); ++axis)
      chunk[axis] = std::clamp<hsize_t>(chunk[axis], 1, shape[axis]);
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
          "setting the chunks of", object, file);
    check(H5Pset_shuffle(dcpl.get()), "setting the filters of", object, file);
    check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "setting the filters of", object, file);
  }
  const std::string dataset_name(name);
  ObjectHandle handle(check(H5Dcreate2(group.id(), dataset_name.c_str(), type, space.get(),
                                       H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                            "creating dataset", object, file));
  return make_dataset(std::move(handle), file, path);
}

DatatypeHandle vlen_utf8_type(std::string_view object, std::string_view file) {
  DatatypeHandle type(check(H5Tcopy(H5T_C_S1), "creating the string type of", object, file));
  check(H5Tset_size(type.get(), H5T_VARIABLE), "creating the string type of", object, file);
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "creating the string type of", object, file);
  return type;
}

void write_strings(const Dataset& dataset, hid_t type, std::span<const std::string> values) {
  if (values.empty()) return;
  std::vector<const char*> pointers(values.size());
  std::transform(values.begin(), values.end(), pointers.begin(),
                 [](const std::string& s) { return s.c_str(); });
  check(H5Dwrite(dataset.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
        "writing dataset", dataset.name(), dataset.file_path());
}

void make_scale(const Dataset& dataset, std::string_view dimension) {
  const std::string dimension_name(dimension);
  check(H5DSset_scale(dataset.id(), dimension_name.c_str()), "making a dimension scale of",
        dataset.name(), dataset.file_path());
}

// The scale named `dimension` in `group` or the nearest parent that has one
// (netCDF-4 looks for dimensions the same way).
Dataset find_scale(const Group& group, const std::string& dimension, std::string_view variable) {
  std::string where = group.path();
  while (true) {
    const std::string candidate = join_path(where, dimension);
    // Every prefix of candidate is an existing group, so H5Lexists is well defined.
    if (check(H5Lexists(group.id(), candidate.c_str(), H5P_DEFAULT), "looking up dimension",
              dimension, group.file_path()) > 0) {
      ObjectHandle handle(check(H5Dopen2(group.id(), candidate.c_str(), H5P_DEFAULT),
                                "opening dimension", dimension, group.file_path()));
      if (check(H5DSis_scale(handle.get()), "checking dimension", dimension, group.file_path()) > 0)
        return make_dataset(std::move(handle), group.file_path(), candidate);
    }
    if (where == "/") break;
    where = parent_path(where);
  }
  fail("creating dataset", relative_name(join_path(group.path(), variable)), group.file_path(),
       "no dimension '" + dimension + "' in " + group.path() +
           " or its parents (write the dimension first)");
}

struct ResolvedDimensions {
  std::vector<Dataset> scales;
  Shape shape;
};

// The scales and shape of `dimensions`; checks the value count unless it is nullopt.
ResolvedDimensions resolve_dimensions(const Group& group, std::string_view variable,
                                      const std::vector<std::string>& dimensions,
                                      std::optional<std::size_t> value_count) {
  ResolvedDimensions resolved;
  for (const auto& dimension : dimensions) {
    resolved.scales.push_back(find_scale(group, dimension, variable));
    const Shape scale_shape = resolved.scales.back().shape();
    resolved.shape.push_back(scale_shape.empty() ? 1 : scale_shape[0]);
  }
  if (dimensions.empty())
    fail("creating dataset", relative_name(join_path(group.path(), variable)), group.file_path(),
         "a variable needs at least one dimension");
  if (value_count && element_count(resolved.shape) != *value_count) {
    std::string names;
    for (const auto& d : dimensions) names += (names.empty() ? "" : ", ") + d;
    fail("creating dataset", relative_name(join_path(group.path(), variable)), group.file_path(),
         std::to_string(*value_count) + " values for dimensions (" + names + ") of shape " +
             to_string(resolved.shape) + " = " + std::to_string(element_count(resolved.shape)));
  }
  return resolved;
}

void attach_scales(const Dataset& dataset, const std::vector<Dataset>& scales) {
  for (unsigned axis = 0; axis < scales.size(); ++axis)
    check(H5DSattach_scale(dataset.id(), scales[axis].id(), axis), "attaching dimension scales to",
          dataset.name(), dataset.file_path());
}

AttributeHandle create_attribute(const Object& object, std::string_view name, hid_t type,
                                 hid_t space) {
  const std::string attribute(name);
  if (check(H5Aexists(object.id(), attribute.c_str()), attribute_operation("writing", name),
            object.name(), object.file_path()) > 0)
    check(H5Adelete(object.id(), attribute.c_str()), attribute_operation("replacing", name),
          object.name(), object.file_path());
  return AttributeHandle(
      check(H5Acreate2(object.id(), attribute.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
            attribute_operation("creating", name), object.name(), object.file_path()));
}

AttributeHandle open_attribute(const Object& object, std::string_view name) {
  const std::string attribute(name);
  return AttributeHandle(check(H5Aopen(object.id(), attribute.c_str(), H5P_DEFAULT),
                               attribute_operation("opening", name), object.name(),
                               object.file_path()));
}

std::string strip_fixed_string(const char* data, std::size_t size, H5T_str_t padding) {
  std::string text(data, size);
  if (padding == H5T_STR_SPACEPAD) {
    const auto end = text.find_last_not_of(' ');
    text.erase(end == std::string::npos ? 0 : end + 1);
  } else {
    const auto nul = text.find('\0');
    if (nul != std::string::npos) text.erase(nul);
  }
  return text;
}

}  // namespace

namespace detail {

Dataset write_numeric_dimension(const Group& group, std::string_view name, NumericType type,
                                const void* values, std::size_t count) {
  Dataset dataset = create_dataset(group, name, file_type(type), Shape{count});
  if (count > 0)
    check(H5Dwrite(dataset.id(), memory_type(type), H5S_ALL, H5S_ALL, H5P_DEFAULT, values),
          "writing dataset", dataset.name(), dataset.file_path());
  make_scale(dataset, name);
  return dataset;
}

Dataset write_numeric_variable(const Group& group, std::string_view name, NumericType type,
                               const void* values, std::size_t count,
                               const std::vector<std::string>& dimensions) {
  const ResolvedDimensions resolved = resolve_dimensions(group, name, dimensions, count);
  Dataset dataset = create_dataset(group, name, file_type(type), resolved.shape);
  if (count > 0)
    check(H5Dwrite(dataset.id(), memory_type(type), H5S_ALL, H5S_ALL, H5P_DEFAULT, values),
          "writing dataset", dataset.name(), dataset.file_path());
  attach_scales(dataset, resolved.scales);
  return dataset;
}

void write_numeric_attribute(const Object& object, std::string_view name, NumericType type,
                             const void* values, std::size_t count, bool scalar) {
  const std::string context = object.name();
  const hsize_t length = count;
  DataspaceHandle space(
      check(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &length, nullptr),
            attribute_operation("creating the dataspace of", name), context, object.file_path()));
  AttributeHandle attribute = create_attribute(object, name, file_type(type), space.get());
  check(H5Awrite(attribute.get(), memory_type(type), values), attribute_operation("writing", name),
        context, object.file_path());
}

std::size_t attribute_element_count(const Object& object, std::string_view name) {
  const AttributeHandle attribute = open_attribute(object, name);
  const std::string context = object.name();
  DataspaceHandle space(check(H5Aget_space(attribute.get()), attribute_operation("reading", name),
                              context, object.file_path()));
  return static_cast<std::size_t>(check(H5Sget_simple_extent_npoints(space.get()),
                                        attribute_operation("reading", name), context,
                                        object.file_path()));
}

void read_numeric_attribute(const Object& object, std::string_view name, NumericType type,
                            void* values, std::size_t /*count*/) {
  const AttributeHandle attribute = open_attribute(object, name);
  const std::string context = object.name();
  DatatypeHandle stored(check(H5Aget_type(attribute.get()), attribute_operation("reading", name),
                              context, object.file_path()));
  const H5T_class_t type_class = H5Tget_class(stored.get());
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT)
    fail(attribute_operation("reading", name), context, object.file_path(), "it is not a number");
  check(H5Aread(attribute.get(), memory_type(type), values), attribute_operation("reading", name),
        context, object.file_path());
}

void read_numeric_dataset(const Dataset& dataset, NumericType type, void* values) {
  DatatypeHandle stored(
      check(H5Dget_type(dataset.id()), "reading dataset", dataset.name(), dataset.file_path()));
  const H5T_class_t type_class = H5Tget_class(stored.get());
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT)
    fail("reading dataset", dataset.name(), dataset.file_path(), "it is not numeric");
  check(H5Dread(dataset.id(), memory_type(type), H5S_ALL, H5S_ALL, H5P_DEFAULT, values),
        "reading dataset", dataset.name(), dataset.file_path());
}

Dataset create_numeric_variable(const Group& group, std::string_view name, NumericType type,
                                const std::vector<std::string>& dimensions, const Shape& chunk) {
  const ResolvedDimensions resolved = resolve_dimensions(group, name, dimensions, std::nullopt);
  Dataset dataset = create_dataset(group, name, file_type(type), resolved.shape, chunk);
  attach_scales(dataset, resolved.scales);
  return dataset;
}

namespace {
// The dataspace of one index along the first axis, and the matching memory space.
struct SliceSpaces {
  DataspaceHandle file;
  DataspaceHandle memory;
};

SliceSpaces slice_spaces(const Dataset& dataset, hsize_t index, std::size_t count,
                         std::string_view operation, hsize_t rows = 1) {
  const Shape shape = dataset.shape();
  if (shape.empty() || index >= shape[0] || rows > shape[0] - index)
    fail(operation, dataset.name(), dataset.file_path(),
         (rows == 1
              ? "index " + std::to_string(index) + " is"
              : "rows " + std::to_string(index) + " to " + std::to_string(index + rows) + " are") +
             " outside shape " + to_string(shape));
  Shape start(shape.size(), 0), extent = shape;
  start[0] = index;
  extent[0] = rows;
  if (element_count(extent) != count)
    fail(operation, dataset.name(), dataset.file_path(),
         std::to_string(count) + " values for a slice of shape " + to_string(extent) + " = " +
             std::to_string(element_count(extent)));
  SliceSpaces spaces;
  spaces.file = DataspaceHandle(
      check(H5Dget_space(dataset.id()), operation, dataset.name(), dataset.file_path()));
  check(H5Sselect_hyperslab(spaces.file.get(), H5S_SELECT_SET, start.data(), nullptr, extent.data(),
                            nullptr),
        operation, dataset.name(), dataset.file_path());
  const hsize_t flat = count;
  spaces.memory = DataspaceHandle(
      check(H5Screate_simple(1, &flat, nullptr), operation, dataset.name(), dataset.file_path()));
  return spaces;
}
}  // namespace

void write_numeric_slice(const Dataset& dataset, NumericType type, hsize_t index,
                         const void* values, std::size_t count) {
  const SliceSpaces spaces = slice_spaces(dataset, index, count, "writing a slice of dataset");
  check(H5Dwrite(dataset.id(), memory_type(type), spaces.memory.get(), spaces.file.get(),
                 H5P_DEFAULT, values),
        "writing a slice of dataset", dataset.name(), dataset.file_path());
}

void write_numeric_rows(const Dataset& dataset, NumericType type, hsize_t first, hsize_t rows,
                        const void* values, std::size_t count) {
  if (rows == 0) return;
  const SliceSpaces spaces = slice_spaces(dataset, first, count, "writing rows of dataset", rows);
  check(H5Dwrite(dataset.id(), memory_type(type), spaces.memory.get(), spaces.file.get(),
                 H5P_DEFAULT, values),
        "writing rows of dataset", dataset.name(), dataset.file_path());
}

EncodedPiece encode_numeric_piece(const void* values, std::size_t count, std::size_t value_bytes) {
  const auto* bytes = static_cast<const unsigned char*>(values);
  std::vector<unsigned char> plane(count);
  RawDeflater deflater;
  EncodedPiece piece;
  piece.planes.reserve(value_bytes);
  for (std::size_t j = 0; j < value_bytes; ++j) {
    // HDF5's shuffle: byte j of every value; the file is little-endian (file_type).
    const std::size_t byte = std::endian::native == std::endian::little ? j : value_bytes - 1 - j;
    for (std::size_t i = 0; i < count; ++i) plane[i] = bytes[i * value_bytes + byte];
    EncodedPiece::Plane& encoded = piece.planes.emplace_back();
    encoded.deflated = deflater.flushed(plane);
    encoded.adler32 =
        static_cast<std::uint32_t>(adler32(1, plane.data(), static_cast<uInt>(plane.size())));
    encoded.bytes = plane.size();
  }
  return piece;
}

std::vector<unsigned char> encode_numeric_chunk(const void* values, std::size_t count,
                                                std::size_t value_bytes, std::size_t piece_values) {
  if (piece_values == 0) throw RuntimeError("encoding a chunk: pieces of 0 values");
  std::vector<EncodedPiece> pieces;
  const auto* bytes = static_cast<const unsigned char*>(values);
  for (std::size_t first = 0; first < count; first += piece_values)
    pieces.push_back(encode_numeric_piece(bytes + first * value_bytes,
                                          std::min(piece_values, count - first), value_bytes));
  return join_pieces(pieces);
}

Dataset create_numeric_dimension(const Group& group, std::string_view name, NumericType type,
                                 hsize_t length, hsize_t chunk) {
  Dataset dataset = create_dataset(group, name, file_type(type), Shape{length},
                                   chunk == 0 ? Shape{} : Shape{chunk});
  make_scale(dataset, name);
  return dataset;
}

void read_numeric_slice(const Dataset& dataset, NumericType type, hsize_t index, void* values,
                        std::size_t count) {
  const SliceSpaces spaces = slice_spaces(dataset, index, count, "reading a slice of dataset");
  check(H5Dread(dataset.id(), memory_type(type), spaces.memory.get(), spaces.file.get(),
                H5P_DEFAULT, values),
        "reading a slice of dataset", dataset.name(), dataset.file_path());
}

void read_numeric_rows(const Dataset& dataset, NumericType type, hsize_t first, hsize_t rows,
                       void* values, std::size_t count) {
  if (rows == 0) return;
  const SliceSpaces spaces = slice_spaces(dataset, first, count, "reading rows of dataset", rows);
  check(H5Dread(dataset.id(), memory_type(type), spaces.memory.get(), spaces.file.get(),
                H5P_DEFAULT, values),
        "reading rows of dataset", dataset.name(), dataset.file_path());
}

}  // namespace detail

std::vector<unsigned char> join_pieces(std::span<const EncodedPiece> pieces) {
  if (pieces.empty()) throw RuntimeError("joining the pieces of a chunk: no pieces");
  const std::size_t planes = pieces.front().planes.size();
  std::size_t size = sizeof(kZlibHeader) + sizeof(kFinalEmptyBlock) + 4;
  for (const EncodedPiece& piece : pieces) {
    if (piece.planes.size() != planes)
      throw RuntimeError("joining the pieces of a chunk: pieces of " +
                         std::to_string(piece.planes.size()) + " and " + std::to_string(planes) +
                         " byte planes");
    for (const EncodedPiece::Plane& plane : piece.planes) size += plane.deflated.size();
  }
  std::vector<unsigned char> chunk;
  chunk.reserve(size);
  chunk.insert(chunk.end(), std::begin(kZlibHeader), std::end(kZlibHeader));
  uLong checksum = adler32(0, nullptr, 0);
  for (std::size_t j = 0; j < planes; ++j)
    for (const EncodedPiece& piece : pieces) {
      const EncodedPiece::Plane& plane = piece.planes[j];
      chunk.insert(chunk.end(), plane.deflated.begin(), plane.deflated.end());
      checksum = adler32_combine(checksum, plane.adler32, static_cast<z_off_t>(plane.bytes));
    }
  chunk.insert(chunk.end(), std::begin(kFinalEmptyBlock), std::end(kFinalEmptyBlock));
  for (int shift = 24; shift >= 0; shift -= 8)  // big-endian, as zlib's trailer is
    chunk.push_back(static_cast<unsigned char>(checksum >> shift));
  return chunk;
}

void write_encoded_chunk(const Dataset& dataset, hsize_t first_row,
                         std::span<const unsigned char> chunk) {
  Shape offset(dataset.shape().size(), 0);
  if (offset.empty())
    fail("writing a chunk of dataset", dataset.name(), dataset.file_path(), "a scalar dataset");
  offset[0] = first_row;
  check(H5Dwrite_chunk(dataset.id(), H5P_DEFAULT, 0, offset.data(), chunk.size(), chunk.data()),
        "writing a chunk of dataset", dataset.name(), dataset.file_path());
}

std::vector<std::string> read_string_rows(const Dataset& dataset, hsize_t first, hsize_t rows) {
  std::vector<std::string> values;
  if (rows == 0) return values;
  const Shape shape = dataset.shape();
  const std::size_t count =
      element_count(Shape(shape.begin() + (shape.empty() ? 0 : 1), shape.end())) * rows;
  const auto spaces = detail::slice_spaces(dataset, first, count, "reading rows of dataset", rows);
  DatatypeHandle stored(check(H5Dget_type(dataset.id()), "reading rows of dataset", dataset.name(),
                              dataset.file_path()));
  if (H5Tget_class(stored.get()) != H5T_STRING ||
      check(H5Tis_variable_str(stored.get()), "reading rows of dataset", dataset.name(),
            dataset.file_path()) <= 0)
    fail("reading rows of dataset", dataset.name(), dataset.file_path(),
         "it does not hold variable-length strings");
  // Read with the stored type itself: HDF5 does not convert between character sets.
  DatatypeHandle memory(
      check(H5Tcopy(stored.get()), "reading rows of dataset", dataset.name(), dataset.file_path()));
  std::vector<char*> pointers(count, nullptr);
  check(H5Dread(dataset.id(), memory.get(), spaces.memory.get(), spaces.file.get(), H5P_DEFAULT,
                pointers.data()),
        "reading rows of dataset", dataset.name(), dataset.file_path());
  values.reserve(count);
  for (char* p : pointers) values.emplace_back(p ? p : "");
  H5Dvlen_reclaim(memory.get(), spaces.memory.get(), H5P_DEFAULT, pointers.data());
  return values;
}

Dataset write_dimension(const Group& group, std::string_view name,
                        std::span<const std::string> labels) {
  const std::string object = relative_name(join_path(group.path(), name));
  const DatatypeHandle type = vlen_utf8_type(object, group.file_path());
  Dataset dataset = create_dataset(group, name, type.get(), Shape{labels.size()});
  write_strings(dataset, type.get(), labels);
  make_scale(dataset, name);
  return dataset;
}

Dataset create_string_variable(const Group& group, std::string_view name,
                               const std::vector<std::string>& dimensions, const Shape& chunk) {
  const ResolvedDimensions resolved = resolve_dimensions(group, name, dimensions, std::nullopt);
  const std::string object = relative_name(join_path(group.path(), name));
  const DatatypeHandle type = vlen_utf8_type(object, group.file_path());
  Dataset dataset = create_dataset(group, name, type.get(), resolved.shape, chunk);
  attach_scales(dataset, resolved.scales);
  return dataset;
}

void write_string_rows(const Dataset& dataset, hsize_t first, hsize_t rows,
                       std::span<const std::string> values) {
  if (rows == 0) return;
  const auto spaces =
      detail::slice_spaces(dataset, first, values.size(), "writing rows of dataset", rows);
  const DatatypeHandle type = vlen_utf8_type(dataset.name(), dataset.file_path());
  std::vector<const char*> pointers(values.size());
  std::transform(values.begin(), values.end(), pointers.begin(),
                 [](const std::string& s) { return s.c_str(); });
  check(H5Dwrite(dataset.id(), type.get(), spaces.memory.get(), spaces.file.get(), H5P_DEFAULT,
                 pointers.data()),
        "writing rows of dataset", dataset.name(), dataset.file_path());
}

Dataset write_string_variable(const Group& group, std::string_view name,
                              std::span<const std::string> values,
                              const std::vector<std::string>& dimensions) {
  const ResolvedDimensions resolved = resolve_dimensions(group, name, dimensions, values.size());
  const std::string object = relative_name(join_path(group.path(), name));
  const DatatypeHandle type = vlen_utf8_type(object, group.file_path());
  Dataset dataset = create_dataset(group, name, type.get(), resolved.shape);
  write_strings(dataset, type.get(), values);
  attach_scales(dataset, resolved.scales);
  return dataset;
}

void write_attribute(const Object& object, std::string_view name, std::string_view text) {
  const std::string context = object.name();
  DatatypeHandle type(check(H5Tcopy(H5T_C_S1), attribute_operation("creating the type of", name),
                            context, object.file_path()));
  // HDF5 has no zero-length strings: an empty text is one NUL byte.
  check(H5Tset_size(type.get(), std::max<std::size_t>(text.size(), 1)), "creating the type of",
        context, object.file_path());
  check(H5Tset_strpad(type.get(), H5T_STR_NULLTERM),
        attribute_operation("creating the type of", name), context, object.file_path());
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), attribute_operation("creating the type of", name),
        context, object.file_path());
  DataspaceHandle space(check(H5Screate(H5S_SCALAR),
                              attribute_operation("creating the dataspace of", name), context,
                              object.file_path()));
  AttributeHandle attribute = create_attribute(object, name, type.get(), space.get());
  const char nul = '\0';
  check(H5Awrite(attribute.get(), type.get(), text.empty() ? &nul : text.data()),
        attribute_operation("writing", name), context, object.file_path());
}

void write_attribute(const Object& object, std::string_view name,
                     std::span<const std::string> texts) {
  const std::string context = object.name();
  std::size_t width = 1;
  for (const auto& text : texts) width = std::max(width, text.size());
  DatatypeHandle type(check(H5Tcopy(H5T_C_S1), attribute_operation("creating the type of", name),
                            context, object.file_path()));
  check(H5Tset_size(type.get(), width), attribute_operation("creating the type of", name), context,
        object.file_path());
  check(H5Tset_strpad(type.get(), H5T_STR_NULLTERM),
        attribute_operation("creating the type of", name), context, object.file_path());
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), attribute_operation("creating the type of", name),
        context, object.file_path());
  const hsize_t count = texts.size();
  DataspaceHandle space(
      check(count == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &count, nullptr),
            attribute_operation("creating the dataspace of", name), context, object.file_path()));
  AttributeHandle attribute = create_attribute(object, name, type.get(), space.get());
  if (count == 0) return;
  std::vector<char> buffer(width * texts.size(), '\0');
  for (std::size_t i = 0; i < texts.size(); ++i)
    std::memcpy(buffer.data() + i * width, texts[i].data(), texts[i].size());
  check(H5Awrite(attribute.get(), type.get(), buffer.data()), attribute_operation("writing", name),
        context, object.file_path());
}

// ---------------------------------------------------------------- reading

StringArray read_string_variable(const Dataset& dataset) {
  StringArray array;
  array.shape = dataset.shape();
  const std::size_t count = element_count(array.shape);
  DatatypeHandle stored(
      check(H5Dget_type(dataset.id()), "reading dataset", dataset.name(), dataset.file_path()));
  if (H5Tget_class(stored.get()) != H5T_STRING)
    fail("reading dataset", dataset.name(), dataset.file_path(), "it does not hold strings");
  array.values.reserve(count);
  if (count == 0) return array;
  // Read with the stored type itself: HDF5 does not convert between character sets.
  DatatypeHandle memory(
      check(H5Tcopy(stored.get()), "reading dataset", dataset.name(), dataset.file_path()));
  if (check(H5Tis_variable_str(stored.get()), "reading dataset", dataset.name(),
            dataset.file_path()) > 0) {
    std::vector<char*> pointers(count, nullptr);
    check(H5Dread(dataset.id(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
          "reading dataset", dataset.name(), dataset.file_path());
    for (char* p : pointers) array.values.emplace_back(p ? p : "");
    DataspaceHandle space(
        check(H5Dget_space(dataset.id()), "reading dataset", dataset.name(), dataset.file_path()));
    H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
  } else {
    const std::size_t size = H5Tget_size(stored.get());
    const H5T_str_t padding = H5Tget_strpad(stored.get());
    std::vector<char> buffer(count * size);
    check(H5Dread(dataset.id(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
          "reading dataset", dataset.name(), dataset.file_path());
    for (std::size_t i = 0; i < count; ++i)
      array.values.push_back(strip_fixed_string(buffer.data() + i * size, size, padding));
  }
  return array;
}

StringArray read_string_variable(const Group& group, std::string_view name) {
  return read_string_variable(group.open_dataset(name));
}

bool has_attribute(const Object& object, std::string_view name) {
  const std::string attribute(name);
  return check(H5Aexists(object.id(), attribute.c_str()), attribute_operation("looking up", name),
               object.name(), object.file_path()) > 0;
}

namespace {
herr_t append_attribute_name(hid_t /*object*/, const char* name, const H5A_info_t* /*info*/,
                             void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> attribute_names(const Object& object) {
  std::vector<std::string> names;
  hsize_t index = 0;
  if (H5Aiterate2(object.id(), H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, append_attribute_name,
                  &names) >= 0)
    return names;
  H5Eclear2(H5E_DEFAULT);
  names.clear();
  index = 0;
  check(H5Aiterate2(object.id(), H5_INDEX_NAME, H5_ITER_INC, &index, append_attribute_name, &names),
        "listing the attributes of", object.name(), object.file_path());
  return names;
}

bool is_string_attribute(const Object& object, std::string_view name) {
  const AttributeHandle attribute = open_attribute(object, name);
  DatatypeHandle stored(check(H5Aget_type(attribute.get()), attribute_operation("reading", name),
                              object.name(), object.file_path()));
  return H5Tget_class(stored.get()) == H5T_STRING;
}

AttributeKind attribute_kind(const Object& object, std::string_view name) {
  const AttributeHandle attribute = open_attribute(object, name);
  DatatypeHandle stored(check(H5Aget_type(attribute.get()), attribute_operation("reading", name),
                              object.name(), object.file_path()));
  DataspaceHandle space(check(H5Aget_space(attribute.get()), attribute_operation("reading", name),
                              object.name(), object.file_path()));
  switch (H5Tget_class(stored.get())) {
    case H5T_STRING:
      return H5Sget_simple_extent_type(space.get()) == H5S_SCALAR ? AttributeKind::text
                                                                  : AttributeKind::text_list;
    case H5T_INTEGER:
      return AttributeKind::integer;
    case H5T_FLOAT:
      return AttributeKind::real;
    default:
      return AttributeKind::other;
  }
}

std::vector<std::string> read_string_list_attribute(const Object& object, std::string_view name) {
  const AttributeHandle attribute = open_attribute(object, name);
  const std::string context = object.name();
  const std::string& file = object.file_path();
  const std::string operation = attribute_operation("reading", name);
  DatatypeHandle stored(check(H5Aget_type(attribute.get()), operation, context, file));
  if (H5Tget_class(stored.get()) != H5T_STRING) fail(operation, context, file, "not strings");
  DataspaceHandle space(check(H5Aget_space(attribute.get()), operation, context, file));
  std::vector<std::string> texts;
  if (H5Sget_simple_extent_type(space.get()) == H5S_NULL) return texts;
  const auto count = static_cast<std::size_t>(
      check(H5Sget_simple_extent_npoints(space.get()), operation, context, file));
  if (count == 0) return texts;
  DatatypeHandle memory(check(H5Tcopy(stored.get()), operation, context, file));
  if (check(H5Tis_variable_str(stored.get()), operation, context, file) > 0) {
    std::vector<char*> pointers(count, nullptr);
    check(H5Aread(attribute.get(), memory.get(), pointers.data()), operation, context, file);
    for (char* p : pointers) texts.emplace_back(p ? p : "");
    H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
    return texts;
  }
  const std::size_t size = H5Tget_size(stored.get());
  std::vector<char> buffer(size * count);
  check(H5Aread(attribute.get(), memory.get(), buffer.data()), operation, context, file);
  for (std::size_t i = 0; i < count; ++i)
    texts.push_back(
        strip_fixed_string(buffer.data() + i * size, size, H5Tget_strpad(stored.get())));
  return texts;
}

bool is_hdf5_file(const std::filesystem::path& path) {
  silence_error_printing();
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  take_error_stack();
  return is_hdf5 > 0;
}

std::string read_string_attribute(const Object& object, std::string_view name) {
  const AttributeHandle attribute = open_attribute(object, name);
  const std::string context = object.name();
  const std::string& file = object.file_path();
  DatatypeHandle stored(
      check(H5Aget_type(attribute.get()), attribute_operation("reading", name), context, file));
  if (H5Tget_class(stored.get()) != H5T_STRING)
    fail(attribute_operation("reading", name), context, file, "it is not a string");
  DataspaceHandle space(
      check(H5Aget_space(attribute.get()), attribute_operation("reading", name), context, file));
  if (check(H5Sget_simple_extent_npoints(space.get()), attribute_operation("reading", name),
            context, file) != 1)
    fail(attribute_operation("reading", name), context, file, "expected one string");
  DatatypeHandle memory(
      check(H5Tcopy(stored.get()), attribute_operation("reading", name), context, file));
  if (check(H5Tis_variable_str(stored.get()), attribute_operation("reading", name), context, file) >
      0) {
    char* pointer = nullptr;
    check(H5Aread(attribute.get(), memory.get(), &pointer), attribute_operation("reading", name),
          context, file);
    std::string text = pointer ? pointer : "";
    H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, &pointer);
    return text;
  }
  const std::size_t size = H5Tget_size(stored.get());
  std::vector<char> buffer(size);
  check(H5Aread(attribute.get(), memory.get(), buffer.data()), attribute_operation("reading", name),
        context, file);
  return strip_fixed_string(buffer.data(), size, H5Tget_strpad(stored.get()));
}

}  // namespace frontline::h5
