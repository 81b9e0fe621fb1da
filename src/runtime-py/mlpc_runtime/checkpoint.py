"""Checkpoints and exact resume: the whole state of a training run, so that a run killed at any step
and resumed ends bit for bit where the uninterrupted run ends.

The state is everything the next step reads: the model's state_dict (weights and batch-norm
statistics), the optimizer's (moments, step counts, the Keras ε's step count), the schedule's,
the batch sampler's position and permutation, every rank's dropout generator, the constraint
counters not yet logged, the metrics records written so far, and what any further object
registered with `track` holds (a schedule that reads the validation loss, early stopping).

Under torchrun every rank takes part (the generators are gathered to rank 0, which writes; a
barrier after the write), and every rank reads the checkpoint on resume, from the same `--out`
(on several machines: a shared file system). A restarted worker group (TORCHELASTIC_RESTART_COUNT
above 0) resumes without `--resume`.
"""

import json
import os
import sys
import time

import torch
import torch.distributed as dist

from .checkpoint_file import (
    BEST_FILE,
    checkpoint_path,
    read_checkpoint,
    remove_checkpoint,
    run_identity,
    write_checkpoint,
)
from .errors import FlagError


def _elastic_restart():
    return int(os.environ.get("TORCHELASTIC_RESTART_COUNT", "0") or "0") > 0


def _state_of(value):
    return None if value is None else value.state_dict()


class Checkpoint:
    """The training state of one run, written every `--checkpoint-every` steps (by default at each
    logging point) and restored by `restore` on `--resume` or an elastic restart."""

    def __init__(self, flags, run, model, optimizer, sampler, log, scheduler=None):
        self.flags = flags
        self.run = run
        self.model = model
        self.log = log
        self.every = (
            flags.eval_every
            if flags.checkpoint_every is None
            else flags.checkpoint_every
        )
        self.identity = run_identity(flags, run.world_size)
        self.tracked = {"optimizer": optimizer}
        if scheduler is not None:
            self.tracked["scheduler"] = scheduler
        self.sampler = sampler
        # Early stopping's counters are training state; its best weights go to best.ckpt.
        self.early_stopping = getattr(log, "early_stopping", None)
        if self.early_stopping is not None:
            self.track("early_stopping", self.early_stopping)
        # MLPC_REPORT_CHECKPOINTS=1 (`node bench/run.mjs --only checkpoints`): a line per state
        # checkpoint written, its elapsed_ms counted from here, just before the first step.
        self.report = os.environ.get("MLPC_REPORT_CHECKPOINTS") == "1"
        self.created = time.perf_counter()

    def track(self, name, state):
        """Adds an object with state_dict() and load_state_dict() (a plateau schedule, early
        stopping) to what is saved and restored."""
        self.tracked[name] = state

    def restore(self):
        """The first step to run: 0 for a new run (whose rank 0 drops an old checkpoint in `--out`),
        the step after the checkpoint's on `--resume` or an elastic restart."""
        resuming = self.flags.resume or _elastic_restart()
        found = read_checkpoint(self.flags.out, self.identity) if resuming else None
        if found is None:
            if self.flags.resume:
                raise FlagError(
                    f"--resume: no checkpoint in {os.path.dirname(checkpoint_path(self.flags.out))}"
                )
            if self.run.leader:
                remove_checkpoint(self.flags.out)
            return 0
        step, payload = found
        self._load(payload)
        self.log.resumed(step + 1, checkpoint_path(self.flags.out))
        if self.early_stopping is not None and self.early_stopping.stopped:
            return self.flags.steps  # the run had stopped early: nothing left to train
        return step + 1

    def step_done(self, step):
        """After a step's update and record: keeps the best weights when this evaluation was the
        best (before the state, which then points at them), writes the checkpoint when due.
        """
        early = self.early_stopping
        if early is not None and early.restore_best and early.best_step == step:
            if self.run.leader:
                payload = {"model": self.model.state_dict()}
                write_checkpoint(
                    self.flags.out, self.identity, step, payload, BEST_FILE
                )
        if self.every == 0 or step % self.every != 0:
            return
        started = time.perf_counter()
        generators = self._generators()
        if self.run.leader:
            write_checkpoint(
                self.flags.out, self.identity, step, self._payload(generators)
            )
        if self.run.distributed:
            dist.barrier()
        if self.report and self.run.leader:
            now = time.perf_counter()
            bytes_ = os.path.getsize(checkpoint_path(self.flags.out))
            report = {
                "step": step,
                "ms": (now - started) * 1000,
                "bytes": bytes_,
                "elapsed_ms": (now - self.created) * 1000,
            }
            sys.stderr.write(f"mlpc-checkpoint {json.dumps(report)}\n")

    def restore_best(self):
        """Early stopping's restore_best: the weights of the best evaluation into the model (rank 0,
        which evaluates the test split and saves)."""
        early = self.early_stopping
        if early is None or early.best_step is None or not self.run.leader:
            return
        path = checkpoint_path(self.flags.out, BEST_FILE)
        found = read_checkpoint(self.flags.out, self.identity, BEST_FILE)
        if found is None or found[0] != early.best_step:
            where = "none" if found is None else f"step {found[0]}"
            raise FlagError(
                f"{path}: the best weights of step {early.best_step} are missing ({where} there)"
            )
        self.model.load_state_dict(found[1]["model"])

    def _generators(self):
        """Every rank's dropout generator state (each rank draws its own masks), in rank order."""
        state = {"cpu": torch.get_rng_state()}
        if self.run.device.type == "cuda":
            state["cuda"] = torch.cuda.get_rng_state(self.run.device)
        if not self.run.distributed:
            return [state]
        gathered = [None] * self.run.world_size
        dist.all_gather_object(gathered, state)
        return gathered

    def _payload(self, generators):
        metrics = self.log.metrics
        with open(metrics.file, encoding="utf8") as stream:
            records = stream.read()
        return {
            "model": self.model.state_dict(),
            "tracked": {
                name: value.state_dict() for name, value in self.tracked.items()
            },
            "sampler": self.sampler.state_dict(),
            "generators": generators,
            # A language model's log (SequenceLog) counts no constraint activity.
            "rescaled": _state_of(getattr(self.log, "rescaled", None)),
            "metrics": records,
        }

    def _load(self, payload):
        self.model.load_state_dict(payload["model"])
        for name, value in self.tracked.items():
            if name not in payload["tracked"]:
                raise FlagError(
                    f"{checkpoint_path(self.flags.out)} holds no {name} state"
                )
            value.load_state_dict(payload["tracked"][name])
        self.sampler.load_state_dict(payload["sampler"])
        generator = payload["generators"][self.run.rank]
        torch.set_rng_state(generator["cpu"])
        if "cuda" in generator and self.run.device.type == "cuda":
            torch.cuda.set_rng_state(generator["cuda"], self.run.device)
        if payload["rescaled"] is not None:
            self.log.rescaled.load_state_dict(payload["rescaled"])
        if self.log.metrics is not None:
            self.log.metrics.restore(payload["metrics"])
