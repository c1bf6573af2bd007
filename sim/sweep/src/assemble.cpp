#include "frontline/sweep/assemble.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "frontline/core/error.hpp"
#include "frontline/sweep/result_writer.hpp"

namespace frontline {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Variable run_variable(std::string name, DType type) {
  Variable v;
  v.name = std::move(name);
  v.dims = {"run"};
  v.type = type;
  return v;
}

void add_text(Variable& v, const std::string& name, const std::string& value) {
  if (!value.empty()) v.attributes.push_back({name, value});
}

bool is_real(DType type) { return type == DType::f64 || type == DType::f32; }

std::string canonical_attribute(const Attribute& a) {
  std::string text = a.name + "=";
  if (const auto* s = std::get_if<std::string>(&a.value))
    text += "s" + std::to_string(s->size()) + ":" + *s;
  if (const auto* l = std::get_if<std::vector<std::string>>(&a.value))
    for (const auto& s : *l) text += "l" + std::to_string(s.size()) + ":" + s;
  if (const auto* i = std::get_if<std::int64_t>(&a.value)) text += "i" + std::to_string(*i);
  if (const auto* d = std::get_if<double>(&a.value)) text += "d" + number_text(*d);
  return text + "\n";
}

// The first runs of `runs`, of `count` in all.
std::string describe_runs(const std::vector<std::uint64_t>& runs, std::uint64_t count) {
  std::string text;
  for (std::size_t i = 0; i < runs.size() && i < 10; ++i)
    text += (i ? ", " : "") + std::to_string(runs[i]);
  if (count > 10) text += ", ... (" + std::to_string(count) + " in all)";
  return text;
}

// A shard's total_runs: present, an integer, at least 1 (a damaged or
// hand-edited value must not make the merge loop or allocate without bound).
std::uint64_t total_runs_of(const SweepTable& table, const std::filesystem::path& file) {
  const Attribute* attribute = table.attribute("total_runs");
  const auto* value = attribute ? std::get_if<std::int64_t>(&attribute->value) : nullptr;
  if (!value || *value < 1)
    throw InputError(Location{file.string()},
                     attribute ? "attribute 'total_runs' is not a run count" +
                                     (value ? " (" + std::to_string(*value) + ")" : std::string())
                               : "has no 'total_runs' attribute",
                     "a shard written by frontline sweep --shard: total_runs, the sweep's number "
                     "of runs, a whole number >= 1");
  const auto total = static_cast<std::uint64_t>(*value);
  const std::int64_t points = attribute_integer(table, "design_points", 0);
  const std::int64_t replicates = attribute_integer(table, "replicates", 0);
  if (points > 0 && replicates > 0 &&
      (static_cast<std::uint64_t>(points) > UINT64_MAX / static_cast<std::uint64_t>(replicates) ||
       total != static_cast<std::uint64_t>(points) * static_cast<std::uint64_t>(replicates)))
    throw InputError(Location{file.string()},
                     "attribute 'total_runs' (" + std::to_string(total) +
                         ") is not design_points x replicates (" + std::to_string(points) + " x " +
                         std::to_string(replicates) + ")",
                     "an intact shard written by frontline sweep --shard");
  return total;
}

}  // namespace

std::int64_t integer_fill_value(DType type) {
  // netCDF's default fill values.
  switch (type) {
    case DType::i8:
      return -127;
    case DType::u8:
      return 255;
    case DType::i32:
      return -2147483647;
    case DType::i64:
      return -9223372036854775806LL;
    case DType::u64:
      return -2;  // 18446744073709551614 as uint64
    default:
      return 0;
  }
}

std::string sweep_fingerprint(const SweepDescription& d) {
  std::string text = "frontline-sweep\n";
  text += "replicates=" + std::to_string(d.plan.replicates) +
          "\nseed=" + std::to_string(d.plan.seed) + "\n";
  text += std::string("design=") + to_string(d.plan.design.kind) + ":" +
          std::to_string(d.plan.design.samples) + ":" + std::to_string(d.plan.design.seed) + "\n";
  for (const auto& o : d.plan.base_overrides) text += "set=" + o + "\n";
  for (const auto& p : d.plan.parameters) text += "parameter=" + p.name + ":" + p.path + "\n";
  for (const auto& point : d.plan.points) {
    for (std::size_t i = 0; i < point.size(); ++i)
      text += d.plan.parameters[i].is_string() ? override_value(d.plan.parameters[i], point[i])
                                               : number_text(point[i].number);
    text += "\n";
  }
  text += "layout=" + d.layout.canonical() + "\n";
  for (const auto& axis : d.axes) {
    text += "axis=" + axis.name + ":" + std::to_string(axis.element_count()) + ":";
    for (const auto& s : axis.strings) text += s + ",";
    for (const auto r : axis.reals) text += number_text(r) + ",";
    text += "\n";
  }
  for (const auto& table : d.tables) {
    text += "table=" + table.name + ":";
    for (const auto& s : table.strings) text += std::to_string(s.size()) + ":" + s + ",";
    text += "\n";
  }
  for (const auto& a : d.attributes) text += canonical_attribute(a);
  return fingerprint_of(text);
}

