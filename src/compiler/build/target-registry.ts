/**
 * The targets a build can emit, by name: `--target pytorch`, `--target typescript,pytorch`, `targets:` in
 * mlpc.config.yaml. The registry of the shipped targets is src/targets/registry.ts; a test can build a
 * registry of its own (a toy target beside them) and hand it to the same build.
 */
import { InputError } from '../errors.js';
import type { ModelIR } from '../ir/types.js';
import type { Target } from './target.js';

export class TargetRegistry {
  /** In the order a build emits them (and lists their files). */
  readonly targets: readonly Target[];
  /** Used when neither `--target` nor a config names any. */
  readonly defaults: readonly Target[];

  constructor(targets: readonly Target[], defaultNames: readonly string[]) {
    const names = targets.flatMap((target) => [target.name, ...(target.aliases ?? [])]);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated) throw new Error(`two targets are named ${repeated}`);
    this.targets = targets;
    this.defaults = defaultNames.map((name) => this.named(name));
  }

  get names(): string[] {
    return this.targets.map((target) => target.name);
  }

  private find(name: string): Target | undefined {
    return this.targets.find((target) => target.name === name || (target.aliases ?? []).includes(name));
  }

  /** A target by its name or an alias; an unknown name is a usage error. */
  named(name: string): Target {
    const target = this.find(name.trim());
    if (!target) throw new InputError(`unknown target '${name.trim()}' (targets: ${this.names.join(', ')})`);
    return target;
  }

  /** `--target` values (repeated or comma-separated): the targets named, in the registry's order. */
  parse(values: readonly string[]): Target[] {
    const named = new Set(values.flatMap((text) => text.split(',')).map((value) => this.named(value)));
    if (named.size === 0) throw new InputError(`--target needs a name (targets: ${this.names.join(', ')})`);
    return this.targets.filter((target) => named.has(target));
  }
}

/** The models each target of a build emits, in the registry's order; targets with none are left out. */
export type ModelsByTarget = ReadonlyMap<Target, readonly ModelIR[]>;

export function groupByTarget(registry: TargetRegistry, assignments: readonly { ir: ModelIR; targets: readonly Target[] }[]): ModelsByTarget {
  const grouped = new Map<Target, ModelIR[]>();
  for (const target of registry.targets) {
    const irs = assignments.filter((assignment) => assignment.targets.includes(target)).map((assignment) => assignment.ir);
    if (irs.length > 0) grouped.set(target, irs);
  }
  return grouped;
}
