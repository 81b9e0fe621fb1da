/**
 * The plan's logged metrics: the counters they keep between logging points (runtime objects, created
 * once per run) and loggedMetrics(params, steps), whose fields the runtime loop adds to each record.
 */
import type { FunctionDeclarationStructure, OptionalKind, VariableStatementStructure } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type { PrintContext } from './context.js';
import { stringLiteral } from './literals.js';

export function metricsDeclarations(context: PrintContext): {
  counters: OptionalKind<VariableStatementStructure>[];
  loggedMetrics: OptionalKind<FunctionDeclarationStructure>;
} | null {
  const { names, plan } = context;
  if (plan.metrics.length === 0) return null;
  const counters: OptionalKind<VariableStatementStructure>[] = [];
  const lines: string[] = [];
  const fields: string[] = [];
  const scope = context.module.child();
  const params = scope.reserve('_params');
  const steps = scope.reserve('steps');
  const workers = scope.reserve('workers');
  for (const metric of plan.metrics) {
    switch (metric.kind) {
      case 'max_norm_rescaled': {
        const units = metric.parameters.map((entry) => `${stringLiteral(entry.parameter)}: ${entry.units}`).join(', ');
        counters.push({
          docs: ['Units max-norm rescaled per parameter (applyConstraints counts them), logged as max_norm_rescaled.'],
          declarationKind: VariableDeclarationKind.Const,
          declarations: [{ name: names.maxNormActivity, initializer: `new ${context.rt('MaxNormActivity')}({ ${units} })` }],
        });
        const rescaled = scope.claim('maxNormRescaled');
        // Read (and reset) on every thread count alike; a worker's counters see only its own units.
        lines.push(`const ${rescaled} = ${names.maxNormActivity}.read(${steps});`);
        fields.push(`...(${workers} === 1 ? { max_norm_rescaled: ${rescaled} } : {}),`);
        break;
      }
    }
  }
  return {
    counters,
    loggedMetrics: {
      name: names.loggedMetrics,
      docs: [
        "More fields of each logging point's record, over the `steps` updates since the previous one.\n" +
          'Max-norm activity is recorded on one thread only: with --workers each worker counts its own units.',
      ],
      parameters: [
        { name: params, type: names.Params },
        { name: steps, type: 'number' },
        { name: workers, type: 'number' },
      ],
      returnType: 'Record<string, number | Record<string, number>>',
      statements: [...lines, 'return {', ...fields, '};'].join('\n'),
    },
  };
}
