/**
 * The backward pass, written in reverse layer order from the IR with the runtime kernels' explicit
 * gradients (no autograd: on wasm, autograd's transposed matMuls are 5–37× slower). Layers before the
 * first layer with trainable parameters get no backward pass, and that layer no input gradient.
 */
import type { LayerIR, ModelIR, ParameterIR } from '../ir/types.js';
import { forwardResultName } from './forward.js';
import { camelCase } from './names.js';
import { tensorType } from './parameters.js';

function hasTrainableParameters(ir: ModelIR, layer: LayerIR): boolean {
  return ir.parameters.some((parameter) => parameter.layer === layer.name && parameter.trainable);
}

function parameterOf(ir: ModelIR, layer: LayerIR, param: string): ParameterIR | undefined {
  return ir.parameters.find((parameter) => parameter.layer === layer.name && parameter.param === param && parameter.trainable);
}

/**
 * Statements from `outputGradient` (dLoss/dOutput) to every parameter gradient, and the Grads object
 * literal lines (data-loss gradients, plus `stepPenalties`: applyUpdates adds the other penalty gradients).
 */
export function backwardStatements(
  ir: ModelIR,
  outputGradient: string,
  /** Parameter id → penalty gradients computed in the step (dropout-aware L2), added to the data gradient. */
  stepPenalties: ReadonlyMap<string, { expression: string; comment: string }> = new Map(),
): { lines: string[]; grads: string[] } {
  const firstTrainable = ir.layers.findIndex((layer) => hasTrainableParameters(ir, layer));
  const lines: string[] = [];
  const gradientOf = new Map<string, string>();
  let upstream = outputGradient;
  for (let index = ir.layers.length - 1; index >= Math.max(firstTrainable, 0) && firstTrainable >= 0; index--) {
    const layer = ir.layers[index];
    const cache = `${forwardResultName(layer)}.cache`;
    const needInputGradient = index > firstTrainable;
    const name = `${camelCase(layer.name)}Backward`;
    switch (layer.type) {
      case 'dense':
      case 'conv2d': {
        const kernel = layer.type === 'dense' ? 'denseBackward' : 'conv2dBackward';
        lines.push(`const ${name} = ${kernel}(${upstream}, ${cache}, ${needInputGradient});`);
        gradientOf.set(`${layer.name}.kernel`, `${name}.dKernel`);
        if (layer.useBias) gradientOf.set(`${layer.name}.bias`, `${name}.dBias!`);
        upstream = `${name}.dx!`;
        break;
      }
      case 'batch_norm':
        lines.push(`const ${name} = batchNormBackward(${upstream}, ${cache});`);
        gradientOf.set(`${layer.name}.gamma`, `${name}.dGamma`);
        gradientOf.set(`${layer.name}.beta`, `${name}.dBeta`);
        upstream = `${name}.dx`;
        break;
      case 'dropout':
        lines.push(`const ${name} = dropoutBackward(${upstream}, ${cache});`);
        upstream = name;
        break;
      case 'activation':
        lines.push(`const ${name} = activationBackward(${upstream}, ${cache});`);
        upstream = name;
        break;
      case 'flatten':
        // flattenBackward returns a tf.Tensor of any rank: the layer's input rank is known here.
        lines.push(`const ${name} = flattenBackward(${upstream}, ${cache}) as ${tensorType(layer.inputShape.length + 1)};`);
        upstream = name;
        break;
      case 'max_pool2d':
        lines.push(`const ${name} = maxPool2dBackward(${upstream}, ${cache});`);
        upstream = name;
        break;
    }
  }
  const grads: string[] = [];
  const trainableLayers = [...new Set(ir.parameters.filter((p) => p.trainable).map((p) => p.layer))];
  for (const layerName of trainableLayers) {
    const layer = ir.layers.find((candidate) => candidate.name === layerName);
    if (!layer) continue;
    grads.push(`${layerName}: {`);
    for (const parameter of ir.parameters.filter((p) => p.layer === layerName && p.trainable)) {
      const dataGradient = gradientOf.get(parameter.id);
      if (!dataGradient || !parameterOf(ir, layer, parameter.param)) {
        throw new Error(`internal: no gradient emitted for ${parameter.id}`);
      }
      const penalty = stepPenalties.get(parameter.id);
      grads.push(
        penalty
          ? `${parameter.param}: tf.addN([${dataGradient}, ${penalty.expression}]), // + ${penalty.comment}`
          : `${parameter.param}: ${dataGradient},`,
      );
    }
    grads.push('},');
  }
  return { lines, grads };
}
