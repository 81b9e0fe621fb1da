/**
 * Trains every (condition, grid point, seed) with up to `jobs` runs at once (tfjs-wasm uses one
 * core per run), seeds outermost so an interrupted study has whole seeds for every condition.
 * results.json is rewritten after every finished run; on abort no new run starts and the finished
 * runs stay on disk.
 */
import { join } from 'node:path';
import type { StudyProgress } from './progress.js';
import type { Condition, GridPoint, RunResult, StudyResults } from './results-file.js';
import { validationMetricsOf } from './run-metrics.js';
import type { Backend, TrainFunction } from './trainer.js';

export interface StudyRunOptions {
  train: TrainFunction;
  outDir: string;
  jobs: number;
  backend?: Backend;
  target?: 'pytorch';
  evalEvery?: number;
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

export function planRuns(results: StudyResults): PlannedRun[] {
  const done = new Set(results.runs.map((r) => `${r.condition}/${r.point}/${r.seed}`));
  return results.settings.seeds.flatMap((seed) =>
    results.conditions.flatMap((condition) =>
      condition.points
        .filter((point) => !done.has(`${condition.id}/${point.index}/${seed}`))
        .map((point) => ({ condition, point, seed })),
    ),
  );
}

function titleOf(run: PlannedRun): string {
  const values = Object.entries(run.point.values).map(([field, value]) => `${field}=${String(value)}`);
  return `${run.condition.label}${values.length ? ` (${values.join(', ')})` : ''} seed ${run.seed}`;
}

const percent = (x: number | undefined) => (x === undefined ? 'n/a' : `${(100 * x).toFixed(2)} %`);

/** Returns the number of runs that failed (not counting runs stopped by the abort signal). */
export async function runStudy(results: StudyResults, plan: PlannedRun[], options: StudyRunOptions): Promise<number> {
  const queue = [...plan];
  let failures = 0;
  let saving = Promise.resolve();
  const save = () => {
    saving = saving.then(() => options.save(results));
    return saving;
  };

  const worker = async () => {
    for (let run = queue.shift(); run && !options.signal.aborted; run = queue.shift()) {
      const label = {
        key: `${run.condition.id}/${run.point.index}/${run.seed}`,
        title: titleOf(run),
        steps: run.point.ir.training.steps,
      };
      options.progress.start(label);
      try {
        const trained = await options.train(run.point.ir, {
          out: join(options.outDir, 'runs', run.condition.id, `point-${run.point.index}`, `seed-${run.seed}`),
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
        const metrics = validationMetricsOf(trained.records);
        options.progress.finish(label, `final validation error ${percent(metrics.finalValidationError)}, ${(trained.wallMs / 1000).toFixed(1)} s`);
      } catch (error) {
        if (options.signal.aborted) return;
        failures += 1;
        const message = error instanceof Error ? error.message : String(error);
        results.runs.push({ condition: run.condition.id, point: run.point.index, seed: run.seed, wallMs: 0, records: [], error: message });
        await save();
        options.progress.fail(label, message.split('\n')[0]);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  await saving;
  options.progress.end();
  return failures;
}
