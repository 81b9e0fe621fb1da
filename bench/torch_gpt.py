"""Child: the anchor GPT written by hand in plain PyTorch, the reference the PyTorch target is timed against.

nanoGPT's "baby GPT" for CPUs (its README's command: 4 layers, 4 heads, width 128, block 64, batch 12,
no biases, wte tied to lm_head, dropout 0, AdamW betas (0.9, 0.99) with weight decay 0.1 on tensors of
rank >= 2, lr 1e-3 warmed up over 100 steps then cosine to 1e-4 at step 2000, gradients clipped to
global norm 1) on tiny Shakespeare, character level, first 90 % train and last 10 % validation.
Written independently of nanoGPT; checked against its model.py / train.py for the same network.
torch 1.13 has no F.scaled_dot_product_attention: attention is softmax(q k^T / sqrt(d) + mask) v.

Usage: torch_gpt.py [--steps 2000] [--eval-at 250,500,...] [--eval-batches 20] [--seed 1337]
                    [--threads N] [--timing-warmup 20] [--data data/tinyshakespeare/input.txt]
Prints progress to stderr and one `BENCH_RESULT {json}` line: ms/step, wall and CPU (medians over the
steps after the warm-up; evaluation excluded) and val loss (mean over a fixed set of validation batches) after
each --eval-at step.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class LayerNorm(nn.Module):
    """LayerNorm over the last axis with a gain and no bias (torch 1.13's nn.LayerNorm always has one)."""

    def __init__(self, width):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))

    def forward(self, x):
        return F.layer_norm(x, (x.shape[-1],), self.weight, None, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self, width, heads, block):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width, bias=False)
        self.proj = nn.Linear(width, width, bias=False)
        # True above the diagonal: position i may not look at j > i
        self.register_buffer(
            "future", torch.ones(block, block).triu(1).bool(), persistent=False
        )

    def forward(self, x):
        batch, length, width = x.shape
        head = width // self.heads
        q, k, v = self.qkv(x).split(width, dim=-1)
        # [batch, length, width] -> [batch, heads, length, head]
        q, k, v = (
            t.view(batch, length, self.heads, head).transpose(1, 2) for t in (q, k, v)
        )
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(head)
        scores = scores.masked_fill(self.future[:length, :length], float("-inf"))
        y = F.softmax(scores, dim=-1) @ v
        return self.proj(y.transpose(1, 2).reshape(batch, length, width))


class Block(nn.Module):
    def __init__(self, width, heads, block):
        super().__init__()
        self.ln_1 = LayerNorm(width)
        self.attn = CausalSelfAttention(width, heads, block)
        self.ln_2 = LayerNorm(width)
        self.fc = nn.Linear(width, 4 * width, bias=False)
        self.proj = nn.Linear(4 * width, width, bias=False)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.proj(F.gelu(self.fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, vocabulary, width, heads, layers, block):
        super().__init__()
        self.wte = nn.Embedding(vocabulary, width)
        self.wpe = nn.Embedding(block, width)
        self.h = nn.ModuleList([Block(width, heads, block) for _ in range(layers)])
        self.ln_f = LayerNorm(width)
        self.lm_head = nn.Linear(width, vocabulary, bias=False)
        self.lm_head.weight = self.wte.weight  # one tensor, [vocabulary, width]
        for name, p in self.named_parameters():
            if p.dim() >= 2:
                # GPT-2: N(0, 0.02), the projections into the residual stream scaled by 1/sqrt(2 * layers)
                std = (
                    0.02 / math.sqrt(2 * layers)
                    if name.endswith("proj.weight")
                    else 0.02
                )
                nn.init.normal_(p, mean=0.0, std=std)

    def forward(self, ids, targets):
        x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        for block in self.h:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.view(-1))


