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
