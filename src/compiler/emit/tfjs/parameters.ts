/** The Params / Grads types and the seeded initialization of every parameter. */
import type { FunctionDeclarationStructure, InterfaceDeclarationStructure, OptionalKind } from 'ts-morph';
import type { TfjsParameter } from './tfjs-plan.js';
import { type PrintContext, lineText, parametersByLayer, tensorType } from './context.js';
import { stringLiteral } from './literals.js';
import { initializerCall } from './initializer-call.js';

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

export function initParamsFunction(context: PrintContext): OptionalKind<FunctionDeclarationStructure> {
  const scope = context.module.child();
  const seed = scope.reserve('seed');
  const { tf } = context.names;
  const lines: string[] = ['return {'];
  for (const [layer, parameters] of parametersByLayer(context.plan, false)) {
    lines.push(`${layer}: {`);
    for (const parameter of parameters) {
      const where = parameter.initLine ? ` // ${lineText(parameter.initLine)}` : '';
      const draw = initializerCall(context, parameter.shape, parameter.init, `${context.rt('deriveSeed')}(${seed}, ${parameter.seedStream})`);
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
