/**
 * `mlpc train FILE`: compile the spec (errors as diagnostics, exit 2), emit and transpile its script
 * into node_modules/.cache/mlpc/, and run it with node; the run's exit code is mlpc's.
 */
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { unsupportedByPrinters } from '../../compiler/ir/unsupported.js';
import { debugEnabled } from '../action.js';
import { ExitCode } from '../exit-codes.js';
import { InputError } from '../../compiler/errors.js';
import { compileSpecs } from '../../compiler/build/compile-specs.js';
import { printDiagnostics } from '../report-diagnostics.js';
import { runScript } from '../../train/run-script.js';
import { prepareRun, scriptFlags } from '../../train/train-model.js';
import { parseTargets, type Target } from '../../compiler/build/targets.js';

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
  sample?: string;
  prompt?: string;
  temperature?: string;
  topK?: string;
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

/** Flags of one target given to the other are usage errors, not silently ignored. */
function checkTargetFlags(target: Target, options: TrainCommandOptions): void {
  const foreign =
    target === 'pytorch'
      ? ([['--backend', options.backend], ['--workers', options.workers]] as const)
      : ([['--threads', options.threads], ['--device', options.device], ['--processes', options.processes]] as const);
  for (const [flag, value] of foreign) {
    if (value !== undefined) {
      throw new InputError(
        target === 'pytorch'
          ? `${flag} is a flag of --target typescript; the PyTorch script takes --threads, --device and --processes`
          : `${flag} is a flag of --target pytorch; the TypeScript script takes --backend and --workers`,
      );
    }
  }
}

export async function runTrain(file: string, options: TrainCommandOptions): Promise<number> {
  const targets = options.target === undefined ? ['typescript' as const] : parseTargets([options.target]);
  if (targets.length !== 1) throw new InputError('mlpc train runs one target at a time: --target typescript or --target pytorch');
  const target = targets[0];
  checkTargetFlags(target, options);
  const steps = parseCount('--steps', options.steps, 0);
  const seed = parseCount('--seed', options.seed, 0);
  const evalEvery = parseCount('--eval-every', options.evalEvery, 1);
  const workers = parseCount('--workers', options.workers, 1);
  const threads = parseCount('--threads', options.threads, 1);
  const processes = parseCount('--processes', options.processes, 1);
  const device = parseDevice(options.device);
  const backend = parseBackend(options.backend);
  const compiled = await compileSpecs([file]);
  if (hasErrors(compiled.diagnostics) || compiled.specs.length === 0) {
    await printDiagnostics(compiled.diagnostics, compiled.texts, options.color);
    process.stderr.write('mlpc train: invalid spec, nothing run\n');
    return ExitCode.invalidInput;
  }
  const { ir } = compiled.specs[0];
  // The PyTorch printer prints spec v2's graph models; the TypeScript printer not yet.
  const unprintable = target === 'typescript' ? unsupportedByPrinters(ir) : [];
  if (unprintable.length > 0) {
    await printDiagnostics(unprintable, compiled.texts);
    process.stderr.write('mlpc train: the printers cannot print this spec yet, nothing run\n');
    return ExitCode.invalidInput;
  }
  if (target === 'pytorch') {
    const { pytorchDiagnostics } = await import('../../train/python.js');
    const obstacles = pytorchDiagnostics(ir);
    if (obstacles.length > 0) {
      await printDiagnostics(obstacles, compiled.texts);
      process.stderr.write('mlpc train: --target pytorch cannot express this spec, nothing run\n');
      return ExitCode.invalidInput;
    }
  }
  const { scriptPath, command } = await prepareRun(ir, { target, processes });
  // The targets' default folders differ, so a PyTorch run never replaces a TypeScript run's metrics.
  const out = options.out ?? (target === 'pytorch' ? `runs/${ir.name}-pytorch` : `runs/${ir.name}`);
  // --debug: a crash of the TypeScript script (exit 70) shows its stack too.
  const debug = target === 'typescript' && debugEnabled() ? ['--debug'] : [];
  // A language model's sampling flags, checked by the script itself (exit 2 on a bad value).
  const sampling = (
    [
      ['--sample', options.sample],
      ['--prompt', options.prompt],
      ['--temperature', options.temperature],
      ['--top-k', options.topK],
    ] as const
  ).flatMap(([flag, value]) => (value === undefined ? [] : [`${flag}=${value}`]));
  const flags = [...scriptFlags({ out, steps, seed, backend, evalEvery, workers, target, threads, device, initFrom: options.initFrom }), ...sampling, ...debug];
  const run = await runScript(scriptPath, flags, { inheritOutput: true, command });
  return run.exitCode;
}
