"""xt_residual (a graph trained on examples) against a hand-written torch.nn network of the same
shape: nn.Linear, nn.LayerNorm, F.gelu, two pre-norm residual blocks, l2 on every kernel, Keras's
Adam written out; its initial weights read from the script's step-0 model.json / weights.bin with
numpy, its batches from the same split and the run seed's batch order. Prints the reference's
per-step data_loss, reg_penalty and val_loss, and the saved weight names, as JSON.

With a clip, gradients are scaled to global norm <= clip before each update, by hand.

Usage: residual_probe.py <build dir> <step-0 model dir> <steps> [clip]
"""

import importlib.util
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

root, initial, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
clip = float(sys.argv[4]) if len(sys.argv) > 4 else None
sys.path.insert(0, root)
import mlpc_runtime as mlpc  # noqa: E402  (the split and the batch order only)

spec = importlib.util.spec_from_file_location(
    "script", os.path.join(root, "xt_residual.py")
)
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)
train, validation, _ = script.load_data(8, torch.device("cpu"))
sampler = mlpc.batch_sampler(train.count, 32, 8)

with open(os.path.join(initial, "model.json")) as stream:
    model_json = json.load(stream)
group = model_json["weightsManifest"][0]
data = b"".join(
    open(os.path.join(initial, path), "rb").read() for path in group["paths"]
)
arrays, offset = {}, 0
for entry in group["weights"]:
    count = int(np.prod(entry["shape"]))
    arrays[entry["name"]] = np.frombuffer(data, "<f4", count, offset).reshape(
        entry["shape"]
    )
    offset += 4 * count


def linear(prefix, fan_in, units):
    layer = nn.Linear(fan_in, units)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(arrays[f"{prefix}.kernel"].T.copy()))
        layer.bias.copy_(torch.from_numpy(arrays[f"{prefix}.bias"].copy()))
    return layer


def layer_norm(prefix, width):
    layer = nn.LayerNorm(width, eps=1e-3)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(arrays[f"{prefix}.gamma"].copy()))
        layer.bias.copy_(torch.from_numpy(arrays[f"{prefix}.beta"].copy()))
    return layer


stem = linear("stem", 20, 16)
blocks = [
    (
        layer_norm(f"res.{i}.norm", 16),
        linear(f"res.{i}.fc", 16, 32),
        linear(f"res.{i}.proj", 32, 16),
    )
    for i in range(2)
]
norm_f = layer_norm("norm_f", 16)
out = linear("out", 16, 4)
kernels = (
    [stem.weight, out.weight]
    + [b[1].weight for b in blocks]
    + [b[2].weight for b in blocks]
)
parameters = [
    p
    for m in [stem, norm_f, out] + [x for b in blocks for x in b]
    for p in m.parameters()
]


def forward(x):
    x = torch.tanh(stem(x))
    for norm, fc, proj in blocks:
        x = x + proj(F.gelu(fc(norm(x))))
    return out(norm_f(x))


# Keras Adam: lr·sqrt(1 − β2^t)/(1 − β1^t)·m/(sqrt(v) + ε), ε = 1e-7.
moments = [(torch.zeros_like(p), torch.zeros_like(p)) for p in parameters]
records, clipped = [], 0
for step in range(steps):
    batch = torch.from_numpy(sampler.next())
    data_loss = F.cross_entropy(forward(train.x[batch]), train.targets[batch])
    reg_penalty = sum(0.001 * k.pow(2).sum() for k in kernels)
    for p in parameters:
        p.grad = None
    (data_loss + reg_penalty).backward()
    norm = sum(p.grad.pow(2).sum() for p in parameters).sqrt().item()
    if clip is not None and norm > clip:
        clipped += 1
        for p in parameters:
            p.grad.mul_(clip / norm)
    t = step + 1
    with torch.no_grad():
        rate = 0.01 * (1 - 0.999**t) ** 0.5 / (1 - 0.9**t)
        for p, (m, v) in zip(parameters, moments):
            m.mul_(0.9).add_(p.grad, alpha=0.1)
            v.mul_(0.999).addcmul_(p.grad, p.grad, value=0.001)
            p.sub_(rate * m / (v.sqrt() + 1e-7))
        val_loss = F.cross_entropy(forward(validation.x), validation.targets)
    records.append(
        {
            "step": step,
            "data_loss": data_loss.item(),
            "reg_penalty": reg_penalty.item(),
            "val_loss": val_loss.item(),
        }
    )
names = [entry["name"] for entry in group["weights"]]
print(json.dumps({"records": records, "names": names, "clipped": clipped}))
