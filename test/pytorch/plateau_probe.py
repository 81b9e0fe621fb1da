"""Runs mlpc_runtime's ReduceLROnPlateau and torch's own over the same monitored values, as one JSON line.

Usage: plateau_probe.py RUNTIME_DIR REQUEST_FILE
REQUEST_FILE, JSON: {"cases": [{"mode", "factor", "patience", "min_delta", "cooldown", "min_lr",
"initial", "values": [number or null (NaN)]}]}. Output: {"mlpc": [[rate...]], "torch": [[rate...]]},
per case the rate after each evaluation (the rate of the updates that follow it).
"""

import json
import math
import sys


def main():
    sys.path.insert(0, sys.argv[1])
    import mlpc_runtime as mlpc
    import torch

    def optimizer(lr):
        return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)

    result = {"mlpc": [], "torch": []}
    with open(sys.argv[2], encoding="utf8") as stream:
        request = json.load(stream)
    for case in request["cases"]:
        values = [math.nan if value is None else value for value in case["values"]]
        monitor = "val_loss" if case["mode"] == "min" else "val_accuracy"
        ours = mlpc.ReduceLROnPlateau(
            optimizer(case["initial"]),
            monitor,
            case["mode"],
            factor=case["factor"],
            patience=case["patience"],
            min_delta=case["min_delta"],
            cooldown=case["cooldown"],
            min_lr=case["min_lr"],
        )
        rates = []
        for step, value in enumerate(values):
            ours.update(step, {monitor: value})
            rates.append(ours.rate)
        result["mlpc"].append(rates)

        # Keras's (patience p, cooldown c) in torch's counting: patience p - 1, cooldown max(c - 1, 0).
        theirs_optimizer = optimizer(case["initial"])
        theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(
            theirs_optimizer,
            mode=case["mode"],
            factor=case["factor"],
            patience=case["patience"] - 1,
            threshold=case["min_delta"],
            threshold_mode="abs",
            cooldown=max(case["cooldown"] - 1, 0),
            min_lr=case["min_lr"],
            eps=0,
        )
        rates = []
        for value in values:
            theirs.step(value)
            rates.append(theirs_optimizer.param_groups[0]["lr"])
        result["torch"].append(rates)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
