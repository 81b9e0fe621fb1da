"""The checkpoint file, `<out>/checkpoint/state.ckpt`, as both targets write it: one line of JSON that
says which run wrote it (target, spec, compiler, world size, seed, steps, the step reached), then the
target's own payload (here a torch.save archive). One file replaced by one rename, so a kill at any
moment leaves the previous checkpoint or the new one; a killed writer's temporary file is removed by
the next write or read. The identity is compared before the payload is read: a checkpoint of another
run is refused with what differs (src/runtime/checkpoint-file.ts reads and writes the same header).
"""

import io
import json
import os
import re
import sys

import torch

from .errors import FlagError
from .model_files import _replace_file

MAGIC = "mlpc-checkpoint 1 "
STATE_FILE = "state.ckpt"
# Early stopping's best weights (restore_best), in the same format, beside the state.
BEST_FILE = "best.ckpt"
# What must match for a checkpoint to continue this run, in the order a refusal lists them.
IDENTITY_FIELDS = ("target", "spec", "compiler", "world_size", "seed", "steps")
_STAMP = re.compile(
    r"^# mlpc-stamp: (mlpc \S+, compiler [0-9a-f]+), options [0-9a-f]+$"
)
_SPEC_STAMP = re.compile(r"^# mlpc-stamp: spec (.+ sha256 [0-9a-f]{64})$")


def _script_stamp(script):
    """(compiler, spec) from the stamp lines of the generated script that runs (its first lines)."""
    compiler = spec = "unstamped"
    try:
        with open(script, encoding="utf8") as stream:
            head = [stream.readline().rstrip("\n") for _ in range(6)]
    except OSError:
        return compiler, spec
    for line in head:
        found = _STAMP.match(line)
        if found:
            compiler = found.group(1)
        found = _SPEC_STAMP.match(line)
        if found:
            spec = found.group(1)
    return compiler, spec


def run_identity(flags, world_size, script=None):
    """What a checkpoint records of the run that writes it, and what a resumed run must match."""
    compiler, spec = _script_stamp(script or sys.argv[0])
    return {
        "target": "pytorch",
        "spec": spec,
        "compiler": compiler,
        "world_size": world_size,
        "seed": flags.seed,
        "steps": flags.steps,
    }


def checkpoint_path(out_dir, name=STATE_FILE):
    return os.path.join(out_dir, "checkpoint", name)


def _remove_temporaries(folder):
    """Temporary files of killed writers (`.state.ckpt.<pid>-<8 hex>.tmp`, `.best.ckpt...`)."""
    pattern = re.compile(r"^\.(state|best)\.ckpt\.\d+-[0-9a-f]{8}\.tmp$")
    if not os.path.isdir(folder):
        return
    for name in os.listdir(folder):
        if pattern.match(name):
            os.remove(os.path.join(folder, name))


def write_checkpoint(out_dir, identity, step, payload, name=STATE_FILE):
    """Replaces the checkpoint `name` with `payload` (any torch.save-able value) reached after `step`."""
    folder = os.path.join(out_dir, "checkpoint")
    os.makedirs(folder, exist_ok=True)
    _remove_temporaries(folder)
    header = json.dumps({**identity, "step": step}, separators=(",", ":"))

    def write(stream):
        # The archive goes straight into the file after the header line: no copy of it in memory
        # (a third of the write's time for the question's 6.5 MB).
        stream.write((MAGIC + header + "\n").encode("utf8"))
        torch.save(payload, stream)

    _replace_file(checkpoint_path(out_dir, name), write)


def remove_checkpoint(out_dir):
    """A run that starts over drops the previous run's checkpoint, so that a restart before its own
    first checkpoint cannot continue someone else's."""
    folder = os.path.join(out_dir, "checkpoint")
    _remove_temporaries(folder)
    for name in (STATE_FILE, BEST_FILE):
        if os.path.exists(checkpoint_path(out_dir, name)):
            os.remove(checkpoint_path(out_dir, name))


def _describe(field, value):
    return f"{field.replace('_', ' ')} {value}"


def read_checkpoint(out_dir, identity, name=STATE_FILE):
    """(step, payload) of the checkpoint `name` in `out_dir`, or None when there is none; a
    FlagError when it is not a checkpoint of this run, naming every field that differs.
    """
    path = checkpoint_path(out_dir, name)
    if not os.path.exists(path):
        return None
    _remove_temporaries(os.path.dirname(path))
    with open(path, "rb") as stream:
        data = stream.read()
    line, _, archive = data.partition(b"\n")
    text = line.decode("utf8", errors="replace")
    if not text.startswith(MAGIC):
        raise FlagError(f"{path} is not an mlpc checkpoint")
    try:
        header = json.loads(text[len(MAGIC) :])
    except ValueError:
        raise FlagError(f"{path}: unreadable checkpoint header") from None
    differences = [
        f"{_describe(field, header.get(field))} there, {identity[field]} here"
        for field in IDENTITY_FIELDS
        if header.get(field) != identity[field]
    ]
    if differences:
        raise FlagError(
            f"{path} is the checkpoint of another run ({'; '.join(differences)}): "
            "run without --resume to start over, or give another --out"
        )
    payload = torch.load(io.BytesIO(archive), map_location="cpu")
    return header["step"], payload
