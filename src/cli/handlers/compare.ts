/**
 * `mlpc compare`: train specs (or variants of one) side by side over seeds, tune each on validation
 * data, and write report.md, curves.svg and results.json; or, with --from, regenerate the report
 * from a results.json without training.
 */
import { mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../../compiler/errors.js';
import { ExitCode } from '../exit-codes.js';
import { useColor } from '../color.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { analyzeStudy } from '../../compare/analyze-study.js';
import { studyMeasure } from '../../compare/run-metrics.js';
import { buildConditions } from '../../compare/build-conditions.js';
import { loadFrontEnd } from '../../compare/front-end.js';
import type { FrontEnd } from '../../compare/front-end.js';
import { StudyProgress } from '../../compare/progress.js';
import type { ProgressStream } from '../../compare/progress.js';
import { expectedRunCount, readResults, writeResultsAtomically } from '../../compare/results-file.js';
import type { StudyResults } from '../../compare/results-file.js';
import { planRuns, remainingWork, runStudy } from '../../compare/run-study.js';
import { loadTrainModel } from '../../compare/trainer.js';
import type { Backend, TrainFunction } from '../../compare/trainer.js';
import { parseTuneOptions } from '../../compare/tune-grid.js';
import { defaultPresetsFile, loadPresets, parseVaryOption } from '../../compare/vary.js';
import { formatDuration } from '../../compare/report-markdown.js';
import { writeReport } from '../../compare/write-report.js';
import { targetRegistry } from '../../targets/registry.js';

export interface CompareOptions {
  specs: string[];
  seeds?: number;
  steps?: number;
  out?: string;
  backend?: Backend;
  tune?: string[];
  vary?: string[];
  presets?: string;
  from?: string;
  /** A study's directory or results.json to continue. */
  resume?: string;
  /** Tune on the first N seeds only; the other seeds run each condition's chosen point. */
  tuneSeeds?: number;
  jobs?: number;
  evalEvery?: number;
  /** `--target`: a registered target's name (undefined: the registry's default, TypeScript). */
  target?: string;
  /** --color / --no-color, if given (src/cli/color.ts decides otherwise). */
  color?: boolean;
}

export interface CompareDependencies {
  train?: TrainFunction;
  frontEnd?: FrontEnd;
  stderr?: ProgressStream;
  /** Aborting it acts as Ctrl-C; by default SIGINT aborts. */
  signal?: AbortSignal;
  now?: () => Date;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new InputError(`${name} must be a positive integer, got ${String(value)}`);
  return n;
}

function tuneSeedCount(value: number, seeds: number): number {
  const n = positiveInteger('--tune-seeds', value, seeds);
  if (n > seeds) throw new InputError(`--tune-seeds ${n} is more than the ${seeds} seeds`);
  return n;
}

function defaultOutDir(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join('reports', `compare-${stamp}`);
}

async function regenerate(options: CompareOptions, stderr: ProgressStream): Promise<number> {
  const from = options.from as string;
  if (options.specs.length || options.tune?.length || options.vary?.length) {
    throw new InputError('--from regenerates a report from results.json: it takes no specs, --tune or --vary');
  }
  const results = await readResults(from, '--from');
  const written = await writeReport(options.out ?? dirname(from), results);
  stderr.write(`wrote ${written.files.join(', ')} from ${from}\n`);
  return ExitCode.ok;
}

/** SIGINT aborts the study once; a second Ctrl-C exits at once (finished runs are already on disk). */
function interruptSignal(stderr: ProgressStream): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    stderr.write('\ninterrupted: stopping the running trainings; finished runs are kept in results.json (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onInterrupt) };
}

/** The ranking for the terminal: condition, test error mean ± std (a language model's final validation loss), as in report.md. */
function rankingSummary(results: StudyResults): string {
  const outcomes = analyzeStudy(JSON.parse(JSON.stringify(results)) as StudyResults);
  const width = Math.max(...outcomes.map((o) => o.condition.label.length));
  const lines = outcomes.map((o, i) => {
    if (studyMeasure(results) === 'loss') {
      const v = o.finalValidationError;
      const text = v ? `${v.mean.toFixed(4)}${v.n > 1 ? ` ± ${v.std.toFixed(4)}` : ''} (${v.n} seeds)` : 'n/a';
      return `${String(i + 1).padStart(2)}. ${o.condition.label.padEnd(width)}  final validation loss ${text}`;
    }
    const spread = o.testError && o.testError.n > 1 ? ` ± ${(100 * o.testError.std).toFixed(2)}` : '';
    const test = o.testError ? `${(100 * o.testError.mean).toFixed(2)}${spread} % (${o.testError.n} seeds)` : 'n/a';
    return `${String(i + 1).padStart(2)}. ${o.condition.label.padEnd(width)}  test error ${test}`;
  });
  return `\n${lines.join('\n')}\n\n`;
}

/**
 * The study's target as results.json records it: absent for the default (TypeScript), so that studies
 * from before targets existed read the same. Flags of another target are usage errors.
 */
function studyTarget(options: CompareOptions): string | undefined {
  if (options.target === undefined) return undefined;
  const target = targetRegistry.named(options.target);
  const owner = targetRegistry.targets.find((candidate) => candidate.trainFlags.includes('--backend'));
  if (options.backend !== undefined && owner && owner !== target) throw new InputError(`--backend is a flag of --target ${owner.name}`);
  return targetRegistry.defaults.includes(target) ? undefined : target.name;
}

export async function runCompare(options: CompareOptions, dependencies: CompareDependencies = {}): Promise<number> {
  const stderr = dependencies.stderr ?? process.stderr;
  const target = studyTarget(options);
  if (options.from !== undefined) return regenerate(options, stderr);
  const jobs = positiveInteger('--jobs', options.jobs, 2);
  const study = options.resume !== undefined ? await resumedStudy(options, stderr) : await newStudy({ ...options, target }, dependencies, stderr);
  if (typeof study === 'number') return study;
  return trainStudy(study, jobs, dependencies, stderr);
}

interface Study {
  results: StudyResults;
  outDir: string;
  /** Wall time of the sessions before this one (after --resume). */
  priorMs: number;
}

async function newStudy(options: CompareOptions, dependencies: CompareDependencies, stderr: ProgressStream): Promise<Study | number> {
  const seedCount = positiveInteger('--seeds', options.seeds, 3);
  if (options.steps !== undefined) positiveInteger('--steps', options.steps, 1);
  if (options.evalEvery !== undefined) positiveInteger('--eval-every', options.evalEvery, 1);
  const tune = parseTuneOptions(options.tune ?? []);
  const presets = options.vary?.length ? await loadPresets(options.presets ?? defaultPresetsFile) : {};
  const vary = (options.vary ?? []).map((v) => parseVaryOption(v, presets));
  if (options.specs.length === 0) throw new InputError('compare needs at least one spec (or --from results.json, or --resume DIR)');

  const frontEnd = dependencies.frontEnd ?? loadFrontEnd({ color: useColor(process.stderr, options.color) });
  const files = await frontEnd.findSpecFiles(options.specs);
  const built = await buildConditions({ files, tune, vary, presets, steps: options.steps }, frontEnd.compileSpecText);
  if (hasErrors(built.diagnostics)) {
    stderr.write(frontEnd.formatDiagnostics(built.diagnostics, built.sources));
    return ExitCode.invalidInput;
  }
  if (built.conditions.length < 2 && tune.length === 0) {
    stderr.write('note: only one condition: the report will have nothing to compare it with\n');
  }
  for (const condition of built.conditions) {
    if (condition.variant) stderr.write(`variant ${condition.label}:\n${condition.variant.diff || '  (the base spec unchanged)\n'}\n`);
  }

  const results: StudyResults = {
    format: 'mlpc-compare-results',
    version: 1,
    settings: {
      seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
      ...(options.tuneSeeds !== undefined ? { tuneSeeds: tuneSeedCount(options.tuneSeeds, seedCount) } : {}),
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.target ? { target: options.target } : {}),
      ...(options.evalEvery !== undefined ? { evalEvery: options.evalEvery } : {}),
      tune,
      vary,
    },
    environment: {
      startedAt: (dependencies.now ?? (() => new Date()))().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      loadAtStart: Number(loadavg()[0].toFixed(2)),
    },
    conditions: built.conditions,
    runs: [],
  };
  return { results, outDir: options.out ?? defaultOutDir((dependencies.now ?? (() => new Date()))()), priorMs: 0 };
}

