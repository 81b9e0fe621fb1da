/**
 * AdamW's decoupled weight decay per parameter: every trainable parameter is decayed unless an
 * `exclude` entry matches it (under its id or an alias); the IR records which rule decided. A tied
 * tensor excluded under one name and decayed under the other is an error naming both rules: nanoGPT
 * 7c828855 put the tied wte/lm_head tensor in both groups, and 7fe4a099 had to resolve it.
 */
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';
import type { NamedParameter } from './selectors.js';
import { namedParameters, selectNamed, selectorList, selectorMatches, selectorText } from './selectors.js';
import type { LayerIR, OptimizerIR, ParameterIR, WeightDecayOriginIR } from './types.js';

export function lowerWeightDecay(optimizer: OptimizerIR, layers: readonly LayerIR[], parameters: readonly ParameterIR[], context: LowerContext): void {
  if (optimizer.type !== 'adamw' || optimizer.weightDecay === 0) return;
  const spec = context.spec.training.optimizer;
  if (spec.type !== 'adamw') return;
  const named = namedParameters(parameters, layers);
  const entries = spec.exclude === undefined ? [] : selectorList(spec.exclude);
  const excludePath: JsonPath = ['training', 'optimizer', 'exclude'];
  const entryPath = (index: number): JsonPath => (Array.isArray(spec.exclude) ? [...excludePath, index] : excludePath);
  if (spec.exclude !== undefined) selectNamed(spec.exclude, excludePath, named, context, 'training.optimizer.exclude', 'exclusions from weight decay');
  const defaultPath: JsonPath = spec.weight_decay === undefined ? ['training', 'optimizer'] : ['training', 'optimizer', 'weight_decay'];
  const decide = (entry: NamedParameter): WeightDecayOriginIR => {
    const index = entries.findIndex((selector) => selectorMatches(selector, entry));
    const selector = entries[index];
    if (selector === undefined) return { kind: 'default', ref: context.ref(defaultPath) };
    return { kind: 'exclude', entryIndex: index, selector: selectorText(selector), matchedName: entry.name, ref: context.ref(entryPath(index)) };
  };
  for (const parameter of parameters) {
    if (!parameter.trainable) continue;
    const answers = named.filter((entry) => entry.parameter === parameter).map(decide);
    const first = answers[0];
    if (!first) continue;
    const other = answers.find((answer) => answer.kind !== first.kind);
    if (other) reportConflict(parameter, first, other, context);
    parameter.weightDecay = first.kind === 'default';
    parameter.weightDecayOrigin = first;
  }
}

function reportConflict(parameter: ParameterIR, first: WeightDecayOriginIR, other: WeightDecayOriginIR, context: LowerContext): void {
  const excluded = first.kind === 'exclude' ? first : other;
  const decayed = first.kind === 'default' ? first : other;
  if (excluded.kind !== 'exclude') return;
  const decayedName = excluded.matchedName === parameter.id ? (parameter.aliases[0] ?? parameter.id) : parameter.id;
  context.error(
    'tied-conflict',
    excluded.ref.path,
    `${parameter.id} and ${parameter.aliases.join(', ')} are one tied tensor, but exclude entry ${excluded.entryIndex + 1} ${excluded.selector} ` +
      `(line ${excluded.ref.location.line}) excludes it as ${excluded.matchedName} while weight_decay (line ${decayed.ref.location.line}) decays it as ${decayedName}`,
    {
      related: [{ message: 'decayed by this', location: decayed.ref.location }],
      hint: `one tensor gets one answer: exclude both names (e.g. [${parameter.id}, ${decayedName}]) or neither`,
    },
  );
}
