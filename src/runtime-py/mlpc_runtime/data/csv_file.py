"""CSV files with a header row (src/runtime/data/csv.ts)."""

import math

import numpy as np

from ..errors import DataError
from .files import _read_data_file
from .seeded_random import shuffled_indices
from .splits import DataSplits, _check_split_counts, _gather


def _split_csv_line(line):
    """splitCsvLine: fields with double quotes honoured ("a,b" and "" escapes)."""
    if '"' not in line:
        return line.split(",")
    fields, field, quoted, i = [], "", False, 0
    while i < len(line):
        char = line[i]
        if quoted:
            if char == '"' and line[i + 1 : i + 2] == '"':
                field += '"'
                i += 1
            elif char == '"':
                quoted = False
            else:
                field += char
        elif char == '"':
            quoted = True
        elif char == ",":
            fields.append(field)
            field = ""
        else:
            field += char
        i += 1
    fields.append(field)
    return fields


def _csv_number(text):
    """Number(text) for the decimal forms a CSV holds; None when it is not a finite number."""
    stripped = text.strip()
    try:
        value = float(stripped)
    except ValueError:
        return None
    if (
        stripped == ""
        or not math.isfinite(value)
        or stripped.lower() in ("nan", "inf", "infinity")
    ):
        return None
    return value


def _check_position_label(value, classes, where, path):
    """A tagger's label: an integer in 0..classes-1, or a DataError naming the csv line and column."""
    if not (value.is_integer() and value >= 0):
        raise DataError(f"{where}: label {value:g} is not a non-negative integer", path)
    if classes is not None and value >= classes:
        raise DataError(
            f"{where}: label {value:g} is out of range: the model has {classes} classes "
            f"per position (labels 0..{classes - 1})",
            path,
        )


def load_csv(
    path,
    label=None,
    train=0,
    validation=0,
    test=0,
    seed=0,
    features=None,
    targets=None,
    standardize=False,
    labels=None,
    position_classes=None,
):
    """Header row, one example a line; all rows shuffled with the seed, test first (loadCsv).
    `targets`: real-valued target columns instead of a label column (classes is then 0).
    `labels`: one label column per position (a tagger), integers in 0..position_classes-1, kept as
    the target values [count, positions]; classes is then the largest label + 1.
    `standardize`: every split scaled with the training split's statistics (standardize_features).
    """
    _check_split_counts(
        {"train": train, "validation": validation, "test": test},
        f"data source csv ({path})",
    )
    text = _read_data_file(path).decode("utf8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() == "":
        raise DataError(f"{path}:1: empty file, expected a header row", path)
    header = [name.strip() for name in _split_csv_line(lines[0])]
    for column, name in enumerate(header):
        if header.index(name) != column:
            raise DataError(
                f'{path}:1: column "{name}" appears twice in the header', path
            )
    target_names = (
        targets if targets is not None else labels if labels is not None else [label]
    )
    names = (
        features
        if features is not None
        else [name for name in header if name not in target_names]
    )

    def column_of(name):
        if name not in header:
            raise DataError(
                f'{path}:1: no column named "{name}" (columns: {", ".join(header)})',
                path,
            )
        return header.index(name)

    target_columns = [column_of(name) for name in target_names]
    label_column = target_columns[0] if targets is None and labels is None else -1
    largest_position_label = -1
    feature_columns = [column_of(name) for name in names]
    if not feature_columns:
        listed = '", "'.join(target_names)
        raise DataError(f'{path}:1: no feature columns besides "{listed}"', path)
    rows, label_values, values = [], [], []
    for index in range(1, len(lines)):
        if lines[index].strip() == "":
            continue
        line_number = index + 1
        fields = _split_csv_line(lines[index])
        if len(fields) != len(header):
            raise DataError(
                f"{path}:{line_number}: {len(fields)} fields, but the header has {len(header)}",
                path,
            )

        def number_at(column):
            value = _csv_number(fields[column])
            if value is None:
                raise DataError(
                    f'{path}:{line_number}: column "{header[column]}": "{fields[column]}" is not a number',
                    path,
                )
            return value

        if label_column < 0:
            row_values = [number_at(column) for column in target_columns]
            if labels is not None:
                for column, value in zip(target_columns, row_values):
                    _check_position_label(
                        value,
                        position_classes,
                        f'{path}:{line_number}: column "{header[column]}"',
                        path,
                    )
                    largest_position_label = max(largest_position_label, int(value))
            values.append(row_values)
            label_values.append(0)
            rows.append([number_at(column) for column in feature_columns])
            continue
        value = number_at(label_column)
        if not (value.is_integer() and value >= 0):
            raise DataError(
                f'{path}:{line_number}: column "{label}": label {value:g} is not a non-negative integer',
                path,
            )
        label_values.append(int(value))
        rows.append([number_at(column) for column in feature_columns])
    available = len(label_values)
    requested = train + validation + test
    if requested > available:
        raise DataError(
            f"{path}: train {train} + validation {validation} + test {test} = {requested} examples "
            f"requested, but the file has only {available} rows",
            path,
        )
    order = shuffled_indices(available, seed)
    pool = np.asarray(rows, dtype=np.float64).astype(np.float32)
    pool_labels = np.asarray(label_values, dtype=np.int64)
    shape = [len(feature_columns)]
    pool_values = np.asarray(values, dtype=np.float64).astype(np.float32)

    def take(start, count):
        examples = _gather(pool, pool_labels, shape, order, start, count)
        if label_column < 0:
            rows_taken = order[start : start + count].astype(np.int64)
            examples.target_values = pool_values.reshape(-1, len(target_columns))[
                rows_taken
            ]
        return examples

    splits = DataSplits(
        test=take(0, test),
        validation=take(test, validation),
        train=take(test + validation, train),
        classes=(
            largest_position_label + 1
            if labels is not None
            else 0
            if label_column < 0
            else max(label_values, default=-1) + 1
        ),
    )
    if standardize:
        standardize_features(splits)
    return splits


def standardize_features(splits):
    """Keras Normalization adapted on the training features, applied to every split: per column,
    the training rows' mean and population variance (float64 sums in row order, as the TypeScript
    runtime's loadCsv), then (x - mean) / max(sqrt(var), 1e-7) rounded to float32.
    """
    train = splits.train.features.astype(np.float64)
    total = np.zeros(train.shape[1])
    for row in train:
        total += row
    mean = total / len(train)
    squares = np.zeros(train.shape[1])
    for row in train:
        squares += (row - mean) * (row - mean)
    scale = np.maximum(np.sqrt(squares / len(train)), 1e-7)
    for split in (splits.train, splits.validation, splits.test):
        split.features = ((split.features.astype(np.float64) - mean) / scale).astype(
            np.float32
        )
