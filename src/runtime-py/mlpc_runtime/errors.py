"""Errors a user can act on: the script prints the message (no traceback) and exits with code 2."""

import sys


class DataError(Exception):
    """A missing or malformed data file, or example counts the source cannot supply."""

    def __init__(self, message, file=None):
        super().__init__(message)
        self.file = file


class FlagError(Exception):
    """A bad command-line flag."""


def exit_on_error(error):
    """Prints a DataError or FlagError as one line and exits 2; anything else is re-raised."""
    if isinstance(error, (DataError, FlagError)):
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)
    raise error
