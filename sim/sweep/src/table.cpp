#include "frontline/sweep/table.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>

#include "frontline/core/version.hpp"
#include "h5.hpp"

namespace frontline {
namespace hdf = sweep_hdf5;
}

namespace frontline {

namespace {

constexpr std::size_t kChunkBytes = 1u << 20;

hid_t native_type(DType type) {
  switch (type) {
    case DType::f64:
      return H5T_NATIVE_DOUBLE;
    case DType::f32:
      return H5T_NATIVE_FLOAT;
    case DType::i8:
      return H5T_NATIVE_INT8;
    case DType::u8:
      return H5T_NATIVE_UINT8;
    case DType::i32:
      return H5T_NATIVE_INT32;
    case DType::i64:
      return H5T_NATIVE_INT64;
    case DType::u64:
      return H5T_NATIVE_UINT64;
    case DType::str:
      break;
  }
  return H5T_NATIVE_DOUBLE;
}

std::size_t type_bytes(DType type) {
  switch (type) {
    case DType::f64:
    case DType::i64:
    case DType::u64:
    case DType::str:
      return 8;
    case DType::f32:
    case DType::i32:
      return 4;
    case DType::i8:
    case DType::u8:
      return 1;
  }
  return 8;
}

hdf::Handle utf8_string_type(std::size_t size) {
  hdf::Handle type = hdf::datatype(H5Tcopy(H5T_C_S1), "H5Tcopy");
  hdf::check(size == 0 ? H5Tset_size(type, H5T_VARIABLE) : H5Tset_size(type, size), "H5Tset_size");
  hdf::check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset");
  if (size != 0) hdf::check(H5Tset_strpad(type, H5T_STR_NULLTERM), "H5Tset_strpad");
  return type;
}

// Values converted to the file's element type, as raw bytes.
std::vector<unsigned char> packed(const Variable& v) {
  const std::size_t n = v.element_count();
  std::vector<unsigned char> bytes(n * type_bytes(v.type));
  const auto put = [&](auto value, std::size_t i) {
    std::memcpy(bytes.data() + i * sizeof value, &value, sizeof value);
  };
  for (std::size_t i = 0; i < n; ++i) {
    switch (v.type) {
      case DType::f64:
        put(v.reals[i], i);
        break;
      case DType::f32:
        put(static_cast<float>(v.reals[i]), i);
        break;
      case DType::i8:
        put(static_cast<std::int8_t>(v.integers[i]), i);
        break;
      case DType::u8:
        put(static_cast<std::uint8_t>(v.integers[i]), i);
        break;
      case DType::i32:
        put(static_cast<std::int32_t>(v.integers[i]), i);
        break;
      case DType::i64:
        put(v.integers[i], i);
        break;
      case DType::u64:
        put(static_cast<std::uint64_t>(v.integers[i]), i);
        break;
      case DType::str:
        break;
    }
  }
  return bytes;
}

void write_attribute(hid_t object, const Attribute& attribute) {
  const auto scalar = [] { return hdf::dataspace(H5Screate(H5S_SCALAR), "H5Screate"); };
  const char* name = attribute.name.c_str();
  if (const auto* text = std::get_if<std::string>(&attribute.value)) {
    const auto type = utf8_string_type(std::max<std::size_t>(text->size(), 1));
    const auto space = scalar();
    const auto a = hdf::attribute(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                                  "H5Acreate2");
    std::vector<char> buffer(std::max<std::size_t>(text->size(), 1), '\0');
    std::memcpy(buffer.data(), text->data(), text->size());
    hdf::check(H5Awrite(a, type, buffer.data()), "H5Awrite " + attribute.name);
  } else if (const auto* list = std::get_if<std::vector<std::string>>(&attribute.value)) {
    std::size_t width = 1;
    for (const auto& s : *list) width = std::max(width, s.size());
    const auto type = utf8_string_type(width);
    const hsize_t count = list->size();
    const auto space = count == 0
                           ? hdf::dataspace(H5Screate(H5S_NULL), "H5Screate")
                           : hdf::dataspace(H5Screate_simple(1, &count, nullptr), "H5Screate");
    const auto a = hdf::attribute(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                                  "H5Acreate2");
    std::vector<char> buffer(width * list->size(), '\0');
    for (std::size_t i = 0; i < list->size(); ++i)
      std::memcpy(buffer.data() + i * width, (*list)[i].data(), (*list)[i].size());
    if (count > 0) hdf::check(H5Awrite(a, type, buffer.data()), "H5Awrite " + attribute.name);
  } else if (const auto* integer = std::get_if<std::int64_t>(&attribute.value)) {
    const auto space = scalar();
    const auto a = hdf::attribute(
        H5Acreate2(object, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2");
    hdf::check(H5Awrite(a, H5T_NATIVE_INT64, integer), "H5Awrite " + attribute.name);
  } else {
    const double real = std::get<double>(attribute.value);
    const auto space = scalar();
    const auto a = hdf::attribute(
        H5Acreate2(object, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2");
    hdf::check(H5Awrite(a, H5T_NATIVE_DOUBLE, &real), "H5Awrite " + attribute.name);
  }
}

hid_t file_type(DType type) {
  switch (type) {
    case DType::f64:
      return H5T_IEEE_F64LE;
    case DType::f32:
      return H5T_IEEE_F32LE;
    case DType::i8:
      return H5T_STD_I8LE;
    case DType::u8:
      return H5T_STD_U8LE;
    case DType::i32:
      return H5T_STD_I32LE;
    case DType::i64:
      return H5T_STD_I64LE;
    case DType::u64:
      return H5T_STD_U64LE;
    case DType::str:
      break;
  }
  return H5T_IEEE_F64LE;
}

hdf::Handle write_variable(hid_t file, const Variable& v, const std::vector<hsize_t>& shape,
                           bool compress) {
  const auto space = hdf::dataspace(
      H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), "H5Screate_simple");
  auto dcpl = hdf::property_list(H5P_DATASET_CREATE, "H5Pcreate");
  hdf::check(H5Pset_obj_track_times(dcpl, false), "H5Pset_obj_track_times");
  hdf::check(H5Pset_attr_creation_order(dcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
             "H5Pset_attr_creation_order");
  const std::size_t count = v.element_count();
  if (compress && count > 0 && v.type != DType::str && !shape.empty()) {
    // Chunks of whole rows along the first dimension, about 1 MiB each.
    std::vector<hsize_t> chunk = shape;
    const std::size_t row_bytes = count / shape[0] * type_bytes(v.type);
    chunk[0] = std::clamp<hsize_t>(kChunkBytes / std::max<std::size_t>(row_bytes, 1), 1, shape[0]);
    hdf::check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk");
    hdf::check(H5Pset_shuffle(dcpl), "H5Pset_shuffle");
    hdf::check(H5Pset_deflate(dcpl, 4), "H5Pset_deflate");
  }
  if (v.type == DType::str) {
    const auto type = utf8_string_type(0);
    auto dataset =
        hdf::dataset(H5Dcreate2(file, v.name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                     "H5Dcreate2");
    std::vector<const char*> pointers;
    pointers.reserve(count);
    for (const auto& s : v.strings) pointers.push_back(s.c_str());
    if (count > 0)
      hdf::check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
                 "H5Dwrite " + v.name);
    return dataset;
  }
  auto dataset = hdf::dataset(
      H5Dcreate2(file, v.name.c_str(), file_type(v.type), space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
      "H5Dcreate2");
  const auto bytes = packed(v);
  if (count > 0)
    hdf::check(H5Dwrite(dataset, native_type(v.type), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()),
               "H5Dwrite " + v.name);
  return dataset;
}

void check_shapes(const SweepTable& table) {
  const auto check_size = [](const Variable& v, std::size_t expected) {
    const std::size_t have = v.type == DType::str                             ? v.strings.size()
                             : (v.type == DType::f64 || v.type == DType::f32) ? v.reals.size()
                                                                              : v.integers.size();
    if (have != expected)
      throw RuntimeError("sweep table: variable '" + v.name + "' has " + std::to_string(have) +
                         " values, its shape needs " + std::to_string(expected));
  };
  for (const auto& c : table.coordinates) {
    if (c.dims.size() != 1 || c.dims[0] != c.name)
      throw RuntimeError("sweep table: coordinate '" + c.name + "' must be 1-D over itself");
    check_size(c, c.element_count());
  }
  for (const auto& v : table.variables) {
    std::size_t expected = 1;
    for (const auto& dim : v.dims) {
      if (!table.coordinate(dim))
        throw RuntimeError("sweep table: variable '" + v.name + "' uses dimension '" + dim +
                           "' which has no coordinate");
      expected *= table.dimension_size(dim);
    }
    check_size(v, expected);
  }
}

void write_file(const std::filesystem::path& path, const SweepTable& table) {
  auto fcpl = hdf::property_list(H5P_FILE_CREATE, "H5Pcreate");
  hdf::check(H5Pset_obj_track_times(fcpl, false), "H5Pset_obj_track_times");
  hdf::check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
             "H5Pset_link_creation_order");
  hdf::check(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
             "H5Pset_attr_creation_order");
  // Dense attribute storage: the resolved scenario can exceed 64 KiB.
  hdf::check(H5Pset_attr_phase_change(fcpl, 0, 0), "H5Pset_attr_phase_change");
  auto fapl = hdf::property_list(H5P_FILE_ACCESS, "H5Pcreate");
  hdf::check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110), "H5Pset_libver_bounds");
  hdf::check(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "H5Pset_fclose_degree");
  const auto file = hdf::file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, fapl),
                              ("H5Fcreate " + path.string()).c_str());
  std::map<std::string, hdf::Handle> scales;
  for (const auto& c : table.coordinates) {
    auto dataset = write_variable(file, c, {static_cast<hsize_t>(c.element_count())}, false);
    hdf::check(H5DSset_scale(dataset, c.name.c_str()), "H5DSset_scale " + c.name);
    for (const auto& a : c.attributes) write_attribute(dataset, a);
    scales.emplace(c.name, std::move(dataset));
  }
  for (const auto& v : table.variables) {
    std::vector<hsize_t> shape;
    for (const auto& dim : v.dims) shape.push_back(table.dimension_size(dim));
    const auto dataset = write_variable(file, v, shape, true);
    for (std::size_t i = 0; i < v.dims.size(); ++i)
      hdf::check(H5DSattach_scale(dataset, scales.at(v.dims[i]), static_cast<unsigned>(i)),
                 "H5DSattach_scale " + v.name);
    for (const auto& a : v.attributes) write_attribute(dataset, a);
  }
  for (const auto& a : table.attributes) write_attribute(file, a);
  hdf::check(H5Fflush(file, H5F_SCOPE_GLOBAL), "H5Fflush");
}

// ---- reading -------------------------------------------------------------

std::string read_string_attribute(hid_t a, hid_t type, hid_t space, std::vector<std::string>& list,
                                  bool& is_list) {
  const auto points = H5Sget_simple_extent_npoints(space);
  const H5S_class_t space_class = H5Sget_simple_extent_type(space);
  is_list = space_class == H5S_SIMPLE;
  if (space_class == H5S_NULL) {
    is_list = true;
    return {};
  }
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char*> pointers(static_cast<std::size_t>(points), nullptr);
    const auto memtype = utf8_string_type(0);
    hdf::check(H5Aread(a, memtype, pointers.data()), "H5Aread");
    for (char* p : pointers) list.emplace_back(p ? p : "");
    const auto s = hdf::dataspace(H5Aget_space(a), "H5Aget_space");
    H5Dvlen_reclaim(memtype, s, H5P_DEFAULT, pointers.data());
  } else {
    const std::size_t width = H5Tget_size(type);
    std::vector<char> buffer(width * static_cast<std::size_t>(points) + 1, '\0');
    hdf::check(H5Aread(a, type, buffer.data()), "H5Aread");
    for (hssize_t i = 0; i < points; ++i) {
      const char* start = buffer.data() + static_cast<std::size_t>(i) * width;
      list.emplace_back(start, strnlen(start, width));
    }
  }
  return list.empty() ? std::string() : list.front();
}

std::vector<Attribute> read_attributes(hid_t object) {
  std::vector<Attribute> attributes;
  H5O_info_t info;
  hdf::check(H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS), "H5Oget_info2");
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    const auto a = hdf::attribute(
        H5Aopen_by_idx(object, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT),
        "H5Aopen_by_idx");
    const ssize_t name_length = H5Aget_name(a, 0, nullptr);
    std::string name(static_cast<std::size_t>(name_length), '\0');
    H5Aget_name(a, name.size() + 1, name.data());
    // Dimension-scale bookkeeping is rebuilt by the writer.
    if (name == "CLASS" || name == "NAME" || name == "REFERENCE_LIST" || name == "DIMENSION_LIST")
      continue;
    const auto type = hdf::datatype(H5Aget_type(a), "H5Aget_type");
    const auto space = hdf::dataspace(H5Aget_space(a), "H5Aget_space");
    Attribute attribute{name, std::int64_t{0}};
    const H5T_class_t type_class = H5Tget_class(type);
    // One number is read into one variable: an array (another program's file,
    // a run file) would overflow it.
    const hssize_t points = H5Sget_simple_extent_npoints(space);
    if ((type_class == H5T_INTEGER || type_class == H5T_FLOAT) && points != 1)
      throw RuntimeError("attribute '" + name + "' holds " + std::to_string(points) +
                         " numbers, not one");
    switch (type_class) {
      case H5T_STRING: {
        std::vector<std::string> list;
        bool is_list = false;
        std::string text = read_string_attribute(a, type, space, list, is_list);
        attribute.value = is_list ? AttributeValue(list) : AttributeValue(text);
        break;
      }
      case H5T_INTEGER: {
        std::int64_t value = 0;
        hdf::check(H5Aread(a, H5T_NATIVE_INT64, &value), "H5Aread " + name);
        attribute.value = value;
        break;
      }
      case H5T_FLOAT: {
        double value = 0;
        hdf::check(H5Aread(a, H5T_NATIVE_DOUBLE, &value), "H5Aread " + name);
        attribute.value = value;
        break;
      }
      default:
        continue;
    }
    attributes.push_back(std::move(attribute));
  }
  return attributes;
}

