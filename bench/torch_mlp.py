"""Child: the same MLP training step in PyTorch, on the same machine, for an optional column.

Usage: torch_mlp.py --layers 784,1024,10 --dropout 0,0.5 --batch 128 --lr 0.5 --l2 0.0005
                    [--max-norm 3] [--threads N] [--steps 30] [--warmup 5]
Prints one `BENCH_RESULT {json}` line. Never installed by CI: the bench skips it when the system
python3 cannot import torch.
"""
import argparse
import ctypes
import json
import statistics
import time

import torch


def blas_libraries():
    """The BLAS shared objects actually mapped into this process (BLAS_INFO=generic means libblas.so.3)."""
    names = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1] if '/' in line else ''
            if any(key in path for key in ('blas', 'mkl', 'blis', 'atlas')):
                names.add(path)
    return sorted(names)


def openblas_core(libraries):
    """OpenBLAS's own name for the kernel set it picked (e.g. Haswell, SkylakeX), or None."""
    for path in libraries:
        if 'openblas' in path:
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_corename.restype = ctypes.c_char_p
                lib.openblas_get_config.restype = ctypes.c_char_p
                return {'core': lib.openblas_get_corename().decode(), 'config': lib.openblas_get_config().decode(),
                        'threads': lib.openblas_get_num_threads()}
            except (OSError, AttributeError):
                return None
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--layers', required=True)
    parser.add_argument('--dropout', default='')
    parser.add_argument('--batch', type=int, default=128)
    parser.add_argument('--lr', type=float, default=0.5)
    parser.add_argument('--l2', type=float, default=0.0)
    parser.add_argument('--max-norm', type=float, default=0.0)
    parser.add_argument('--threads', type=int, default=0)
    parser.add_argument('--steps', type=int, default=30)
    parser.add_argument('--warmup', type=int, default=5)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)

    sizes = [int(s) for s in args.layers.split(',')]
    rates = [float(r) for r in args.dropout.split(',')] if args.dropout else [0.0] * (len(sizes) - 1)
    modules = []
    for i in range(len(sizes) - 1):
        # rates[i] is the dropout applied to the input of dense layer i (Srivastava's input dropout at i = 0)
        if rates[i] > 0:
            modules.append(torch.nn.Dropout(rates[i]))
        modules.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            modules.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*modules)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.rand(args.batch, sizes[0])
    y = torch.randint(0, sizes[-1], (args.batch,))
    linears = [m for m in modules if isinstance(m, torch.nn.Linear)]

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        if args.l2 > 0:
            loss = loss + args.l2 * sum((p * p).sum() for p in model.parameters())
        loss.backward()
        optimizer.step()
        if args.max_norm > 0:
            with torch.no_grad():
                for m in linears:
                    # torch weights are [out, in]: each output unit's incoming vector is a row
                    m.weight.copy_(torch.renorm(m.weight, 2, 0, args.max_norm))
        return loss.item()

    model.train()
    samples = []
    cpu_samples = []
    for i in range(args.warmup + args.steps):
        start = time.perf_counter()
        cpu_start = time.process_time()
        step()
        if i >= args.warmup:
            samples.append((time.perf_counter() - start) * 1000)
            cpu_samples.append((time.process_time() - cpu_start) * 1000)
    print('BENCH_RESULT ' + json.dumps({
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'blas': blas_libraries(),
        'openblas': openblas_core(blas_libraries()),
        'blasInfo': 'generic' if 'BLAS_INFO=generic' in torch.__config__.show() else 'other',
        'ms': {'median': statistics.median(samples), 'min': min(samples), 'max': max(samples), 'n': len(samples)},
        # CPU time of all the process's threads: comparable to wall time only single-threaded
        'cpuMs': {'median': statistics.median(cpu_samples), 'min': min(cpu_samples), 'n': len(cpu_samples)},
    }))


if __name__ == '__main__':
    main()
