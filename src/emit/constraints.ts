/** Weight constraints as an applyConstraints function the loop calls after every update. */
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import type { ConstraintIR, ModelIR, ParameterIR } from '../ir/types.js';
import { numberLiteral, originLine, paramAccess } from './names.js';

/** Axes of one output unit's incoming weights: all but the last (dense column, conv filter). */
function unitAxes(parameter: ParameterIR): string {
  return `[${parameter.shape.slice(0, -1).map((_, axis) => axis).join(', ')}]`;
}

function constraintCall(parameter: ParameterIR, constraint: ConstraintIR): string {
  const param = paramAccess(parameter);
  switch (constraint.kind) {
    case 'max_norm':
      return `maxNormConstraint(${param}, ${numberLiteral(constraint.maxValue)}, ${unitAxes(parameter)})`;
    case 'non_neg':
      return `nonNegConstraint(${param})`;
    case 'unit_norm':
      return `unitNormConstraint(${param}, ${unitAxes(parameter)})`;
  }
}

export function hasConstraints(ir: ModelIR): boolean {
  return ir.parameters.some((parameter) => parameter.constraints.length > 0);
}

export function applyConstraintsFunction(ir: ModelIR): OptionalKind<FunctionDeclarationStructure> {
  const lines: string[] = [];
  for (const parameter of ir.parameters) {
    for (const constraint of parameter.constraints) {
      lines.push(`${paramAccess(parameter)}.assign(${constraintCall(parameter, constraint)}); // ${originLine(ir, constraint.origin)}`);
    }
  }
  return {
    name: 'applyConstraints',
    docs: ['Constraints, applied after every update (Keras semantics: per output unit). Call inside tf.tidy.'],
    parameters: [{ name: 'params', type: 'Params' }],
    returnType: 'void',
    statements: lines.join('\n'),
  };
}

export function constraintKinds(ir: ModelIR): Set<ConstraintIR['kind']> {
  return new Set(ir.parameters.flatMap((parameter) => parameter.constraints.map((constraint) => constraint.kind)));
}