DType dtype_of(hid_t type) {
  const auto size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_FLOAT:
      return size == 4 ? DType::f32 : DType::f64;
    case H5T_INTEGER: {
      const bool is_signed = H5Tget_sign(type) == H5T_SGN_2;
      if (size == 1) return is_signed ? DType::i8 : DType::u8;
      if (size <= 4) return DType::i32;
      return is_signed ? DType::i64 : DType::u64;
    }
    case H5T_STRING:
      return DType::str;
    default:
      throw RuntimeError("unsupported HDF5 element type");
  }
}

herr_t collect_scale(hid_t, unsigned, hid_t scale, void* data) {
  char name[256] = {};
  H5DSget_scale_name(scale, name, sizeof name);
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 1;  // one scale per dimension
}

Variable read_variable(hid_t file, const std::string& name) {
  const auto dataset = hdf::dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), "H5Dopen2");
  const auto type = hdf::datatype(H5Dget_type(dataset), "H5Dget_type");
  const auto space = hdf::dataspace(H5Dget_space(dataset), "H5Dget_space");
  Variable v;
  v.name = name;
  v.type = dtype_of(type);
  const int rank = H5Sget_simple_extent_ndims(space);
  for (int i = 0; i < rank; ++i) {
    std::vector<std::string> scale;
    if (H5DSis_scale(dataset) > 0)
      scale.push_back(name);
    else
      H5DSiterate_scales(dataset, static_cast<unsigned>(i), nullptr, collect_scale, &scale);
    if (scale.empty()) throw RuntimeError("variable '" + name + "' has an axis without a scale");
    v.dims.push_back(scale.front());
  }
  const auto count = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  if (v.type == DType::str) {
    const auto memtype = utf8_string_type(0);
    if (H5Tis_variable_str(type) > 0) {
      std::vector<char*> pointers(count, nullptr);
      if (count > 0)
        hdf::check(H5Dread(dataset, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
                   "H5Dread " + name);
      for (char* p : pointers) v.strings.emplace_back(p ? p : "");
      if (count > 0) H5Dvlen_reclaim(memtype, space, H5P_DEFAULT, pointers.data());
    } else {
      const std::size_t width = H5Tget_size(type);
      std::vector<char> buffer(width * count + 1, '\0');
      if (count > 0)
        hdf::check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
                   "H5Dread " + name);
      for (std::size_t i = 0; i < count; ++i)
        v.strings.emplace_back(buffer.data() + i * width,
                               strnlen(buffer.data() + i * width, width));
    }
  } else if (v.type == DType::f64 || v.type == DType::f32) {
    v.reals.resize(count);
    if (count > 0)
      hdf::check(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.reals.data()),
                 "H5Dread " + name);
  } else {
    v.integers.resize(count);
    const hid_t memtype = v.type == DType::u64 ? H5T_NATIVE_UINT64 : H5T_NATIVE_INT64;
    if (count > 0)
      hdf::check(H5Dread(dataset, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.integers.data()),
                 "H5Dread " + name);
  }
  v.attributes = read_attributes(dataset);
  return v;
}

}  // namespace

