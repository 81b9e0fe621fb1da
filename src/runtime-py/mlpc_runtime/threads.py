"""Bounding the BLAS thread pools: must run before torch (and numpy) load their BLAS, so the
package's __init__ calls it before importing anything else of its own."""

import os


_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _threads_in_argv(argv):
    """The value of --threads in argv, or None (a malformed value is left to parse_flags)."""
    for index, argument in enumerate(argv):
        if argument.startswith("--threads="):
            text = argument.split("=", 1)[1]
        elif argument == "--threads" and index + 1 < len(argv):
            text = argv[index + 1]
        else:
            continue
        return int(text) if text.isdigit() and int(text) >= 1 else None
    return None


def _bound_blas_threads(argv):
    """--threads N sets the BLAS pools' sizes; without it a value already in the environment
    (torchrun sets OMP_NUM_THREADS=1) is kept and the default is one thread."""
    threads = _threads_in_argv(argv)
    for name in _BLAS_THREAD_VARIABLES:
        if threads is not None:
            os.environ[name] = str(threads)
        else:
            os.environ.setdefault(name, "1")
