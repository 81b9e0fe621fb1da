/** Who asked for a regularizer or constraint, as words and as a stable key for grouping findings. */
import type { Origin, ParameterIR } from '../ir/types.js';

export function originKey(origin: Origin): string {
  return origin.kind === 'rule' ? `${origin.section}[${origin.ruleIndex}]` : `${origin.layer}.${origin.field}`;
}

export function describeOrigin(origin: Origin): string {
  if (origin.kind === 'rule') {
    const selector = origin.selectors.length === 1 ? `"${origin.selectors[0]}"` : `[${origin.selectors.map((s) => `"${s}"`).join(', ')}]`;
    return `${origin.section} rule ${origin.ruleIndex + 1} (params: ${selector})`;
  }
  return `layer ${origin.layer}'s ${origin.field}`;
}

export interface OriginGroup<T> {
  origin: Origin;
  entries: { param: ParameterIR; item: T }[];
}

/** Groups (parameter, item) pairs by the spec entry that asked for them, in first-seen order. */
export function groupByOrigin<T extends { origin: Origin }>(pairs: { param: ParameterIR; item: T }[]): OriginGroup<T>[] {
  const groups = new Map<string, OriginGroup<T>>();
  for (const pair of pairs) {
    const key = originKey(pair.item.origin);
    let group = groups.get(key);
    if (!group) {
      group = { origin: pair.item.origin, entries: [] };
      groups.set(key, group);
    }
    group.entries.push(pair);
  }
  return [...groups.values()];
}

export function listIds(ids: string[]): string {
  return ids.length <= 4 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}
