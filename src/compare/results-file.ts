/**
 * results.json: everything a report is made from (settings, each condition's spec text and IR, every
 * run's metrics), so `mlpc compare --from results.json` regenerates the identical report without
 * training. Written after every finished run, atomically, so Ctrl-C never leaves a torn file.
 */
import { readFile } from 'node:fs/promises';
import { replaceFile } from '../runtime/replace-file.js';
import type { ModelIR } from '../compiler/ir/types.js';
import { InputError } from '../compiler/errors.js';
import type { Backend, MetricsRecord } from './trainer.js';

export type GridValue = number | string | boolean;

/** One `--tune` field: the dotted path as given, the resolved document path, and its values. */
export interface TuneField {
  field: string;
  path: (string | number)[];
  values: GridValue[];
}

/** One grid point of a condition: the values set (by dotted path) and the spec that results. */
export interface GridPoint {
  index: number;
  /** Dotted path -> value; a field that does not apply to this condition is absent. */
  values: Record<string, GridValue>;
  specText: string;
  ir: ModelIR;
}

/** A row of the report: one spec file, or one variant of a base spec. */
export interface Condition {
  id: string;
  label: string;
  file: string;
  /** For `--vary`: the variant names per axis and the diff the variant applies to the base spec. */
  variant?: { names: Record<string, string>; diff: string };
  points: GridPoint[];
}

export interface RunResult {
  condition: string;
  point: number;
  seed: number;
  wallMs: number;
  records: MetricsRecord[];
  /** Why the run failed (the trainer threw); its records are then empty. */
  error?: string;
}

export interface StudySettings {
  seeds: number[];
  /**
   * `--tune-seeds N`: the grid is run with the first N seeds only, and the other seeds only at each
   * condition's point chosen from them. Absent: every seed runs every point.
   */
  tuneSeeds?: number;
  /** `--steps` override; absent when each spec's own steps were used. */
  steps?: number;
  backend?: Backend;
  /** `--target`: a registered target's name; absent for the default, TypeScript. */
  target?: string;
  evalEvery?: number;
  tune: TuneField[];
  /** `--vary` axes; a spec-field axis also has its path and values (its names are `train=500`, ...). */
  vary: { axis: string; names: string[]; field?: { path: (string | number)[]; values: GridValue[] } }[];
}

/** Where and when the study ran: wall times mean little without it. */
export interface StudyEnvironment {
  startedAt: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  /** 1-minute load average when the study started and ended: other work slows the runs down. */
  loadAtStart: number;
  loadAtEnd?: number;
}

export interface StudyResults {
  format: 'mlpc-compare-results';
  version: 1;
  settings: StudySettings;
  environment?: StudyEnvironment;
  conditions: Condition[];
  runs: RunResult[];
  /** Wall-clock time of the whole study, set when it finished (absent after Ctrl-C). */
  elapsedMs?: number;
  /** True when the study was interrupted before every run finished. */
  interrupted?: boolean;
  /** Wall time of the interrupted sessions, carried over by `--resume` into elapsedMs. */
  interruptedAfterMs?: number;
  /** How many times `--resume` continued the study. */
  resumed?: number;
}

/** The seeds whose validation errors choose each condition's grid point. */
export function tuningSeeds(settings: StudySettings): number[] {
  return settings.tuneSeeds === undefined ? settings.seeds : settings.seeds.slice(0, settings.tuneSeeds);
}

export function expectedRunCount(results: StudyResults): number {
  const points = results.conditions.reduce((sum, c) => sum + c.points.length, 0);
  const tuning = tuningSeeds(results.settings).length;
  return points * tuning + results.conditions.length * (results.settings.seeds.length - tuning);
}

export async function writeResultsAtomically(file: string, results: StudyResults): Promise<void> {
  replaceFile(file, `${JSON.stringify(results, null, 1)}\n`);
}

export async function readResults(file: string, flag = '--from'): Promise<StudyResults> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${flag} ${file}: not JSON: ${(error as Error).message}`);
  }
  const candidate = parsed as Partial<StudyResults> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.format !== 'mlpc-compare-results' ||
    candidate.version !== 1 ||
    !Array.isArray(candidate.conditions) ||
    !Array.isArray(candidate.runs) ||
    typeof candidate.settings !== 'object'
  ) {
    throw new InputError(`${flag} ${file}: not an mlpc compare results file (format mlpc-compare-results, version 1)`);
  }
  return candidate as StudyResults;
}
