"""The PyTorch target's bidirectional lstm and gru (mlpc_runtime/recurrent.py, bidirectional=True)
against torch.nn.LSTM / nn.GRU(bidirectional=True) given the same weights: every position's output,
the result without return_sequences (h_n of the last layer, forward then backward), the gradients of
the input and of every weight, dropout between the stacked layers, and the parameter names (PyTorch's,
`_reverse` for the backward direction). Prints the max errors and checks as JSON."""

import json
import sys

import torch
from torch import nn

sys.path.insert(0, "src/runtime-py")
from mlpc_runtime.recurrent import GRU, LSTM, _zr_swapped  # noqa: E402

features, units, layers, batch, length = 6, 5, 2, 4, 9
results = {}


def max_error(a, b):
    return float((a - b).abs().max())


def check(name, ours_class, reference_class, weights, to_reference):
    torch.manual_seed(0)
    ours = ours_class(features, units, layers=layers, dropout=0.3, bidirectional=True)
    reference = reference_class(
        features,
        units,
        num_layers=layers,
        dropout=0.3,
        batch_first=True,
        bidirectional=True,
    )
    with torch.no_grad():
        for parameter in ours.parameters():
            parameter.normal_(0, 0.4)
        for key, value in reference.named_parameters():
            value.copy_(to_reference(ours, key))
    x = torch.randn(batch, length, features)
    ours.eval()
    reference.eval()
    out, h_n = reference(x)[0], reference(x)[1]
    if isinstance(h_n, tuple):
        h_n = h_n[0]
    result = {"forward": max_error(ours(x), out)}
    last = ours_class(
        features, units, layers=layers, return_sequences=False, bidirectional=True
    )
    last.load_state_dict(ours.state_dict())
    last.eval()
    # Keras Bidirectional(return_sequences=False) = torch's h_n of the last layer, both directions
    result["last state"] = max_error(last(x), torch.cat((h_n[-2], h_n[-1]), -1))
    # the forward h at the last position, the backward h at position 0 of the output
    result["last state is output[T-1, fw] + output[0, bw]"] = max_error(
        last(x), torch.cat((out[:, -1, :units], out[:, 0, units:]), -1)
    )
    result["last state differs from output[:, -1]"] = (
        max_error(last(x), out[:, -1]) > 1e-3
    )
    probe = torch.randn(batch, length, 2 * units)
    xa = x.clone().requires_grad_(True)
    xb = x.clone().requires_grad_(True)
    (ours(xa) * probe).sum().backward()
    (reference(xb)[0] * probe).sum().backward()
    gradient = max_error(xa.grad, xb.grad)
    for key, value in reference.named_parameters():
        if key in weights:
            ours_grad = to_reference(
                type("G", (), {k: p.grad for k, p in ours.named_parameters()}), key
            )
            gradient = max(gradient, max_error(ours_grad, value.grad))
    result["gradient"] = gradient
    ours.train()
    reference.train()
    torch.manual_seed(5)
    a = ours(x)
    torch.manual_seed(5)
    b = reference(x)[0]
    result["training (dropout)"] = max_error(a, b)
    result["parameters"] = [key for key, _ in ours.named_parameters()]
    result["shapes"] = [list(p.shape) for _, p in ours.named_parameters()]
    results[name] = result


def lstm_weight(ours, key):
    if key.startswith("bias_hh"):
        return torch.zeros(4 * units)
    return getattr(ours, key)


def gru_weight(ours, key):
    return _zr_swapped(getattr(ours, key), units)


check(
    "lstm",
    LSTM,
    nn.LSTM,
    {
        k
        for l in range(layers)
        for d in ("", "_reverse")
        for k in (f"weight_ih_l{l}{d}", f"weight_hh_l{l}{d}", f"bias_ih_l{l}{d}")
    },
    lstm_weight,
)
check(
    "gru",
    GRU,
    nn.GRU,
    {
        f"{w}_l{l}{d}"
        for l in range(layers)
        for d in ("", "_reverse")
        for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    },
    gru_weight,
)
print(json.dumps(results))
