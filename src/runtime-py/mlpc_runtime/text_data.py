"""Sequence data (`source: text` and `source: tokens`): token ids, next-token windows and the fixed
evaluation windows, the twin of src/runtime/data/text.ts: the same ids, the same windows for the same
seed (the shared mulberry32 generator), the same errors. Token files are memory-mapped (nanoGPT's
train.bin / val.bin); windows come back as int64 numpy arrays [batch_size, block_size].
"""

import json
import os

import numpy as np

from .data.seeded_random import derive_seed, seeded_random
from .errors import DataError

_TOKEN_DTYPES = {"uint16": np.dtype("<u2"), "uint32": np.dtype("<u4")}
# ids are checked against the vocabulary this many at a time, so a large memory-mapped file is never copied whole
_CHECK_CHUNK = 1 << 22


def _ids_dtype(vocabulary):
    return np.uint16 if vocabulary <= 65536 else np.uint32


def _check_split_holds_window(path, split, length, position, block_size):
    if block_size is not None and length < block_size + 1:
        raise DataError(
            f"{path}: the {split} split ({position}) holds {length}, "
            f"fewer than block_size + 1 = {block_size + 1}",
            path,
        )


class TextData:
    """A text file at character level: `vocabulary` (characters sorted by code point; id i is
    vocabulary[i]), `train` and `validation` (1-D id arrays), `encode(str)` and `decode(ids)`.
    """

    def __init__(self, path, vocabulary, train, validation):
        self.file = path
        self.vocabulary = vocabulary
        self.train = train
        self.validation = validation
        self._id_of = {c: i for i, c in enumerate(vocabulary)}

    def encode(self, text):
        ids = np.empty(len(text), dtype=_ids_dtype(len(self.vocabulary)))
        for i, char in enumerate(text):
            if char not in self._id_of:
                raise DataError(
                    f"{self.file}: character {_quoted(char)} at {i} of the text to encode "
                    "is not in the vocabulary",
                    self.file,
                )
            ids[i] = self._id_of[char]
        return ids

    def decode(self, ids):
        chars = []
        for i, value in enumerate(int(v) for v in ids):
            if not 0 <= value < len(self.vocabulary):
                raise DataError(
                    f"{self.file}: id {value} at {i} is not below the vocabulary size "
                    f"{len(self.vocabulary)}",
                    self.file,
                )
            chars.append(self.vocabulary[value])
        return "".join(chars)


def _quoted(char):
    """A character as JSON.stringify writes it, so both targets print the same message."""
    return json.dumps(char, ensure_ascii=False)


def _read_bytes(path, whole=True):
    """The file's bytes (or, with whole=False, b"" once it opens): a DataError naming the file
    when it is missing, a folder or unreadable, worded as the TypeScript's readDataFileBytes.
    """
    try:
        with open(path, "rb") as f:
            return f.read() if whole else b""
    except FileNotFoundError:
        reason = "no such file"
    except IsADirectoryError:
        reason = "is a directory, not a file"
    except PermissionError:
        reason = "permission denied"
    raise DataError(f"{path}: cannot read data file: {reason}", path)


def load_text(path, train_fraction, block_size=None):
    """nanoGPT's prepare.py split: the first int(n * train_fraction) characters train, the rest
    validate. Strict UTF-8 (a byte order mark stays a character, line endings are kept); with
    block_size, a split shorter than one window (block_size + 1 characters) is a DataError naming
    the byte where that split starts."""
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(
            f"{path}: not valid UTF-8 at byte {error.start}", path
        ) from None
    code_points = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    symbols, inverse = np.unique(code_points, return_inverse=True)
    ids = inverse.astype(_ids_dtype(len(symbols)))
    cut = int(len(code_points) * train_fraction)
    _check_split_holds_window(path, "train", cut, "characters from byte 0", block_size)
    cut_byte = len(text[:cut].encode("utf-8"))
    _check_split_holds_window(
        path,
        "validation",
        len(code_points) - cut,
        f"characters from byte {cut_byte}",
        block_size,
    )
    vocabulary = [chr(c) for c in symbols]
    return TextData(path, vocabulary, ids[:cut], ids[cut:])


