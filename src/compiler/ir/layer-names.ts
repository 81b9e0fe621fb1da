/** Layer names: the ones written must be unique; the others are generated Keras-style, counted per type (dense_1, dropout_1). */
import type { LayerSpec } from '../spec/spec-types.js';
import type { LowerContext } from './lower-context.js';

export interface ResolvedName {
  name: string;
  generated: boolean;
}

export function resolveLayerNames(layers: readonly LayerSpec[], context: LowerContext): ResolvedName[] {
  const firstUse = new Map<string, number>();
  layers.forEach((layer, index) => {
    if (layer.name === undefined) return;
    const earlier = firstUse.get(layer.name);
    if (earlier === undefined) {
      firstUse.set(layer.name, index);
      return;
    }
    context.error('duplicate-name', ['model', 'layers', index, 'name'], `layer ${index + 1}: the name "${layer.name}" is already used by layer ${earlier + 1}`, {
      related: [{ message: 'first used here', location: context.source.locate(['model', 'layers', earlier, 'name']) }],
      hint: 'layer names must be unique; parameters are named "<layer>.<param>"',
    });
  });
  const counters = new Map<string, number>();
  return layers.map((layer) => {
    if (layer.name !== undefined) return { name: layer.name, generated: false };
    let name: string;
    do {
      const next = (counters.get(layer.type) ?? 0) + 1;
      counters.set(layer.type, next);
      name = `${layer.type}_${next}`;
    } while (firstUse.has(name));
    return { name, generated: true };
  });
}
