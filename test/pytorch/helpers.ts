/**
 * The PyTorch target's tests: a Python that imports torch (MLPC_PYTHON, else /usr/bin/python3, the
 * one Debian's python3-torch installs into), and black. Absent locally they skip visibly; under
 * CI=true they fail (.ci/run installs both).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { optionalPart } from '../helpers/optional.js';
import { runProcess, type ProcessResult } from '../helpers/run-process.js';

export const python = process.env.MLPC_PYTHON ?? '/usr/bin/python3';

function succeeds(command: string, args: string[]): boolean {
  try {
    return spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 }).status === 0;
  } catch {
    return false;
  }
}

export const torch = optionalPart(
  'python3-torch',
  succeeds(python, ['-c', 'import torch, numpy']),
  'apt-get install --no-install-recommends python3-torch libopenblas0-pthread',
);

export const black = optionalPart('black', succeeds('black', ['--version']), 'apt-get install --no-install-recommends black');

/** Runs a Python script with the test Python; quiet training output. */
export function runPython(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return runProcess(python, args, { env: { ...process.env, MLPC_QUIET: '1', ...env } });
}

export interface MetricsLine {
  step: number;
  data_loss?: number;
  reg_penalty?: number;
  total_loss?: number;
  val_loss?: number;
  val_accuracy?: number;
  step_ms?: number;
  /** Per parameter with max-norm: fraction of its units rescaled per update since the previous line. */
  max_norm_rescaled?: Record<string, number>;
  test_loss?: number;
  test_accuracy?: number;
}

export function readMetrics(dir: string): MetricsLine[] {
  return readFileSync(`${dir}/metrics.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as MetricsLine);
}

export function sha256(bytes: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest('hex');
}
