/**
 * `mlpc train FILE`: compile the spec (errors as diagnostics, exit 2), emit and transpile its script
 * into node_modules/.cache/mlpc/, and run it with node; the run's exit code is mlpc's.
 */
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { ExitCode } from '../exit-codes.js';
import { InputError } from '../../compiler/errors.js';
import { compileSpecs } from '../../compiler/build/compile-specs.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { prepareRunnableScript } from '../../train/prepare-script.js';
import { runScript } from '../../train/run-script.js';
import { scriptFlags } from '../../train/train-model.js';

export interface TrainCommandOptions {
  steps?: string;
  seed?: string;
  backend?: string;
  out?: string;
  evalEvery?: string;
  workers?: string;
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

export async function runTrain(file: string, options: TrainCommandOptions): Promise<number> {
  const steps = parseCount('--steps', options.steps, 0);
  const seed = parseCount('--seed', options.seed, 0);
  const evalEvery = parseCount('--eval-every', options.evalEvery, 1);
  const workers = parseCount('--workers', options.workers, 1);
  const backend = parseBackend(options.backend);
  const compiled = await compileSpecs([file]);
  if (hasErrors(compiled.diagnostics) || compiled.specs.length === 0) {
    await printDiagnostics(compiled.diagnostics, compiled.texts, options.color);
    process.stderr.write('mlpc train: invalid spec, nothing run\n');
    return ExitCode.invalidInput;
  }
  const { ir } = compiled.specs[0];
  const scriptPath = prepareRunnableScript(ir);
  const out = options.out ?? `runs/${ir.name}`;
  const run = await runScript(scriptPath, scriptFlags({ out, steps, seed, backend, evalEvery, workers }), { inheritOutput: true });
  return run.exitCode;
}
