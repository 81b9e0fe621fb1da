/**
 * What a build target supplies, as Ruff's linter and server share one rule registry: the compiler's build
 * (build-outputs.ts), `mlpc train`, `mlpc compare` and the language server know a target only through
 * this interface. Each target is one folder under src/targets/ and one line of src/targets/registry.ts.
 *
 * Only `name`, `extension`, `expectedFiles` and the flag lists are read on the light paths (`build
 * --check`, lint, the editor): an implementation keeps its printer, its emitter's packages and its
 * process handling behind dynamic imports inside the async members.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ModelIR } from '../ir/types.js';
import type { ExpectedFile } from './output-plan.js';

/** Build options that change the files a target writes. */
export interface BuildLayout {
  /** TypeScript: inline the runtime into every model file. Targets without a runtime file ignore it. */
  singleFile?: boolean;
}

export interface EmitContext extends BuildLayout {
  /** The output folder, as given (relative to `cwd` when relative): data paths are written from it. */
  out: string;
  cwd: string;
}

export interface EmittedFile {
  fileName: string;
  text: string;
}

/** What `mlpc train` and trainModel() pass to a generated script. */
export interface ScriptOptions {
  out: string;
  steps?: number;
  seed?: number;
  initFrom?: string;
  evalEvery?: number;
  /** TypeScript: the TensorFlow.js backend. */
  backend?: 'node' | 'wasm' | 'cpu';
  /** TypeScript: training threads. */
  workers?: number;
  /** PyTorch: intra-op threads. */
  threads?: number;
  /** PyTorch: auto, cpu or cuda. */
  device?: 'auto' | 'cpu' | 'cuda';
}

/** A script ready to run: `command` (the program and its leading arguments) then the script; no command: this node. */
export interface PreparedRun {
  scriptPath: string;
  command?: string[];
}

export interface Target {
  /** As `--target` and `targets:` name it. */
  name: string;
  /** Other names `--target` accepts (`tfjs`). */
  aliases?: readonly string[];
  /** How messages name its scripts: "the PyTorch script takes …". */
  label: string;
  /** The ending of its files in the output folder; a build owns (and may orphan) only its targets' files. */
  extension: string;
  /**
   * The files a build of these models writes, named before anything is emitted, in the order `emit`
   * returns them: `build --check` decides missing files from this list without loading the emitter.
   */
  expectedFiles(irs: readonly ModelIR[], layout: BuildLayout): ExpectedFile[];
  /** Features of these models the target cannot express, as errors at their spec lines. */
  obstacles(irs: readonly ModelIR[]): Promise<Diagnostic[]>;
  /** Every file of a build of these models (runtime files included), unstamped. */
  emit(irs: readonly ModelIR[], context: EmitContext): Promise<EmittedFile[]>;
  /** `mlpc train` flags only this target's scripts take (given to another target they are usage errors). */
  trainFlags: readonly string[];
  /** Flags its scripts take under `mlpc --debug` (TypeScript: a crash, exit 70, shows its stack). */
  debugFlags: readonly string[];
  /** The generated script's command-line flags for these options. */
  scriptFlags(options: ScriptOptions): string[];
  /** Emits the model's script into a run cache and names the program that runs it. */
  prepareRun(ir: ModelIR, options: { processes?: number }): Promise<PreparedRun>;
}

/** The flags every generated script takes, whichever its target. */
export function commonScriptFlags(options: ScriptOptions): string[] {
  const flags = ['--out', options.out];
  if (options.steps !== undefined) flags.push('--steps', String(options.steps));
  if (options.seed !== undefined) flags.push('--seed', String(options.seed));
  if (options.initFrom !== undefined) flags.push('--init-from', options.initFrom);
  return flags;
}
