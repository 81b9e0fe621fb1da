/** Weight constraints as an applyConstraints function the loop calls after every update. */
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import type { ConstraintIR, ModelIR, ParameterIR } from '../ir/types.js';
import { numberLiteral, originLine, paramAccess, stringLiteral } from './names.js';
import { isUnitsMajor } from './parameters.js';

/**
 * Axes of one output unit's incoming weights: [1] for a dense kernel (held [units, in]: a row, the
 * fast innermost reduction), all but the last for a conv kernel [kh, kw, in, filters].
 */
function unitAxes(ir: ModelIR, parameter: ParameterIR): string {
  if (isUnitsMajor(ir, parameter)) return '[1]';
  return `[${parameter.shape.slice(0, -1).map((_, axis) => axis).join(', ')}]`;
}

function constraintCall(ir: ModelIR, parameter: ParameterIR, constraint: ConstraintIR): string {
  const param = paramAccess(parameter);
  switch (constraint.kind) {
    case 'max_norm':
      return (
        `maxNormConstraint(${param}, ${numberLiteral(constraint.maxValue)}, ${unitAxes(ir, parameter)}, ` +
        `maxNormActivity?.counter(${stringLiteral(parameter.id)}))`
      );
    case 'non_neg':
      return `nonNegConstraint(${param})`;
    case 'unit_norm':
      return `unitNormConstraint(${param}, ${unitAxes(ir, parameter)})`;
  }
}

export function hasConstraints(ir: ModelIR): boolean {
  return ir.parameters.some((parameter) => parameter.constraints.length > 0);
}

export function hasMaxNorm(ir: ModelIR): boolean {
  return constraintKinds(ir).has('max_norm');
}

/** The loop's counter of max-norm rescalings, reported in metrics.jsonl as max_norm_rescaled. */
export function maxNormActivityStatement(ir: ModelIR): string {
  const units = ir.parameters
    .filter((parameter) => parameter.constraints.some((constraint) => constraint.kind === 'max_norm'))
    .map((parameter) => `${stringLiteral(parameter.id)}: ${parameter.shape[parameter.shape.length - 1]}`);
  return `const maxNormActivity = new MaxNormActivity({ ${units.join(', ')} });`;
}

export function applyConstraintsFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const lines: string[] = [];
  for (const parameter of ir.parameters) {
    for (const constraint of parameter.constraints) {
      lines.push(`${paramAccess(parameter)}.assign(${constraintCall(ir, parameter, constraint)}); // ${originLine(ir, constraint.origin)}`);
    }
  }
  return {
    name: 'applyConstraints',
    docs: [
      'Constraints, applied after every update (Keras semantics: per output unit). Call inside tf.tidy.' +
        (hasMaxNorm(ir) ? ' `maxNormActivity` (null: not counted) counts the units max-norm rescales.' : ''),
    ],
    parameters: [{ name: 'params', type: 'Params' }, ...(hasMaxNorm(ir) ? [{ name: 'maxNormActivity', type: 'MaxNormActivity | null' }] : [])],
    returnType: 'void',
    statements: lines.join('\n'),
  };
}

export function constraintKinds(ir: ModelIR): Set<ConstraintIR['kind']> {
  return new Set(ir.parameters.flatMap((parameter) => parameter.constraints.map((constraint) => constraint.kind)));
}