/**
 * `--resume DIR|results.json`: the study as results.json left it (its conditions, compiled specs and
 * settings), without its failed runs, which are trained again with the unfinished ones.
 */
async function resumedStudy(options: CompareOptions, stderr: ProgressStream): Promise<Study> {
  if (options.specs.length || options.tune?.length || options.vary?.length || options.steps !== undefined) {
    throw new InputError('--resume continues a study as its results.json defines it: it takes no specs, --tune, --vary or --steps');
  }
  const given = options.resume as string;
  const file = given.endsWith('.json') ? given : join(given, 'results.json');
  const results = await readResults(file, '--resume');
  // More seeds, or tuning on fewer of them, only adds runs: every finished run stays valid.
  const seeds = results.settings.seeds.length;
  if (options.seeds !== undefined) {
    if (positiveInteger('--seeds', options.seeds, seeds) < seeds) throw new InputError(`--resume: --seeds ${options.seeds} is fewer than the study's ${seeds}`);
    results.settings.seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  }
  if (options.tuneSeeds !== undefined) {
    const current = results.settings.tuneSeeds ?? seeds;
    const tuneSeeds = tuneSeedCount(options.tuneSeeds, results.settings.seeds.length);
    if (tuneSeeds > current) throw new InputError(`--resume: --tune-seeds ${tuneSeeds} is more than the ${current} the study tuned on`);
    results.settings.tuneSeeds = tuneSeeds;
  }
  const failed = results.runs.filter((run) => run.error !== undefined).length;
  results.runs = results.runs.filter((run) => run.error === undefined);
  const priorMs = results.interruptedAfterMs ?? 0;
  delete results.interrupted;
  delete results.interruptedAfterMs;
  results.resumed = (results.resumed ?? 0) + 1;
  stderr.write(
    `resuming ${file}: ${results.runs.length} of ${expectedRunCount(results)} runs finished` + (failed ? `, ${failed} failed ones to train again` : '') + '\n',
  );
  return { results, outDir: options.out ?? dirname(file), priorMs };
}

