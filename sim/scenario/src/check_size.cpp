// The size of a run: nodes and units times time points bound the memory of the
// record (about 60 bytes per node and time point) and the time of the run.
#include "frontline/core/calendar.hpp"
#include "frontline/scenario/limits.hpp"
#include "loader_internal.hpp"

namespace frontline::detail {

namespace {

void check_product(LoadContext& context, const Location& where, std::size_t count,
                   const std::string& what, long long time_points) {
  const std::uint64_t limit = context.options.max_cells;
  const auto cells = static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(time_points);
  if (cells <= limit) return;
  context.diagnostics.add(
      where,
      "the run has " + std::to_string(count) + " " + what + " x " + std::to_string(time_points) +
          " time points = " + std::to_string(cells) + " cells, more than the limit of " +
          std::to_string(limit),
      "fewer " + what +
          ", a longer step or a shorter calendar; --max-cells N raises the limit "
          "(the record needs about 60 bytes per node and time point)");
}

}  // namespace

void check_size(LoadContext& context, const Location& calendar_where) {
  if (!context.calendar_ok) return;
  const CalendarSpec& calendar = context.spec.calendar;
  const long long time_points =
      Calendar(calendar.start, calendar.end, calendar.step_hours).steps() + 1LL;
  check_product(context, calendar_where, context.spec.map.nodes.size(), "nodes", time_points);
  std::size_t units = 0;
  for (const auto& faction : context.spec.factions) units += faction.units.size();
  check_product(context, calendar_where, units, "units", time_points);
}

}  // namespace frontline::detail
