"""The LSTM step's phases, generated against hand-written, in one process (bench part `lstm`'s follow-up).

Builds generated/shakespeare_lstm.py's model (mlpc.LSTM on `_VF.lstm`, mlpc.KerasAdam) and
bench/torch_lstm.py's (nn.LSTM, torch.optim.Adam) on the same batch of 32 windows of 64 ids and times,
round-robin, each one's whole update, forward + backward alone and the optimizer step alone, as the
process's CPU time (what a shared machine inflates least). Prints the medians after `--warmup` rounds.

Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_THRESHOLD_=1000000000 \
         python3 bench/experiments/lstm_step_phases.py [--rounds 60] [--warmup 10]
"""

import argparse
import importlib.util
import os
import statistics
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "generated"))
sys.path.insert(0, os.path.join(REPO, "bench"))

import mlpc_runtime as mlpc  # noqa: E402  (bounds the BLAS threads before torch loads)
import torch  # noqa: E402
import torch_lstm  # noqa: E402


def load_generated():
    path = os.path.join(REPO, "generated", "shakespeare_lstm.py")
    spec = importlib.util.spec_from_file_location("shakespeare_lstm", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    generated = load_generated()
    ours = generated.ShakespeareLstm()
    generated.init_parameters(ours, 1)
    theirs = torch_lstm.CharLSTM(65)
    x = torch.randint(0, 65, (32, 64))
    y = torch.randint(0, 65, (32, 64))
    ours_adam = mlpc.KerasAdam(ours.parameters(), lr=2e-3, betas=(0.9, 0.999), eps=1e-7)
    theirs_adam = torch.optim.Adam(
        theirs.parameters(), lr=2e-3, betas=(0.9, 0.999), eps=1e-7
    )

    def ours_forward_backward():
        (generated.loss_fn(ours(x), y) + generated.penalty(ours)).backward()

    def theirs_forward_backward():
        theirs(x, y).backward()

    def update(model, optimizer, forward_backward):
        def run():
            optimizer.zero_grad(set_to_none=True)
            forward_backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()

        return run

    phases = {
        "generated update": update(ours, ours_adam, ours_forward_backward),
        "reference update": update(theirs, theirs_adam, theirs_forward_backward),
        "generated forward + backward": ours_forward_backward,
        "reference forward + backward": theirs_forward_backward,
        "generated optimizer step": ours_adam.step,
        "reference optimizer step": theirs_adam.step,
    }
    times = {name: [] for name in phases}
    for _ in range(args.rounds):
        for name, run in phases.items():
            start = time.process_time()
            run()
            times[name].append((time.process_time() - start) * 1000)
    for name, values in times.items():
        median = statistics.median(values[args.warmup :])
        print(f"{name}: {median:.2f} ms CPU (median)")


if __name__ == "__main__":
    main()
