/**
 * The optimizer, written per trainable parameter with the runtime update functions (Keras formulas),
 * including AdamW's decoupled weight decay on exactly the parameters the IR marks, and the
 * learning-rate schedule.
 */
import type { FunctionDeclarationStructure, InterfaceDeclarationStructure, OptionalKind } from 'ts-morph';
import type { LearningRateIR, ModelIR, OptimizerIR, ParameterIR } from '../ir/types.js';
import { gradientWithPenalties, termsOn } from './loss.js';
import { numberLiteral, paramAccess, specLine } from './names.js';
import { parametersByLayer } from './parameters.js';

/** Slot type per parameter, or null when the optimizer keeps no state (plain SGD). */
function slotType(optimizer: OptimizerIR): { type: string; create: (param: string) => string } | null {
  switch (optimizer.type) {
    case 'sgd':
      return optimizer.momentum > 0 ? { type: 'MomentumSlot', create: (param) => `createMomentumSlot(${param})` } : null;
    case 'adam':
    case 'adamw':
      return { type: 'AdamSlots', create: (param) => `createAdamSlots(${param})` };
    case 'rmsprop':
      return {
        type: 'RmspropSlots',
        create: (param) => `createRmspropSlots(${param}, ${numberLiteral(optimizer.momentum)})`,
      };
  }
}

export function optimizerHasSlots(ir: ModelIR): boolean {
  return slotType(ir.training.optimizer) !== null;
}

export function slotDeclarations(ir: ModelIR): {
  slotsInterface: OptionalKind<InterfaceDeclarationStructure>;
  createSlots: OptionalKind<FunctionDeclarationStructure>;
} | null {
  const slots = slotType(ir.training.optimizer);
  if (slots === null) return null;
  const byLayer = parametersByLayer(ir, true);
  return {
    slotsInterface: {
      name: 'OptimizerSlots',
      docs: [`State of the ${ir.training.optimizer.type} optimizer, per trainable parameter.`],
      properties: [...byLayer].map(([layer, parameters]) => ({
        name: layer,
        type: `{ ${parameters.map((parameter) => `${parameter.param}: ${slots.type}`).join('; ')} }`,
      })),
    },
    createSlots: {
      name: 'createOptimizerSlots',
      parameters: [{ name: 'params', type: 'Params' }],
      returnType: 'OptimizerSlots',
      statements: [
        'return {',
        ...[...byLayer].flatMap(([layer, parameters]) => [
          `${layer}: {`,
          ...parameters.map((parameter) => `${parameter.param}: ${slots.create(paramAccess(parameter))},`),
          '},',
        ]),
        '};',
      ].join('\n'),
    },
  };
}

function learningRateExpression(rate: LearningRateIR): string {
  if (rate.kind === 'constant') return numberLiteral(rate.value);
  return (
    `exponentialDecay(iteration, ${numberLiteral(rate.initial)}, ${rate.decaySteps}, ` +
    `${numberLiteral(rate.decayRate)}, ${rate.staircase})`
  );
}

function updateCall(optimizer: OptimizerIR, param: string, grad: string, slot: string): string {
  switch (optimizer.type) {
    case 'sgd':
      return optimizer.momentum > 0
        ? `momentumUpdate(${param}, ${grad}, ${slot}, learningRate, ${numberLiteral(optimizer.momentum)}, ${optimizer.nesterov});`
        : `sgdUpdate(${param}, ${grad}, learningRate);`;
    case 'adam':
    case 'adamw':
      return (
        `adamUpdate(${param}, ${grad}, ${slot}, learningRate, iteration, ${numberLiteral(optimizer.beta1)}, ` +
        `${numberLiteral(optimizer.beta2)}, ${numberLiteral(optimizer.epsilon)});`
      );
    case 'rmsprop':
      return (
        `rmspropUpdate(${param}, ${grad}, ${slot}, learningRate, ${numberLiteral(optimizer.rho)}, ` +
        `${numberLiteral(optimizer.momentum)}, ${numberLiteral(optimizer.epsilon)});`
      );
  }
}

/**
 * The update of one parameter with its penalty gradients. Plain SGD with only L2 terms folds them into
 * the step, w ← w·(1 − 2ηλ) − η·dW (exact: the same w − η(dW + 2λw), three passes over w instead of
 * five); other optimizers get the full gradient dW + Σ penalty gradients, since they transform it.
 */
function parameterUpdate(ir: ModelIR, parameter: ParameterIR): string {
  const optimizer = ir.training.optimizer;
  const param = paramAccess(parameter);
  const dataGradient = paramAccess(parameter, 'grads');
  const terms = termsOn(ir, parameter);
  const plainSgd = optimizer.type === 'sgd' && optimizer.momentum === 0;
  if (plainSgd && terms.length > 0 && terms.every((term) => term.regularizer.kind === 'l2')) {
    const lambda = terms.map((term) => numberLiteral(term.regularizer.lambda)).join(' + ');
    const names = terms.map((term) => term.name).join(', ');
    return `sgdUpdateWithL2(${param}, ${dataGradient}, learningRate, ${lambda}); // + ${names}: 2λw, folded into the step`;
  }
  const gradient = gradientWithPenalties(ir, parameter, dataGradient);
  return `${updateCall(optimizer, param, gradient.expression, paramAccess(parameter, 'slots'))}${gradient.comment}`;
}

function describeOptimizer(optimizer: OptimizerIR): string {
  switch (optimizer.type) {
    case 'sgd':
      return optimizer.momentum > 0 ? `sgd, momentum ${optimizer.momentum}${optimizer.nesterov ? ' (Nesterov)' : ''}` : 'sgd';
    case 'adam':
      return 'adam';
    case 'adamw':
      return `adamw, decoupled weight decay ${optimizer.weightDecay}`;
    case 'rmsprop':
      return 'rmsprop';
  }
}

export function applyUpdatesFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const optimizer = ir.training.optimizer;
  const hasSlots = slotType(optimizer) !== null;
  const lines = [`const learningRate = ${learningRateExpression(optimizer.learningRate)};`];
  for (const parameter of ir.parameters.filter((p) => p.trainable)) {
    const param = paramAccess(parameter);
    if (optimizer.type === 'adamw') {
      lines.push(
        parameter.weightDecay
          ? `decoupledWeightDecay(${param}, learningRate, ${numberLiteral(optimizer.weightDecay)}); // ${specLine(ir, optimizer.ref.location.line)}`
          : `// ${parameter.id}: no weight decay (exclude: ${optimizer.exclude.join(', ')})`,
      );
    }
    lines.push(parameterUpdate(ir, parameter));
  }
  return {
    name: 'applyUpdates',
    docs: [
      `Optimizer: ${describeOptimizer(optimizer)} (${specLine(ir, optimizer.ref.location.line)}). ` +
        '`iteration` counts the updates already applied.',
    ],
    parameters: [
      { name: 'params', type: 'Params' },
      { name: 'grads', type: 'Grads' },
      ...(hasSlots ? [{ name: 'slots', type: 'OptimizerSlots' }] : []),
      { name: 'iteration', type: 'number' },
    ],
    returnType: 'void',
    statements: lines.join('\n'),
  };
}
