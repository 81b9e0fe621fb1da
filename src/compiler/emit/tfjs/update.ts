/**
 * penalty(params) as named terms with their spec lines, the optimizer's slots and update as the plan
 * decided it (penalty gradients added or folded, AdamW's decay groups, the schedule), and the
 * constraints after it.
 */
import type { FunctionDeclarationStructure, OptionalKind, TypeAliasDeclarationStructure, VariableStatementStructure } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { PenaltyPlan, UpdatePlan } from '../plan.js';
import type { TfjsConstraint, TfjsParameterUpdate } from './tfjs-plan.js';
import { type PrintContext, lineText, parametersByLayer } from './context.js';
import { numberLiteral, stringLiteral } from './literals.js';
import { camelCase } from './scope.js';
import { learningRateExpression, momentumRampExpression } from './learning-rate.js';
import type { RuntimeNames } from './runtime-names.js';

const penaltyFunction: Record<PenaltyPlan['kind'], { value: string; gradient: string; formula: string }> = {
  l2: { value: 'l2Penalty', gradient: 'l2PenaltyGradient', formula: '2λw' },
  l1: { value: 'l1Penalty', gradient: 'l1PenaltyGradient', formula: 'λ·sign(w)' },
  // Its gradient is added in trainingStep (./dropout-aware.ts), which has the masks.
  dropout_aware_l2: { value: 'l2Penalty', gradient: 'dropoutAwareL2Gradient', formula: '2λ·U⊙w' },
};

export function penaltyFunctionDeclaration(context: PrintContext): OptionalKind<FunctionDeclarationStructure> {
  const { names, plan } = context;
  const scope = context.module.child();
  const params = scope.reserve('params');
  const lines: string[] = [];
  if (plan.penalties.length === 0) {
    lines.push('// The spec penalizes no parameter.', `return ${names.tf}.scalar(0);`);
  } else {
    for (const penalty of plan.penalties) {
      const name = scope.claim(camelCase(penalty.id));
      context.penaltyNames.set(penalty.id, name);
      // A dropout-aware term's value depends on the step's masks; here, its expectation λ·Π(1 − r)·Σw².
      const aware = penalty.kind === 'dropout_aware_l2';
      lines.push(
        `const ${name} = ${context.rt(penaltyFunction[penalty.kind].value)}(${numberLiteral(aware ? penalty.expectedCoefficient : penalty.coefficient)}, ` +
          `${context.access(params, penalty.parameter)}); // ${lineText(penalty.line)}` +
          (aware ? `, dropout-aware: expected value, λ·${numberLiteral(penalty.expectedScale)}` : ''),
      );
    }
    lines.push(`return ${names.tf}.addN([${plan.penalties.map((penalty) => context.penaltyNames.get(penalty.id)).join(', ')}]) as ${names.tf}.Scalar;`);
  }
  return {
    name: names.penalty,
    docs: [
      'Penalty: one term per penalized parameter (Keras convention: l2 adds λ·Σw², l1 adds λ·Σ|w|). ' +
        `Its gradient is added in ${names.applyUpdates}. Call inside tf.tidy.`,
    ],
    parameters: [{ name: params, type: names.Params }],
    returnType: `${names.tf}.Scalar`,
    statements: lines.join('\n'),
  };
}

const slotKinds: Record<Exclude<UpdatePlan['slots'], 'none'>, { type: string; create: string }> = {
  momentum: { type: 'MomentumSlot', create: 'createMomentumSlot' },
  adam: { type: 'AdamSlots', create: 'createAdamSlots' },
  rmsprop: { type: 'RmspropSlots', create: 'createRmspropSlots' },
  adadelta: { type: 'AdadeltaSlots', create: 'createAdadeltaSlots' },
};

export function slotDeclarations(context: PrintContext): {
  slotsType: OptionalKind<TypeAliasDeclarationStructure>;
  createSlots: OptionalKind<FunctionDeclarationStructure>;
} | null {
  const { names, plan } = context;
  if (plan.update.slots === 'none') return null;
  const kind = slotKinds[plan.update.slots];
  const optimizer = plan.update.optimizer;
  const scope = context.module.child();
  const params = scope.reserve('params');
  let create = context.rt(kind.create);
  if (optimizer.type === 'rmsprop') {
    const param = scope.claim('param');
    create = `(${param}) => ${create}(${param}, ${numberLiteral(optimizer.momentum)})`;
  }
  const slotsType = `${context.rt('SlotsOf')}<${names.Grads}, ${context.rt(kind.type)}>`;
  return {
    slotsType: {
      name: names.OptimizerSlots,
      docs: [`State of the ${optimizer.type} optimizer, one ${kind.type} per trainable parameter.`],
      type: slotsType,
    },
    createSlots: {
      name: names.createOptimizerSlots,
      parameters: [{ name: params, type: names.Params }],
      returnType: names.OptimizerSlots,
      statements: `return ${context.rt('trainableSlots')}(${params}, ${create});`,
    },
  };
}

