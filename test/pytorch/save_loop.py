"""The PyTorch save reduced to its saves, for save-model-kill.test.ts: saves generation k, k+1, ...
into one folder with mlpc_runtime.save_model and prints `saved k` after each save returns.
Generation k's every weight value is k and its shapes depend on k, so that files of two generations
are told apart. Usage: save_loop.py <generated folder> <out folder> <first k> <count>
"""

import sys

sys.path.insert(0, sys.argv[1])

import mlpc_runtime as mlpc  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

WEIGHTS = [
    ("hidden/kernel", "hidden.weight", "dense_kernel"),
    ("hidden/bias", "hidden.bias", "same"),
]


def units_of(generation):
    return 48 + (generation % 3) * 16


class Saved(nn.Module):
    def __init__(self, units):
        super().__init__()
        self.hidden = nn.Linear(2048, units)


out, first, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for k in range(first, first + count):
    units = units_of(k)
    model = Saved(units)
    with torch.no_grad():
        model.hidden.weight.fill_(k)
        model.hidden.bias.fill_(k)
    topology = {
        "class_name": "Sequential",
        "config": {
            "layers": [
                {"class_name": "Dense", "config": {"name": "hidden", "units": units}}
            ]
        },
    }
    mlpc.save_model(out, model, WEIGHTS, topology)
    sys.stdout.write(f"saved {k}\n")
    sys.stdout.flush()
