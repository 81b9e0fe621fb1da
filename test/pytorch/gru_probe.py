"""The PyTorch target's gru (mlpc_runtime/recurrent.py: Keras's gate order (z, r, h) held, swapped to
nn.GRU's (r, z, n) in the forward) against torch.nn.GRU given the same weights, its gradients against
nn.GRU's, and the dropout between layers. Prints the max errors and checks as JSON."""

import json
import sys

import torch
from torch import nn

sys.path.insert(0, "src/runtime-py")
from mlpc_runtime.recurrent import GRU  # noqa: E402

torch.manual_seed(0)
features, units, layers, batch, length = 6, 5, 2, 4, 9
ours = GRU(features, units, layers=layers, dropout=0.3)
reference = nn.GRU(features, units, num_layers=layers, dropout=0.3, batch_first=True)


def swapped(weight):
    """(z, r, h) row blocks → (r, z, n): what nn.GRU holds for the same spec tensor."""
    return torch.cat((weight[units : 2 * units], weight[:units], weight[2 * units :]))


names = [
    f"{name}_l{layer}"
    for layer in range(layers)
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
]
with torch.no_grad():
    for name in names:
        getattr(ours, name).normal_(0, 0.4)
        getattr(reference, name).copy_(swapped(getattr(ours, name)))
x = torch.randn(batch, length, features)
results = {}


def max_error(a, b):
    return float((a - b).abs().max())


ours.eval()
reference.eval()
results["forward"] = max_error(ours(x), reference(x)[0])
# Without the swap the outputs differ: the gate order matters.
plain = nn.GRU(features, units, num_layers=layers, batch_first=True)
with torch.no_grad():
    for name in names:
        getattr(plain, name).copy_(getattr(ours, name))
results["unswapped differs"] = max_error(ours(x), plain.eval()(x)[0]) > 1e-3
probe = torch.randn(batch, length, units)
xa = x.clone().requires_grad_(True)
xb = x.clone().requires_grad_(True)
(ours(xa) * probe).sum().backward()
(reference(xb)[0] * probe).sum().backward()
gradient = max_error(xa.grad, xb.grad)
for name in names:
    gradient = max(
        gradient,
        max_error(getattr(ours, name).grad, swapped(getattr(reference, name).grad)),
    )
results["gradient"] = gradient
ours.train()
reference.train()
torch.manual_seed(5)
a = ours(x)
torch.manual_seed(5)
results["training (dropout)"] = max_error(a, reference(x)[0])
results["parameters"] = [name for name, _ in ours.named_parameters()]
print(json.dumps(results))
