/**
 * Emitting a build: the plan of each model (decisions, target-neutral), lowered for tfjs and printed
 * as a TypeScript model file (a graph model's by tfjs/graph-model-file.ts, or graph-examples-file.ts on examples), plus the runtime file they all import. All files of a build share one ts-morph Project and one
 * runtime file.
 */
import { IndentationText, NewLineKind, Project, QuoteKind } from 'ts-morph';
import type { ModelIR } from '../ir/types.js';
import { planModel } from './plan/plan-model.js';
import { isGraphModel, planGraphModel } from './plan/plan-graph-model.js';
import { printGraphExamplesFile } from './tfjs/graph-examples-file.js';
import { printGraphModelFile } from './tfjs/graph-model-file.js';
import { lowerForTfjs } from './tfjs/lower.js';
import { printModelFile } from './tfjs/model-file.js';
import { type RuntimeFile, buildRuntimeFile, runtimeFileName } from './tfjs/runtime-file.js';

export { packageRoot, runtimeFileName } from './tfjs/runtime-file.js';
export type { RuntimeFile } from './tfjs/runtime-file.js';

export interface EmittedScript {
  name: string;
  /** `<name>.ts`, relative to the output folder. */
  fileName: string;
  text: string;
}

export interface EmitOptions {
  /** The output folder, from the working directory: data paths in model files are relative to it. */
  outDir: string;
  /** How model files import the runtime (default `./mlpc-runtime.js`, the file beside them). */
  runtimeSpecifier?: string;
  /** Each model file carries the runtime inlined, and no runtime file is written. */
  singleFile?: boolean;
  /** Data files by absolute path: for a model file that stays on this machine (mlpc train's cache). */
  absoluteDataPaths?: boolean;
}

/** The module specifier of the runtime file from a model file beside it. */
export const runtimeSpecifier = `./${runtimeFileName.replace(/\.ts$/, '.js')}`;

function shownFolder(outDir: string): string {
  return outDir.replace(/\\/g, '/').replace(/\/+$/, '') || '.';
}

export class ScriptEmitter {
  private readonly project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
    },
  });
  private runtimeFile: RuntimeFile | null = null;

  /** The runtime file every model file imports (built once per emitter). */
  runtime(): RuntimeFile {
    this.runtimeFile ??= buildRuntimeFile(this.project);
    return this.runtimeFile;
  }

  emit(ir: ModelIR, options: EmitOptions): EmittedScript {
    const fileName = `${ir.name}.ts`;
    if (isGraphModel(ir)) {
      // A graph model (spec v2) is printed as text: its file has no ts-morph declarations to format.
      const plan = planGraphModel(ir);
      const graphOptions = {
        outDir: options.outDir,
        displayDir: shownFolder(options.outDir),
        runtimeSpecifier: options.runtimeSpecifier ?? runtimeSpecifier,
        singleFile: options.singleFile,
        absoluteDataPaths: options.absoluteDataPaths,
      };
      // A language model (token windows) or a graph trained on examples (the sequential models' loop).
      const text = plan.task === 'language_model' ? printGraphModelFile(plan, this.runtime(), graphOptions) : printGraphExamplesFile(plan, this.runtime(), graphOptions);
      return { name: ir.name, fileName, text };
    }
    const file = this.project.createSourceFile(`/generated/${fileName}`, '', { overwrite: true });
    const text = printModelFile(file, lowerForTfjs(planModel(ir)), this.runtime(), {
      outDir: options.outDir,
      displayDir: shownFolder(options.outDir),
      runtimeSpecifier: options.runtimeSpecifier ?? runtimeSpecifier,
      singleFile: options.singleFile,
      absoluteDataPaths: options.absoluteDataPaths,
    });
    this.project.removeSourceFile(file);
    return { name: ir.name, fileName, text };
  }
}

export interface EmittedBuild {
  /** The runtime file to write beside the model files; null in single-file mode. */
  runtime: RuntimeFile | null;
  scripts: EmittedScript[];
}

/** Emits the runtime file and every model's file for the output folder `outDir`, models in the given order. */
export function emitBuild(models: readonly ModelIR[], outDir: string, options?: { singleFile?: false }): EmittedBuild & { runtime: RuntimeFile };
export function emitBuild(models: readonly ModelIR[], outDir: string, options: { singleFile?: boolean }): EmittedBuild;
export function emitBuild(models: readonly ModelIR[], outDir: string, options: { singleFile?: boolean } = {}): EmittedBuild {
  const emitter = new ScriptEmitter();
  const scripts = models.map((ir) => emitter.emit(ir, { outDir, singleFile: options.singleFile }));
  return { runtime: options.singleFile ? null : emitter.runtime(), scripts };
}

/**
 * Every file of a build as the output folder gets it, in expectedFiles' order (src/compiler/build/):
 * the runtime file (unless single-file), then one model file per spec.
 */
export function emitScripts(models: readonly ModelIR[], outDir: string, options: { singleFile?: boolean } = {}): { fileName: string; text: string }[] {
  const build = emitBuild(models, outDir, options);
  const runtime = build.runtime ? [{ fileName: build.runtime.fileName, text: build.runtime.text }] : [];
  return [...runtime, ...build.scripts.map(({ fileName, text }) => ({ fileName, text }))];
}
