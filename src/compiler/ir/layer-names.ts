/** Layer names: the ones written must be unique in their list; the others are generated Keras-style, counted per type (dense_1, dropout_1). */
import type { LayerSpec } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';

export interface ResolvedName {
  name: string;
  generated: boolean;
}

/** `input` names the model's (or a block instance's) input in `from`, so no layer may take it. */
export const INPUT_NAME = 'input';

/**
 * Names of one list of layers (model.layers, or a block's layers). `label(index)` is how diagnostics
 * call the item: `layer 3`, or `block h, layer 3`.
 */
export function resolveLayerNames(
  layers: readonly LayerSpec[],
  context: LowerContext,
  listPath: JsonPath = ['model', 'layers'],
  label: (index: number) => string = (index) => `layer ${index + 1}`,
): ResolvedName[] {
  const firstUse = new Map<string, number>();
  layers.forEach((layer, index) => {
    if (layer.name === undefined) return;
    if (layer.name === INPUT_NAME) {
      context.error('reserved-name', [...listPath, index, 'name'], `${label(index)}: the name "input" is reserved for the model's input in from:`, {
        hint: 'choose another name',
      });
      return;
    }
    const earlier = firstUse.get(layer.name);
    if (earlier === undefined) {
      firstUse.set(layer.name, index);
      return;
    }
    context.error('duplicate-name', [...listPath, index, 'name'], `${label(index)}: the name "${layer.name}" is already used by ${label(earlier)}`, {
      related: [{ message: 'first used here', location: context.source.locate([...listPath, earlier, 'name']) }],
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
