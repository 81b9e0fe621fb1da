/**
 * Regularizers and constraints: top-level rules in order, then layer shorthands, each entry traced to
 * the spec node that asked for it (Origin).
 */
import type { ConstraintSpec, RegularizerSpec, Selectors } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LayerSite } from './graph.js';
import type { LowerContext } from './lower-context.js';
import type { NamedParameter, Selection } from './selectors.js';
import { namedParameters, namesOf, selectNamed, selectorList, selectorText } from './selectors.js';
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

export function lowerRules(layers: readonly LayerIR[], sites: readonly LayerSite[], parameters: readonly ParameterIR[], context: LowerContext): void {
  const named = namedParameters(parameters, layers);
  applyRules('regularization', context.spec.regularization ?? [], named, context, (parameter, rule, originOf) =>
    parameter.regularizers.push(...regularizersOf(rule, originOf)),
  );
  applyRules('constraints', context.spec.constraints ?? [], named, context, (parameter, rule, originOf) =>
    parameter.constraints.push(...constraintsOf(rule, originOf)),
  );
  sites.forEach((site) => lowerShorthands(site, parameters, context));
}

function applyRules<Rule extends { params: Selectors }>(
  section: 'regularization' | 'constraints',
  rules: readonly Rule[],
  named: readonly NamedParameter[],
  context: LowerContext,
  apply: (parameter: ParameterIR, rule: Rule, originOf: OriginOf) => void,
): void {
  const word = section === 'regularization' ? 'regularization rule' : 'constraint rule';
  const purpose = section === 'regularization' ? 'regularizers' : 'constraints';
  const selections = rules.map((rule, ruleIndex) =>
    selectNamed(rule.params, [section, ruleIndex, 'params'], named, context, `${word} ${ruleIndex + 1}`, purpose),
  );
  checkTiedAgreement(section, word, selections, context);
  rules.forEach((rule, ruleIndex) => {
    const path: JsonPath = [section, ruleIndex];
    const originOf: OriginOf = (key) => ({
      kind: 'rule',
      section,
      ruleIndex,
      selectors: selectorList(rule.params).map(selectorText),
      ref: context.ref(path),
      entryRef: context.ref([...path, key]),
    });
    // Once per tensor, whichever of its names the rule matched.
    for (const parameter of selections[ruleIndex]?.names.keys() ?? []) apply(parameter, rule, originOf);
  });
}

/**
 * A tied tensor must get one answer: if the rules that select it under one name differ from those that
 * select it under another (nanoGPT 7c828855 -> 7fe4a099), that is an error naming the rules on both sides.
 */
function checkTiedAgreement(section: 'regularization' | 'constraints', word: string, selections: readonly Selection[], context: LowerContext): void {
  const tied = new Set(selections.flatMap((selection) => [...selection.names.keys()].filter((parameter) => parameter.aliases.length > 0)));
  for (const parameter of tied) {
    const names = namesOf(parameter);
    const rulesBy = names.map((name) => selections.flatMap((selection, index) => (selection.names.get(parameter)?.has(name) ? [index] : [])));
    const first = rulesBy[0] ?? [];
    const disagreeing = rulesBy.findIndex((list) => list.join() !== first.join());
    if (disagreeing < 0) continue;
    const describe = (list: number[]) => (list.length ? list.map((index) => `${word} ${index + 1} (line ${context.source.locate([section, index]).line})`).join(', ') : 'no rule');
    const culprit = [...first, ...(rulesBy[disagreeing] ?? [])].find((index) => !(first.includes(index) && rulesBy[disagreeing]?.includes(index))) ?? 0;
    const other = names[disagreeing] ?? '';
    context.error(
      'tied-conflict',
      [section, culprit, 'params'],
      `${parameter.id} and ${other} are one tied tensor, but ${section} differs by name: as ${parameter.id} ${describe(first)}, as ${other} ${describe(rulesBy[disagreeing] ?? [])}`,
      { hint: `select both names or neither, e.g. params: [${parameter.id}, ${other}]` },
    );
  }
}

const SHORTHANDS = [
  { field: 'kernel_regularizer', param: 'kernel' },
  { field: 'bias_regularizer', param: 'bias' },
  { field: 'kernel_constraint', param: 'kernel' },
] as const;

function lowerShorthands(site: LayerSite, parameters: readonly ParameterIR[], context: LowerContext): void {
  const layer = site.spec;
  if (layer.type !== 'dense' && layer.type !== 'conv2d' && layer.type !== 'conv1d') return;
  for (const { field, param } of SHORTHANDS) {
    const value = layer[field];
    if (value === undefined) continue;
    const path: JsonPath = [...site.path, field];
    if (layer.type === 'dense' && layer.tie !== undefined && param === 'kernel') {
      context.error('tied-shorthand', path, `${site.who}: its kernel is tied to ${layer.tie}; ${field} would act on that tensor under a second name`, {
        atKey: true,
        hint: `write a top-level rule selecting both names, e.g. params: [${layer.tie}, ${site.name}.kernel]`,
      });
      continue;
    }
    const parameter = parameters.find((p) => p.id === `${site.name}.${param}`);
    if (!parameter) {
      context.error('unmatched-selector', path, `${site.who}: ${field} has no ${param} to apply to (use_bias is false)`);
      continue;
    }
    const originOf: OriginOf = (key) => ({ kind: 'shorthand', layer: site.name, field, ref: context.ref(path), entryRef: context.ref([...path, key]) });
    if (field === 'kernel_constraint') parameter.constraints.push(...constraintsOf(value as ConstraintSpec, originOf));
    else parameter.regularizers.push(...regularizersOf(value as RegularizerSpec, originOf));
  }
}