std::size_t Variable::element_count() const {
  switch (type) {
    case DType::str:
      return strings.size();
    case DType::f64:
    case DType::f32:
      return reals.size();
    default:
      return integers.size();
  }
}

const Attribute* Variable::attribute(const std::string& attribute_name) const {
  for (const auto& a : attributes)
    if (a.name == attribute_name) return &a;
  return nullptr;
}

const Variable* SweepTable::coordinate(const std::string& name) const {
  for (const auto& c : coordinates)
    if (c.name == name) return &c;
  return nullptr;
}

const Variable* SweepTable::variable(const std::string& name) const {
  for (const auto& v : variables)
    if (v.name == name) return &v;
  return coordinate(name);
}

const Attribute* SweepTable::attribute(const std::string& name) const {
  for (const auto& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

std::size_t SweepTable::dimension_size(const std::string& name) const {
  const Variable* c = coordinate(name);
  return c ? c->element_count() : 0;
}

std::string attribute_text(const SweepTable& table, const std::string& name) {
  const Attribute* a = table.attribute(name);
  if (!a) return {};
  if (const auto* text = std::get_if<std::string>(&a->value)) return *text;
  return {};
}

std::int64_t attribute_integer(const SweepTable& table, const std::string& name,
                               std::int64_t fallback) {
  const Attribute* a = table.attribute(name);
  if (!a) return fallback;
  if (const auto* value = std::get_if<std::int64_t>(&a->value)) return *value;
  return fallback;
}

namespace {
// A sweep killed while writing its result leaves "<output>.tmp-<pid>" behind. The
// next writer of the same output (a --resume) removes such files whose process is
// gone, so a finished sweep leaves only its output.
void remove_stale_temporaries(const std::filesystem::path& path) {
  const std::string prefix = path.filename().string() + ".tmp-";
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) {
      std::error_code ignored;
      std::filesystem::remove(entry.path(), ignored);
    }
  }
}
}  // namespace

