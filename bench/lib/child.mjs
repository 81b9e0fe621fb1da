/**
 * Every measurement runs in its own Node child: a fresh wasm heap and tfjs engine per figure, and a
 * crash (missing kernel, out of memory) costs one cell of the table, not the run.
 * A child reports with one `BENCH_RESULT {json}` line on stdout.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MARKER = 'BENCH_RESULT ';
export const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export function reportResult(result) {
  process.stdout.write(`${MARKER}${JSON.stringify(result)}\n`);
}

/**
 * Runs `command args` and resolves with { code, signal, stdout, stderr, result, wallMs }; never rejects
 * for a failing child. `result` is the parsed BENCH_RESULT line, if any. `env` is merged over this
 * process's environment unless `replaceEnv` (then it is the whole environment).
 */
export function runProcess(command, args, { env, replaceEnv = false, cwd = repoRoot, timeoutMs = 600_000, echo = process.env.MLPC_BENCH_VERBOSE === '1', onStderrLine } = {}) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env: replaceEnv ? env : { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (echo) process.stderr.write(chunk);
    });
    let partial = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (onStderrLine) {
        // timestamp each line on arrival: the bench times a script's phases from its progress lines
        const now = performance.now();
        const lines = (partial + chunk).split('\n');
        partial = lines.pop();
        for (const line of lines) onStderrLine(line, now);
      }
      if (echo) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').reverse().find((l) => l.startsWith(MARKER));
      const result = line ? JSON.parse(line.slice(MARKER.length)) : undefined;
      resolve({ code, signal, stdout, stderr, result, wallMs: performance.now() - start });
    });
  });
}

/** Runs a bench child module (path relative to bench/) with node and returns its result or throws. */
export async function runBenchChild(script, args = [], options = {}) {
  const run = await runProcess(process.execPath, [fileURLToPath(new URL(`../${script}`, import.meta.url)), ...args], options);
  if (!run.result) {
    const tail = (run.stderr || run.stdout).trim().split('\n').slice(-6).join('\n');
    throw new Error(`${script} ${args.join(' ')} exited ${run.code ?? run.signal} without a result:\n${tail}`);
  }
  return run.result;
}