async function trainStudy(study: Study, jobs: number, dependencies: CompareDependencies, stderr: ProgressStream): Promise<number> {
  const { results, outDir } = study;
  await mkdir(outDir, { recursive: true });
  const resultsFile = join(outDir, 'results.json');
  await writeResultsAtomically(resultsFile, results);

  const plan = planRuns(results);
  const remaining = remainingWork(results);
  stderr.write(
    `${results.conditions.length} conditions, ${expectedRunCount(results)} runs (${results.settings.seeds.length} seeds), ` +
      `${remaining.runs} to train, ${jobs} at a time; results in ${outDir}\n`,
  );
  const interrupt = dependencies.signal ? { signal: dependencies.signal, dispose: () => {} } : interruptSignal(stderr);
  const started = Date.now();
  let failures: number;
  try {
    failures = await runStudy(results, plan, {
      train: dependencies.train ?? (await loadTrainModel()),
      outDir,
      jobs,
      backend: results.settings.backend,
      target: results.settings.target,
      evalEvery: results.settings.evalEvery,
      resumeRuns: (results.resumed ?? 0) > 0,
      signal: interrupt.signal,
      progress: new StudyProgress(stderr, remaining.runs, remaining.steps),
      save: (r) => writeResultsAtomically(resultsFile, r),
    });
  } finally {
    interrupt.dispose();
  }
  if (interrupt.signal.aborted) {
    results.interrupted = true;
    results.interruptedAfterMs = study.priorMs + Date.now() - started;
  } else results.elapsedMs = study.priorMs + Date.now() - started;
  if (results.environment) results.environment.loadAtEnd = Number(loadavg()[0].toFixed(2));
  await writeResultsAtomically(resultsFile, results);
  const written = await writeReport(outDir, results);
  stderr.write(rankingSummary(results));
  stderr.write(
    `wrote ${[...written.files, resultsFile].join(', ')}` +
      (results.elapsedMs !== undefined ? ` (${formatDuration(results.elapsedMs)})` : '') +
      '\n',
  );
  if (interrupt.signal.aborted) return ExitCode.interrupted;
  return failures > 0 ? ExitCode.findings : ExitCode.ok;
}
