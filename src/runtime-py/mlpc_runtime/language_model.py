"""Training a language model on token windows: nanoGPT's learning-rate schedule, AdamW decay
groups checked one group a tensor, the loss over fixed evaluation windows (nanoGPT's
estimate_loss), the metrics records, and sampling text (nanoGPT's sample.py / GPT.generate).
"""

import os
import sys

import numpy as np
import torch

from .data.seeded_random import derive_seed
from .errors import DataError, FlagError
from .model_files import save_model
from .schedules import warmup_cosine
from .training_log import MetricsLog, StepTimer, print_start


def check_vocabulary(data, vocabulary):
    """The vocabulary the model was built for (read from the file at build time) is the data's."""
    if isinstance(data.vocabulary, list) and len(data.vocabulary) != vocabulary:
        raise DataError(
            f"{data.file}: {len(data.vocabulary)} distinct characters, the model was built "
            f"for {vocabulary}: rebuild the script from its spec",
            data.file,
        )


def local_windows(run, windows):
    """This rank's rows of a global batch of windows (x, y), as tensors on the run's device."""
    return tuple(torch.from_numpy(run.local_slice(t)).to(run.device) for t in windows)


def graph_topology(name, input_shape, spec):
    """model.json's modelTopology for a graph model: tfjs-layers has no class for causal
    self-attention, so it names the model and its spec; the weights carry the parameter ids.
    """
    return {
        "class_name": "MlpcGraph",
        "config": {"name": name, "input_shape": list(input_shape), "spec": spec},
        "backend": "pytorch",
    }


def set_learning_rate(optimizer, rate):
    for group in optimizer.param_groups:
        group["lr"] = rate


def weight_decay_groups(model, weights, not_decayed, weight_decay):
    """AdamW's two groups: every parameter of `weights` (id, state_dict key, layout) decayed by
    `weight_decay` except the ids in `not_decayed`. Every trainable tensor of the model lands in
    exactly one group, a tied tensor once (minGPT #23, nanoGPT 7c828855: name lists that missed
    a tensor or put one in both groups); anything else is an error, never a silent default.
    """
    by_key = dict(
        model.named_parameters()
    )  # a tied tensor appears once, under its owner's key
    unknown = set(not_decayed) - {name for name, _, _ in weights}
    if unknown:
        raise ValueError(f"not_decayed names no weight: {sorted(unknown)}")
    decayed, excluded, seen = [], [], set()
    for name, key, _ in weights:
        parameter = by_key.get(key)
        if parameter is None or not parameter.requires_grad:
            continue
        if id(parameter) in seen:
            raise ValueError(f"{name} ({key}) is listed twice")
        seen.add(id(parameter))
        (excluded if name in not_decayed else decayed).append(parameter)
    missing = [
        key for key, p in by_key.items() if p.requires_grad and id(p) not in seen
    ]
    if missing:
        raise ValueError(f"parameters in no decay group: {missing}")
    return [
        {"params": decayed, "weight_decay": weight_decay},
        {"params": excluded, "weight_decay": 0.0},
    ]


class WindowBatches:
    """Fixed evaluation windows of one split, as tensors on the device (the same windows at
    every evaluation point, and in both targets: see eval_windows)."""

    def __init__(self, windows, device):
        self.batches = [
            (torch.from_numpy(x).to(device), torch.from_numpy(y).to(device))
            for x, y in windows
        ]


@torch.no_grad()
def window_loss(model, loss_fn, batches):
    """The mean of the batches' losses without dropout (nanoGPT's estimate_loss)."""
    was_training = model.training
    model.eval()
    total = 0.0
    for x, y in batches.batches:
        total += loss_fn(model(x), y).item()
    model.train(was_training)
    return total / len(batches.batches)


