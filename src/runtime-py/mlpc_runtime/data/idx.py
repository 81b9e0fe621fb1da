"""IDX files, gzipped or not (src/runtime/data/idx.ts)."""

import numpy as np

from ..errors import DataError
from .files import _read_maybe_gzipped
from .seeded_random import derive_seed, shuffled_indices
from .splits import DataSplits, _check_split_counts, _gather


def read_idx_file(file, kind):
    """(dimensions, uint8 array) of an IDX file; kind 'images' (0x00000803) or 'labels' (0x00000801)."""
    data = _read_maybe_gzipped(file)
    expected = 0x00000803 if kind == "images" else 0x00000801
    if len(data) < 4:
        raise DataError(
            f"{file}: truncated: {len(data)} bytes, too short for an IDX header", file
        )
    magic = int.from_bytes(data[0:4], "big")
    if magic != expected:
        raise DataError(
            f"{file}: bad magic number 0x{magic:08x}, expected 0x{expected:08x} (IDX {kind})",
            file,
        )
    rank = magic & 0xFF
    header = 4 + 4 * rank
    if len(data) < header:
        raise DataError(
            f"{file}: truncated: {len(data)} bytes, the IDX header needs {header}", file
        )
    dimensions = [
        int.from_bytes(data[4 + 4 * d : 8 + 4 * d], "big") for d in range(rank)
    ]
    expected_bytes = int(np.prod(dimensions))
    found = len(data) - header
    if found < expected_bytes:
        raise DataError(
            f"{file}: truncated: header says {'x'.join(map(str, dimensions))} = {expected_bytes} "
            f"bytes of {kind}, found {found}",
            file,
        )
    return dimensions, np.frombuffer(
        data, dtype=np.uint8, count=expected_bytes, offset=header
    )


def _read_idx_pair(images_file, labels_file):
    dimensions, images = read_idx_file(images_file, "images")
    label_dimensions, labels = read_idx_file(labels_file, "labels")
    if label_dimensions[0] != dimensions[0]:
        raise DataError(
            f"{labels_file}: {label_dimensions[0]} labels, but {images_file} has {dimensions[0]} images",
            labels_file,
        )
    return dimensions, images, labels


def load_idx(
    train_images,
    train_labels,
    test_images,
    test_labels,
    validation,
    seed,
    train=None,
    test=None,
):
    """Validation carved from the train files, train after it, test from the test files (loadIdx)."""
    _check_split_counts(
        {"train": train, "validation": validation, "test": test}, "data source idx"
    )
    train_dims, train_pool, train_pool_labels = _read_idx_pair(
        train_images, train_labels
    )
    test_dims, test_pool, test_pool_labels = _read_idx_pair(test_images, test_labels)
    shape, test_shape = train_dims[1:], test_dims[1:]
    if shape != test_shape:
        raise DataError(
            f"{test_images}: images are {'x'.join(map(str, test_shape))}, but {train_images} has "
            f"{'x'.join(map(str, shape))}",
            test_images,
        )
    train_count, test_count = train_dims[0], test_dims[0]
    if train is None:
        train = max(train_count - validation, 0)
    if test is None:
        test = test_count
    if train + validation > train_count:
        raise DataError(
            f"{train_images}: train {train} + validation {validation} = {train + validation} "
            f"examples requested, but the file has only {train_count}",
            train_images,
        )
    if test > test_count:
        raise DataError(
            f"{test_images}: test {test} examples requested, but the file has only {test_count}",
            test_images,
        )
    train_order = shuffled_indices(train_count, derive_seed(seed, 1))
    test_order = shuffled_indices(test_count, derive_seed(seed, 2))
    scale = 1 / 255
    largest = max(
        int(train_pool_labels.max(initial=0)), int(test_pool_labels.max(initial=0))
    )
    return DataSplits(
        validation=_gather(
            train_pool, train_pool_labels, shape, train_order, 0, validation, scale
        ),
        train=_gather(
            train_pool, train_pool_labels, shape, train_order, validation, train, scale
        ),
        test=_gather(test_pool, test_pool_labels, shape, test_order, 0, test, scale),
        classes=largest + 1,
    )
