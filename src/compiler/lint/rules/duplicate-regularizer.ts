import type { Origin } from '../../ir/types.js';
import { describeOrigin, listIds, originKey } from '../origins.js';
import type { Rule } from '../rule.js';
import { KERNEL_L2, exampleSpec } from '../example-spec.js';

const spec = (hiddenExtra: string) =>
  exampleSpec({ layers: [`{type: dense, name: hidden, units: 1024, activation: relu${hiddenExtra}}`, '{type: dense, units: 10}'], after: KERNEL_L2 });

export const duplicateRegularizer: Rule = {
  id: 'duplicate-regularizer',
  severity: 'warning',
  fixable: false,
  messages: {
    duplicate: '{{second}} adds a second {{kind}} to {{params}}, already given one by {{first}}',
  },
  docs: {
    summary: 'One parameter given the same kind of penalty or constraint twice, by overlapping rules or a rule plus a layer shorthand.',
    rationale: 'Penalties add up: two l2 0.0005 entries are l2 0.001, rarely what the author of either meant.',
    whatItDoes:
      'For every parameter, looks for two regularizers of the same kind (l1, l2) or two constraints of the same kind from different ' +
      'spec entries; reports the later entry, with the earlier one as a related location and the parameters they share.',
    whyIsThisBad:
      'Regularization rules are globs, and layer shorthands lower to the same entries: `"*.kernel"` plus `hidden.kernel` ' +
      'plus a kernel_regularizer on hidden penalize hidden.kernel three times. The effective λ is the sum, and two ' +
      'max_norm constraints apply the tighter one, silently.',
    example: spec(', kernel_regularizer: {l2: 0.0005}'),
    useInstead: spec(''),
    fixSafety: 'No fix: which of the two entries to keep is the author\'s decision.',
    references: [{ title: 'mlpc spec v1, Regularizers and constraints' }],
  },
  check({ ir, report }) {
    const pairs = new Map<string, { first: Origin; second: Origin; kind: string; params: string[] }>();
    for (const param of ir.parameters) {
      const items = [...param.regularizers.map((r) => ({ kind: r.kind, origin: r.origin })), ...param.constraints.map((c) => ({ kind: c.kind, origin: c.origin }))];
      items.forEach((item, index) => {
        const earlier = items.slice(0, index).find((other) => other.kind === item.kind && originKey(other.origin) !== originKey(item.origin));
        if (!earlier) return;
        const key = `${originKey(earlier.origin)}|${originKey(item.origin)}|${item.kind}`;
        const pair = pairs.get(key) ?? { first: earlier.origin, second: item.origin, kind: item.kind, params: [] };
        pair.params.push(param.id);
        pairs.set(key, pair);
      });
    }
    for (const { first, second, kind, params } of pairs.values()) {
      report({
        messageId: 'duplicate',
        data: { second: describeOrigin(second), kind, params: listIds(params), first: describeOrigin(first) },
        location: second.ref.location,
        related: [{ message: `first ${kind}: ${describeOrigin(first)}`, location: first.ref.location }],
        hint: kind === 'l1' || kind === 'l2' ? 'The penalties add up; keep one entry with the λ you mean.' : 'Keep one constraint.',
      });
    }
  },
};
