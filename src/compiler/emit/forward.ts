/**
 * The forward pass, written layer by layer from the IR with the runtime layer kernels. Training mode
 * keeps each layer's cache for the backward pass and applies dropout; inference mode skips dropout
 * and uses batch norm's moving statistics.
 */
import type { LayerIR, ModelIR } from '../ir/types.js';
import { camelCase, numberLiteral, stringLiteral } from './names.js';

export type PassMode = 'training' | 'inference';

/** Name of a layer's forward result in the training step ({ y, cache }). */
export function forwardResultName(layer: LayerIR): string {
  return `${camelCase(layer.name)}Forward`;
}

function pair(values: readonly [number, number]): string {
  return `[${values[0]}, ${values[1]}]`;
}

function paramOrNull(layer: LayerIR, param: string, present: boolean): string {
  return present ? `params.${layer.name}.${param}` : 'null';
}

/** The forward call of one layer on `input`, or null when the layer is the identity in this mode. */
function forwardCall(layer: LayerIR, input: string, mode: PassMode): string | null {
  switch (layer.type) {
    case 'dense':
      return `denseForward(${input}, params.${layer.name}.kernel, ${paramOrNull(layer, 'bias', layer.useBias)}, ${stringLiteral(layer.activation)})`;
    case 'conv2d':
      return (
        `conv2dForward(${input}, params.${layer.name}.kernel, ${paramOrNull(layer, 'bias', layer.useBias)}, ` +
        `${pair(layer.strides)}, ${stringLiteral(layer.padding)}, ${stringLiteral(layer.activation)})`
      );
    case 'dropout':
      // A fresh mask each step: the step's seed plus the layer's position.
      return mode === 'training' ? `dropoutForward(${input}, ${numberLiteral(layer.rate)}, stepSeed + ${layer.index})` : null;
    case 'activation':
      return `activationForward(${input}, ${stringLiteral(layer.activation)})`;
    case 'flatten':
      return `flattenForward(${input})`;
    case 'max_pool2d':
      return `maxPool2dForward(${input}, ${pair(layer.poolSize)}, ${pair(layer.strides)}, ${stringLiteral(layer.padding)})`;
    case 'batch_norm': {
      const p = `params.${layer.name}`;
      return (
        `batchNormForward(${input}, ${p}.gamma, ${p}.beta, ${p}.moving_mean, ${p}.moving_variance, ` +
        `{ momentum: ${numberLiteral(layer.momentum)}, epsilon: ${numberLiteral(layer.epsilon)}, training: ${mode === 'training'} })`
      );
    }
  }
}

/** Statements of the forward pass from `input`, and the expression of the model's output. */
export function forwardStatements(ir: ModelIR, input: string, mode: PassMode): { lines: string[]; output: string } {
  const lines: string[] = [];
  let current = input;
  for (const layer of ir.layers) {
    const call = forwardCall(layer, current, mode);
    if (call === null) {
      lines.push(`// ${layer.name}: ${layer.type} is the identity at inference`);
      continue;
    }
    if (mode === 'training') {
      const name = forwardResultName(layer);
      const note = layer.type === 'dropout' ? ' // training only: predict() skips it' : '';
      lines.push(`const ${name} = ${call};${note}`);
      current = `${name}.y`;
    } else {
      const name = `${camelCase(layer.name)}Output`;
      lines.push(`const ${name} = ${call}.y;`);
      current = name;
    }
  }
  return { lines, output: current };
}
