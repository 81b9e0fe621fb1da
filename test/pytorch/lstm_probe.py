"""The PyTorch target's lstm (mlpc_runtime/recurrent.py) against torch.nn.LSTM given the same weights
(the spec's one bias as bias_ih, bias_hh zero), its gradients against nn.LSTM's, and the initializers
orthogonal_ and unit_forget_bias_. Prints the max errors and checks as JSON."""

import json
import sys

import torch
from torch import nn

sys.path.insert(0, "src/runtime-py")
from mlpc_runtime.initializers import orthogonal_, unit_forget_bias_  # noqa: E402
from mlpc_runtime.recurrent import LSTM  # noqa: E402

torch.manual_seed(0)
features, units, layers, batch, length = 6, 5, 3, 4, 9
ours = LSTM(features, units, layers=layers, dropout=0.3)
reference = nn.LSTM(features, units, num_layers=layers, dropout=0.3, batch_first=True)
with torch.no_grad():
    for layer in range(layers):
        for name in (f"weight_ih_l{layer}", f"weight_hh_l{layer}", f"bias_ih_l{layer}"):
            getattr(ours, name).normal_(0, 0.4)
            getattr(reference, name).copy_(getattr(ours, name))
        getattr(reference, f"bias_hh_l{layer}").zero_()
x = torch.randn(batch, length, features)
results = {}


def max_error(a, b):
    return float((a - b).abs().max())


ours.eval()
reference.eval()
results["forward"] = max_error(ours(x), reference(x)[0])
last = LSTM(features, units, layers=layers, return_sequences=False)
last.load_state_dict(ours.state_dict())
last.eval()
results["last state"] = max_error(last(x), reference(x)[1][0][-1])
# Gradients of the same loss with respect to the same weights (and the input).
probe = torch.randn(batch, length, units)
xa = x.clone().requires_grad_(True)
xb = x.clone().requires_grad_(True)
(ours(xa) * probe).sum().backward()
(reference(xb)[0] * probe).sum().backward()
gradient = max_error(xa.grad, xb.grad)
for layer in range(layers):
    for name in (f"weight_ih_l{layer}", f"weight_hh_l{layer}", f"bias_ih_l{layer}"):
        gradient = max(
            gradient,
            max_error(getattr(ours, name).grad, getattr(reference, name).grad),
        )
results["gradient"] = gradient
# Training mode: dropout between layers from torch's generator, as nn.LSTM draws it.
ours.train()
reference.train()
torch.manual_seed(5)
a = ours(x)
torch.manual_seed(5)
b = reference(x)[0]
results["training (dropout)"] = max_error(a, b)
results["dropout acts"] = max_error(a, ours.eval()(x)) > 1e-3
# The parameters are the spec's: three per layer, no bias_hh (a zero buffer, not saved).
results["parameters"] = [name for name, _ in ours.named_parameters()]
results["state_dict"] = list(ours.state_dict().keys())
# Initializers: orthonormal rows in torch's [4 units, units] = Keras [units, 4 units] transposed.
w = torch.empty(4 * units, units)
orthogonal_(w, 1.0, 7)
results["orthogonal"] = max_error(w.t() @ w, torch.eye(units))
w2 = torch.empty(4 * units, units)
orthogonal_(w2, 1.0, 7)
results["orthogonal seeded"] = max_error(w, w2) == 0
bias = torch.empty(4 * units)
unit_forget_bias_(bias, units)
results["unit_forget_bias"] = bias.tolist()
print(json.dumps(results))