ResultSchema result_schema(const SweepDescription& d, const Shard& shard, std::uint64_t rows) {
  const SweepPlan& plan = d.plan;
  ResultSchema schema;
  schema.rows = rows;
  schema.axes = d.axes;
  schema.run_attributes = {{"long_name", std::string("run index within the sweep")}};
  const auto along_run = [](std::string name, DType type, std::string long_name) {
    Variable v = run_variable(std::move(name), type);
    add_text(v, "long_name", long_name);
    return v;
  };
  schema.variables = d.tables;
  schema.variables.push_back(
      along_run("design_point", DType::i64, "index of the run's design point"));
  schema.variables.push_back(
      along_run("replicate", DType::i32, "replicate index: the random streams' replicate key"));
  schema.variables.push_back(along_run("seed", DType::u64, "random seed of the run"));
  for (const auto& p : plan.parameters) {
    Variable v = run_variable("param_" + p.name, p.is_string() ? DType::str : DType::f64);
    add_text(v, "path", p.path);
    schema.variables.push_back(std::move(v));
  }
  schema.variables.push_back(along_run("status", DType::str, "ok, or failed"));
  schema.variables.push_back(along_run("error", DType::str, "why the run failed; empty if ok"));
  for (const auto& c : d.layout.columns) {
    Variable v = run_variable(c.name, c.type);
    v.dims.insert(v.dims.end(), c.dims.begin(), c.dims.end());
    if (!is_real(c.type)) v.attributes.push_back({"_FillValue", integer_fill_value(c.type)});
    add_text(v, "units", c.units);
    add_text(v, "long_name", c.description);
    schema.variables.push_back(std::move(v));
  }
  schema.attributes = d.attributes;
  schema.attributes.push_back({"sweep_fingerprint", d.fingerprint});
  schema.attributes.push_back({"total_runs", static_cast<std::int64_t>(plan.run_count())});
  if (!shard.whole()) {
    schema.attributes.push_back({"shard_index", static_cast<std::int64_t>(shard.index)});
    schema.attributes.push_back({"shard_count", static_cast<std::int64_t>(shard.count)});
  }
  return schema;
}

void fill_row(const SweepDescription& d, const RunResult& r, std::vector<Variable>& row) {
  for (auto& cell : row) {
    cell.reals.clear();
    cell.integers.clear();
    cell.strings.clear();
  }
  const SweepPlan& plan = d.plan;
  const RunPlan run_plan = plan.run(r.run);
  std::size_t at = 0;
  row.at(at++).integers.push_back(static_cast<std::int64_t>(run_plan.design_point));
  row.at(at++).integers.push_back(run_plan.replicate);
  row.at(at++).integers.push_back(static_cast<std::int64_t>(run_plan.seed));
  const DesignPoint& point = plan.points.at(run_plan.design_point);
  for (std::size_t i = 0; i < plan.parameters.size(); ++i, ++at) {
    if (plan.parameters[i].is_string())
      row.at(at).strings.push_back(point[i].text);
    else
      row.at(at).reals.push_back(point[i].number);
  }
  row.at(at++).strings.push_back(r.ok ? "ok" : "failed");
  row.at(at++).strings.push_back(r.ok ? "" : r.error);
  std::size_t offset = 0;
  for (const ResultColumn& column : d.layout.columns) {
    Variable& v = row.at(at++);
    for (std::size_t i = 0; i < column.size; ++i, ++offset) {
      if (is_real(column.type))
        v.reals.push_back(r.ok ? r.values.at(offset) : kNaN);
      else
        v.integers.push_back(r.ok ? static_cast<std::int64_t>(r.values.at(offset))
                                  : integer_fill_value(column.type));
    }
  }
}

SweepTable assemble_table(const SweepDescription& d, const std::vector<RunResult>& results,
                          const Shard& shard) {
  const ResultSchema schema = result_schema(d, shard, results.size());
  SweepTable table;
  Variable run = run_variable("run", DType::i64);
  run.attributes = schema.run_attributes;
  for (const auto& r : results) run.integers.push_back(static_cast<std::int64_t>(r.run));
  table.coordinates.push_back(std::move(run));
  for (const auto& axis : schema.axes) table.coordinates.push_back(axis);
  table.variables = schema.variables;
  table.attributes = schema.attributes;
  std::vector<Variable> row = empty_row(schema);
  for (const auto& r : results) {
    fill_row(d, r, row);
    std::size_t cell = 0;
    for (auto& v : table.variables) {
      if (v.dims.empty() || v.dims.front() != "run") continue;
      const Variable& values = row[cell++];
      v.reals.insert(v.reals.end(), values.reals.begin(), values.reals.end());
      v.integers.insert(v.integers.end(), values.integers.begin(), values.integers.end());
      v.strings.insert(v.strings.end(), values.strings.begin(), values.strings.end());
    }
  }
  return table;
}

