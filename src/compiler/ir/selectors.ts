/**
 * Selectors pick the parameters a rule applies to: a glob over "<layer>.<param>" (picomatch), or a
 * mapping by rank, kind and layer type ({ndim: "< 2"}, {kind: [bias, norm_gain]}). A tied tensor can be
 * selected under each of its names (owner id and aliases); each name has its own kind and layer type.
 */
import picomatch from 'picomatch';
import { didYouMean } from '../spec/did-you-mean.js';
import type { Selector, SelectorMapping, Selectors } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';
import type { LayerIR, ParamKind, ParameterIR } from './types.js';

export function selectorList(selectors: Selectors): Selector[] {
  return Array.isArray(selectors) ? selectors : [selectors];
}

const asList = (value: string | string[]): string[] => (typeof value === 'string' ? [value] : value);

/** A selector as written, one line: the glob itself, or `{ndim: "< 2", kind: [bias, norm_gain]}`. */
export function selectorText(selector: Selector): string {
  if (typeof selector === 'string') return selector;
  const parts: string[] = [];
  if (selector.ndim !== undefined) parts.push(`ndim: ${typeof selector.ndim === 'string' ? JSON.stringify(selector.ndim) : selector.ndim}`);
  if (selector.kind !== undefined) parts.push(`kind: ${typeof selector.kind === 'string' ? selector.kind : `[${selector.kind.join(', ')}]`}`);
  if (selector.layer_type !== undefined) {
    parts.push(`layer_type: ${typeof selector.layer_type === 'string' ? selector.layer_type : `[${selector.layer_type.join(', ')}]`}`);
  }
  return `{${parts.join(', ')}}`;
}

/** One name a parameter can be selected under. */
export interface NamedParameter {
  parameter: ParameterIR;
  name: string;
  kind: ParamKind;
  layerType: string;
}

/** Every parameter under its id, then under each alias (a tied dense kernel is a `kernel` of a `dense` layer). */
export function namedParameters(parameters: readonly ParameterIR[], layers: readonly Pick<LayerIR, 'name' | 'type'>[]): NamedParameter[] {
  const typeOf = new Map(layers.map((layer) => [layer.name, layer.type as string]));
  return parameters.flatMap((parameter) => [
    { parameter, name: parameter.id, kind: parameter.kind, layerType: typeOf.get(parameter.layer) ?? '' },
    ...parameter.aliases.map((alias) => ({ parameter, name: alias, kind: 'kernel' as const, layerType: typeOf.get(alias.slice(0, alias.lastIndexOf('.'))) ?? '' })),
  ]);
}

const matchers = new Map<string, (id: string) => boolean>();

/** picomatch compiles a glob to a RegExp; the same few globs ("*.kernel") recur across specs. */
function matcher(selector: string): (id: string) => boolean {
  let isMatch = matchers.get(selector);
  if (!isMatch) {
    isMatch = picomatch(selector);
    matchers.set(selector, isMatch);
  }
  return isMatch;
}

function rankMatches(condition: number | string, ndim: number): boolean {
  if (typeof condition === 'number') return ndim === condition;
  const match = /^(<=|>=|<|>|==) ?(\d)$/.exec(condition);
  if (!match) return false;
  const bound = Number(match[2]);
  switch (match[1]) {
    case '<':
      return ndim < bound;
    case '<=':
      return ndim <= bound;
    case '>':
      return ndim > bound;
    case '>=':
      return ndim >= bound;
    default:
      return ndim === bound;
  }
}

function mappingMatches(selector: SelectorMapping, named: NamedParameter): boolean {
  if (selector.ndim !== undefined && !rankMatches(selector.ndim, named.parameter.ndim)) return false;
  if (selector.kind !== undefined && !asList(selector.kind).includes(named.kind)) return false;
  return selector.layer_type === undefined || asList(selector.layer_type).includes(named.layerType);
}

export function selectorMatches(selector: Selector, named: NamedParameter): boolean {
  return typeof selector === 'string' ? matcher(selector)(named.name) : mappingMatches(selector, named);
}

/** The parameters (trainable or not) one glob matches under their ids, in parameter order (the editor's hover). */
export function matchingParameters<P extends Pick<ParameterIR, 'id'>>(selector: string, parameters: readonly P[]): P[] {
  const isMatch = matcher(selector);
  return parameters.filter((parameter) => isMatch(parameter.id));
}

/** What a glob could have meant: the parameter names, and the globs "*.<param>" and "<layer>.*". */
function suggestions(named: readonly NamedParameter[]): string[] {
  const params = new Set(named.map((entry) => `*.${entry.parameter.param}`));
  const layers = new Set(named.map((entry) => `${entry.parameter.layer}.*`));
  return [...named.map((entry) => entry.name), ...params, ...layers];
}

const GLOB_CHARACTERS = /[*?[\]{}!]/;

/** Which trainable names each selector of a rule picked; the rule's selectors are one set. */
export interface Selection {
  /** Names picked, by parameter (owner id and aliases as matched). */
  names: Map<ParameterIR, Set<string>>;
}

/**
 * The trainable parameters the selectors pick, with the names they were picked under. A selector that
 * picks nothing, or only non-trainable parameters (batch_norm moving statistics), is an error at its node.
 */
export function selectNamed(
  selectors: Selectors,
  selectorsPath: JsonPath,
  named: readonly NamedParameter[],
  context: LowerContext,
  who: string,
  purpose: string,
): Selection {
  const list = selectorList(selectors);
  const names = new Map<ParameterIR, Set<string>>();
  list.forEach((selector, index) => {
    const path = Array.isArray(selectors) ? [...selectorsPath, index] : selectorsPath;
    const matched = named.filter((entry) => selectorMatches(selector, entry));
    const trainable = matched.filter((entry) => entry.parameter.trainable);
    const shown = typeof selector === 'string' ? `"${selector}"` : selectorText(selector);
    if (matched.length === 0) {
      const ids = named.map((entry) => entry.name);
      const suggestion = typeof selector === 'string' ? didYouMean(selector, suggestions(named)) : '';
      context.error('unmatched-selector', path, `${who}: ${shown} matches no parameter${suggestion}`, {
        hint: ids.length ? `parameters: ${ids.join(', ')}` : 'the model has no parameters',
      });
      return;
    }
    const explicitNonTrainable = typeof selector === 'string' && !GLOB_CHARACTERS.test(selector) && trainable.length === 0;
    if (trainable.length === 0 || explicitNonTrainable) {
      const list = matched.map((entry) => entry.name).join(', ');
      context.error('non-trainable-parameter', path, `${who}: ${shown} selects only non-trainable parameters (${list}); ${purpose} apply to trainable parameters`, {
        hint: 'batch_norm moving_mean and moving_variance are statistics, not weights',
      });
      return;
    }
    for (const entry of trainable) {
      const set = names.get(entry.parameter) ?? new Set<string>();
      set.add(entry.name);
      names.set(entry.parameter, set);
    }
  });
  return { names };
}

/** The names of a parameter: its id and its aliases. */
export function namesOf(parameter: ParameterIR): string[] {
  return [parameter.id, ...parameter.aliases];
}
