/**
 * Regularizers and constraints: top-level rules in order, then layer shorthands, each entry traced to
 * the spec node that asked for it (Origin).
 */
import type { ConstraintSpec, LayerSpec, RegularizerSpec, Selectors } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';
import { selectParameters, selectorList } from './selectors.js';
import type { ConstraintIR, LayerIR, Origin, ParameterIR, RegularizerIR } from './types.js';

type OriginOf = (key: string) => Origin;

function regularizersOf(spec: RegularizerSpec, originOf: OriginOf): RegularizerIR[] {
  const entries: RegularizerIR[] = [];
  for (const key of Object.keys(spec)) {
    if (key === 'l1' && spec.l1 !== undefined) entries.push({ kind: 'l1', lambda: spec.l1, origin: originOf(key) });
    if (key === 'l2' && spec.l2 !== undefined) entries.push({ kind: 'l2', lambda: spec.l2, origin: originOf(key) });
  }
  return entries;
}

function constraintsOf(spec: ConstraintSpec, originOf: OriginOf): ConstraintIR[] {
  const entries: ConstraintIR[] = [];
  for (const key of Object.keys(spec)) {
    if (key === 'max_norm' && spec.max_norm !== undefined) entries.push({ kind: 'max_norm', maxValue: spec.max_norm, origin: originOf(key) });
    if (key === 'non_neg' && spec.non_neg) entries.push({ kind: 'non_neg', origin: originOf(key) });
    if (key === 'unit_norm' && spec.unit_norm) entries.push({ kind: 'unit_norm', origin: originOf(key) });
  }
  return entries;
}

export function lowerRules(layers: readonly LayerIR[], parameters: readonly ParameterIR[], context: LowerContext): void {
  applyRules('regularization', context.spec.regularization ?? [], parameters, context, (parameter, rule, originOf) =>
    parameter.regularizers.push(...regularizersOf(rule, originOf)),
  );
  applyRules('constraints', context.spec.constraints ?? [], parameters, context, (parameter, rule, originOf) =>
    parameter.constraints.push(...constraintsOf(rule, originOf)),
  );
  context.spec.model.layers.forEach((layer, index) => {
    const name = layers[index]?.name;
    if (name !== undefined) lowerShorthands(layer, index, name, parameters, context);
  });
}

function applyRules<Rule extends { params: Selectors }>(
  section: 'regularization' | 'constraints',
  rules: readonly Rule[],
  parameters: readonly ParameterIR[],
  context: LowerContext,
  apply: (parameter: ParameterIR, rule: Rule, originOf: OriginOf) => void,
): void {
  const word = section === 'regularization' ? 'regularization rule' : 'constraint rule';
  const purpose = section === 'regularization' ? 'regularizers' : 'constraints';
  rules.forEach((rule, ruleIndex) => {
    const path: JsonPath = [section, ruleIndex];
    const selected = selectParameters(rule.params, [...path, 'params'], parameters, context, `${word} ${ruleIndex + 1}`, purpose);
    const originOf: OriginOf = (key) => ({
      kind: 'rule',
      section,
      ruleIndex,
      selectors: selectorList(rule.params),
      ref: context.ref(path),
      entryRef: context.ref([...path, key]),
    });
    for (const parameter of selected) apply(parameter, rule, originOf);
  });
}

const SHORTHANDS = [
  { field: 'kernel_regularizer', param: 'kernel' },
  { field: 'bias_regularizer', param: 'bias' },
  { field: 'kernel_constraint', param: 'kernel' },
] as const;

function lowerShorthands(layer: LayerSpec, index: number, layerName: string, parameters: readonly ParameterIR[], context: LowerContext): void {
  if (layer.type !== 'dense' && layer.type !== 'conv2d') return;
  for (const { field, param } of SHORTHANDS) {
    const value = layer[field];
    if (value === undefined) continue;
    const path: JsonPath = ['model', 'layers', index, field];
    const parameter = parameters.find((p) => p.id === `${layerName}.${param}`);
    if (!parameter) {
      context.error('unmatched-selector', path, `layer ${index + 1} (${layer.type} ${layerName}): ${field} has no ${param} to apply to (use_bias is false)`);
      continue;
    }
    const originOf: OriginOf = (key) => ({ kind: 'shorthand', layer: layerName, field, ref: context.ref(path), entryRef: context.ref([...path, key]) });
    if (field === 'kernel_constraint') parameter.constraints.push(...constraintsOf(value as ConstraintSpec, originOf));
    else parameter.regularizers.push(...regularizersOf(value as RegularizerSpec, originOf));
  }
}
