"""Optimizers with Keras semantics where torch.optim's differ, and the learning-rate schedule."""

import math

import torch

from .schedules import momentum_ramp


class KerasMomentumSGD(torch.optim.SGD):
    """torch.optim.SGD whose momentum follows Keras under a changing learning rate.

    Keras keeps v ← μ·v − η_t·g (the learning rate inside the velocity); torch keeps b ← μ·b + g and
    steps η_t·b. The two agree while η is constant; when it changes, rescaling b by η_{t−1}/η_t
    before the step makes torch's update Keras's exactly.

    momentum_ramp=(initial, final, ramp_steps) sets μ of each update from momentum_ramp() of the
    updates already applied (Srivastava et al. 2014); the velocity recursion is unchanged.
    """

    def __init__(self, params, momentum_ramp=None, **options):
        super().__init__(params, **options)
        self.momentum_ramp = momentum_ramp
        self.ramp_steps = 0

    @torch.no_grad()
    def step(self, closure=None):
        if self.momentum_ramp is not None:
            momentum = momentum_ramp(self.ramp_steps, *self.momentum_ramp)
            self.ramp_steps += 1
            for group in self.param_groups:
                group["momentum"] = momentum
        for group in self.param_groups:
            previous = group.get("keras_previous_lr")
            if previous is not None and previous != group["lr"] and group["lr"] != 0:
                for param in group["params"]:
                    buffer = self.state.get(param, {}).get("momentum_buffer")
                    if buffer is not None:
                        buffer.mul_(previous / group["lr"])
            group["keras_previous_lr"] = group["lr"]
        return super().step(closure)


class _KerasAdamEpsilon:
    """Adam's ε where Keras (and the TypeScript target) put it.

    Keras: w ← w − η·sqrt(1−β2^t)/(1−β1^t) · m / (sqrt(v) + ε). torch.optim.Adam divides by
    sqrt(v)/sqrt(1−β2^t) + ε, i.e. adds ε·sqrt(1−β2^t) to sqrt(v): 30 times smaller at t = 1, which
    changes the first updates of parameters with small gradients. Setting the group's eps to
    ε / sqrt(1−β2^t) before each step makes torch's update Keras's exactly.
    """

    def __init__(self, params, **options):
        super().__init__(params, **options)
        for group in self.param_groups:
            group["keras_epsilon"] = group["eps"]
        self.keras_steps = 0

    @torch.no_grad()
    def step(self, closure=None):
        self.keras_steps += 1
        for group in self.param_groups:
            correction = math.sqrt(1 - group["betas"][1] ** self.keras_steps)
            group["eps"] = group["keras_epsilon"] / correction
        return super().step(closure)

    def state_dict(self):
        return {**super().state_dict(), "keras_steps": self.keras_steps}

    def load_state_dict(self, state_dict):
        state = dict(state_dict)
        self.keras_steps = state.pop("keras_steps")
        super().load_state_dict(state)


class KerasAdam(_KerasAdamEpsilon, torch.optim.Adam):
    """torch.optim.Adam with Keras's ε placement (see _KerasAdamEpsilon)."""


class KerasAdamW(_KerasAdamEpsilon, torch.optim.AdamW):
    """torch.optim.AdamW (decoupled decay w ← w − η·λ·w, as Keras) with Keras's ε placement."""


class KerasRMSprop(torch.optim.Optimizer):
    """RMSprop as Keras (and the TypeScript target) write it: s ← ρ·s + (1−ρ)·g²,
    Δ = η·g / sqrt(s + ε); with momentum μ: m ← μ·m + Δ, w ← w − m. torch.optim.RMSprop divides by
    sqrt(s) + ε instead, which changes the step by several percent where sqrt(s) is near sqrt(ε).
    """

    def __init__(self, params, lr, rho=0.9, momentum=0.0, epsilon=1e-7):
        super().__init__(
            params, dict(lr=lr, rho=rho, momentum=momentum, epsilon=epsilon)
        )

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, rho, momentum, epsilon = (
                group["lr"],
                group["rho"],
                group["momentum"],
                group["epsilon"],
            )
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = param.grad
                state = self.state[param]
                if not state:
                    state["square_avg"] = torch.zeros_like(param)
                    if momentum > 0:
                        state["momentum_buffer"] = torch.zeros_like(param)
                square_avg = state["square_avg"]
                square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
                increment = grad.mul(lr).div_(square_avg.add(epsilon).sqrt_())
                if momentum > 0:
                    buffer = state["momentum_buffer"]
                    buffer.mul_(momentum).add_(increment)
                    param.sub_(buffer)
                else:
                    param.sub_(increment)
        return loss


def exponential_decay(initial, decay_steps, decay_rate, staircase):
    """Keras ExponentialDecay as a LambdaLR factor: rate^(step / decay_steps), floored if staircase."""

    def factor(step):
        exponent = step / decay_steps
        return decay_rate ** (math.floor(exponent) if staircase else exponent)

    return factor
