"""Child: the 2-layer character LSTM of specs/shakespeare_lstm.yaml written by hand in plain PyTorch,
the reference the PyTorch target's step is timed against (bench part `lstm`).

nn.Embedding(65, 64) -> nn.LSTM(64, 128, num_layers=2, batch_first=True) -> nn.Linear(128, 65), softmax
cross-entropy at every position (mean over batch x positions), Adam lr 2e-3 (eps 1e-7, as the spec's
Keras Adam), gradients clipped to global norm 5, batches of 32 windows of 64 characters of tiny
Shakespeare (first 90 % train). Written for this bench, not derived from the generated script: torch's
own modules and optimizer, its default initialization, no dropout.

Usage: torch_lstm.py [--steps 300] [--timing-warmup 50] [--seed 1337] [--threads N]
                     [--data data/tinyshakespeare/input.txt]
Prints one `BENCH_RESULT {json}` line: ms/step, wall and CPU (medians over the steps after the warm-up)
and the last training loss.
"""

import argparse
import json
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class CharLSTM(nn.Module):
    def __init__(self, vocabulary, width=64, units=128, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocabulary, width)
        self.lstm = nn.LSTM(width, units, num_layers=layers, batch_first=True)
        self.head = nn.Linear(units, vocabulary)

    def forward(self, ids, targets):
        h, _ = self.lstm(self.embed(ids))
        logits = self.head(h)
        return F.cross_entropy(logits.flatten(0, 1), targets.flatten())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--data", default=os.path.join(REPO, "data/tinyshakespeare/input.txt")
    )
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--timing-warmup", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1337)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    with open(args.data, encoding="utf-8") as f:
        text = f.read()
    vocabulary = sorted(set(text))
    index_of = {c: i for i, c in enumerate(vocabulary)}
    ids = torch.tensor([index_of[c] for c in text], dtype=torch.long)
    train = ids[: int(len(ids) * 0.9)]
    block, batch = 64, 32

    model = CharLSTM(len(vocabulary))
    params = list(model.parameters())
    optimizer = torch.optim.Adam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-7)
    generator = torch.Generator().manual_seed(args.seed)
    offsets = torch.arange(block)

    step_ms, cpu_ms, loss = [], [], float("nan")
    model.train()
    for _ in range(args.steps):
        t0, cpu0 = time.perf_counter(), time.process_time()
        starts = torch.randint(len(train) - block, (batch,), generator=generator)
        index = starts[:, None] + offsets
        loss_tensor = model(train[index], train[index + 1])
        optimizer.zero_grad(set_to_none=True)
        loss_tensor.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        optimizer.step()
        loss = loss_tensor.item()
        step_ms.append((time.perf_counter() - t0) * 1000)
        cpu_ms.append((time.process_time() - cpu0) * 1000)
    timed = step_ms[args.timing_warmup :] or step_ms
    timed_cpu = cpu_ms[args.timing_warmup :] or cpu_ms
    result = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "environment": {
            k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MALLOC_MMAP_THRESHOLD_")
        },
        "parameters": sum(p.numel() for p in params),
        "ms": {"median": statistics.median(timed), "min": min(timed), "n": len(timed)},
        "cpuMs": {
            "median": statistics.median(timed_cpu),
            "min": min(timed_cpu),
            "n": len(timed_cpu),
        },
        "trainLoss": loss,
    }
    print("BENCH_RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
