/** The Params / Grads types and the seeded initialization of every parameter. */
import type { FunctionDeclarationStructure, InterfaceDeclarationStructure, OptionalKind } from 'ts-morph';
import type { InitializerPlan } from '../plan.js';
import type { TfjsParameter } from './tfjs-plan.js';
import { type PrintContext, lineText, parametersByLayer, tensorType } from './context.js';
import { numberLiteral, shapeLiteral, stringLiteral } from './literals.js';

function nestedInterface(
  name: string,
  docs: string,
  byLayer: Map<string, TfjsParameter[]>,
  typeOf: (parameter: TfjsParameter) => string,
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

export function paramsInterface(context: PrintContext): OptionalKind<InterfaceDeclarationStructure> {
  const { tf } = context.names;
  return nestedInterface(
    context.names.Params,
    'Every parameter of the model as a tf.Variable named `layer/param`, as tfjs-layers names it. ' +
      'Dense kernels are held transposed, [units, in], and saved as [in, units].',
    parametersByLayer(context.plan, false),
    (parameter) => `${tf}.Variable<${tf}.Rank.R${parameter.storedShape.length}>`,
  );
}

export function gradsInterface(context: PrintContext): OptionalKind<InterfaceDeclarationStructure> {
  return nestedInterface(
    context.names.Grads,
    `Gradient of the data loss with respect to each trainable parameter (${context.names.applyUpdates} adds the penalty gradients).`,
    parametersByLayer(context.plan, true),
    (parameter) => tensorType(context.names.tf, parameter.storedShape.length),
  );
}

function initializerCall(context: PrintContext, parameter: TfjsParameter, init: InitializerPlan, seed: string): string {
  const shape = shapeLiteral(parameter.shape);
  const call = (name: string, ...args: (string | number)[]) =>
    `${context.rt(name)}(${[shape, ...args.map((arg) => (typeof arg === 'number' ? numberLiteral(arg) : arg))].join(', ')})`;
  switch (init.type) {
    case 'zeros':
      return call('zerosInit');
    case 'ones':
      return call('onesInit');
    case 'constant':
      return call('constantInit', init.value);
    case 'random_normal':
      return call('randomNormalInit', init.mean, init.stddev, seed);
    case 'truncated_normal':
      return call('truncatedNormalInit', init.mean, init.stddev, seed);
    case 'random_uniform':
      return call('randomUniformInit', init.minval, init.maxval, seed);
    case 'glorot_uniform':
      return call('glorotUniformInit', init.fanIn, init.fanOut, seed);
    case 'glorot_normal':
      return call('glorotNormalInit', init.fanIn, init.fanOut, seed);
    case 'he_uniform':
      return call('heUniformInit', init.fanIn, seed);
    case 'he_normal':
      return call('heNormalInit', init.fanIn, seed);
    case 'lecun_normal':
      return call('lecunNormalInit', init.fanIn, seed);
  }
}

export function initParamsFunction(context: PrintContext): OptionalKind<FunctionDeclarationStructure> {
  const scope = context.module.child();
  const seed = scope.reserve('seed');
  const { tf } = context.names;
  const lines: string[] = ['return {'];
  for (const [layer, parameters] of parametersByLayer(context.plan, false)) {
    lines.push(`${layer}: {`);
    for (const parameter of parameters) {
      const where = parameter.initLine ? ` // ${lineText(parameter.initLine)}` : '';
      const draw = initializerCall(context, parameter, parameter.init, `${context.rt('deriveSeed')}(${seed}, ${parameter.seedStream})`);
      const initial = parameter.storage === 'units_major' ? `${context.rt('transposedOnce')}(${draw})` : draw;
      lines.push(
        `${parameter.param}: ${tf}.variable(${initial} as ${tensorType(tf, parameter.storedShape.length)}, ` +
          `${parameter.trainable}, ${stringLiteral(parameter.weightName)}),${where}`,
      );
    }
    lines.push('},');
  }
  lines.push('};');
  return {
    name: context.names.initParams,
    docs: ['Initial values as the spec asks (Keras formulas and defaults, drawn in Keras layout), each from its own seed stream.'],
    parameters: [{ name: seed, type: 'number' }],
    returnType: context.names.Params,
    statements: lines.join('\n'),
  };
}
