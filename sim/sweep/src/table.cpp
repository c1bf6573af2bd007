#include "frontline/sweep/table.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>

#include "frontline/core/version.hpp"
#include "frontline/output/atomic_file.hpp"
#include "frontline/output/hdf5.hpp"
#include "h5.hpp"
#include "result_writer.hpp"

namespace frontline {
namespace hdf = sweep_hdf5;
}

namespace frontline {

namespace {

constexpr std::size_t kChunkBytes = 1u << 20;

hdf::Handle utf8_string_type(std::size_t size) {
  hdf::Handle type = hdf::datatype(H5Tcopy(H5T_C_S1), "H5Tcopy");
  hdf::check(size == 0 ? H5Tset_size(type, H5T_VARIABLE) : H5Tset_size(type, size), "H5Tset_size");
  hdf::check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset");
  if (size != 0) hdf::check(H5Tset_strpad(type, H5T_STR_NULLTERM), "H5Tset_strpad");
  return type;
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

void write_sweep_table(const std::filesystem::path& path, const SweepTable& table, bool replace) {
  check_shapes(table);
  ResultSchema schema;
  const Variable* run = table.coordinate("run");
  if (!run) throw RuntimeError("sweep table: no 'run' coordinate");
  schema.rows = run->element_count();
  schema.run_attributes = run->attributes;
  for (const auto& c : table.coordinates)
    if (c.name != "run") schema.axes.push_back(c);
  schema.attributes = table.attributes;
  std::vector<const Variable*> along_run;
  for (const auto& v : table.variables) {
    const bool per_run = !v.dims.empty() && v.dims.front() == "run";
    if (!per_run) {
      schema.variables.push_back(v);
      continue;
    }
    Variable declared = v;
    declared.reals.clear();
    declared.integers.clear();
    declared.strings.clear();
    schema.variables.push_back(std::move(declared));
    along_run.push_back(&v);
  }
  write_result_file(path, replace, schema, [&](ResultWriter& writer) {
    std::vector<Variable> row = empty_row(schema);
    for (std::size_t i = 0; i < schema.rows; ++i) {
      for (std::size_t c = 0; c < along_run.size(); ++c) {
        const Variable& v = *along_run[c];
        const std::size_t width = schema.rows ? v.element_count() / schema.rows : 0;
        Variable& cell = row[c];
        const auto begin = static_cast<std::ptrdiff_t>(i * width);
        const auto end = static_cast<std::ptrdiff_t>((i + 1) * width);
        if (!v.reals.empty()) cell.reals.assign(v.reals.begin() + begin, v.reals.begin() + end);
        if (!v.integers.empty())
          cell.integers.assign(v.integers.begin() + begin, v.integers.begin() + end);
        if (!v.strings.empty())
          cell.strings.assign(v.strings.begin() + begin, v.strings.begin() + end);
      }
      writer.append(run->integers[i], row);
    }
  });
}

void write_result_file(const std::filesystem::path& path, bool replace, const ResultSchema& schema,
                       const std::function<void(ResultWriter&)>& write_rows) {
  // A sweep killed while writing its result leaves its temporary file behind;
  // the next writer of the same output (a --resume) removes it.
  remove_stale_temporaries(path);
  try {
    write_atomically(path, replace, [&](const std::filesystem::path& temporary) {
      ResultWriter writer(temporary, schema);
      write_rows(writer);
      writer.finish();
    });
  } catch (const RuntimeError& e) {  // a full disk, an I/O error
    throw RuntimeError("cannot write the sweep output " + path.string() + ": " + e.what());
  }
}

SweepFileIdentity read_sweep_identity(const std::filesystem::path& path) {
  SweepFileIdentity identity;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return identity;
  const hdf::QuietErrors quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0) return identity;
  try {
    const h5::File file = h5::File::open(path);
    const h5::Group root = file.root();
    if (!h5::has_attribute(root, "sweep_fingerprint")) return identity;
    // Another version's layout is not this sweep's result, whatever it says.
    if (!h5::has_attribute(root, "schema_version") ||
        h5::read_attribute<std::int64_t>(root, "schema_version") != kSchemaVersion)
      return identity;
    identity.fingerprint = h5::read_string_attribute(root, "sweep_fingerprint");
    if (h5::has_attribute(root, "shard_index") && h5::has_attribute(root, "shard_count")) {
      identity.shard_index = h5::read_attribute<std::int64_t>(root, "shard_index");
      identity.shard_count = h5::read_attribute<std::int64_t>(root, "shard_count");
    }
  } catch (const RuntimeError&) {
    return SweepFileIdentity{};
  }
  return identity;
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
