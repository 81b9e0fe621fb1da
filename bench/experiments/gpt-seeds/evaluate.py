"""Evaluates every trained model of a run.sh folder one way: the weights loaded into the hand-written
reference network (bench/torch_gpt.py's GPT, whatever trained them), val loss on

- `fixed`: the spec's 20 fixed validation batches of 12 windows (what the generated script reports);
- `all`: every validation window starting at a multiple of 16 (6,968 windows of 64: each character
  predicted four times, at four context lengths), the loss nanoGPT's random batches estimate;

beside what each run printed itself (the generated script's val_loss at step 2,000; nanoGPT's
`step 2000: ... val loss` over 20 random batches). Prints one JSON object.

usage: /usr/bin/python3 bench/experiments/gpt-seeds/evaluate.py OUT
"""
import json
import os
import re
import statistics
import sys

import torch

REPO = os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
)
sys.path[:0] = [os.path.join(REPO, "bench"), os.path.join(REPO, "src", "runtime-py")]

from torch_gpt import GPT  # noqa: E402
import mlpc_runtime as mlpc  # noqa: E402

BLOCK, STRIDE = 64, 16


def reference_keys(key):
    """A state_dict key of the generated script or of nanoGPT, as bench/torch_gpt.py names it."""
    key = key.removeprefix("transformer.")
    for old, new in (
        ("attn.c_attn", "attn.qkv"),
        ("attn.c_proj", "attn.proj"),
        ("mlp.c_fc", "fc"),
        ("mlp.c_proj", "proj"),
    ):
        key = key.replace(old, new)
    return key


def load(state):
    model = GPT(65, width=128, heads=4, layers=4, block=BLOCK)
    state = {
        reference_keys(k): v for k, v in state.items() if not k.endswith(".attn.bias")
    }
    missing, unexpected = model.load_state_dict(state, strict=False)
    # lm_head.weight is wte.weight in all three: a state_dict may hold it under either name or both
    if missing not in ([], ["lm_head.weight"]) or unexpected:
        raise SystemExit(
            f"weights do not fit: missing {missing}, unexpected {unexpected}"
        )
    if "lm_head.weight" in state and not torch.equal(
        state["lm_head.weight"], state["wte.weight"]
    ):
        raise SystemExit("lm_head.weight is not wte.weight")
    return model.eval()


@torch.no_grad()
def mean_loss(model, batches):
    return statistics.fmean(model(x, y).item() for x, y in batches)


def main(out):
    data = mlpc.load_text(
        os.path.join(REPO, "data/tinyshakespeare/input.txt"), 0.9, block_size=BLOCK
    )
    val = torch.from_numpy(data.validation.astype("int64"))
    fixed = [
        (torch.from_numpy(x), torch.from_numpy(y))
        for x, y in mlpc.eval_windows(data.validation, BLOCK, 12, 20, 1337)
    ]
    starts = torch.arange(0, len(val) - BLOCK, STRIDE)
    index = starts[:, None] + torch.arange(BLOCK)
    every = [
        (val[index[i : i + 256]], val[index[i : i + 256] + 1])
        for i in range(0, len(starts), 256)
    ]

    # batches of 256 windows but the last: weight each batch by its windows
    def all_windows(model):
        with torch.no_grad():
            total = sum(model(x, y).item() * len(x) for x, y in every)
        return total / len(starts)

    runs = []
    for name in sorted(os.listdir(out)):
        match = re.fullmatch(r"(mlpc|nanogpt)-(\d+)", name)
        if not match or not os.path.isdir(os.path.join(out, name)):
            continue
        implementation, seed = match.group(1), int(match.group(2))
        folder = os.path.join(out, name)
        if implementation == "mlpc":
            state = torch.load(os.path.join(folder, "model.pt"))
            records = [
                json.loads(line) for line in open(os.path.join(folder, "metrics.jsonl"))
            ]
            printed = [r for r in records if "val_loss" in r][-1]["val_loss"]
        else:
            state = torch.load(os.path.join(folder, "ckpt.pt"), map_location="cpu")[
                "model"
            ]
            log = open(os.path.join(out, f"{name}.log")).read()
            printed = float(
                re.findall(r"step 2000: train loss [\d.]+, val loss ([\d.]+)", log)[-1]
            )
        model = load(state)
        runs.append(
            {
                "implementation": implementation,
                "seed": seed,
                "printed": printed,
                "fixed": mean_loss(model, fixed),
                "all": all_windows(model),
            }
        )
        print(json.dumps(runs[-1]), file=sys.stderr)

    summary = {}
    for implementation in ("mlpc", "nanogpt"):
        mine = [r for r in runs if r["implementation"] == implementation]
        if not mine:
            continue
        summary[implementation] = {
            "seeds": len(mine),
            **{
                f: {
                    "mean": statistics.fmean(r[f] for r in mine),
                    "sd": statistics.stdev(r[f] for r in mine)
                    if len(mine) > 1
                    else None,
                }
                for f in ("printed", "fixed", "all")
            },
        }
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "windowsInAll": len(starts),
                "runs": runs,
                "summary": summary,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