class TokenData:
    def __init__(self, train, validation, vocabulary):
        self.train = train
        self.validation = validation
        self.vocabulary = vocabulary


def _read_token_file(path, dtype, vocabulary, block_size):
    _read_bytes(path, whole=False)
    size = _TOKEN_DTYPES[dtype].itemsize
    length = os.path.getsize(path)
    if length % size != 0:
        raise DataError(
            f"{path}: {length} bytes is not a whole number of {dtype} ids ({size} bytes each)",
            path,
        )
    # np.memmap refuses an empty file; an empty array is what it holds
    if length == 0:
        ids = np.zeros(0, dtype=_TOKEN_DTYPES[dtype])
    else:
        ids = np.memmap(path, dtype=_TOKEN_DTYPES[dtype], mode="r")
    for start in range(0, len(ids), _CHECK_CHUNK):
        bad = np.flatnonzero(ids[start : start + _CHECK_CHUNK] >= vocabulary)
        if len(bad) > 0:
            index = start + int(bad[0])
            raise DataError(
                f"{path}: token id {int(ids[index])} at element {index} is not below "
                f"the vocabulary size {vocabulary}",
                path,
            )
    if block_size is not None and len(ids) < block_size + 1:
        raise DataError(
            f"{path}: {len(ids)} token ids, fewer than block_size + 1 = {block_size + 1}",
            path,
        )
    return ids


def load_tokens(train_path, validation_path, dtype, vocabulary, block_size=None):
    """nanoGPT's train.bin / val.bin: little-endian ids of `dtype`, memory-mapped, every id checked."""
    return TokenData(
        _read_token_file(train_path, dtype, vocabulary, block_size),
        _read_token_file(validation_path, dtype, vocabulary, block_size),
        vocabulary,
    )


def _draw_windows(ids, block_size, batch_size, random):
    """Starts uniform in [0, len - block_size - 1] (torch.randint(len - block_size) in nanoGPT's
    get_batch) as int(u * count): the same double product as the TypeScript's Math.floor.
    """
    count = len(ids) - block_size
    starts = np.array(
        [int(random() * count) for _ in range(batch_size)], dtype=np.int64
    )
    index = starts[:, None] + np.arange(block_size, dtype=np.int64)
    return (
        np.asarray(ids[index], dtype=np.int64),
        np.asarray(ids[index + 1], dtype=np.int64),
    )


def _check_window_fits(ids, block_size):
    if len(ids) < block_size + 1:
        raise DataError(
            f"{len(ids)} token ids cannot hold one window of block_size + 1 = {block_size + 1}"
        )


class WindowSampler:
    """Training batches: random windows from the run seed's stream 1 (the batch sampler's stream)."""

    def __init__(self, ids, block_size, batch_size, run_seed):
        _check_window_fits(ids, block_size)
        self.ids = ids
        self.block_size = block_size
        self.batch_size = batch_size
        self._seed = derive_seed(run_seed, 1)
        self._random = seeded_random(self._seed)
        self.batches = 0

    def next(self):
        """(x, y), int64 [batch_size, block_size]; y is x shifted by one token."""
        self.batches += 1
        return _draw_windows(self.ids, self.block_size, self.batch_size, self._random)

    def state_dict(self):
        """The batches drawn (a checkpoint's): the generator is replayed to that point on resume."""
        return {"batches": self.batches}

    def load_state_dict(self, state):
        self._random = seeded_random(self._seed)
        for _ in range(state["batches"] * self.batch_size):
            self._random()
        self.batches = state["batches"]


def eval_windows(ids, block_size, batch_size, count, spec_seed):
    """The fixed evaluation batches of val_loss: stream 3 of the spec's seed, the same at every
    evaluation and in both targets."""
    _check_window_fits(ids, block_size)
    random = seeded_random(derive_seed(spec_seed, 3))
    return [_draw_windows(ids, block_size, batch_size, random) for _ in range(count)]
