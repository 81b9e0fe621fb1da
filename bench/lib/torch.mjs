/**
 * The optional PyTorch column: Debian's python3 (the system one, not a pyenv shim) with
 * python3-torch. Never installed by CI; absent torch means the column says "n/a".
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for these commands alone so OpenBLAS picks its
 * own kernels for this CPU; the child reports the BLAS it actually mapped and OpenBLAS's core name.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './child.mjs';

const script = fileURLToPath(new URL('../torch_mlp.py', import.meta.url));

/** Debian's reference BLAS (libblas3), what python3-torch uses when no optimized BLAS is installed. */
export const referenceBlasDir = '/usr/lib/x86_64-linux-gnu/blas';

function torchEnv(threads, blasDir) {
  const env = { ...process.env };
  if (blasDir) env.LD_LIBRARY_PATH = [blasDir, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads > 0) {
    env.OPENBLAS_NUM_THREADS = String(threads);
    env.OMP_NUM_THREADS = String(threads);
  }
  return env;
}

export async function findTorchPython() {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    const probe = await runProcess(python, ['-c', 'import torch; print(torch.__version__, torch.get_num_threads())'],
      { env: torchEnv(0), replaceEnv: true, timeoutMs: 60_000 });
    if (probe.code === 0) {
      const [version, defaultThreads] = probe.stdout.trim().split(' ');
      return { python, version, defaultThreads: Number(defaultThreads) };
    }
  }
  return undefined;
}

/** True when Debian's reference BLAS is installed and is not what torch maps by default. */
export function referenceBlasAvailable(defaultRun) {
  return existsSync(path.join(referenceBlasDir, 'libblas.so.3')) && !(defaultRun?.blas ?? []).some((b) => b.startsWith(`${referenceBlasDir}/`));
}

/**
 * Median ms per step of the MLP in PyTorch with `threads` intra-op and BLAS threads (0 = defaults;
 * Debian's torch defaults to omp_get_max_threads(), which is 1 on some machines).
 */
export async function torchStep(python, shape, { threads, steps, warmup, blasDir, env }) {
  const args = [
    script, '--layers', shape.sizes.join(','), '--dropout', shape.dropout.join(','), '--batch', String(shape.batch),
    '--lr', String(shape.learningRate), '--l2', String(shape.l2), '--max-norm', String(shape.maxNorm),
    '--threads', String(threads), '--steps', String(steps), '--warmup', String(warmup),
  ];
  const run = await runProcess(python, args, { env: env ?? torchEnv(threads, blasDir), replaceEnv: true, timeoutMs: 300_000 });
  if (!run.result) return { status: 'error', error: run.stderr.trim().split('\n').at(-1) };
  return { status: 'ok', ...run.result };
}
