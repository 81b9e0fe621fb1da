"""Synthetic Gaussian class clusters (src/runtime/data/synthetic.ts)."""

import numpy as np

from ..errors import DataError
from .seeded_random import approximate_normal, derive_seed, seeded_random
from .splits import DataSplits, _check_split_counts, _gather


def make_synthetic(
    examples, features, classes, train, validation, test, seed, spread=1.0
):
    """Gaussian class clusters, bit-identical to src/runtime/data/synthetic.ts (a pure-Python generator:
    about a second per million features drawn)."""
    _check_split_counts(
        {"train": train, "validation": validation, "test": test},
        "data source synthetic",
    )
    for name, value, minimum in (
        ("examples", examples, 1),
        ("features", features, 1),
        ("classes", classes, 2),
    ):
        if not (isinstance(value, int) and value >= minimum):
            raise DataError(
                f"data source synthetic: {name} must be an integer >= {minimum}, got {value}"
            )
    requested = train + validation + test
    if requested > examples:
        raise DataError(
            f"data source synthetic: train {train} + validation {validation} + test {test} = "
            f"{requested} examples requested, but examples is {examples}"
        )
    centre_random = seeded_random(derive_seed(seed, 1))
    centres = [approximate_normal(centre_random) for _ in range(classes * features)]
    noise_random = seeded_random(derive_seed(seed, 2))
    label_random = seeded_random(derive_seed(seed, 3))
    pool = np.empty((examples, features), dtype=np.float64)
    labels = np.empty(examples, dtype=np.int64)
    for i in range(examples):
        label = int(label_random() * classes)
        labels[i] = label
        base = label * features
        row = pool[i]
        for k in range(features):
            row[k] = centres[base + k] + spread * approximate_normal(noise_random)
    pool = pool.astype(np.float32)
    order = np.arange(examples, dtype=np.uint32)
    shape = [features]
    return DataSplits(
        test=_gather(pool, labels, shape, order, 0, test),
        validation=_gather(pool, labels, shape, order, test, validation),
        train=_gather(pool, labels, shape, order, test + validation, train),
        classes=classes,
    )
