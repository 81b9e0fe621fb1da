"""Compares two training runs (metrics.jsonl and model.json + weights.bin folders) of one spec.

Usage: compare_runs.py RUN_A RUN_B
Prints one JSON object: the largest relative differences of the per-step data loss and penalty,
and the largest absolute difference of any final weight (numpy only, no torch, no tfjs).
"""

import json
import os
import sys

import numpy as np


def records(folder):
    with open(os.path.join(folder, "metrics.jsonl"), encoding="utf8") as stream:
        lines = [json.loads(line) for line in stream if line.strip()]
    return {r["step"]: r for r in lines if "data_loss" in r}


def weights(folder):
    with open(os.path.join(folder, "model.json"), encoding="utf8") as stream:
        manifest = json.load(stream)["weightsManifest"][0]
    with open(os.path.join(folder, manifest["paths"][0]), "rb") as stream:
        data = stream.read()
    arrays, offset = {}, 0
    for entry in manifest["weights"]:
        count = int(np.prod(entry["shape"])) if entry["shape"] else 1
        arrays[entry["name"]] = np.frombuffer(data, "<f4", count, offset).reshape(
            entry["shape"]
        )
        offset += 4 * count
    return arrays


def relative(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-12)


def main():
    a, b = sys.argv[1], sys.argv[2]
    ra, rb = records(a), records(b)
    steps = sorted(set(ra) & set(rb))
    wa, wb = weights(a), weights(b)
    result = {
        "steps": len(steps),
        "data_loss": max(
            (relative(ra[s]["data_loss"], rb[s]["data_loss"]) for s in steps),
            default=None,
        ),
        "reg_penalty": max(
            (relative(ra[s]["reg_penalty"], rb[s]["reg_penalty"]) for s in steps),
            default=None,
        ),
        "weight_names_equal": list(wa) == list(wb),
        "weights": max(float(np.max(np.abs(wa[n] - wb[n]))) for n in wa if n in wb),
        "first_loss": ra[steps[0]]["data_loss"] if steps else None,
        "last_loss": ra[steps[-1]]["data_loss"] if steps else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
