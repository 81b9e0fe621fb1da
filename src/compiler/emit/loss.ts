/**
 * The loss as `dataLoss + penalty`, where penalty(params) is a sum of named terms, one per penalized
 * parameter and regularizer, each pointing at the spec line that asked for it; and the penalty
 * gradients the optimizer adds to each parameter's data-loss gradient (folded into the update where
 * that is exact and saves passes over the weights).
 */
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import type { LossType, ModelIR, ParameterIR, RegularizerIR } from '../ir/types.js';
import { numberLiteral, originLine, paramAccess, pascalCase } from './names.js';

export const lossFunctionName: Record<LossType, string> = {
  softmax_cross_entropy: 'softmaxCrossEntropy',
  sigmoid_cross_entropy: 'sigmoidCrossEntropy',
  mean_squared_error: 'meanSquaredError',
};

export interface PenaltyTerm {
  name: string;
  parameter: ParameterIR;
  regularizer: RegularizerIR;
}

/** l2HiddenKernel, l1OutBias; a second term of the same kind on the same parameter gets a number. */
export function penaltyTerms(ir: ModelIR): PenaltyTerm[] {
  const terms: PenaltyTerm[] = [];
  const used = new Set<string>();
  for (const parameter of ir.parameters) {
    for (const regularizer of parameter.regularizers) {
      const base = `${regularizer.kind}${pascalCase(parameter.layer)}${pascalCase(parameter.param)}`;
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}${n}`;
      used.add(name);
      terms.push({ name, parameter, regularizer });
    }
  }
  return terms;
}

function penaltyFunctionName(regularizer: RegularizerIR): string {
  return regularizer.kind === 'l2' ? 'l2Penalty' : 'l1Penalty';
}

/** Data loss of `output` against `targets`: defines `data` (loss and dLogits) and dataLoss. */
export function lossStatements(ir: ModelIR, output: string): string[] {
  return [
    `const data = ${lossFunctionName[ir.training.loss]}(${output}, targets);`,
    '// The loss is dataLoss + penalty(params); the loop computes the penalty value at logging points only,',
    '// since the update needs only its gradient (added in applyUpdates).',
    'const dataLoss = data.loss;',
  ];
}

/**
 * penalty(params): the sum of named terms, one per penalized parameter and regularizer, each pointing
 * at the spec line that asked for it. Its value is needed only where the loss is logged.
 */
export function penaltyFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const terms = penaltyTerms(ir);
  const lines: string[] = [];
  if (terms.length === 0) {
    lines.push('// The spec penalizes no parameter.', 'return tf.scalar(0);');
  } else {
    for (const term of terms) {
      // A dropout-aware term's value depends on the step's masks; here, its expectation λ·Π(1 − r)·Σw².
      const aware = term.regularizer.dropoutAware;
      const masked = aware !== undefined && aware.masks.length > 0;
      const lambda = masked ? term.regularizer.lambda * aware.expectedScale : term.regularizer.lambda;
      lines.push(
        `const ${term.name} = ${penaltyFunctionName(term.regularizer)}(${numberLiteral(lambda)}, ` +
          `${paramAccess(term.parameter)}); // ${originLine(ir, term.regularizer.origin)}` +
          (masked ? `, dropout-aware: expected value, λ·${numberLiteral(aware.expectedScale)}` : ''),
      );
    }
    lines.push(`return tf.addN([${terms.map((term) => term.name).join(', ')}]) as tf.Scalar;`);
  }
  return {
    name: 'penalty',
    docs: [
      'Penalty: one term per penalized parameter (Keras convention: l2 adds λ·Σw², l1 adds λ·Σ|w|). ' +
        'Its gradient is added in applyUpdates. Call inside tf.tidy.',
    ],
    parameters: [{ name: 'params', type: 'Params' }],
    returnType: 'tf.Scalar',
    statements: lines.join('\n'),
  };
}

/**
 * The penalty terms on one parameter whose gradient applyUpdates adds: all but the dropout-aware ones
 * with a dropout layer next to the parameter, whose gradient needs the step's masks (added in trainingStep).
 */
export function termsOn(ir: ModelIR, parameter: ParameterIR): PenaltyTerm[] {
  return penaltyTerms(ir).filter((term) => term.parameter === parameter && (term.regularizer.dropoutAware?.masks.length ?? 0) === 0);
}

/**
 * The gradient of the total loss for a parameter: its data-loss gradient plus the gradient of each of
 * its penalty terms, and a comment naming the terms ('' when there are none).
 */
export function gradientWithPenalties(ir: ModelIR, parameter: ParameterIR, dataGradient: string): { expression: string; comment: string } {
  const terms = termsOn(ir, parameter);
  if (terms.length === 0) return { expression: dataGradient, comment: '' };
  const penalties = terms.map(
    (term) => `${penaltyFunctionName(term.regularizer)}Gradient(${numberLiteral(term.regularizer.lambda)}, ${paramAccess(parameter)})`,
  );
  const formulas = terms.map((term) => `${term.name}: ${term.regularizer.kind === 'l2' ? '2λw' : 'λ·sign(w)'}`);
  return { expression: `tf.addN([${[dataGradient, ...penalties].join(', ')}])`, comment: ` // + ${formulas.join(', ')}` };
}