function describeOptimizer(update: UpdatePlan): string {
  const optimizer = update.optimizer;
  switch (optimizer.type) {
    case 'sgd': {
      const nesterov = optimizer.nesterov ? ' (Nesterov)' : '';
      if (optimizer.momentumRamp) {
        const ramp = optimizer.momentumRamp;
        return `sgd, momentum ${ramp.initial} rising linearly to ${ramp.final} over ${ramp.rampSteps} updates${nesterov}`;
      }
      return optimizer.momentum > 0 ? `sgd, momentum ${optimizer.momentum}${nesterov}` : 'sgd';
    }
    case 'adam':
      return 'adam';
    case 'adamw':
      return `adamw, decoupled weight decay ${optimizer.weightDecay}`;
    case 'rmsprop':
      return 'rmsprop';
    case 'adadelta':
      return `adadelta, rho ${optimizer.rho}, epsilon ${optimizer.epsilon}`;
  }
}

interface UpdateNames {
  params: string;
  grads: string;
  slots: string;
  iteration: string;
  learningRate: string;
  /** SGD's momentum of this update, when it follows a ramp. */
  momentum: string;
}

function updateCall(context: PrintContext, local: UpdateNames, param: string, grad: string, slot: string): string {
  const optimizer = context.plan.update.optimizer;
  const { learningRate, iteration } = local;
  switch (optimizer.type) {
    case 'sgd': {
      const momentum = optimizer.momentumRamp ? local.momentum : optimizer.momentum > 0 ? numberLiteral(optimizer.momentum) : null;
      return momentum !== null
        ? `${context.rt('momentumUpdate')}(${param}, ${grad}, ${slot}, ${learningRate}, ${momentum}, ${optimizer.nesterov});`
        : `${context.rt('sgdUpdate')}(${param}, ${grad}, ${learningRate});`;
    }
    case 'adam':
    case 'adamw':
      return (
        `${context.rt('adamUpdate')}(${param}, ${grad}, ${slot}, ${learningRate}, ${iteration}, ${numberLiteral(optimizer.beta1)}, ` +
        `${numberLiteral(optimizer.beta2)}, ${numberLiteral(optimizer.epsilon)});`
      );
    case 'rmsprop':
      return (
        `${context.rt('rmspropUpdate')}(${param}, ${grad}, ${slot}, ${learningRate}, ${numberLiteral(optimizer.rho)}, ` +
        `${numberLiteral(optimizer.momentum)}, ${numberLiteral(optimizer.epsilon)});`
      );
    case 'adadelta':
      return `${context.rt('adadeltaUpdate')}(${param}, ${grad}, ${slot}, ${learningRate}, ${numberLiteral(optimizer.rho)}, ${numberLiteral(optimizer.epsilon)});`;
  }
}

function penaltyOf(context: PrintContext, id: string): PenaltyPlan {
  const penalty = context.plan.penalties.find((candidate) => candidate.id === id);
  if (!penalty) throw new Error(`internal: no penalty ${id} in the plan`);
  return penalty;
}

/** The update of one parameter, with its penalty gradients folded or added as the plan says. */
function parameterUpdate(context: PrintContext, local: UpdateNames, update: TfjsParameterUpdate): string {
  const param = context.access(local.params, update.parameter);
  const dataGradient = context.access(local.grads, update.parameter);
  const termName = (id: string) => context.penaltyNames.get(id) ?? camelCase(id);
  if (update.foldedL2) {
    const names = update.foldedL2.penalties.map(termName).join(', ');
    const lambdas = update.foldedL2.penalties.map((id) => numberLiteral(penaltyOf(context, id).coefficient)).join(' + ');
    return `${context.rt('sgdUpdateWithL2')}(${param}, ${dataGradient}, ${local.learningRate}, ${lambdas}); // + ${names}: 2λw, folded into the step`;
  }
  if (update.addedGradients.length === 0) return updateCall(context, local, param, dataGradient, context.access(local.slots, update.parameter));
  const terms = update.addedGradients.map((id) => penaltyOf(context, id));
  const gradients = terms.map((term) => `${context.rt(penaltyFunction[term.kind].gradient)}(${numberLiteral(term.coefficient)}, ${param})`);
  const gradient = `${context.names.tf}.addN([${[dataGradient, ...gradients].join(', ')}])`;
  const comment = terms.map((term) => `${termName(term.id)}: ${penaltyFunction[term.kind].formula}`).join(', ');
  return `${updateCall(context, local, param, gradient, context.access(local.slots, update.parameter))} // + ${comment}`;
}

