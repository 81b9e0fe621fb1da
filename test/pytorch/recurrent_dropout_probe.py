"""The recurrent dropout placements of mlpc_runtime/recurrent.py, against torch.nn references:

- the unrolled cell (the custom cell the variational placements need) with every rate 0 equals
  nn.LSTM / nn.GRU given the same weights: outputs and gradients;
- the variational masks (Gal & Ghahramani 2016), read where they are applied: constant over time
  within a sequence, different across sequences, redrawn per batch, none at evaluation;
- weight drop (Merity et al. 2017) and the three bugs of its reference code: the raw parameter gets
  the gradient (fastai PR #427), no mask at evaluation (awd-lstm-lm #72), the parameter's data never
  overwritten (Better_LSTM_PyTorch #7).

Prints the errors and checks as JSON."""

import json
import sys

import torch
from torch import nn

sys.path.insert(0, "src/runtime-py")
from mlpc_runtime import recurrent  # noqa: E402
from mlpc_runtime.recurrent import GRU, LSTM  # noqa: E402

torch.manual_seed(0)
features, units, layers, batch, length = 6, 5, 2, 8, 7
results = {}


def max_error(a, b):
    return float((a - b).abs().max())


def swapped(weight):
    return torch.cat((weight[units : 2 * units], weight[:units], weight[2 * units :]))


def twins(kind, **rates):
    """Ours and the torch.nn reference with the same weights (the LSTM's bias_hh zero)."""
    if kind == "lstm":
        ours = LSTM(features, units, layers=layers, **rates)
        reference = nn.LSTM(features, units, num_layers=layers, batch_first=True)
    else:
        ours = GRU(features, units, layers=layers, **rates)
        reference = nn.GRU(features, units, num_layers=layers, batch_first=True)
    copy = (lambda w: w) if kind == "lstm" else swapped
    with torch.no_grad():
        for name, parameter in ours.named_parameters():
            parameter.normal_(0, 0.4)
            getattr(reference, name).copy_(copy(parameter))
        if kind == "lstm":
            for layer in range(layers):
                getattr(reference, f"bias_hh_l{layer}").zero_()
    return ours, reference, copy


def gradient_error(ours, reference, copy, run_ours, x):
    probe = torch.randn(batch, length, units)
    xa = x.clone().requires_grad_(True)
    xb = x.clone().requires_grad_(True)
    (run_ours(xa) * probe).sum().backward()
    (reference(xb)[0] * probe).sum().backward()
    error = max_error(xa.grad, xb.grad)
    for name, parameter in ours.named_parameters():
        error = max(
            error, max_error(copy(parameter.grad), getattr(reference, name).grad)
        )
    return error


x = torch.randn(batch, length, features)
for kind in ("lstm", "gru"):
    # The custom cell, every rate 0, in training mode: what nn.LSTM / nn.GRU compute.
    ours, reference, copy = twins(kind)
    ours.train()
    results[f"{kind} unrolled forward"] = max_error(ours.unrolled(x), reference(x)[0])
    results[f"{kind} unrolled gradient"] = gradient_error(
        ours, reference, copy, ours.unrolled, x
    )
    # With the variational rates set, evaluation takes the fused path with no mask: nn.LSTM's numbers.
    ours, reference, copy = twins(kind, input_dropout=0.5, recurrent_dropout=0.5)
    ours.eval()
    results[f"{kind} eval equals reference"] = max_error(ours(x), reference(x)[0])
    results[f"{kind} eval masks"] = [list(m) for m in ours.masks]

# The masks, read where they are applied: _masked(h, mask, step) at every step of every layer.
applied = []
plain_masked = recurrent._masked


def recording(h, mask, step):
    applied.append((step, None if mask is None else mask.clone()))
    return plain_masked(h, mask, step)


