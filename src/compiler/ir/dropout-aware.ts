/**
 * `dropout_aware: true` on an l2 regularizer: which dropout masks decide, at each step, the weights of
 * a parameter that a training example used. Dense layers only: a dropout mask over a conv layer's
 * output drops single positions of a feature map, not a filter, so "the weights not used" has no
 * per-filter meaning there.
 */
import type { RegularizerSpec } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';
import type { DropoutMaskIR, LayerIR, ParameterIR, RegularizerIR } from './types.js';

/** The dropout layers next to a dense layer's parameter: before it (its inputs) and after it through activations (its units). */
export function dropoutMasksOf(layers: readonly LayerIR[], parameter: ParameterIR): DropoutMaskIR[] {
  const index = layers.findIndex((layer) => layer.name === parameter.layer);
  const masks: DropoutMaskIR[] = [];
  const before = layers[index - 1];
  if (parameter.param === 'kernel' && before?.type === 'dropout') masks.push({ layer: before.name, rate: before.rate, side: 'inputs' });
  for (let next = index + 1; next < layers.length; next++) {
    const layer = layers[next];
    if (layer.type === 'activation') continue;
    if (layer.type === 'dropout') masks.push({ layer: layer.name, rate: layer.rate, side: 'units' });
    break;
  }
  return masks;
}

/** Where `dropout_aware` was written for this regularizer: beside its `l2` key. */
function awareKeyPath(regularizer: RegularizerIR): JsonPath {
  return [...regularizer.origin.entryRef.path.slice(0, -1), 'dropout_aware'];
}

function specAt(context: LowerContext, path: JsonPath): RegularizerSpec | undefined {
  let node: unknown = context.spec;
  for (const segment of path) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return node as RegularizerSpec | undefined;
}

/** Resolves the masks of every dropout-aware l2 regularizer; errors where the option cannot mean anything. */
export function lowerDropoutAware(layers: readonly LayerIR[], parameters: readonly ParameterIR[], context: LowerContext): void {
  const byKey = new Map<string, { path: JsonPath; parameters: ParameterIR[] }>();
  const reported = new Set<string>();
  for (const parameter of parameters) {
    for (const regularizer of parameter.regularizers) {
      const path = awareKeyPath(regularizer);
      const spec = specAt(context, path.slice(0, -1));
      if (spec?.dropout_aware !== true) continue;
      const key = path.join('/');
      if (regularizer.kind !== 'l2') {
        if (spec.l2 === undefined && !reported.has(key)) {
          reported.add(key);
          context.error('dropout-aware-needs-l2', path, 'dropout_aware applies to an l2 penalty; this entry has none', { atKey: true });
        }
        continue;
      }
      const layer = layers.find((candidate) => candidate.name === parameter.layer);
      if (layer?.type !== 'dense') {
        if (!reported.has(`${key}/${parameter.id}`)) {
          reported.add(`${key}/${parameter.id}`);
          context.error('dropout-aware-unsupported', path, `dropout_aware supports dense layers; ${parameter.id} belongs to a ${layer?.type ?? 'unknown'} layer`, {
            atKey: true,
          });
        }
        continue;
      }
      const masks = dropoutMasksOf(layers, parameter);
      regularizer.dropoutAware = { masks, expectedScale: masks.reduce((scale, mask) => scale * (1 - mask.rate), 1), ref: context.ref(path) };
      const entry = byKey.get(key) ?? { path, parameters: [] };
      entry.parameters.push(parameter);
      byKey.set(key, entry);
    }
  }
  for (const { path, parameters: selected } of byKey.values()) {
    if (selected.every((parameter) => parameter.regularizers.every((r) => !r.dropoutAware || r.dropoutAware.masks.length === 0))) {
      context.error(
        'dropout-aware-without-dropout',
        path,
        `dropout_aware: no dropout layer is next to ${selected.map((p) => p.id).join(', ')}, so the penalty would be plain L2`,
        { atKey: true, hint: 'put a dropout layer after the layer (or before it), or remove dropout_aware' },
      );
    }
  }
}
