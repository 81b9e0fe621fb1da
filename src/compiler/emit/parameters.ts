/** The Params / Grads types of a generated script and the seeded initialization of every parameter. */
import type { FunctionDeclarationStructure, InterfaceDeclarationStructure, OptionalKind } from 'ts-morph';
import type { InitializerIR, ModelIR, ParameterIR } from '../ir/types.js';
import { numberLiteral, paramAccess, shapeLiteral, specLine, stringLiteral, weightName } from './names.js';

/**
 * Dense kernels live on the backend units-major, [units, in] (see the dense runtime layer: XNNPACK
 * then never repacks them in the forward product); they are drawn and saved in Keras's [in, units].
 */
export function isUnitsMajor(ir: ModelIR, parameter: ParameterIR): boolean {
  return parameter.param === 'kernel' && ir.layers.some((layer) => layer.name === parameter.layer && layer.type === 'dense');
}

/** tfjs tensor type of a parameter by rank. */
export function tensorType(rank: number): string {
  return rank >= 1 && rank <= 6 ? `tf.Tensor${rank}D` : 'tf.Tensor';
}

function variableType(rank: number): string {
  return `tf.Variable<tf.Rank.R${rank}>`;
}

/** Layers with parameters, in order, each with its parameters (all of them, or the trainable ones). */
export function parametersByLayer(ir: ModelIR, trainableOnly: boolean): Map<string, ParameterIR[]> {
  const byLayer = new Map<string, ParameterIR[]>();
  for (const parameter of ir.parameters) {
    if (trainableOnly && !parameter.trainable) continue;
    const list = byLayer.get(parameter.layer) ?? [];
    list.push(parameter);
    byLayer.set(parameter.layer, list);
  }
  return byLayer;
}

function nestedInterface(
  name: string,
  docs: string,
  byLayer: Map<string, ParameterIR[]>,
  typeOf: (parameter: ParameterIR) => string,
): OptionalKind<InterfaceDeclarationStructure> {
  return {
    name,
    docs: [docs],
    properties: [...byLayer].map(([layer, parameters]) => ({
      name: layer,
      type: `{ ${parameters.map((parameter) => `${parameter.param}: ${typeOf(parameter)}`).join('; ')} }`,
    })),
  };
}

export function paramsInterface(ir: ModelIR): OptionalKind<InterfaceDeclarationStructure> {
  return nestedInterface(
    'Params',
    'Every parameter of the model as a tf.Variable named `layer/param`, as tfjs-layers names it. ' +
      'Dense kernels are held transposed, [units, in], and saved as [in, units].',
    parametersByLayer(ir, false),
    (parameter) => variableType(parameter.shape.length),
  );
}

export function gradsInterface(ir: ModelIR): OptionalKind<InterfaceDeclarationStructure> {
  return nestedInterface(
    'Grads',
    'Gradient of the data loss with respect to each trainable parameter (applyUpdates adds the penalty gradients).',
    parametersByLayer(ir, true),
    (parameter) => tensorType(parameter.shape.length),
  );
}

function initializerCall(parameter: ParameterIR, init: InitializerIR, seed: string): string {
  const shape = shapeLiteral(parameter.shape);
  const { args } = init;
  const number = (value: number | undefined, fallback: number) => numberLiteral(value ?? fallback);
  switch (init.type) {
    case 'zeros':
      return `zerosInit(${shape})`;
    case 'ones':
      return `onesInit(${shape})`;
    case 'constant':
      return `constantInit(${shape}, ${number(args.value, 0)})`;
    case 'random_normal':
      return `randomNormalInit(${shape}, ${number(args.mean, 0)}, ${number(args.stddev, 0.05)}, ${seed})`;
    case 'truncated_normal':
      return `truncatedNormalInit(${shape}, ${number(args.mean, 0)}, ${number(args.stddev, 0.05)}, ${seed})`;
    case 'random_uniform':
      return `randomUniformInit(${shape}, ${number(args.minval, -0.05)}, ${number(args.maxval, 0.05)}, ${seed})`;
    case 'glorot_uniform':
      return `glorotUniformInit(${shape}, ${parameter.fanIn}, ${parameter.fanOut}, ${seed})`;
    case 'glorot_normal':
      return `glorotNormalInit(${shape}, ${parameter.fanIn}, ${parameter.fanOut}, ${seed})`;
    case 'he_uniform':
      return `heUniformInit(${shape}, ${parameter.fanIn}, ${seed})`;
    case 'he_normal':
      return `heNormalInit(${shape}, ${parameter.fanIn}, ${seed})`;
    case 'lecun_normal':
      return `lecunNormalInit(${shape}, ${parameter.fanIn}, ${seed})`;
  }
}

/** Seed stream of a parameter's initial draw; streams below 100 are the loop's (batches, dropout). */
export const parameterSeedStreamBase = 100;

export function initParamsFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const lines: string[] = ['return {'];
  for (const [layer, parameters] of parametersByLayer(ir, false)) {
    lines.push(`${layer}: {`);
    for (const parameter of parameters) {
      const index = ir.parameters.indexOf(parameter);
      const seed = `deriveSeed(seed, ${parameterSeedStreamBase + index})`;
      const rank = parameter.shape.length;
      const where = parameter.init.ref ? ` // ${specLine(ir, parameter.init.ref.location.line)}` : '';
      const draw = initializerCall(parameter, parameter.init, seed);
      const initial = isUnitsMajor(ir, parameter) ? `transposedOnce(${draw})` : draw;
      lines.push(
        `${parameter.param}: tf.variable(${initial} as ${tensorType(rank)}, ` +
          `${parameter.trainable}, ${stringLiteral(weightName(parameter))}),${where}`,
      );
    }
    lines.push('},');
  }
  lines.push('};');
  return {
    name: 'initParams',
    docs: [
      'Initial values as the spec asks (Keras formulas and defaults, drawn in Keras layout), each from its own seed stream.',
    ],
    parameters: [{ name: 'seed', type: 'number' }],
    returnType: 'Params',
    statements: lines.join('\n'),
  };
}

/** Every parameter with its tfjs-layers weight name, in the model's weight order, for saving. */
export function namedWeightsFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  return {
    name: 'namedWeights',
    docs: ['The weights in Keras layout, for saving. Call inside tf.tidy (dense kernels are transposed copies).'],
    parameters: [{ name: 'params', type: 'Params' }],
    returnType: 'NamedWeight[]',
    statements: [
      'return [',
      ...ir.parameters.map((parameter) => {
        const tensor = isUnitsMajor(ir, parameter) ? `tf.transpose(${paramAccess(parameter)})` : paramAccess(parameter);
        return `{ name: ${stringLiteral(weightName(parameter))}, tensor: ${tensor} },`;
      }),
      '];',
    ].join('\n'),
  };
}
