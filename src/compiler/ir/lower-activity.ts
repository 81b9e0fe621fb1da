/**
 * `activity_regularizer` on a dense or conv2d layer: a penalty on the layer's output after its
 * activation, λ·Σ|a| (l1) or λ·Σa² (l2) divided by the batch size as tf.keras 2 divides it
 * (Layer._handle_activity_regularization). Semantics and sources: docs/spec-v1.md.
 */
import type { LayerSpec } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';
import type { ActivityRegularizerIR, LayerIR } from './types.js';

/** The spec node at `path` (a layer's mapping under model.layers, or inside a block). */
function specAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

export function lowerActivityRegularizers(layers: readonly LayerIR[], context: LowerContext): ActivityRegularizerIR[] {
  const found: ActivityRegularizerIR[] = [];
  for (const layer of layers) {
    if (layer.type !== 'dense' && layer.type !== 'conv2d' && layer.type !== 'conv1d') continue;
    const path = layer.ref.path;
    // Every instance of a repeated block shares its layers' spec nodes: each instance is penalized.
    const spec = specAt(context.spec, path) as LayerSpec | undefined;
    if (spec === undefined || (spec.type !== 'dense' && spec.type !== 'conv2d' && spec.type !== 'conv1d')) continue;
    const regularizer = spec.activity_regularizer;
    if (regularizer === undefined) continue;
    for (const kind of ['l1', 'l2'] as const) {
      const coefficient = regularizer[kind];
      if (coefficient === undefined) continue;
      found.push({ layer: layer.name, kind, coefficient, ref: context.ref([...path, 'activity_regularizer', kind]) });
    }
  }
  return found;
}