class SequenceLog:
    """metrics.jsonl of a language model, at nanoGPT's evaluation points: before the first update
    (step 0), every `eval_every` updates and after the last. A record at step s describes the model
    after s updates: val_loss and train_loss over the fixed evaluation windows of each split, and,
    from step 1 on, the last update's batch loss (data_loss, reg_penalty, total_loss), its learning
    rate, and the median step time since the previous record. Every rank calls step_done (the batch
    loss is averaged over ranks); rank 0 evaluates and writes.
    """

    def __init__(self, name, flags, run, batch_size, model, loss_fn, splits):
        self.name = name
        self.flags = flags
        self.run = run
        self.batch_size = batch_size
        self.model = model
        self.loss_fn = loss_fn
        self.splits = splits
        self.metrics = MetricsLog(flags.out) if run.leader else None
        self.timer = StepTimer(run.device)
        print_start(name, flags, run)
        self._evaluate({"step": 0})

    def _evaluate(self, record):
        if self.metrics is None:
            return
        for split, batches in self.splits.items():
            record[f"{split}_loss"] = window_loss(self.model, self.loss_fn, batches)
        self.metrics.append(record)

    def resumed(self, step, path):
        """A Checkpoint restored the run (after the start line and step 0's record, which the
        checkpoint's records replace)."""
        if self.run.leader and os.environ.get("MLPC_QUIET") != "1":
            sys.stderr.write(f"{self.name}: resuming at step {step} from {path}\n")

    def step_started(self):
        self.timer.begin()

    def step_done(
        self, step, data_loss, reg_penalty, local_batch, learning_rate, activity=None
    ):
        """After update `step` (0-based): times it; at an evaluation point, records it.
        `activity`: the rank's penalties on layer outputs (AR, TAR; means like data_loss), logged
        as part of reg_penalty."""
        self.timer.end()
        done = step + 1
        if done % self.flags.eval_every != 0 and done != self.flags.steps:
            return
        data = self.run.global_mean(data_loss, local_batch, self.batch_size).item()
        if activity is not None:
            activity = self.run.global_mean(activity, local_batch, self.batch_size)
        if self.metrics is None:
            return
        penalty = reg_penalty.item() + (0.0 if activity is None else activity.item())
        record = {
            "step": done,
            "data_loss": data,
            "reg_penalty": penalty,
            "total_loss": data + penalty,
            "learning_rate": learning_rate,
            "step_ms": self.timer.take_median(),
        }
        step_cpu_ms = self.timer.take_cpu_median()
        if step_cpu_ms is not None:
            record["step_cpu_ms"] = step_cpu_ms
        self._evaluate(record)


def seed_dropout(seed, run):
    """The global generator, which draws the dropout masks: from the run's seed's stream 2 and
    the rank, so each rank draws its own masks and a seed repeats them."""
    torch.manual_seed(derive_seed(derive_seed(seed, 2), run.rank))


def finish_language_model(model, data, flags, run, weights, topology, block_size):
    """After training: rank 0 saves the model to --out and prints --sample N tokens; every rank
    then waits for the others. With --init-from and --sample alone (flags.sample_only) nothing
    was trained: the sample is printed and nothing is saved."""
    if flags.sample_only:
        print_sample(model, data, flags, block_size, run.device)
        return
    if run.leader:
        save_model(flags.out, model, weights, topology)
        if flags.sample > 0:
            print_sample(model, data, flags, block_size, run.device)
    run.finish()


def _parse_ids(text):
    ids = text.split()
    if not ids or not all(i.isdigit() for i in ids):
        raise FlagError(
            "--prompt: token ids separated by spaces, e.g. --prompt '0 12 7'"
        )
    return [int(i) for i in ids]


def _format_ids(ids):
    return " ".join(str(i) for i in ids)


@torch.no_grad()
def generate(model, ids, count, block_size, temperature, top_k, generator):
    """nanoGPT's GPT.generate: `count` tokens after `ids` [1, t], each drawn from the softmax of
    the last position's logits / temperature, restricted to the top_k most likely (None: all),
    with the context cropped to the last block_size tokens."""
    for _ in range(count):
        context = ids[:, -block_size:]
        logits = model(context)[:, -1, :] / temperature
        if top_k is not None:
            kth = torch.topk(logits, min(top_k, logits.shape[-1])).values[:, [-1]]
            logits = logits.masked_fill(logits < kth, float("-inf"))
        probabilities = torch.softmax(logits, dim=-1)
        following = torch.multinomial(probabilities, 1, generator=generator)
        ids = torch.cat((ids, following), dim=1)
    return ids


def print_sample(model, data, flags, block_size, device):
    """--sample N: N tokens after --prompt (default a newline, as nanoGPT's sample.py), printed
    with the prompt to stdout; drawn from --seed's stream 4, so a seed gives the same text.
    """
    generator = torch.Generator(device=device)
    generator.manual_seed(derive_seed(flags.seed, 4))
    if hasattr(data, "encode"):
        encode, decode = data.encode, data.decode
    else:  # token files: the prompt and the sample are ids separated by spaces
        encode, decode = _parse_ids, _format_ids
    prompt = torch.as_tensor(
        np.asarray(encode(flags.prompt), dtype=np.int64), device=device
    )
    was_training = model.training
    model.eval()
    ids = generate(
        model,
        prompt.reshape(1, -1),
        flags.sample,
        block_size,
        flags.temperature,
        flags.top_k,
        generator,
    )
    model.train(was_training)
    sys.stdout.write(decode(ids[0].tolist()) + "\n")
    sys.stdout.flush()
