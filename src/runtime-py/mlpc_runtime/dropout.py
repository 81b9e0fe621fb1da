"""Dropout that keeps the step's masks, and dropout-aware L2 computed from them: the PyTorch side of
src/runtime/dropout-aware-l2.ts, the same penalty, gradient and logged value.

`dropout_aware: true` penalizes only the weights each example's masks used. Masks are drawn per
example, so the batch's penalty is the mean of the examples' penalties:

    P = (1/B)·Σₙ λ·Σⱼₖ mₙⱼ·m′ₙₖ·wⱼₖ²  =  λ·Σⱼₖ Uⱼₖ·wⱼₖ²,   U = (1/B)·Mᵀ·M′,

M the 0/1 keep mask over the layer's units (dropout after it), M′ over its inputs (dropout before
it), all ones where there is no such dropout. nn.Linear holds its weight [units, in], as the
TypeScript target holds a dense kernel during training, so U has the weight's shape; a bias [units]
has U = mean over the batch of M.
"""

import os

import torch


class Dropout(torch.nn.Module):
    """nn.Dropout that keeps its last training mask (`keep`, 0/1, the input's shape) for a
    dropout-aware penalty. The mask is drawn as F.dropout draws it on the CPU (`bernoulli_(1 − rate)`
    on the global generator, then divided by 1 − rate), so its masks are nn.Dropout's.
    """

    def __init__(self, rate):
        super().__init__()
        if not 0 <= rate < 1:
            raise ValueError(f"dropout rate must be in [0, 1), got {rate}")
        self.rate = rate
        self.keep = None
        self._typescript_masks = _typescript_masks_hook()

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        if self._typescript_masks is not None:
            noise = self._typescript_masks.next_mask(x, self.rate)
        else:
            noise = torch.empty_like(x).bernoulli_(1 - self.rate)
            noise.div_(1 - self.rate)
        self.keep = (noise > 0).to(x.dtype)
        return x * noise

    def extra_repr(self):
        return f"p={self.rate}"


def _mean_keep(dropout):
    """Per unit, the fraction of the batch's examples that kept it: 1 without dropout, 1 − rate
    before the first training forward (the expectation)."""
    if dropout is None or dropout.rate == 0:
        return 1.0
    if dropout.keep is None:
        return 1 - dropout.rate
    return dropout.keep.mean(0)


def usage(weight, units=None, inputs=None):
    """U, detached: the fraction of the batch's examples whose masks used each weight of a dense
    kernel [units, in] or bias [units] (kernelUsage and biasUsage of the TypeScript runtime).
    """
    with torch.no_grad():
        if weight.dim() == 1:
            return _mean_keep(units)
        both = [units, inputs]
        if all(d is not None and d.rate > 0 and d.keep is not None for d in both):
            return units.keep.t().matmul(inputs.keep) / units.keep.shape[0]
        kept_units, kept_inputs = _mean_keep(units), _mean_keep(inputs)
        if torch.is_tensor(kept_units):
            kept_units = kept_units.reshape(-1, 1)
        if torch.is_tensor(kept_inputs):
            kept_inputs = kept_inputs.reshape(1, -1)
        return kept_units * kept_inputs


def expected_scale(units=None, inputs=None):
    """Π(1 − rate) over the masks: E[U], and E[penalty] = λ·scale·Σw²."""
    scale = 1.0
    for dropout in (units, inputs):
        if dropout is not None:
            scale *= 1 - dropout.rate
    return scale


def dropout_aware_l2(coefficient, weight, units=None, inputs=None):
    """The dropout-aware L2 term λ·Σ U⊙w² of `weight`, U from the masks the step's forward pass drew
    in `units` (the Dropout after its layer) and `inputs` (the Dropout before it).

    Its gradient is 2λ·U⊙w, as the TypeScript target's dropoutAwareL2Gradient. Its value is the
    expectation λ·Π(1 − rate)·Σw², which the TypeScript target logs as the term's reg_penalty (its
    penalty() runs after the step, when the masks are gone).
    """
    scale = expected_scale(units, inputs)
    return _DropoutAwareL2.apply(
        weight, usage(weight, units, inputs), coefficient, scale
    )


class _DropoutAwareL2(torch.autograd.Function):
    """Value λ·scale·Σw², gradient 2λ·U⊙w: written out rather than derived through autograd from
    λ·Σ U⊙w², whose value would differ from the logged expectation."""

    @staticmethod
    def forward(ctx, weight, used, coefficient, scale):
        ctx.save_for_backward(weight)
        ctx.used, ctx.coefficient = used, coefficient
        return (coefficient * scale) * weight.pow(2).sum()

    @staticmethod
    def backward(ctx, grad):
        (weight,) = ctx.saved_tensors
        # (2λ·U)·w, in the TypeScript runtime's order.
        return (2 * ctx.coefficient * ctx.used) * weight * grad, None, None, None


class _TypeScriptMasks:
    """Test-only: the TypeScript target's masks (dropoutMaskValues, src/runtime/layers/dropout.ts),
    so a test can train one spec in both targets with the same masks. Pure Python: slow, for tests'
    small layers only. The n-th training forward of a Dropout is step n (no --resume).
    """

    def __init__(self, seed, offset):
        from .data.seeded_random import derive_seed

        self._derive_seed = derive_seed
        self._dropout_seed = derive_seed(seed, 2)
        self._offset = offset
        self._step = 0

    def next_mask(self, x, rate):
        seed = (
            self._derive_seed(self._dropout_seed, self._step) + self._offset
        ) & _MASK32
        self._step += 1
        keep = _xorshift_keep(x.numel(), rate, seed)
        scale = 1 / (1 - rate)
        return torch.tensor(keep, dtype=x.dtype).reshape(x.shape).to(x.device) * scale


_MASK32 = 0xFFFFFFFF
# MLPC_TEST_TS_DROPOUT_MASKS=SEED:OFFSET,OFFSET,...: the run's --seed and, for each Dropout in the
# order the model constructs them, its layer's index in the spec (the TypeScript target's seed offset).
_HOOK = "MLPC_TEST_TS_DROPOUT_MASKS"
_constructed = 0


def _typescript_masks_hook():
    """The test-only mask source of the next Dropout constructed, or None (always, outside tests)."""
    global _constructed
    setting = os.environ.get(_HOOK)
    if not setting:
        return None
    seed, offsets = setting.split(":")
    offset = int(offsets.split(",")[_constructed])
    _constructed += 1
    return _TypeScriptMasks(int(seed), offset)


def _imul(a, b):
    return (a * b) & _MASK32


def _xorshift_keep(size, rate, seed):
    """0/1 per element, as dropoutMaskValues: murmur3's fmix32 of the seed, then xorshift32, keep
    where the draw >= rate·2^32."""
    state = seed & _MASK32
    state = _imul(state ^ (state >> 16), 0x85EBCA6B)
    state = _imul(state ^ (state >> 13), 0xC2B2AE35)
    state ^= state >> 16
    if state == 0:
        state = 0x9E3779B9
    drop_below = rate * 4294967296
    keep = []
    for _ in range(size):
        state ^= (state << 13) & _MASK32
        state ^= state >> 17
        state ^= (state << 5) & _MASK32
        keep.append(1.0 if state >= drop_below else 0.0)
    return keep
