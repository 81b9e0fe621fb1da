"""Learning-rate schedules as factors of the initial rate (LambdaLR's lr_lambda), as Keras defines them.

`step` counts the updates already applied, as the TypeScript runtime's `iteration` does.
"""

import math


def piecewise_constant(boundaries, values):
    """Keras PiecewiseConstantDecay: values[i] while boundaries[i-1] < step <= boundaries[i].

    A boundary's own step keeps the earlier value: torch MultiStepLR's milestone is boundary + 1.
    """

    def factor(step):
        index = 0
        while index < len(boundaries) and step > boundaries[index]:
            index += 1
        return values[index] / values[0]

    return factor


def inverse_time_decay(decay_steps, decay_rate, staircase):
    """Keras InverseTimeDecay: 1 / (1 + rate · step / decay_steps), the quotient floored if staircase.

    decay_steps 1 is Keras's legacy `decay=` argument, lr / (1 + decay · iterations).
    """

    def factor(step):
        quotient = step / decay_steps
        return 1 / (1 + decay_rate * (quotient // 1 if staircase else quotient))

    return factor


def with_warmup(schedule, warmup_steps):
    """A linear warm-up, (step + 1) / (warmup_steps + 1) as nanoGPT's get_lr, then `schedule` from its step 0."""

    def factor(step):
        if step < warmup_steps:
            return (step + 1) / (warmup_steps + 1)
        return schedule(step - warmup_steps)

    return factor


def momentum_ramp(step, initial, final, ramp_steps):
    """Srivastava et al. (2014): momentum rising linearly from `initial` to `final` over `ramp_steps` updates."""
    return initial + (final - initial) * min(step, ramp_steps) / ramp_steps


def warmup_cosine(step, initial, warmup_steps, decay_steps, minimum):
    """nanoGPT's get_lr: linear warm-up to `initial` over `warmup_steps`, cosine down to `minimum`
    at `decay_steps`, then `minimum`. `step` counts updates already applied (0 for the first).
    """
    if step < warmup_steps:
        return initial * (step + 1) / (warmup_steps + 1)
    if step > decay_steps:
        return minimum
    progress = (step - warmup_steps) / (decay_steps - warmup_steps)
    return minimum + 0.5 * (1.0 + math.cos(math.pi * progress)) * (initial - minimum)


def warmup_cosine_factor(initial, warmup_steps, decay_steps, minimum):
    """warmup_cosine as a factor of `initial` (LambdaLR's lr_lambda), for sequential models."""

    def factor(step):
        return (
            warmup_cosine(step, initial, warmup_steps, decay_steps, minimum) / initial
        )

    return factor