recurrent._masked = recording
for kind in ("lstm", "gru"):
    ours, _, _ = twins(kind, input_dropout=0.5, recurrent_dropout=0.5)
    ours.train()
    applied.clear()
    xg = x.clone().requires_grad_(True)
    ours(xg).sum().backward()
    steps = [applied[layer * length : (layer + 1) * length] for layer in range(layers)]
    recurrent_constant = all(
        mask is not None and torch.equal(mask, per[0][1])
        for per in steps
        for _, mask in per
    )
    first = steps[0][0][1]
    rows_differ = len({tuple(row.tolist()) for row in first}) > 1
    values = set(torch.unique(first).tolist())
    # The input mask, by its effect: x's gradient is zero exactly where the row's mask is, at every step.
    zero = xg.grad == 0
    input_constant = bool((zero == zero[:, :1]).all())
    input_rows_differ = len({tuple(row.tolist()) for row in zero[:, 0]}) > 1
    input_mask = ours.masks[0][0]
    input_matches = bool((zero[:, 0] == (input_mask == 0)).all())
    # The next batch draws new masks.
    applied.clear()
    ours(x)
    redrawn = not torch.equal(applied[0][1], first)
    applied.clear()
    ours.eval()
    ours(x)
    eval_none = len(applied) == 0 and ours.masks == []
    # The unrolled cell in eval mode draws none either.
    ours.unrolled(x)
    eval_none = eval_none and len(applied) == layers * length
    eval_none = eval_none and all(mask is None for _, mask in applied)
    eval_none = eval_none and all(m == (None, None) for m in ours.masks)
    results[f"{kind} masks"] = {
        "recurrent mask constant over time": recurrent_constant,
        "recurrent mask rows differ": rows_differ,
        "recurrent mask values": sorted(values),
        "input mask constant over time": input_constant,
        "input mask rows differ": input_rows_differ,
        "input mask matches gradient zeros": input_matches,
        "redrawn next batch": redrawn,
        "steps recorded": len(steps[0]) + len(steps[1]),
        "eval applies none": eval_none,
    }
recurrent._masked = plain_masked

# Weight drop: DropConnect on W_hh, one mask per forward.
for kind in ("lstm", "gru"):
    ours, reference, copy = twins(kind, weight_drop=0.5)
    before = {name: p.detach().clone() for name, p in ours.named_parameters()}
    ours.train()
    xa = x.clone().requires_grad_(True)
    probe = torch.randn(batch, length, units)
    out = ours(xa)
    masks = [m.clone() for m in ours.weight_masks]
    # The same forward by the reference with W_hh = raw * mask (in nn's layout), rescaled once.
    with torch.no_grad():
        for layer in range(layers):
            raw = copy(getattr(ours, f"weight_hh_l{layer}"))
            getattr(reference, f"weight_hh_l{layer}").copy_(raw * masks[layer])
    xb = x.clone().requires_grad_(True)
    ref_out = reference(xb)[0]
    (out * probe).sum().backward()
    (ref_out * probe).sum().backward()
    # d loss / d raw = d loss / d (raw*mask) * mask: the raw parameter receives it (fastai PR #427).
    grad_error = 0.0
    grad_present = True
    for layer in range(layers):
        g = getattr(ours, f"weight_hh_l{layer}").grad
        grad_present = grad_present and g is not None and float(g.abs().sum()) > 0
        expected = getattr(reference, f"weight_hh_l{layer}").grad * masks[layer]
        grad_error = max(grad_error, max_error(copy(g), expected))
    kept = masks[0][masks[0] > 0]
    out2 = ours(x)
    del out2
    unchanged = all(
        torch.equal(p.detach(), before[name]) for name, p in ours.named_parameters()
    )
    fresh = not torch.equal(ours.weight_masks[0], masks[0])
    # Evaluation: no mask, nn's numbers with the raw weights.
    with torch.no_grad():
        for layer in range(layers):
            getattr(reference, f"weight_hh_l{layer}").copy_(
                copy(getattr(ours, f"weight_hh_l{layer}"))
            )
    ours.eval()
    reference.eval()
    results[f"{kind} weight drop"] = {
        "training forward": max_error(out, ref_out),
        "raw parameter gradient": grad_error,
        "raw parameter has gradient": grad_present,
        "dropped fraction": float((masks[0] == 0).float().mean()),
        "kept scale": float(kept.mean()),
        "kept scale spread": float(kept.max() - kept.min()),
        "data unchanged": unchanged,
        "fresh mask per forward": fresh,
        "eval": max_error(ours(x), reference(x)[0]),
        "eval masks": len(ours.weight_masks),
    }
print(json.dumps(results))
