/**
 * What the spec's targets cannot express, shown in the editor as `mlpc build` reports it (errors at the
 * spec's lines): the targets are those of the nearest mlpc.config.yaml's `targets:`, else the registry's
 * default. The same registry and obstacles as the build, so the editor and the build never disagree.
 */
import type { Target } from '../compiler/build/target.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { ModelIR } from '../compiler/ir/types.js';
import type { LintConfig } from '../compiler/lint/config.js';
import { isInputError } from '../compiler/errors.js';
import { targetRegistry } from '../targets/registry.js';

export async function targetObstacles(ir: ModelIR, config: LintConfig): Promise<Diagnostic[]> {
  let targets: readonly Target[];
  try {
    targets = config.targets ? targetRegistry.parse(config.targets) : targetRegistry.defaults;
  } catch (error) {
    // An unknown target name is the config's own problem, reported on the config file.
    if (isInputError(error)) return [];
    throw error;
  }
  const found: Diagnostic[] = [];
  for (const target of targets) found.push(...(await target.obstacles([ir])));
  return found;
}
