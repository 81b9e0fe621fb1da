"""Example sets and splits (src/runtime/data/example-set.ts), and their tensors on the device."""

from dataclasses import dataclass

import numpy as np
import torch

from ..errors import DataError


class ExampleSet:
    """Examples row-major as float32 [count, *feature_shape], labels int64 [count];
    `target_values`: float32 [count, k] real-valued targets (csv `targets:`), labels then 0.
    """

    def __init__(self, features, labels, feature_shape, target_values=None):
        self.features = features
        self.labels = labels
        self.feature_shape = list(feature_shape)
        self.target_values = target_values

    @property
    def count(self):
        return int(self.labels.shape[0])


@dataclass(eq=False)
class DataSplits:
    train: ExampleSet
    validation: ExampleSet
    test: ExampleSet
    classes: int


def _check_split_counts(counts, source):
    for name in ("train", "validation", "test"):
        value = counts.get(name)
        if value is not None and not (isinstance(value, int) and value >= 0):
            raise DataError(
                f"{source}: {name} must be a non-negative integer, got {value}"
            )


def _gather(pool_features, pool_labels, feature_shape, order, start, count, scale=None):
    rows = order[start : start + count].astype(np.int64)
    size = int(np.prod(feature_shape)) if feature_shape else 1
    features = np.asarray(pool_features, dtype=np.float32).reshape(-1, size)[rows]
    if scale is not None:
        # float32 product, as gatherExampleSet writes pool * scale into a Float32Array
        features = (features.astype(np.float64) * scale).astype(np.float32)
    labels = np.asarray(pool_labels, dtype=np.int64)[rows]
    return ExampleSet(features, labels, feature_shape)


def check_splits_fit_model(splits, feature_size, classes, source):
    """Raises a DataError unless the examples fit the model's input and output (checkSplitsFitModel)."""
    size = int(np.prod(splits.train.feature_shape))
    if size != feature_size:
        raise DataError(
            f"{source}: examples have {size} features, but the model's input takes {feature_size}"
        )
    if splits.classes > classes:
        raise DataError(
            f"{source}: labels go up to {splits.classes - 1}, but the model has only {classes} "
            f"classes (labels 0..{classes - 1})"
        )


class ExampleTensors:
    """An example set on the device: inputs shaped for the model, loss targets and labels."""

    def __init__(self, x, targets, labels):
        self.x = x
        self.targets = targets
        self.labels = labels

    @property
    def count(self):
        return int(self.labels.shape[0])


def example_tensors(examples, input_shape, classes, target, device):
    """`input_shape` is the spec's (channels last); images [H, W, C] become NCHW tensors.
    `target`: "labels" (class indices, for cross-entropy), "one_hot" or "column" (float targets),
    "columns" (the set's target values), "positions" (the set's target values as class indices,
    one per position) or "input" (the features flattened in the spec's order).
    """
    x = torch.from_numpy(
        examples.features.reshape([examples.count] + list(input_shape))
    )
    if len(input_shape) == 3:
        x = x.permute(0, 3, 1, 2)
    labels = torch.from_numpy(examples.labels)
    if target == "labels":
        targets = labels
    elif target == "one_hot":
        targets = torch.nn.functional.one_hot(labels, classes).float()
    elif target == "columns":
        targets = torch.from_numpy(examples.target_values)
    elif target == "positions":
        # A tagger's labels, one per position: class indices for F.cross_entropy.
        targets = torch.from_numpy(examples.target_values).long()
    elif target == "input":
        size = int(np.prod(examples.feature_shape))
        targets = torch.from_numpy(
            examples.features.reshape(examples.count, size).copy()
        )
    else:
        targets = labels.float().reshape(-1, 1)
    return ExampleTensors(
        x.contiguous().to(device), targets.to(device), labels.to(device)
    )


def split_tensors(splits, input_shape, classes, target, device):
    """The train, validation and test sets of `splits` as tensors on the device."""
    return tuple(
        example_tensors(examples, input_shape, classes, target, device)
        for examples in (splits.train, splits.validation, splits.test)
    )
