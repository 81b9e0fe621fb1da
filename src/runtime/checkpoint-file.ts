/**
 * The checkpoint file, `<out>/checkpoint/state.ckpt`, as both targets write it: one line of JSON that
 * says which run wrote it (target, spec, compiler, world size, seed, steps, the step reached), then the
 * target's own payload. One file replaced by one rename (replace-file.ts), so a kill at any moment
 * leaves the previous checkpoint or the new one; a killed writer's temporary file is removed by the next
 * write or read. The identity is compared before the payload is read: a checkpoint of another run is
 * refused naming what differs (src/runtime-py/mlpc_runtime/checkpoint_file.py writes the same header).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceFile } from './replace-file.js';
import { FlagError, type RunFlags } from './run-flags.js';

const magic = 'mlpc-checkpoint 1 ';
const stateFile = 'state.ckpt';
/** Early stopping's best weights (restore_best), in the same format, beside the state. */
export const bestFile = 'best.ckpt';

export interface RunIdentity {
  target: string;
  spec: string;
  compiler: string;
  world_size: number;
  seed: number;
  steps: number;
}

const identityFields = ['target', 'spec', 'compiler', 'world_size', 'seed', 'steps'] as const;

/** (compiler, spec) from the stamp lines of the generated model file that runs. */
function scriptStamp(scriptUrl: string): { compiler: string; spec: string } {
  const stamp = { compiler: 'unstamped', spec: 'unstamped' };
  let head: string[];
  try {
    head = readFileSync(fileURLToPath(scriptUrl), 'utf8').split('\n', 6);
  } catch {
    return stamp;
  }
  for (const line of head) {
    const compiler = /^\/\/ mlpc-stamp: (mlpc \S+, compiler [0-9a-f]+), options [0-9a-f]+$/.exec(line);
    if (compiler) stamp.compiler = compiler[1];
    const spec = /^\/\/ mlpc-stamp: spec (.+ sha256 [0-9a-f]{64})$/.exec(line);
    if (spec) stamp.spec = spec[1];
  }
  return stamp;
}

export function runIdentity(flags: RunFlags, scriptUrl: string): RunIdentity {
  return { target: 'typescript', ...scriptStamp(scriptUrl), world_size: flags.workers, seed: flags.seed, steps: flags.steps };
}

export function checkpointPath(out: string, file = stateFile): string {
  return join(out, 'checkpoint', file);
}

function removeTemporaries(folder: string): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    if (/^\.(state|best)\.ckpt\.\d+-[0-9a-f]{8}\.tmp$/.test(name)) rmSync(join(folder, name), { force: true });
  }
}

/**
 * Replaces the checkpoint `file` with `payload` (its chunks one after the other, written as they are:
 * no copy into one buffer), reached after `step`.
 */
export function writeCheckpoint(out: string, identity: RunIdentity, step: number, payload: readonly Uint8Array[], file = stateFile): void {
  const folder = dirname(checkpointPath(out));
  mkdirSync(folder, { recursive: true });
  removeTemporaries(folder);
  const header = Buffer.from(`${magic}${JSON.stringify({ ...identity, step })}\n`, 'utf8');
  replaceFile(checkpointPath(out, file), [header, ...payload]);
}

/** A run that starts over drops an earlier run's checkpoint. */
export function removeCheckpoint(out: string): void {
  removeTemporaries(dirname(checkpointPath(out)));
  for (const file of [stateFile, bestFile]) rmSync(checkpointPath(out, file), { force: true });
}

/** The step and payload of the checkpoint in `out`, null without one; a FlagError naming what differs for another run's. */
export function readCheckpoint(out: string, identity: RunIdentity, file = stateFile): { step: number; payload: Buffer } | null {
  const path = checkpointPath(out, file);
  if (!existsSync(path)) return null;
  removeTemporaries(dirname(path));
  const data = readFileSync(path);
  const end = data.indexOf(10);
  const line = data.subarray(0, end < 0 ? data.length : end).toString('utf8');
  if (!line.startsWith(magic)) throw new FlagError(`${path} is not an mlpc checkpoint`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(line.slice(magic.length)) as Record<string, unknown>;
  } catch {
    throw new FlagError(`${path}: unreadable checkpoint header`);
  }
  const differences = identityFields
    .filter((field) => header[field] !== identity[field])
    .map((field) => `${field.replace('_', ' ')} ${String(header[field])} there, ${identity[field]} here`);
  if (differences.length > 0) {
    throw new FlagError(`${path} is the checkpoint of another run (${differences.join('; ')}): run without --resume to start over, or give another --out`);
  }
  return { step: header.step as number, payload: data.subarray(end + 1) };
}