void write_sweep_table(const std::filesystem::path& path, const SweepTable& table) {
  check_shapes(table);
  remove_stale_temporaries(path);
  const hdf::QuietErrors quiet;  // a failure is reported once, naming the file
  auto temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  try {
    write_file(temporary, table);
    std::filesystem::rename(temporary, path);
  } catch (const std::filesystem::filesystem_error& e) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw RuntimeError("cannot move the sweep output into place at " + path.string() + ": " +
                       e.code().message());
  } catch (const RuntimeError& e) {  // a full disk, an I/O error
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw RuntimeError("cannot write the sweep output " + path.string() + ": " + e.what());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

SweepTable read_sweep_table(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(Location{path.string()}, "no such file", "a sweep result file");
  const hdf::QuietErrors quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw InputError(Location{path.string()}, "not an HDF5 file", "a sweep result file");
  SweepTable table;
  try {
    const auto file = hdf::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen");
    H5G_info_t info;
    hdf::check(H5Gget_info(file, &info), "H5Gget_info");
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      const ssize_t length = H5Lget_name_by_idx(file, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i,
                                                nullptr, 0, H5P_DEFAULT);
      if (length < 0) throw RuntimeError("HDF5: H5Lget_name_by_idx failed");
      std::string name(static_cast<std::size_t>(length), '\0');
      H5Lget_name_by_idx(file, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, i, name.data(),
                         name.size() + 1, H5P_DEFAULT);
      Variable v = read_variable(file, name);
      const bool is_coordinate = v.dims.size() == 1 && v.dims[0] == v.name;
      (is_coordinate ? table.coordinates : table.variables).push_back(std::move(v));
    }
    table.attributes = read_attributes(file);
  } catch (const RuntimeError& e) {
    throw InputError(Location{path.string()}, std::string("unreadable sweep file: ") + e.what(),
                     "a file written by frontline sweep");
  }
  // Another version's layout may mean something else: refuse rather than misread it.
  if (const Attribute* version = table.attribute("schema_version")) {
    const auto* number = std::get_if<std::int64_t>(&version->value);
    if (!number || *number != kSchemaVersion)
      throw InputError(Location{path.string()},
                       "has schema_version " +
                           (number ? std::to_string(*number) : "(not a number)") +
                           ", which this version of Frontline cannot read",
                       "schema_version " + std::to_string(kSchemaVersion));
  }
  return table;
}

}  // namespace frontline
