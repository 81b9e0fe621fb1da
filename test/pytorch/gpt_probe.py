"""Checks a generated GPT script (the tiny_gpt fixture) against torch.nn reference modules and
prints one JSON line of findings for test/pytorch/gpt.test.ts.

Usage: gpt_probe.py BUILD_DIR SCRIPT_NAME

The reference is built independently of the runtime: nn.Embedding, nn.LayerNorm,
nn.MultiheadAttention with a causal mask and the generated module's weights (its in_proj_weight
is c_attn.weight: rows [q | k | v], as nn.MultiheadAttention orders them), nn.Linear, nn.GELU.
"""

import importlib
import json
import sys

import torch
from torch import nn


def reference_logits(model, ids):
    width = model.wte.weight.shape[1]
    length = ids.shape[1]
    causal = torch.ones(length, length, dtype=torch.bool).triu(1)
    x = nn.functional.embedding(ids, model.wte.weight) + model.wpe.weight[:length]
    for block in model.h:
        ln_1 = nn.LayerNorm(width, eps=block.ln_1.eps)
        ln_1.load_state_dict({"weight": block.ln_1.weight, "bias": block.ln_1.bias})
        attention = nn.MultiheadAttention(width, block.attn.heads, batch_first=True)
        attention.load_state_dict(
            {
                "in_proj_weight": block.attn.c_attn.weight,
                "in_proj_bias": block.attn.c_attn.bias,
                "out_proj.weight": block.attn.c_proj.weight,
                "out_proj.bias": block.attn.c_proj.bias,
            }
        )
        attention.eval()
        h = ln_1(x)
        h, _ = attention(h, h, h, attn_mask=causal, need_weights=False)
        x = x + h
        ln_2 = nn.LayerNorm(width, eps=block.ln_2.eps)
        ln_2.load_state_dict({"weight": block.ln_2.weight, "bias": block.ln_2.bias})
        x = x + block.proj(nn.GELU()(block.fc(ln_2(x))))
    ln_f = nn.LayerNorm(width, eps=model.ln_f.eps)
    ln_f.load_state_dict({"weight": model.ln_f.weight, "bias": model.ln_f.bias})
    return ln_f(x) @ model.wte.weight.t()


def main():
    sys.path.insert(0, sys.argv[1])
    script = importlib.import_module(sys.argv[2])
    mlpc = script.mlpc
    torch.manual_seed(0)
    model = script.TinyGpt()
    script.init_parameters(model, 3)
    with torch.no_grad():  # non-trivial gains and biases, so the reference checks them too
        for name, parameter in model.named_parameters():
            if parameter.dim() == 1:
                parameter.add_(torch.randn(parameter.shape) * 0.1)
    ids = torch.randint(0, 65, (3, 16))
    findings = {}
    model.eval()
    with torch.no_grad():
        logits = model(ids)
        findings["max_logit_difference"] = (
            (logits - reference_logits(model, ids)).abs().max().item()
        )
        findings["eval_deterministic"] = bool(torch.equal(model(ids), logits))
    model.train()
    with torch.no_grad():
        findings["train_differs"] = not torch.allclose(model(ids), logits)
    groups = script.make_optimizer(model).param_groups
    decayed = [p for g in groups if g["weight_decay"] > 0 for p in g["params"]]
    excluded = [p for g in groups if g["weight_decay"] == 0 for p in g["params"]]
    findings["decayed_all_2d"] = all(p.dim() == 2 for p in decayed)
    findings["excluded_all_1d"] = all(p.dim() < 2 for p in excluded)
    findings["grouped_once"] = len(decayed) + len(excluded) == len(
        list(model.parameters())
    ) and len({id(p) for p in decayed + excluded}) == len(decayed) + len(excluded)
    findings["tied"] = model.lm_head.weight is model.wte.weight
    findings["lr"] = [script.learning_rate(s) for s in (0, 1, 2, 6, 10, 11)]
    flags = mlpc.parse_flags(
        ["--sample", "40", "--seed", "5"],
        steps=3,
        seed=5,
        out="/tmp",
        eval_every=1,
        sampling=True,
    )
    data, _ = script.load_data(7, torch.device("cpu"))
    samples = []
    for seed in (5, 5, 6):
        flags.seed = seed
        generator = torch.Generator().manual_seed(mlpc.derive_seed(seed, 4))
        model.eval()
        ids = mlpc.generate(model, torch.tensor([[0]]), 40, 16, 1.0, 10, generator)
        samples.append(data.decode(ids[0].tolist()))
    findings["samples"] = samples
    print(json.dumps(findings))


if __name__ == "__main__":
    main()
