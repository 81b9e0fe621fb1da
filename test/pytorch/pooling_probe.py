"""Average pooling as the printed modules compute it, against a numpy loop over each window's real
cells (Keras: padded cells left out) and torch.nn's reference modules. Prints the max errors as JSON."""

import json
import sys

import numpy as np
import torch

sys.path.insert(0, "src/runtime-py")
from mlpc_runtime.pooling import AvgPool2dSame  # noqa: E402


def tf_same(size, window, stride):
    out = -(-size // stride)
    total = max((out - 1) * stride + window - size, 0)
    return out, total // 2, total - total // 2


def loop_average(x, pool, strides):
    n, c, h, w = x.shape
    rows, top, _ = tf_same(h, pool[0], strides[0])
    cols, left, _ = tf_same(w, pool[1], strides[1])
    out = np.zeros((n, c, rows, cols))
    for p in range(rows):
        for q in range(cols):
            i0, j0 = p * strides[0] - top, q * strides[1] - left
            i, j = slice(max(i0, 0), min(i0 + pool[0], h)), slice(
                max(j0, 0), min(j0 + pool[1], w)
            )
            out[:, :, p, q] = x[:, :, i, j].mean(axis=(2, 3))
    return out


torch.manual_seed(0)
errors = {}
for h, w, pool, strides in [
    (7, 9, (2, 2), (2, 2)),
    (8, 7, (3, 3), (2, 2)),
    (5, 5, (5, 5), (1, 1)),
]:
    x = torch.randn(2, 3, h, w, dtype=torch.float64)
    rows = tf_same(h, pool[0], strides[0])
    cols = tf_same(w, pool[1], strides[1])
    module = AvgPool2dSame(pool, strides, (cols[1], cols[2], rows[1], rows[2]))
    expected = loop_average(x.numpy(), pool, strides)
    errors[f"same {h}x{w} pool {pool}"] = float(
        np.abs(module(x).numpy() - expected).max()
    )
# Even padding within half the window: nn.AvgPool2d(count_include_pad=False), as printed.
x = torch.randn(2, 3, 3, 3, dtype=torch.float64)
even = torch.nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
errors["nn.AvgPool2d count_include_pad=False"] = float(
    np.abs(even(x).numpy() - loop_average(x.numpy(), (3, 3), (1, 1))).max()
)
# The default counts the padding: a different number, which is why the printer says False.
default = torch.nn.AvgPool2d(3, stride=1, padding=1)
errors["default differs"] = float(
    np.abs(default(x).numpy() - loop_average(x.numpy(), (3, 3), (1, 1))).max()
)
# Global average pooling as printed, against AdaptiveAvgPool2d(1).
x = torch.randn(2, 4, 5, 3, dtype=torch.float64)
reference = torch.nn.AdaptiveAvgPool2d(1)(x).flatten(1)
errors["global"] = float((x.mean(dim=(2, 3)) - reference).abs().max())
print(json.dumps(errors))
