"""Early stopping: Keras's EarlyStopping callback counted in evaluations (logging points) instead of
epochs, with the same arithmetic as src/runtime/early-stopping.ts (docs/checkpoints.md).

An evaluation improves when the monitored value beats the best so far by more than `min_delta`
(mode min: value < best - min_delta; max: value > best + min_delta; a NaN never improves);
training stops at the `patience`-th evaluation in a row without improvement. The best weights are
kept by the Checkpoint (`<out>/checkpoint/best.ckpt`), so that a resumed run keeps its best.
"""

import math

import torch.distributed as dist


class EarlyStopping:
    def __init__(self, monitor, mode, patience, min_delta=0.0, restore_best=False):
        self.monitor = monitor
        self.mode = mode
        self.patience = patience
        self.min_delta = min_delta
        self.restore_best = restore_best
        self.best = math.inf if mode == "min" else -math.inf
        self.best_step = None
        self.wait = 0
        self.stopped_at = None

    @property
    def stopped(self):
        return self.stopped_at is not None

    def _improves(self, value):
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def update(self, step, record):
        """The evaluation recorded after `step` (rank 0)."""
        value = record.get(self.monitor)
        if value is None:
            return
        self.wait += 1
        if self._improves(value):
            self.best, self.best_step, self.wait = value, step, 0
        elif self.wait >= self.patience:
            self.stopped_at = step

    def share(self, run):
        """Rank 0's state (it alone evaluates) to every rank, so that all stop at the same step."""
        if run.distributed:
            state = [self.state_dict()]
            dist.broadcast_object_list(state, src=0)
            self.load_state_dict(state[0])

    def summary(self, steps_run):
        """The record metrics.jsonl ends with (before the test record)."""
        record = {"step": steps_run, "best_step": self.best_step}
        record[f"best_{self.monitor}"] = None if self.best_step is None else self.best
        if self.stopped:
            record["stopped_at"] = self.stopped_at
        return record

    def state_dict(self):
        return {
            "best": self.best,
            "best_step": self.best_step,
            "wait": self.wait,
            "stopped_at": self.stopped_at,
        }

    def load_state_dict(self, state):
        self.best = state["best"]
        self.best_step = state["best_step"]
        self.wait = state["wait"]
        self.stopped_at = state["stopped_at"]
