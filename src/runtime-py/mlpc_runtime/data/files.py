"""Reading data files: paths beside the script, whole files, gzip (src/runtime/data/read-data-file.ts)."""

import gzip
import json
import os

from ..errors import DataError


def beside_script(script_file, relative):
    """A data path the build wrote relative to the generated script's folder."""
    return os.path.normpath(
        os.path.join(os.path.dirname(os.path.abspath(script_file)), relative)
    )


def _read_data_file(file):
    try:
        with open(file, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise DataError(f"{file}: cannot read data file: no such file", file) from None
    except IsADirectoryError:
        raise DataError(
            f"{file}: cannot read data file: is a directory, not a file", file
        ) from None
    except PermissionError:
        raise DataError(
            f"{file}: cannot read data file: permission denied", file
        ) from None


def _read_maybe_gzipped(file):
    data = _read_data_file(file)
    if len(data) >= 2 and data[0] == 0x1F and data[1] == 0x8B:
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise DataError(
                f"{file}: corrupt or truncated gzip data ({error})", file
            ) from None
    if file.endswith(".gz"):
        raise DataError(f"{file}: named .gz but is not gzip data", file)
    return data


def read_json(file, what):
    """The parsed JSON of a file; unreadable or invalid JSON is a DataError naming `what` it should hold."""
    try:
        with open(file, encoding="utf8") as stream:
            return json.load(stream)
    except (OSError, ValueError) as error:
        raise DataError(f"{file}: cannot read {what}: {error}", file) from None