def learning_rate(step, top=1e-3, bottom=1e-4, warmup=100, decay=2000):
    """Linear warm-up to `top`, cosine down to `bottom` at step `decay`, then `bottom` (nanoGPT's schedule)."""
    if step < warmup:
        return top * (step + 1) / (warmup + 1)
    if step > decay:
        return bottom
    progress = (step - warmup) / (decay - warmup)
    return bottom + 0.5 * (1.0 + math.cos(math.pi * progress)) * (top - bottom)


def windows(data, block, batch, generator):
    starts = torch.randint(len(data) - block, (batch,), generator=generator)
    index = starts[:, None] + torch.arange(block)
    return data[index], data[index + 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--data", default=os.path.join(REPO, "data/tinyshakespeare/input.txt")
    )
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--eval-at", default="")
    parser.add_argument("--eval-batches", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1337)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--timing-warmup", type=int, default=20)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    eval_at = sorted({int(s) for s in args.eval_at.split(",") if s} | {args.steps})
    torch.manual_seed(args.seed)

    with open(args.data, encoding="utf-8") as f:
        text = f.read()
    vocabulary = sorted(set(text))
    index_of = {c: i for i, c in enumerate(vocabulary)}
    ids = torch.tensor([index_of[c] for c in text], dtype=torch.long)
    split = int(len(ids) * 0.9)
    train, val = ids[:split], ids[split:]
    block, batch = 64, 12

    model = GPT(len(vocabulary), width=128, heads=4, layers=4, block=block)
    params = list(model.parameters())  # the tied tensor once
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": 0.1},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=1e-3,
        betas=(0.9, 0.99),
    )
    # the same validation windows at every evaluation
    eval_generator = torch.Generator().manual_seed(args.seed + 1)
    eval_set = [
        windows(val, block, batch, eval_generator) for _ in range(args.eval_batches)
    ]
    train_generator = torch.Generator().manual_seed(args.seed)

    @torch.no_grad()
    def val_loss():
        model.eval()
        losses = [model(x, y).item() for x, y in eval_set]
        model.train()
        return sum(losses) / len(losses)

    def record(step, loss):
        entry = {"step": step, "val_loss": val_loss(), "train_loss": loss}
        print(
            f"step {step}: val loss {entry['val_loss']:.4f}",
            file=sys.stderr,
            flush=True,
        )
        return entry

    step_ms, cpu_ms, evals, loss = [], [], [], float("nan")
    started = time.perf_counter()
    model.train()
    for step in range(args.steps):
        if step in eval_at:
            evals.append(record(step, loss))
        t0, cpu0 = time.perf_counter(), time.process_time()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, decay=args.steps)
        x, y = windows(train, block, batch, train_generator)
        loss_tensor = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss_tensor.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        loss = loss_tensor.item()
        step_ms.append((time.perf_counter() - t0) * 1000)
        cpu_ms.append((time.process_time() - cpu0) * 1000)
    evals.append(record(args.steps, loss))
    timed = step_ms[args.timing_warmup :] or step_ms
    timed_cpu = cpu_ms[args.timing_warmup :] or cpu_ms
    print(
        "BENCH_RESULT "
        + json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "environment": {
                    k: os.environ.get(k)
                    for k in ("OMP_NUM_THREADS", "MALLOC_MMAP_THRESHOLD_")
                },
                "parameters": sum(p.numel() for p in params),
                "parametersWithoutWpe": sum(p.numel() for p in params)
                - model.wpe.weight.numel(),
                "vocabulary": len(vocabulary),
                "trainIds": len(train),
                "valIds": len(val),
                "ms": {
                    "median": statistics.median(timed),
                    "min": min(timed),
                    "n": len(timed),
                },
                # CPU time of all the process's threads: what a busy machine inflates least
                "cpuMs": {
                    "median": statistics.median(timed_cpu),
                    "min": min(timed_cpu),
                    "n": len(timed_cpu),
                },
                "evals": evals,
                "wallSeconds": time.perf_counter() - started,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
