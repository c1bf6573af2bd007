"""The one exception the analysis raises for a file it cannot use (kept apart so that
the command line can catch it without importing xarray for --help)."""


class AnalysisInputError(Exception):
    """A file the analysis cannot use; the message names the file and the problem."""
