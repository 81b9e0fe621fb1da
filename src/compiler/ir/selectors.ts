/** Selectors: globs over "<layer>.<param>" (picomatch) that pick the parameters a rule applies to. */
import picomatch from 'picomatch';
import { didYouMean } from '../spec/did-you-mean.js';
import type { Selectors } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';
import type { ParameterIR } from './types.js';

export function selectorList(selectors: Selectors): string[] {
  return typeof selectors === 'string' ? [selectors] : selectors;
}

/** What a selector could have meant: the parameter ids, and the globs "*.<param>" and "<layer>.*". */
function suggestions(parameters: readonly ParameterIR[]): string[] {
  const params = new Set(parameters.map((parameter) => `*.${parameter.param}`));
  const layers = new Set(parameters.map((parameter) => `${parameter.layer}.*`));
  return [...parameters.map((parameter) => parameter.id), ...params, ...layers];
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

const GLOB_CHARACTERS = /[*?[\]{}!]/;

/**
 * The trainable parameters the selectors pick, in parameter order. A selector that picks nothing, or
 * only non-trainable parameters (batch_norm moving statistics), is an error at its node.
 */
export function selectParameters(
  selectors: Selectors,
  selectorsPath: JsonPath,
  parameters: readonly ParameterIR[],
  context: LowerContext,
  who: string,
  purpose: string,
): ParameterIR[] {
  const list = selectorList(selectors);
  const chosen = new Set<ParameterIR>();
  list.forEach((selector, index) => {
    const path = typeof selectors === 'string' ? selectorsPath : [...selectorsPath, index];
    const isMatch = matcher(selector);
    const matched = parameters.filter((parameter) => isMatch(parameter.id));
    const trainable = matched.filter((parameter) => parameter.trainable);
    const ids = parameters.map((parameter) => parameter.id);
    if (matched.length === 0) {
      context.error('unmatched-selector', path, `${who}: "${selector}" matches no parameter${didYouMean(selector, suggestions(parameters))}`, {
        hint: ids.length ? `parameters: ${ids.join(', ')}` : 'the model has no parameters',
      });
      return;
    }
    const explicitNonTrainable = !GLOB_CHARACTERS.test(selector) && trainable.length === 0;
    if (trainable.length === 0 || explicitNonTrainable) {
      const names = matched.map((parameter) => parameter.id).join(', ');
      context.error('non-trainable-parameter', path, `${who}: "${selector}" selects only non-trainable parameters (${names}); ${purpose} apply to trainable parameters`, {
        hint: 'batch_norm moving_mean and moving_variance are statistics, not weights',
      });
      return;
    }
    for (const parameter of trainable) chosen.add(parameter);
  });
  return parameters.filter((parameter) => chosen.has(parameter));
}
