"""The reduce_on_plateau learning-rate schedule: Keras's ReduceLROnPlateau callback
(keras/src/callbacks/reduce_lr_on_plateau.py) counted in evaluations (logging points) instead of
epochs, with the same arithmetic as src/runtime/reduce-on-plateau.ts (docs/spec-v1.md).

At each evaluation: a cooldown in progress counts down and clears the wait; an improvement (mode
min: value < best - min_delta; max: value > best + min_delta; a NaN never improves) becomes the
best and clears the wait; otherwise, outside a cooldown, the wait counts up, and at `patience` the
rate becomes max(rate * factor, min_lr) when it is above min_lr, starting the cooldown. The new
rate is every parameter group's from the next update on.

torch.optim.lr_scheduler.ReduceLROnPlateau counts differently: it lowers the rate when the bad
evaluations exceed its patience, and its cooldown also swallows the evaluation that ends it. Keras's
(patience p, cooldown c, min_delta d) is torch's (patience p - 1, cooldown max(c - 1, 0),
threshold d, threshold_mode "abs", eps 0): test/pytorch/plateau.test.ts checks it.
"""

import math

import torch.distributed as dist


class ReduceLROnPlateau:
    def __init__(
        self,
        optimizer,
        monitor,
        mode,
        factor,
        patience,
        min_delta,
        cooldown,
        min_lr,
    ):
        self.optimizer = optimizer
        self.monitor = monitor
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.min_delta = min_delta
        self.cooldown = cooldown
        self.min_lr = min_lr
        self.best = math.inf if mode == "min" else -math.inf
        self.wait = 0
        self.cooldown_counter = 0

    @property
    def rate(self):
        """The learning rate of the next update."""
        return self.optimizer.param_groups[0]["lr"]

    def _set_rate(self, rate):
        for group in self.optimizer.param_groups:
            group["lr"] = rate

    def _improves(self, value):
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def update(self, step, record):
        """The evaluation recorded after `step` (rank 0); True when it lowered the rate."""
        value = record.get(self.monitor)
        if value is None:
            return False
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._improves(value):
            self.best, self.wait = value, 0
            return False
        if self.cooldown_counter > 0:
            return False
        self.wait += 1
        if self.wait < self.patience or not self.rate > self.min_lr:
            return False
        self._set_rate(max(self.rate * self.factor, self.min_lr))
        self.cooldown_counter, self.wait = self.cooldown, 0
        return True

    def share(self, run):
        """Rank 0's state and rate (it alone evaluates) to every rank, before the next update."""
        if run.distributed:
            state = [self.state_dict()]
            dist.broadcast_object_list(state, src=0)
            self.load_state_dict(state[0])

    def state_dict(self):
        return {
            "rate": self.rate,
            "best": self.best,
            "wait": self.wait,
            "cooldown_counter": self.cooldown_counter,
        }

    def load_state_dict(self, state):
        self._set_rate(state["rate"])
        self.best = state["best"]
        self.wait = state["wait"]
        self.cooldown_counter = state["cooldown_counter"]
