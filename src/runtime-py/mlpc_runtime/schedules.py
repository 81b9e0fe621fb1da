"""Learning-rate schedules as factors of the initial rate (LambdaLR's lr_lambda), as Keras defines them.

`step` counts the updates already applied, as the TypeScript runtime's `iteration` does.
"""


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
