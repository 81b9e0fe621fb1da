/**
 * Trains every (condition, grid point, seed) with up to `jobs` runs at once (tfjs-wasm uses one
 * core per run), seeds outermost so an interrupted study has whole seeds for every condition.
 * results.json is rewritten after every finished run; on abort no new run starts and the finished
 * runs stay on disk.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StudyProgress } from './progress.js';
import { analyzeCondition } from './analyze-study.js';
import { tuningSeeds } from './results-file.js';
import type { Condition, GridPoint, RunResult, StudyResults } from './results-file.js';
import { studyMeasure, validationMetricsOf } from './run-metrics.js';
import type { Backend, TrainFunction } from './trainer.js';

export interface StudyRunOptions {
  train: TrainFunction;
  outDir: string;
  jobs: number;
  backend?: Backend;
  /** A registered target's name; absent: the default, TypeScript. */
  target?: string;
  evalEvery?: number;
  /** A study continued by --resume: a run left unfinished continues from its checkpoint, if it wrote one. */
  resumeRuns?: boolean;
  signal: AbortSignal;
  progress: StudyProgress;
  /** Persists the results; called after every finished run, never concurrently. */
  save: (results: StudyResults) => Promise<void>;
}

interface PlannedRun {
  condition: Condition;
  point: GridPoint;
  seed: number;
}

/**
 * The runs still to train. With `tuneSeeds`, a seed beyond the tuning seeds runs only the point chosen
 * for its condition, and only once every tuning run of that condition has finished (until then the
 * choice is unknown: planRuns is called again as runs finish).
 */
export function planRuns(results: StudyResults): PlannedRun[] {
  const done = new Set(results.runs.map((r) => `${r.condition}/${r.point}/${r.seed}`));
  const tuning = new Set(tuningSeeds(results.settings));
  const chosen = new Map<string, number | undefined>();
  const chosenPointOf = (condition: Condition): number | undefined => {
    if (!chosen.has(condition.id)) {
      const tuned = condition.points.every((point) => [...tuning].every((seed) => done.has(`${condition.id}/${point.index}/${seed}`)));
      chosen.set(condition.id, tuned ? analyzeCondition(results, condition).chosenPoint : undefined);
    }
    return chosen.get(condition.id);
  };
  return results.settings.seeds.flatMap((seed) =>
    results.conditions.flatMap((condition) =>
      condition.points
        .filter((point) => !done.has(`${condition.id}/${point.index}/${seed}`))
        .filter((point) => tuning.has(seed) || chosenPointOf(condition) === point.index)
        .map((point) => ({ condition, point, seed })),
    ),
  );
}

/**
 * Runs (and their steps) still to train, including those planRuns cannot name yet: one per condition
 * and non-tuning seed, at a point still to be chosen.
 */
export function remainingWork(results: StudyResults): { runs: number; steps: number } {
  const done = new Set(results.runs.map((r) => `${r.condition}/${r.point}/${r.seed}`));
  const tuning = new Set(tuningSeeds(results.settings));
  let runs = 0;
  let steps = 0;
  for (const seed of results.settings.seeds) {
    for (const condition of results.conditions) {
      const missing = condition.points.filter((point) => !done.has(`${condition.id}/${point.index}/${seed}`));
      const todo = tuning.has(seed) ? missing : missing.length === condition.points.length ? missing.slice(0, 1) : [];
      runs += todo.length;
      steps += todo.reduce((sum, point) => sum + point.ir.training.steps, 0);
    }
  }
  return { runs, steps };
}

function titleOf(run: PlannedRun): string {
  const values = Object.entries(run.point.values).map(([field, value]) => `${field}=${String(value)}`);
  return `${run.condition.label}${values.length ? ` (${values.join(', ')})` : ''} seed ${run.seed}`;
}

const percent = (x: number | undefined) => (x === undefined ? 'n/a' : `${(100 * x).toFixed(2)} %`);

/**
 * Trains the planned runs, planning again whenever the queue runs dry (runs beyond the tuning seeds
 * become known as tuning finishes). Returns the number of runs that failed (not counting runs stopped
 * by the abort signal).
 */
export async function runStudy(results: StudyResults, plan: PlannedRun[], options: StudyRunOptions): Promise<number> {
  const queue = [...plan];
  const queued = new Set(plan.map((run) => `${run.condition.id}/${run.point.index}/${run.seed}`));
  const refill = () => {
    for (const run of planRuns(results)) {
      const key = `${run.condition.id}/${run.point.index}/${run.seed}`;
      if (!queued.has(key)) {
        queued.add(key);
        queue.push(run);
      }
    }
  };
  let failures = 0;
  let saving = Promise.resolve();
  const save = () => {
    saving = saving.then(() => options.save(results));
    return saving;
  };

  // A worker with nothing to do waits while others train: their runs may complete a tuning seed set.
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const next = async (): Promise<PlannedRun | undefined> => {
    for (;;) {
      if (options.signal.aborted) return undefined;
      if (queue.length === 0) refill();
      const run = queue.shift();
      if (run || inFlight === 0) return run;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const worker = async () => {
    for (let run = await next(); run; run = await next()) {
      inFlight += 1;
      try {
        if (!(await trainOne(run))) return;
      } finally {
        inFlight -= 1;
        for (const wake of waiting.splice(0)) wake();
      }
    }
  };
  /** False when the run was stopped by the abort signal. */
  const trainOne = async (run: PlannedRun): Promise<boolean> => {
    const label = {
      key: `${run.condition.id}/${run.point.index}/${run.seed}`,
      title: titleOf(run),
      steps: run.point.ir.training.steps,
    };
    options.progress.start(label);
    const out = join(options.outDir, 'runs', run.condition.id, `point-${run.point.index}`, `seed-${run.seed}`);
    // Both targets write it there (src/runtime/checkpoint-file.ts, mlpc_runtime/checkpoint_file.py).
    const resume = options.resumeRuns === true && existsSync(join(out, 'checkpoint', 'state.ckpt'));
    try {
      const trained = await options.train(run.point.ir, {
        out,
        ...(resume ? { resume } : {}),
        seed: run.seed,
        backend: options.backend,
        ...(options.target ? { target: options.target } : {}),
        evalEvery: options.evalEvery,
        signal: options.signal,
        quiet: true,
        onRecord: (record) => options.progress.step(label, record.step),
      });
      const result: RunResult = {
        condition: run.condition.id,
        point: run.point.index,
        seed: run.seed,
        wallMs: Math.round(trained.wallMs),
        records: trained.records,
      };
      results.runs.push(result);
      await save();
      const measure = studyMeasure(results);
      const metrics = validationMetricsOf(trained.records, measure);
      const figure =
        measure === 'loss'
          ? `final validation loss ${metrics.finalValidationError === undefined ? 'n/a' : metrics.finalValidationError.toFixed(4)}`
          : `final validation error ${percent(metrics.finalValidationError)}`;
      options.progress.finish(label, `${figure}, ${(trained.wallMs / 1000).toFixed(1)} s`);
    } catch (error) {
      if (options.signal.aborted) return false;
      failures += 1;
      const message = error instanceof Error ? error.message : String(error);
      results.runs.push({ condition: run.condition.id, point: run.point.index, seed: run.seed, wallMs: 0, records: [], error: message });
      await save();
      options.progress.fail(label, message.split('\n')[0]);
    }
    return true;
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  await saving;
  options.progress.end();
  return failures;
}
