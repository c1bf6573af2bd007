"""`python3 -m analysis COMMAND`: report, sweep-report, compare, calibration.

Exit codes follow the frontline binary: 0 ok, 1 bad input file, 2 usage."""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from analysis import calibration
from analysis.errors import AnalysisInputError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from error


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 30 <= value <= 600:
        raise argparse.ArgumentTypeError(f"not a resolution: {text!r} (dots per inch, 30 to 600)")
    return value


# The figures' resolution, dots per inch (matches analysis.plots.DPI).
DEFAULT_DPI = 110


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python3 -m analysis",
        description="Pictures and reports from Frontline run and sweep files.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = commands.add_parser(
        "report", help="HTML report of one run",
        description="Write DIR/index.html with its PNG figures beside it: space-time diagram of "
                    "the front, maps of control, time series, events and targets.")
    report.add_argument("run", metavar="RUN.h5", help="a run file (frontline run -o)")
    report.add_argument("--dpi", type=_dpi, default=DEFAULT_DPI, 
                        help="figure resolution, dots per inch (default %(default)s)")
    report.add_argument("-o", "--output", metavar="DIR", required=True, help="output directory")
    report.add_argument("--dates", metavar="DATE", nargs="+", type=_date,
                        help="dates of the control maps (default: start, end and key events)")

    sweep = commands.add_parser(
        "sweep-report", help="HTML report of a sweep",
        description="Write DIR/index.html: metric distributions, metrics against parameters, "
                    "Sobol indices (Sobol designs) or standardised regression coefficients, "
                    "spread across replicates and the failed runs.")
    sweep.add_argument("sweep", metavar="SWEEP.h5", help="a sweep file (frontline sweep)")
    sweep.add_argument("--dpi", type=_dpi, default=DEFAULT_DPI, 
                        help="figure resolution, dots per inch (default %(default)s)")
    sweep.add_argument("-o", "--output", metavar="DIR", required=True, help="output directory")

    compare = commands.add_parser(
        "compare", help="a what-if (VARIANT) against its BASE, over their runs",
        description="Print variant - base over the runs of each side (a sweep file's replicates, "
                    "or one run file): places taken by a date with 95%% intervals, the day they "
                    "are taken (restricted mean), the holder at the end, casualties, oil and "
                    "displacement (medians, 10-90%% of runs) and targets met; with -o also write "
                    "an HTML page with the figures.")
    compare.add_argument("base", metavar="BASE.h5", help="the base: a sweep file or a run file")
    compare.add_argument("variant", metavar="VARIANT.h5", help="the what-if: a sweep file or a run file")
    compare.add_argument("--by", metavar="DATE", nargs="+", type=_date, default=[],
                         help="also give the share of runs in which each place is taken by these "
                              "dates (the end of the runs always)")
    compare.add_argument("--dpi", type=_dpi, default=DEFAULT_DPI, 
                        help="figure resolution, dots per inch (default %(default)s)")
    compare.add_argument("-o", "--output", metavar="DIR", help="also write DIR/index.html")
    calibration.add_parser(commands, _dpi, DEFAULT_DPI)
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    # Imported here so that --help answers without loading matplotlib.
    from analysis import compare, ensemble, reports
    try:
        if args.command == "report":
            path = reports.write_run_report(args.run, args.output, dates=args.dates, dpi=args.dpi)
            print(f"wrote {path}")
        elif args.command == "sweep-report":
            path = reports.write_sweep_report(args.sweep, args.output, dpi=args.dpi)
            print(f"wrote {path}")
        elif args.command == "compare":
            result = compare.comparison(ensemble.open_ensemble(args.base),
                                        ensemble.open_ensemble(args.variant), args.by)
            print(compare.format_text(result))
            if args.output:
                path = reports.write_compare_report(result, args.output, dpi=args.dpi)
                print(f"wrote {path}")
        elif args.command == "calibration":
            calibration.run(args)
    except AnalysisInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
