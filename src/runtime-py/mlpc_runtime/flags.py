"""The run flags of a generated script, parsed as the TypeScript scripts parse them
(src/runtime/run-flags.ts)."""

import sys
from dataclasses import dataclass
from typing import Optional

from .errors import FlagError


FLAG_USAGE = (
    "flags: --steps N  --seed N  --out DIR  --eval-every N  --init-from DIR  --threads N  "
    "--device auto|cpu|cuda  --checkpoint-every N  --resume"
)
# A language model's script also takes these (nanoGPT's sample.py knobs).
SAMPLE_USAGE = "--sample N  --prompt TEXT  --temperature T  --top-k K"


@dataclass(eq=False)
class Flags:
    """The parsed flags of a run; defaults come from the spec."""

    steps: int
    seed: int
    out: str
    eval_every: int
    init_from: Optional[str] = None
    threads: int = 1
    device: str = "auto"
    steps_given: bool = False
    # None: at every logging point; 0: never.
    checkpoint_every: Optional[int] = None
    resume: bool = False
    sample: int = 0
    prompt: str = "\n"
    temperature: float = 1.0
    top_k: Optional[int] = None

    @property
    def sample_only(self):
        """--init-from DIR --sample N without --steps: sample the saved model, train nothing."""
        return self.sample > 0 and self.init_from is not None and not self.steps_given


def _parse_count(flag, text, minimum):
    if not (text.lstrip("-").isdigit()) or int(text) < minimum:
        raise FlagError(f"{flag} expects an integer >= {minimum}, got '{text}'")
    return int(text)


def _parse_positive_float(flag, text):
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise FlagError(f"{flag} expects a number > 0, got '{text}'")
    return value


def parse_flags(argv=None, *, steps, seed, out, eval_every, sampling=False):
    """`--name value` and `--name=value`, as the TypeScript scripts parse them (no argparse, so
    the messages and exit code match: a bad flag is a FlagError, exit 2). With `sampling` (a
    language model's script) also --sample, --prompt, --temperature and --top-k."""
    usage = f"{FLAG_USAGE}  {SAMPLE_USAGE}" if sampling else FLAG_USAGE
    flags = Flags(steps, seed, out, eval_every)
    if argv is None:
        argv = sys.argv[1:]
    index = 0
    while index < len(argv):
        argument = argv[index]
        if argument in ("--help", "-h"):
            sys.stdout.write(usage + "\n")
            sys.exit(0)
        name, has_value, value = argument.partition("=")
        if not name.startswith("--"):
            raise FlagError(f"unexpected argument '{argument}' ({usage})")
        if name == "--resume":
            if has_value:
                raise FlagError("--resume takes no value")
            flags.resume = True
            index += 1
            continue
        if not has_value:
            if index + 1 >= len(argv) or argv[index + 1].startswith("--"):
                raise FlagError(f"{name} needs a value")
            value = argv[index + 1]
            index += 1
        index += 1
        if name == "--steps":
            flags.steps = _parse_count(name, value, 0)
            flags.steps_given = True
        elif name == "--seed":
            flags.seed = _parse_count(name, value, 0)
        elif name == "--eval-every":
            flags.eval_every = _parse_count(name, value, 1)
        elif name == "--checkpoint-every":
            flags.checkpoint_every = _parse_count(name, value, 0)
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
        elif sampling and name == "--sample":
            flags.sample = _parse_count(name, value, 0)
        elif sampling and name == "--prompt":
            if value == "":
                raise FlagError("--prompt needs at least one character")
            flags.prompt = value
        elif sampling and name == "--temperature":
            flags.temperature = _parse_positive_float(name, value)
        elif sampling and name == "--top-k":
            flags.top_k = _parse_count(name, value, 1)
        else:
            raise FlagError(f"unknown flag {name} ({usage})")
    return flags
