"""The PyTorch target's recurrent placements, timed: one forward + backward of mlpc.LSTM at
specs/shakespeare_lstm.yaml's sizes (batch 32, 64 steps, 64 -> 128 units, 2 layers) on the fused
kernel (`_VF.lstm`), the fused kernel with weight_drop (R * mask), and the unrolled cell that
input_dropout / recurrent_dropout need (a Python loop over time). Standalone, not part of
`npm run bench`:

    /usr/bin/python3 bench/recurrent_cell.py [--threads N] [--repeats N]

Prints the median milliseconds of each and the unrolled cell's ratio to the fused kernel.
"""

import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src", "runtime-py"))
from mlpc_runtime.recurrent import LSTM  # noqa: E402


def median_ms(model, x, repeats):
    model.train()
    times = []
    for i in range(repeats + 3):  # 3 warm-up passes
        start = time.perf_counter()
        model(x).sum().backward()
        if i >= 3:
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.randn(32, 64, 64)
    variants = {
        "fused": LSTM(64, 128, layers=2),
        "fused + weight_drop 0.5": LSTM(64, 128, layers=2, weight_drop=0.5),
        "unrolled (input_dropout, recurrent_dropout 0.2)": LSTM(
            64, 128, layers=2, input_dropout=0.2, recurrent_dropout=0.2
        ),
    }
    times = {}
    for name, model in variants.items():
        with torch.no_grad():
            for parameter in model.parameters():
                parameter.normal_(0, 0.1)
        times[name] = median_ms(model, x, args.repeats)
        print(f"{name}: {times[name]:.1f} ms", flush=True)
    unrolled = times["unrolled (input_dropout, recurrent_dropout 0.2)"]
    print(
        f"unrolled / fused: {unrolled / times['fused']:.2f}x ({args.threads} thread(s))"
    )


if __name__ == "__main__":
    main()
