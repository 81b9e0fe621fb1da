"""Keras initializers (src/runtime/initializers.ts): fans as Keras computes them, given by the
generated script; each from its own seed stream."""

import math

import torch

TRUNCATED_UNIT_NORMAL_STDDEV = 0.87962566103423978


def _generator(seed):
    generator = torch.Generator()
    generator.manual_seed(int(seed))
    return generator


def _fill_(tensor, values):
    with torch.no_grad():
        tensor.copy_(values.reshape(tensor.shape).to(tensor.dtype))
    return tensor


def random_normal_(tensor, mean, stddev, seed):
    values = torch.randn(tensor.shape, generator=_generator(seed), dtype=torch.float64)
    return _fill_(tensor, values * stddev + mean)


def truncated_normal_(tensor, mean, stddev, seed):
    """Normal draws, each beyond two standard deviations redrawn (TF's truncated_normal)."""
    generator = _generator(seed)
    values = torch.randn(tensor.numel(), generator=generator, dtype=torch.float64)
    outside = values.abs() > 2
    while bool(outside.any()):
        count = int(outside.sum())
        values[outside] = torch.randn(count, generator=generator, dtype=torch.float64)
        outside = values.abs() > 2
    return _fill_(tensor, values * stddev + mean)


def random_uniform_(tensor, minval, maxval, seed):
    values = torch.rand(tensor.shape, generator=_generator(seed), dtype=torch.float64)
    return _fill_(tensor, values * (maxval - minval) + minval)


def _variance_scaling_normal_(tensor, scale, fan, seed):
    stddev = math.sqrt(scale / max(1.0, fan)) / TRUNCATED_UNIT_NORMAL_STDDEV
    return truncated_normal_(tensor, 0.0, stddev, seed)


def _variance_scaling_uniform_(tensor, scale, fan, seed):
    limit = math.sqrt(3 * scale / max(1.0, fan))
    return random_uniform_(tensor, -limit, limit, seed)


def glorot_uniform_(tensor, fan_in, fan_out, seed):
    """Uniform in ±sqrt(6 / (fan_in + fan_out))."""
    return _variance_scaling_uniform_(tensor, 1.0, (fan_in + fan_out) / 2, seed)


def glorot_normal_(tensor, fan_in, fan_out, seed):
    return _variance_scaling_normal_(tensor, 1.0, (fan_in + fan_out) / 2, seed)


def he_uniform_(tensor, fan_in, seed):
    """Uniform in ±sqrt(6 / fan_in)."""
    return _variance_scaling_uniform_(tensor, 2.0, fan_in, seed)


def he_normal_(tensor, fan_in, seed):
    return _variance_scaling_normal_(tensor, 2.0, fan_in, seed)


def lecun_normal_(tensor, fan_in, seed):
    return _variance_scaling_normal_(tensor, 1.0, fan_in, seed)


def orthogonal_(tensor, gain, seed):
    """Keras Orthogonal (src/runtime/initializers.ts): normal draws flattened to [rows, rest], the Q
    of their QR with R's diagonal made positive (transposed when rows < rest), times gain. In torch's
    layout [out, in] this is the transpose of Keras's [in, out] draw: the same orthonormal rows or
    columns (torch.nn.init.orthogonal_, seeded)."""
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    tall, wide = max(rows, cols), min(rows, cols)
    values = torch.randn((tall, wide), generator=_generator(seed), dtype=torch.float64)
    q, r = torch.linalg.qr(values)
    q = q * torch.sign(torch.diagonal(r))
    if rows < cols:
        q = q.t()
    return _fill_(tensor, q * gain)


def unit_forget_bias_(tensor, units):
    """An LSTM bias [4 units]: zeros, ones on the forget gate's slice [units, 2 units) (Keras
    unit_forget_bias; the gates in the order i, f, c, o)."""
    with torch.no_grad():
        tensor.zero_()
        tensor[units : 2 * units] = 1.0
    return tensor
