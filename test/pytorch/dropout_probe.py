"""Probes mlpc_runtime/dropout.py for test/pytorch/dropout-aware.test.ts, with numpy as the reference.

Usage: dropout_probe.py RUNTIME_DIR REQUEST_JSON; prints one JSON answer.
"""

import json
import sys

import numpy as np


def masks(request):
    """The test-only xorshift masks (0/1) for each (size, rate, seed)."""
    from mlpc_runtime.dropout import _xorshift_keep

    return [_xorshift_keep(size, rate, seed) for size, rate, seed in request["draws"]]


def same_as_nn_dropout(mlpc, torch, request):
    """mlpc.Dropout against nn.Dropout from the same generator state, and its kept mask."""
    x = torch.randn(
        request["batch"], request["units"], generator=torch.Generator().manual_seed(5)
    )
    torch.manual_seed(request["seed"])
    reference = torch.nn.Dropout(request["rate"]).train()(x)
    torch.manual_seed(request["seed"])
    dropout = mlpc.Dropout(request["rate"]).train()
    y = dropout(x)
    keep = dropout.keep.numpy()
    expected = np.where(keep > 0, x.numpy() / (1 - request["rate"]), 0)
    return {
        "equal": bool(torch.equal(reference, y)),
        "kept_fraction": float(keep.mean()),
        "mask_matches_output": bool(
            np.allclose(y.numpy(), expected, rtol=1e-6, atol=0)
        ),
        "eval_is_identity": bool(torch.equal(dropout.eval()(x), x)),
    }


def penalty(mlpc, torch, request):
    """dropout_aware_l2's value and gradient against numpy: λ·Π(1 − r)·Σw² and 2λ·(MᵀM′/B)⊙w."""
    torch.manual_seed(request["seed"])
    batch, inputs, units, lam = (
        request["batch"],
        request["inputs"],
        request["units"],
        request["lambda"],
    )
    before = (
        mlpc.Dropout(request["rate_inputs"]).train() if request["rate_inputs"] else None
    )
    after = (
        mlpc.Dropout(request["rate_units"]).train() if request["rate_units"] else None
    )
    layer = torch.nn.Linear(inputs, units)
    x = torch.randn(batch, inputs)
    h = layer(before(x) if before else x)
    if after:
        after(h)
    answers = {}
    for name in ("weight", "bias"):
        weight = getattr(layer, name)
        weight.grad = None
        sides = (
            {"units": after} if name == "bias" else {"units": after, "inputs": before}
        )
        term = mlpc.dropout_aware_l2(lam, weight, **sides)
        term.backward()
        w = weight.detach().double().numpy()
        m = after.keep.double().numpy() if after else np.ones((batch, units))
        if name == "bias":
            used = m.mean(0)
            scale = 1 - request["rate_units"]
        else:
            m2 = before.keep.double().numpy() if before else np.ones((batch, inputs))
            used = m.T @ m2 / batch
            scale = (1 - request["rate_units"]) * (1 - request["rate_inputs"])
        expected_value = lam * scale * (w**2).sum()
        expected_gradient = 2 * lam * used * w
        gradient = weight.grad.double().numpy()
        answers[name] = {
            "value": abs(term.item() - expected_value) / expected_value,
            "gradient": float(
                np.abs(gradient - expected_gradient).max()
                / np.abs(expected_gradient).max()
            ),
            # How far the masks' U is from its expectation: the test asserts the gradient is not plain L2's.
            "plain_gradient": float(
                np.abs(gradient - 2 * lam * scale * w).max()
                / np.abs(expected_gradient).max()
            ),
        }
    return answers


def main():
    sys.path.insert(0, sys.argv[1])
    import mlpc_runtime as mlpc
    import torch

    request = json.loads(sys.argv[2])
    kinds = {
        "masks": lambda: masks(request),
        "nn_dropout": lambda: same_as_nn_dropout(mlpc, torch, request),
        "penalty": lambda: penalty(mlpc, torch, request),
    }
    print(json.dumps(kinds[request["kind"]]()))


if __name__ == "__main__":
    main()
