"""Frontline analysis: turn run and sweep files into pictures and reports.

Run from the repository root: `/usr/bin/python3 -m analysis --help`.
Modules: io (loading, derived quantities), plots (run figures), sweep_plots,
sensitivity (Sobol and SRC estimators), compare (what-if differences),
reports (HTML assembly), cli.
"""

__all__ = ["errors", "io", "html", "plots", "sweep_plots", "sensitivity", "compare", "reports", "cli"]
