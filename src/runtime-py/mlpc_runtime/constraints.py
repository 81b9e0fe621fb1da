"""Keras constraints (src/runtime/constraints.ts). `dims`: the axes of one output unit's incoming
weights in torch's layout ((1,) for a Linear weight [out, in], (1, 2, 3) for a Conv2d weight
[out, in, kh, kw]).
"""

import torch

CONSTRAINT_EPSILON = 1e-7


def _unit_norms(weight, dims):
    if not dims:
        return weight.abs()
    return weight.pow(2).sum(dim=dims, keepdim=True).sqrt()


@torch.no_grad()
def max_norm_(weight, max_value, dims, rescaled=None):
    """Keras max_norm: w · clip(‖w‖, 0, c) / (ε + ‖w‖) per output unit.

    With `rescaled` (a MaxNormActivity's counter), counts the units whose norm exceeded c.
    """
    norms = _unit_norms(weight, dims)
    if rescaled is not None:
        rescaled.add((norms > max_value).sum(), norms.numel())
    weight.mul_(norms.clamp(0, max_value) / (norms + CONSTRAINT_EPSILON))


class MaxNormActivity:
    """Units max-norm rescaled per parameter, logged as max_norm_rescaled.

    Counted on the device (no host sync per step), read at logging points: the fraction
    of each parameter's units rescaled per update since the previous read.
    """

    def __init__(self):
        self._counters = {}
        self._updates = 0

    def __getitem__(self, name):
        """The counter of parameter `name` (its spec id), created at first use: the records
        list the parameters in the order the constraints first count them."""
        if name not in self._counters:
            self._counters[name] = _RescaledUnits()
        return self._counters[name]

    def updated(self):
        self._updates += 1

    def read(self):
        fractions = {}
        for name, counter in self._counters.items():
            count = counter.count.item() if counter.count is not None else 0.0
            fractions[name] = (
                count / (counter.units * self._updates) if self._updates else 0.0
            )
            if counter.count is not None:
                counter.count.zero_()
        self._updates = 0
        return fractions

    def state_dict(self):
        """The counts not yet logged (a checkpoint's), by parameter."""
        counters = {
            name: {"count": counter.count, "units": counter.units}
            for name, counter in self._counters.items()
        }
        return {"counters": counters, "updates": self._updates}

    def load_state_dict(self, state):
        self._counters = {}
        for name, saved in state["counters"].items():
            counter = self[name]
            counter.units = saved["units"]
            if saved["count"] is not None:
                counter.count = saved["count"].clone()
        self._updates = state["updates"]


class _RescaledUnits:
    """One parameter's rescaled units, summed on the device (no host sync per step)."""

    def __init__(self):
        self.count = None
        self.units = 0

    def add(self, rescaled, units):
        if self.count is None:
            self.count = torch.zeros((), device=rescaled.device)
        self.count += rescaled
        self.units = units


@torch.no_grad()
def non_neg_(weight):
    """Keras non_neg: negative weights set to zero."""
    weight.clamp_(min=0)


@torch.no_grad()
def unit_norm_(weight, dims):
    """Keras unit_norm: w / (ε + ‖w‖) per output unit."""
    weight.div_(_unit_norms(weight, dims) + CONSTRAINT_EPSILON)
