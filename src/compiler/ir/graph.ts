/**
 * The layer graph: model.layers with blocks expanded into their instances (`h.0.attn`, `h.1.attn`...),
 * each layer's inputs resolved from `from` (default: the previous layer). A `from` may only name a
 * layer above it in its own list (or `input`), so the graph is acyclic by construction and spec order
 * is a topological order.
 */
import { didYouMean } from '../spec/did-you-mean.js';
import type { LayerSpec } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import { INPUT_NAME, resolveLayerNames } from './layer-names.js';
import type { LowerContext } from './lower-context.js';
import type { BlockPlacement } from './types.js';

export type PlainLayerSpec = Exclude<LayerSpec, { type: 'block' }>;

export interface LayerSite {
  spec: PlainLayerSpec;
  /** The layer's mapping node: ['model', 'layers', 3, 'layers', 1] inside a block. */
  path: JsonPath;
  /** Full dotted name. */
  name: string;
  generated: boolean;
  block?: BlockPlacement;
  /** Full names of the layers feeding this one ('input' for the model's input). */
  inputs: string[];
  /** How diagnostics call the layer: `layer 2 (dropout dropout_1)`, `block h, layer 2 (causal_self_attention h.0.attn)`. */
  who: string;
}

export interface LayerGraph {
  sites: LayerSite[];
  /** False after a `from` error: the inputs of some layer are unknown. */
  ok: boolean;
}

interface Scope {
  /** Local name -> full name of the output it stands for, for the layers above the current one. */
  visible: Map<string, string>;
  /** Every local name of the list with its index, to tell a later layer from an unknown one. */
  all: Map<string, number>;
  /** What `input` means here: 'input', or the block instance's input. */
  input: string;
  listPath: JsonPath;
  label: (index: number) => string;
  /** Diagnostics are reported for the first instance of a block only: the others repeat the same lines. */
  report: boolean;
}

export function buildGraph(context: LowerContext): LayerGraph {
  const top = context.spec.model.layers;
  const names = resolveLayerNames(top, context);
  const state = { sites: [] as LayerSite[], ok: true };
  const scope: Scope = {
    visible: new Map(),
    all: new Map(names.map((entry, index) => [entry.name, index])),
    input: INPUT_NAME,
    listPath: ['model', 'layers'],
    label: (index) => `layer ${index + 1}`,
    report: true,
  };
  let previous = INPUT_NAME;
  top.forEach((spec, index) => {
    const { name, generated } = names[index] ?? { name: `${spec.type}_${index + 1}`, generated: true };
    const path: JsonPath = ['model', 'layers', index];
    const inputs = resolveFrom(spec, path, index, name, previous, scope, context, state);
    if (spec.type === 'block') {
      previous = expandBlock(spec, name, path, inputs, context, state);
    } else {
      state.sites.push({ spec, path, name, generated, inputs, who: `layer ${index + 1} (${spec.type} ${name})` });
      previous = name;
    }
    scope.visible.set(name, previous);
  });
  return state;
}

function expandBlock(
  spec: Extract<LayerSpec, { type: 'block' }>,
  blockName: string,
  path: JsonPath,
  inputs: string[],
  context: LowerContext,
  state: LayerGraph,
): string {
  const listPath: JsonPath = [...path, 'layers'];
  const label = (index: number) => `block ${blockName}, layer ${index + 1}`;
  const names = resolveLayerNames(spec.layers, context, listPath, label);
  if (inputs.length > 1) {
    context.error('graph-inputs', [...path, 'from'], `block ${blockName}: a block takes one input, got ${inputs.length}`, {
      hint: 'add the inputs first with {type: add, from: [...]}',
    });
    state.ok = false;
  }
  let instanceInput = inputs[0] ?? INPUT_NAME;
  for (let instance = 0; instance < (spec.repeat ?? 1); instance++) {
    const scope: Scope = {
      visible: new Map(),
      all: new Map(names.map((entry, index) => [entry.name, index])),
      input: instanceInput,
      listPath,
      label,
      report: instance === 0,
    };
    let previous = instanceInput;
    spec.layers.forEach((inner, index) => {
      const local = names[index]?.name ?? `${inner.type}_${index + 1}`;
      const innerPath: JsonPath = [...listPath, index];
      const layerInputs = resolveFrom(inner, innerPath, index, local, previous, scope, context, state);
      if (inner.type === 'block') {
        if (instance === 0) {
          context.error('nested-block', [...innerPath, 'type'], `${label(index)}: blocks do not nest`, { hint: 'write the inner layers directly in this block' });
        }
        state.ok = false;
        return;
      }
      const name = `${blockName}.${instance}.${local}`;
      state.sites.push({
        spec: inner,
        path: innerPath,
        name,
        generated: names[index]?.generated ?? true,
        block: { name: blockName, instance, local },
        inputs: layerInputs,
        who: `${label(index)} (${inner.type} ${name})`,
      });
      scope.visible.set(local, name);
      previous = name;
    });
    instanceInput = previous;
  }
  return instanceInput;
}

/** The full names a layer's `from` stands for; an unknown, later or self reference is an error at the `from` value. */
function resolveFrom(
  spec: LayerSpec,
  path: JsonPath,
  index: number,
  ownName: string,
  previous: string,
  scope: Scope,
  context: LowerContext,
  state: LayerGraph,
): string[] {
  if (spec.from === undefined) return [previous];
  const written = typeof spec.from === 'string' ? [spec.from] : spec.from;
  const who = `${scope.label(index)} (${spec.type} ${ownName})`;
  const fail = (at: JsonPath, code: string, message: string, extra: Parameters<LowerContext['error']>[3] = {}) => {
    state.ok = false;
    if (scope.report) context.error(code, at, `${who}: ${message}`, extra);
  };
  const inputs: string[] = [];
  written.forEach((reference, position) => {
    const at: JsonPath = typeof spec.from === 'string' ? [...path, 'from'] : [...path, 'from', position];
    if (reference === INPUT_NAME) {
      inputs.push(scope.input);
      return;
    }
    const full = scope.visible.get(reference);
    if (full !== undefined) {
      inputs.push(full);
      return;
    }
    const later = scope.all.get(reference);
    if (reference === ownName) {
      fail(at, 'graph-cycle', `from: "${reference}" names this layer itself; a layer cannot take its own output (a cycle)`);
    } else if (later !== undefined && later > index) {
      fail(at, 'graph-forward-reference', `from: "${reference}" names ${scope.label(later)}, below this one; a layer takes outputs of the layers above it (anything else is a cycle)`, {
        related: [{ message: `${reference} is defined here`, location: context.source.locate([...scope.listPath, later]) }],
        hint: 'move the layer above, or take its input from an earlier layer',
      });
    } else {
      const known = [INPUT_NAME, ...scope.visible.keys()];
      fail(at, 'graph-unknown-input', `from: "${reference}" names no layer above this one${didYouMean(reference, known)}`, {
        hint: `names here: ${known.join(', ')}`,
      });
    }
    inputs.push(previous);
  });
  if (spec.type === 'add' && written.length < 2) {
    fail([...path, 'from'], 'graph-inputs', `add sums two or more inputs, got ${written.length}`, { hint: 'e.g. from: [input, mlp_drop]' });
  } else if (spec.type !== 'add' && spec.type !== 'block' && written.length > 1) {
    fail([...path, 'from'], 'graph-inputs', `${spec.type} takes one input, got ${written.length}`, { hint: 'sum them first with {type: add, from: [...]}' });
  }
  return inputs;
}
