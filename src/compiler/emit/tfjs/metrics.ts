/**
 * The plan's logged metrics: the counters the model's code counts into (runtime objects, created once
 * per run), and the record fields they fill, which the runtime loop reads at each logging point.
 */
import type { OptionalKind, VariableStatementStructure } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { PrintContext } from './context.js';
import { stringLiteral } from './literals.js';

export function metricsDeclarations(context: PrintContext): {
  counters: OptionalKind<VariableStatementStructure>[];
  /** `field: counter` entries of the runtime's loggedMetrics. */
  fields: string[];
} | null {
  const { names, plan } = context;
  if (plan.metrics.length === 0) return null;
  const counters: OptionalKind<VariableStatementStructure>[] = [];
  const fields: string[] = [];
  for (const metric of plan.metrics) {
    switch (metric.kind) {
      case 'max_norm_rescaled': {
        const units = metric.parameters.map((entry) => `${stringLiteral(entry.parameter)}: ${entry.units}`).join(', ');
        counters.push({
          docs: ['Units max-norm rescaled per parameter (applyConstraints counts them), logged as max_norm_rescaled.'],
          declarationKind: VariableDeclarationKind.Const,
          declarations: [{ name: names.maxNormActivity, initializer: `new ${context.rt('MaxNormActivity')}({ ${units} })` }],
        });
        fields.push(`max_norm_rescaled: ${names.maxNormActivity}`);
        break;
      }
    }
  }
  return { counters, fields };
}
