/** What every section printer of a model file shares: the plan, the naming scopes, the runtime imports. */
import type { SpecLine } from '../plan.js';
import type { TfjsParameter, TfjsPlan } from './tfjs-plan.js';
import type { RuntimeFile } from './runtime-file.js';
import { NameScope, languageNames } from './scope.js';

/** The module-level declarations of a model file, as the module scope named them. */
export interface ModuleNames {
  tf: string;
  loadData: string;
  Params: string;
  Grads: string;
  initParams: string;
  trainingStep: string;
  penalty: string;
  predict: string;
  OptimizerSlots: string;
  createOptimizerSlots: string;
  applyUpdates: string;
  applyConstraints: string;
  maxNormActivity: string;
  plateau: string;
}

export class PrintContext {
  readonly module: NameScope;
  readonly names: ModuleNames;
  private readonly runtimeExports: Set<string>;
  private readonly runtimeTypes: Set<string>;
  private readonly used = new Set<string>();
  /** Identifier of each penalty term (by penalty id), the same in every function that names it. */
  readonly penaltyNames = new Map<string, string>();

  constructor(
    readonly plan: TfjsPlan,
    runtime: Pick<RuntimeFile, 'exports' | 'typeExports' | 'declarations'>,
    /** The output folder as printed in comments (e.g. `generated`). */
    readonly displayDir: string,
    /** The output folder's path from the build's working directory, to make data paths relative to it. */
    readonly outDir: string,
    /** Name data files by absolute path (a model file that stays on this machine). */
    readonly absoluteDataPaths = false,
  ) {
    this.runtimeExports = new Set(runtime.exports);
    this.runtimeTypes = new Set(runtime.typeExports);
    // Every runtime declaration, exported or not: in single-file mode they all share the file's scope.
    this.module = new NameScope(null, [...languageNames(), ...runtime.declarations]);
    const declare = (name: string) => this.module.claim(name);
    this.names = {
      tf: declare('tf'),
      loadData: declare('loadData'),
      Params: declare('Params'),
      Grads: declare('Grads'),
      initParams: declare('initParams'),
      trainingStep: declare('trainingStep'),
      penalty: declare('penalty'),
      predict: declare('predict'),
      OptimizerSlots: declare('OptimizerSlots'),
      createOptimizerSlots: declare('createOptimizerSlots'),
      applyUpdates: declare('applyUpdates'),
      applyConstraints: declare('applyConstraints'),
      maxNormActivity: declare('maxNormActivity'),
      plateau: declare('plateau'),
    };
  }

  /** A runtime export, imported by the model file. */
  rt(name: string): string {
    if (!this.runtimeExports.has(name)) throw new Error(`internal: the runtime exports no '${name}'`);
    this.used.add(name);
    return name;
  }

  /** The runtime names the file uses, type-only ones marked, sorted: its import list. */
  runtimeImports(): string[] {
    return [...this.used].sort().map((name) => (this.runtimeTypes.has(name) ? `type ${name}` : name));
  }

  parameter(id: string): TfjsParameter {
    const parameter = this.plan.parameters.find((candidate) => candidate.id === id);
    if (!parameter) throw new Error(`internal: no parameter ${id} in the plan`);
    return parameter;
  }

  /** `params.hidden.kernel`: Params mirrors the spec's `layer.param` ids. */
  access(root: string, id: string): string {
    const parameter = this.parameter(id);
    return `${root}.${parameter.layer}.${parameter.param}`;
  }
}

/** A spec position for a comment: `specs/seed.yaml:17`. */
export function lineText(line: SpecLine): string {
  return `${line.file}:${line.line}`;
}

/** tfjs tensor type by rank. */
export function tensorType(tf: string, rank: number): string {
  return rank >= 1 && rank <= 6 ? `${tf}.Tensor${rank}D` : `${tf}.Tensor`;
}

/** Layers with parameters, in order, each with its parameters (all of them, or the trainable ones). */
export function parametersByLayer(plan: TfjsPlan, trainableOnly: boolean): Map<string, TfjsParameter[]> {
  const byLayer = new Map<string, TfjsParameter[]>();
  for (const parameter of plan.parameters) {
    if (trainableOnly && !parameter.trainable) continue;
    const list = byLayer.get(parameter.layer) ?? [];
    list.push(parameter);
    byLayer.set(parameter.layer, list);
  }
  return byLayer;
}