MergePlan plan_merge(const std::vector<SweepTable>& shards,
                     const std::vector<std::filesystem::path>& files) {
  if (shards.empty()) throw InputError(Location{}, "nothing to merge", "one or more shard files");
  const auto where = [&](std::size_t i) { return Location{files.at(i).string()}; };
  const auto strip_shard = [](std::vector<Attribute> attributes) {
    std::erase_if(attributes, [](const Attribute& a) {
      return a.name == "shard_index" || a.name == "shard_count";
    });
    return attributes;
  };

  const SweepTable& first = shards.front();
  const std::string fingerprint = attribute_text(first, "sweep_fingerprint");
  if (fingerprint.empty())
    throw InputError(where(0), "not a sweep result file (no sweep_fingerprint attribute)",
                     "files written by frontline sweep --shard");
  const auto total = total_runs_of(first, files[0]);
  const auto first_attributes = strip_shard(first.attributes);

  std::map<std::uint64_t, std::pair<std::size_t, std::size_t>> owner;  // run -> (shard, row)
  for (std::size_t s = 0; s < shards.size(); ++s) {
    const SweepTable& shard = shards[s];
    const std::string other = attribute_text(shard, "sweep_fingerprint");
    if (other != fingerprint)
      throw InputError(where(s),
                       "comes from another sweep than " + files[0].string() + " (fingerprint " +
                           (other.empty() ? std::string("missing") : other) + ", not " +
                           fingerprint + ")",
                       "shards of one sweep: the same sweep file, scenario and frontline build");
    if (total_runs_of(shard, files[s]) != total)
      throw InputError(where(s), "total_runs differs from " + files[0].string(),
                       "shards of one sweep");
    if (strip_shard(shard.attributes) != first_attributes)
      throw InputError(where(s), "global attributes differ from " + files[0].string(),
                       "shards of one sweep");
    if (shard.variables.size() != first.variables.size() ||
        shard.coordinates.size() != first.coordinates.size())
      throw InputError(where(s), "has other variables than " + files[0].string(),
                       "shards of one sweep");
    for (std::size_t c = 1; c < first.coordinates.size(); ++c)
      if (!(shard.coordinates[c] == first.coordinates[c]))
        throw InputError(
            where(s),
            "coordinate '" + first.coordinates[c].name + "' differs from " + files[0].string(),
            "shards of one sweep");
    const Variable* runs = shard.coordinate("run");
    if (!runs) throw InputError(where(s), "has no 'run' coordinate", "a sweep result file");
    for (std::size_t row = 0; row < runs->integers.size(); ++row) {
      const auto run = static_cast<std::uint64_t>(runs->integers[row]);
      if (run >= total)
        throw InputError(where(s),
                         "holds run " + std::to_string(run) + " of a sweep of " +
                             std::to_string(total) + " runs",
                         "an intact shard file");
      const auto [it, fresh] = owner.try_emplace(run, s, row);
      if (!fresh)
        throw InputError(
            where(s),
            "repeats run " + std::to_string(run) + ", also in " + files[it->second.first].string(),
            "each shard once");
    }
  }
  if (owner.size() != total) {
    // The first few missing runs lie within the first owner.size() + 10 runs.
    std::vector<std::uint64_t> missing;
    for (std::uint64_t run = 0; run < total && missing.size() < 10; ++run)
      if (!owner.count(run)) missing.push_back(run);
    std::string shard_hint;
    const auto count = attribute_integer(first, "shard_count", 0);
    if (count > 0) {
      std::set<std::int64_t> seen;
      for (const auto& shard : shards) seen.insert(attribute_integer(shard, "shard_index", -1));
      for (std::int64_t i = 0; i < count; ++i)
        if (!seen.count(i))
          shard_hint +=
              (shard_hint.empty() ? "" : ", ") + std::to_string(i) + "/" + std::to_string(count);
      if (!shard_hint.empty()) shard_hint = " (shards " + shard_hint + " are missing)";
    }
    throw InputError(Location{},
                     "the shards are incomplete: " + std::to_string(total - owner.size()) + " of " +
                         std::to_string(total) + " runs missing" + shard_hint + ": runs " +
                         describe_runs(missing, total - owner.size()),
                     "every shard of the sweep");
  }

  for (std::size_t v = 0; v < first.variables.size(); ++v)
    for (std::size_t s = 1; s < shards.size(); ++s)
      if (shards[s].variables[v].name != first.variables[v].name ||
          shards[s].variables[v].type != first.variables[v].type ||
          shards[s].variables[v].dims != first.variables[v].dims)
        throw InputError(
            where(s),
            "variable '" + first.variables[v].name + "' differs from " + files[0].string(),
            "shards of one sweep");

  MergePlan plan;
  plan.header.attributes = first_attributes;
  const auto without_rows = [](Variable v) {
    if (!v.dims.empty() && v.dims.front() == "run") {
      v.reals.clear();
      v.integers.clear();
      v.strings.clear();
    }
    return v;
  };
  for (const auto& c : first.coordinates) plan.header.coordinates.push_back(without_rows(c));
  for (const auto& v : first.variables) plan.header.variables.push_back(without_rows(v));
  Variable* run = nullptr;
  for (auto& c : plan.header.coordinates)
    if (c.name == "run") run = &c;
  plan.sources.reserve(owner.size());
  for (const auto& [index, place] : owner) {
    if (run) run->integers.push_back(static_cast<std::int64_t>(index));
    plan.sources.push_back({place.first, static_cast<std::uint64_t>(place.second)});
  }
  return plan;
}

