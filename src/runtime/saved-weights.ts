/** The weights as a saved model holds them: Keras layout, tfjs-layers names, the model's weight order. */
import * as tf from '@tensorflow/tfjs';
import type { NamedWeight } from './save-model.js';
import { type LayerConfig, isUnitsMajor } from './shared/layer-config.js';
import { paramsByName } from './workers/team.js';

/** `params` (layer → param → tf.Variable) as saved; units-major kernels are transposed copies: call inside tf.tidy. */
export function kerasWeights(params: object, layers: readonly LayerConfig[]): NamedWeight[] {
  const layerTypes = new Map(layers.map((layer) => [layer.name, layer.type]));
  return [...paramsByName(params)].map(([name, variable]) => {
    const [layer, param] = name.split('/');
    const type = layerTypes.get(layer);
    if (type === undefined) throw new Error(`internal: no layer '${layer}' for the weight ${name}`);
    return { name, tensor: isUnitsMajor(type, param) ? tf.transpose(variable) : variable };
  });
}
