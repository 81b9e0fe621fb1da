/**
 * `mlpc train FILE`: compile the spec (errors as diagnostics, exit 2), emit and transpile its script
 * into node_modules/.cache/mlpc/, and run it with node; the run's exit code is mlpc's.
 */
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { debugEnabled } from '../action.js';
import { ExitCode } from '../exit-codes.js';
import { InputError } from '../../compiler/errors.js';
import { compileSpecs } from '../../compiler/build/compile-specs.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { runScript } from '../../train/run-script.js';
import { prepareRun, scriptFlags } from '../../train/train-model.js';
import type { Target } from '../../compiler/build/target.js';
import { targetRegistry } from '../../targets/registry.js';

export interface TrainCommandOptions {
  steps?: string;
  seed?: string;
  backend?: string;
  out?: string;
  evalEvery?: string;
  workers?: string;
  target?: string;
  threads?: string;
  device?: string;
  processes?: string;
  initFrom?: string;
  resume?: boolean;
  checkpointEvery?: string;
  color?: boolean;
}

function parseCount(flag: string, text: string | undefined, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < minimum) throw new InputError(`${flag} expects an integer >= ${minimum}, got '${text}'`);
  return Number(text);
}

function parseBackend(text: string | undefined): 'node' | 'wasm' | 'cpu' | undefined {
  if (text === undefined || text === 'node' || text === 'wasm' || text === 'cpu') return text;
  throw new InputError(`--backend expects node, wasm or cpu, got '${text}'`);
}

function parseDevice(text: string | undefined): 'auto' | 'cpu' | 'cuda' | undefined {
  if (text === undefined || text === 'auto' || text === 'cpu' || text === 'cuda') return text;
  throw new InputError(`--device expects auto, cpu or cuda, got '${text}'`);
}

/** "--a, --b and --c" */
function listFlags(flags: readonly string[]): string {
  return flags.length > 1 ? `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)}` : flags.join('');
}

/** Flags of one target given to another are usage errors, not silently ignored. */
function checkTargetFlags(target: Target, options: TrainCommandOptions): void {
  const given: Record<string, string | undefined> = {
    '--backend': options.backend,
    '--workers': options.workers,
    '--threads': options.threads,
    '--device': options.device,
    '--processes': options.processes,
  };
  for (const other of targetRegistry.targets.filter((candidate) => candidate !== target)) {
    const flag = other.trainFlags.find((name) => !target.trainFlags.includes(name) && given[name] !== undefined);
    if (flag) {
      throw new InputError(`${flag} is a flag of --target ${other.name}; the ${target.label} script takes ${listFlags(target.trainFlags)}`);
    }
  }
}

/**
 * Without --target: the first of the nearest mlpc.config.yaml's `targets:` (the one a project lists first
 * is the one it trains with), else the registry's default. An invalid config is reported by lint and build;
 * here it falls back to the default rather than hide the run's own errors.
 */
async function configuredTargets(file: string): Promise<readonly Target[]> {
  const { loadLintConfig } = await import('../../compiler/lint/config.js');
  const { config, diagnostics } = await loadLintConfig(file);
  if (hasErrors(diagnostics) || !config.targets || config.targets.length === 0) return targetRegistry.defaults;
  return targetRegistry.parse(config.targets.slice(0, 1));
}

export async function runTrain(file: string, options: TrainCommandOptions): Promise<number> {
  const targets = options.target === undefined ? await configuredTargets(file) : targetRegistry.parse([options.target]);
  if (targets.length !== 1) {
    throw new InputError(`mlpc train runs one target at a time: ${targetRegistry.names.map((name) => `--target ${name}`).join(' or ')}`);
  }
  const target = targets[0];
  checkTargetFlags(target, options);
  const steps = parseCount('--steps', options.steps, 0);
  const seed = parseCount('--seed', options.seed, 0);
  const evalEvery = parseCount('--eval-every', options.evalEvery, 1);
  const checkpointEvery = parseCount('--checkpoint-every', options.checkpointEvery, 0);
  const workers = parseCount('--workers', options.workers, 1);
  const threads = parseCount('--threads', options.threads, 1);
  const processes = parseCount('--processes', options.processes, 1);
  const device = parseDevice(options.device);
  const backend = parseBackend(options.backend);
  const compiled = await compileSpecs([file], { dataMustExist: true });
  if (hasErrors(compiled.diagnostics) || compiled.specs.length === 0) {
    await printDiagnostics(compiled.diagnostics, compiled.texts, options.color);
    process.stderr.write('mlpc train: invalid spec, nothing run\n');
    return ExitCode.invalidInput;
  }
  const { ir } = compiled.specs[0];
  const obstacles = await target.obstacles([ir]);
  if (obstacles.length > 0) {
    await printDiagnostics(obstacles, compiled.texts);
    process.stderr.write(`mlpc train: --target ${target.name} cannot express this spec, nothing run\n`);
    return ExitCode.invalidInput;
  }
  const { scriptPath, command } = await prepareRun(ir, { target: target.name, processes });
  // The targets' default folders differ, so a run of one target never replaces another's metrics.
  const out = options.out ?? target.defaultOut?.(ir.name) ?? `runs/${ir.name}`;
  const debug = debugEnabled() ? target.debugFlags : [];
  const flags = [...scriptFlags({ out, steps, seed, backend, evalEvery, workers, target: target.name, threads, device, initFrom: options.initFrom, resume: options.resume, checkpointEvery }), ...debug];
  const run = await runScript(scriptPath, flags, { inheritOutput: true, command });
  return run.exitCode;
}