SweepTable merge_tables(const std::vector<SweepTable>& shards,
                        const std::vector<std::filesystem::path>& files) {
  MergePlan plan = plan_merge(shards, files);
  SweepTable merged = std::move(plan.header);
  const auto join = [&](Variable& out, auto&& variable_of) {
    if (out.name == "run" || out.dims.empty() || out.dims[0] != "run") return;
    for (const auto& [shard, row] : plan.sources) {
      const Variable& source = variable_of(shards[shard]);
      const std::size_t rows = shards[shard].dimension_size("run");
      const std::size_t width = rows ? source.element_count() / rows : 0;
      const auto begin = static_cast<std::ptrdiff_t>(row * width);
      const auto end = begin + static_cast<std::ptrdiff_t>(width);
      if (!source.reals.empty())
        out.reals.insert(out.reals.end(), source.reals.begin() + begin, source.reals.begin() + end);
      if (!source.integers.empty())
        out.integers.insert(out.integers.end(), source.integers.begin() + begin,
                            source.integers.begin() + end);
      if (!source.strings.empty())
        out.strings.insert(out.strings.end(), source.strings.begin() + begin,
                           source.strings.begin() + end);
    }
  };
  for (std::size_t c = 0; c < merged.coordinates.size(); ++c)
    join(merged.coordinates[c],
         [&](const SweepTable& t) -> const Variable& { return t.coordinates[c]; });
  for (std::size_t v = 0; v < merged.variables.size(); ++v)
    join(merged.variables[v],
         [&](const SweepTable& t) -> const Variable& { return t.variables[v]; });
  return merged;
}

MergeSummary merge_shard_files(const std::vector<std::filesystem::path>& files,
                               const std::filesystem::path& output, bool replace,
                               std::size_t buffer_bytes) {
  if (files.empty()) throw InputError(Location{}, "nothing to merge", "one or more shard files");
  // Each shard is read in run order, one block at a time: the budget is shared.
  const std::size_t per_shard = std::max<std::size_t>(buffer_bytes / files.size(), 1);
  std::vector<SweepFileRows> shards;
  std::vector<SweepTable> headers;
  for (const auto& file : files) {
    shards.emplace_back(file, per_shard);
    headers.push_back(shards.back().header());
  }
  const MergePlan plan = plan_merge(headers, files);
  headers.clear();
  const ResultSchema schema = schema_of(plan.header);
  std::size_t status = schema.variables.size();
  std::size_t cell = 0;
  for (const auto& v : schema.variables) {
    if (v.dims.empty() || v.dims.front() != "run") continue;
    if (v.name == "status" && v.type == DType::str) status = cell;
    ++cell;
  }
  MergeSummary summary;
  summary.runs = plan.sources.size();
  const Variable* runs = plan.header.coordinate("run");
  write_result_file(output, replace, schema, [&](ResultWriter& writer) {
    std::vector<Variable> row = empty_row(schema);
    for (std::size_t i = 0; i < plan.sources.size(); ++i) {
      const auto& [shard, index] = plan.sources[i];
      shards[shard].read_row(index, row);
      if (status < row.size())
        summary.failed += static_cast<std::uint64_t>(
            std::count(row[status].strings.begin(), row[status].strings.end(), "failed"));
      writer.append(runs->integers[i], row);
    }
  });
  return summary;
}

}  // namespace frontline