/** A reduce_on_plateau schedule's ReduceLROnPlateau (its doc comment and `new …` expression), for a sequential or a graph model file. */
export function plateauConstruction(context: RuntimeNames, update: UpdatePlan): { doc: string; initializer: string } | null {
  const rate = update.learningRate;
  if (rate.kind !== 'reduce_on_plateau') return null;
  const { initial, monitor, mode, factor, patience, minDelta, cooldown, minLr } = rate;
  const options = [
    `initial: ${numberLiteral(initial)}`,
    `monitor: ${stringLiteral(monitor)}`,
    `mode: ${stringLiteral(mode)}`,
    `factor: ${numberLiteral(factor)}`,
    `patience: ${patience}`,
    `minDelta: ${numberLiteral(minDelta)}`,
    `cooldown: ${cooldown}`,
    `minLr: ${numberLiteral(minLr)}`,
  ];
  return {
    doc:
      `Learning rate: reduce_on_plateau (${lineText(update.learningRateLine ?? update.line)}), Keras ReduceLROnPlateau counted in evaluations: ` +
      `the loop feeds it each record's ${monitor}; its rate falls by the factor after ${patience} evaluations without improvement.`,
    initializer: `new ${context.rt('ReduceLROnPlateau')}({ ${options.join(', ')} })`,
  };
}

/** reduce_on_plateau: the runtime's ReduceLROnPlateau, whose rate applyUpdates reads and the loop lowers. */
export function plateauDeclaration(context: PrintContext): OptionalKind<VariableStatementStructure> | null {
  const plateau = plateauConstruction(context, context.plan.update);
  if (plateau === null) return null;
  return {
    docs: [plateau.doc],
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: context.names.plateau, initializer: plateau.initializer }],
  };
}

export function applyUpdatesFunction(context: PrintContext): OptionalKind<FunctionDeclarationStructure> {
  const { names, plan } = context;
  const update = plan.update;
  const scope = context.module.child();
  const local: UpdateNames = {
    params: scope.reserve('params'),
    grads: scope.reserve('grads'),
    iteration: scope.reserve('iteration'),
    slots: scope.reserve('slots'),
    learningRate: scope.reserve('learningRate'),
    momentum: scope.reserve('momentum'),
  };
  const lines = [`const ${local.learningRate} = ${learningRateExpression(context, update.learningRate, local.iteration, names.plateau)};`];
  const optimizer = update.optimizer;
  if (optimizer.type === 'sgd' && optimizer.momentumRamp) {
    lines.push(`const ${local.momentum} = ${momentumRampExpression(context, optimizer.momentumRamp, local.iteration)};`);
  }
  for (const entry of update.parameters) {
    if (optimizer.type === 'adamw') {
      const param = context.access(local.params, entry.parameter);
      lines.push(
        entry.weightDecay
          ? `${context.rt('decoupledWeightDecay')}(${param}, ${local.learningRate}, ${numberLiteral(entry.weightDecay.rate)}); // ${lineText(entry.weightDecay.line)}`
          : `// ${entry.parameter}: no weight decay (exclude: ${optimizer.exclude.join(', ')})`,
      );
    }
    lines.push(parameterUpdate(context, local, entry));
  }
  return {
    name: names.applyUpdates,
    docs: [`Optimizer: ${describeOptimizer(update)} (${lineText(update.line)}). \`${local.iteration}\` counts the updates already applied.`],
    parameters: [
      { name: local.params, type: names.Params },
      { name: local.grads, type: names.Grads },
      { name: local.iteration, type: 'number' },
      ...(update.slots === 'none' ? [] : [{ name: local.slots, type: names.OptimizerSlots }]),
    ],
    returnType: 'void',
    statements: lines.join('\n'),
  };
}

function constraintCall(context: PrintContext, param: string, constraint: TfjsConstraint): string {
  const axes = `[${constraint.storedAxes.join(', ')}]`;
  switch (constraint.kind) {
    case 'max_norm': {
      const counted = context.plan.metrics.some(
        (metric) => metric.kind === 'max_norm_rescaled' && metric.parameters.some((entry) => entry.parameter === constraint.parameter),
      );
      const counter = counted ? `, ${context.names.maxNormActivity}.counter(${stringLiteral(constraint.parameter)})` : '';
      return `${context.rt('maxNormConstraint')}(${param}, ${numberLiteral(constraint.maxValue)}, ${axes}${counter})`;
    }
    case 'non_neg':
      return `${context.rt('nonNegConstraint')}(${param})`;
    case 'unit_norm':
      return `${context.rt('unitNormConstraint')}(${param}, ${axes})`;
  }
}

export function applyConstraintsFunction(context: PrintContext): OptionalKind<FunctionDeclarationStructure> | null {
  const { names, plan } = context;
  if (plan.constraints.length === 0) return null;
  const scope = context.module.child();
  const params = scope.reserve('params');
  const lines = plan.constraints.map((constraint) => {
    const param = context.access(params, constraint.parameter);
    return `${param}.assign(${constraintCall(context, param, constraint)}); // ${lineText(constraint.line)}`;
  });
  return {
    name: names.applyConstraints,
    docs: [
      'Constraints, applied after every update (Keras semantics: per output unit). Call inside tf.tidy.',
    ],
    parameters: [{ name: params, type: names.Params }],
    returnType: 'void',
    statements: lines.join('\n'),
  };
}
