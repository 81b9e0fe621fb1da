/**
 * The loss as `dataLoss + penalty`, where penalty is a sum of named terms, one per penalized parameter
 * and regularizer, each pointing at the spec line that asked for it; and the penalty gradients the
 * backward pass adds to each parameter's data-loss gradient.
 */
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

function penaltyFunction(regularizer: RegularizerIR): string {
  return regularizer.kind === 'l2' ? 'l2Penalty' : 'l1Penalty';
}

/** Data loss of `output` against `targets` and the named penalty terms; defines dataLoss, penalty, totalLoss. */
export function lossStatements(ir: ModelIR, output: string): string[] {
  const terms = penaltyTerms(ir);
  const lines = [
    `const data = ${lossFunctionName[ir.training.loss]}(${output}, targets);`,
    'const dataLoss = data.loss;',
  ];
  if (terms.length === 0) {
    lines.push('// The spec penalizes no parameter.', 'const penalty = tf.scalar(0);');
  } else {
    lines.push('// Penalty: one term per penalized parameter (Keras convention: l2 adds λ·Σw², l1 adds λ·Σ|w|).');
    for (const term of terms) {
      lines.push(
        `const ${term.name} = ${penaltyFunction(term.regularizer)}(${numberLiteral(term.regularizer.lambda)}, ` +
          `${paramAccess(term.parameter)}); // ${originLine(ir, term.regularizer.origin)}`,
      );
    }
    lines.push(`const penalty = tf.addN([${terms.map((term) => term.name).join(', ')}]) as tf.Scalar;`);
  }
  lines.push('const totalLoss = tf.add(dataLoss, penalty) as tf.Scalar;');
  return lines;
}

/**
 * The gradient of a parameter: its data-loss gradient plus the gradient of each of its penalty terms,
 * as an object-literal entry value followed by its comma (and a comment naming the terms).
 */
export function gradientWithPenalties(ir: ModelIR, parameter: ParameterIR, dataGradient: string): string {
  const terms = penaltyTerms(ir).filter((term) => term.parameter === parameter);
  if (terms.length === 0) return dataGradient;
  const penalties = terms.map(
    (term) => `${penaltyFunction(term.regularizer)}Gradient(${numberLiteral(term.regularizer.lambda)}, ${paramAccess(parameter)})`,
  );
  const formulas = terms.map((term) => `${term.name}: ${term.regularizer.kind === 'l2' ? '2λw' : 'λ·sign(w)'}`);
  return `tf.addN([${[dataGradient, ...penalties].join(', ')}]), // + ${formulas.join(', ')}`;
}
