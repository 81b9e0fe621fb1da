/**
 * Plain data from a parsed spec, refusing what a hostile file could abuse: alias bombs, `__proto__`
 * and `constructor` keys, non-finite numbers, binary and other tagged values, absurd nesting.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';

/**
 * What the conversion reads of a SpecSource (./yaml-source.ts, which re-exports toPlainData): named
 * here, not imported, so the two modules do not import each other.
 */
export interface ParsedSpec {
  doc: Document.Parsed;
  locateRange(start: number, end: number): SourceLocation;
}

/** Expanding more aliases than this is treated as a resource-exhaustion attack ("billion laughs"). */
export const MAX_ALIAS_EXPANSIONS = 100;
const MAX_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Plain data from the parsed document, plus a diagnostic for every node that was refused. */
export function toPlainData(source: ParsedSpec): { value: unknown; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let aliasExpansions = 0;
  const at = (node: Node) => source.locateRange(node.range?.[0] ?? 0, node.range?.[1] ?? 0);

  const convert = (node: unknown, depth: number, expanding: Set<Node>): unknown => {
    if (node === null || node === undefined) return null;
    if (depth > MAX_DEPTH) {
      diagnostics.push({ code: 'yaml-too-deep', severity: 'error', message: `YAML nesting deeper than ${MAX_DEPTH} levels`, location: at(node as Node) });
      return null;
    }
    if (isAlias(node)) {
      aliasExpansions += 1;
      const target = node.resolve(source.doc);
      if (aliasExpansions > MAX_ALIAS_EXPANSIONS) {
        if (aliasExpansions === MAX_ALIAS_EXPANSIONS + 1) {
          diagnostics.push({
            code: 'yaml-alias',
            severity: 'error',
            message: `YAML: more than ${MAX_ALIAS_EXPANSIONS} alias expansions; refusing a possible alias bomb`,
            location: at(node),
          });
        }
        return null;
      }
      if (!target || expanding.has(target)) {
        diagnostics.push({
          code: 'yaml-alias',
          severity: 'error',
          message: target ? `YAML: alias *${node.source} refers to itself` : `YAML: alias *${node.source} has no anchor before it`,
          location: at(node),
        });
        return null;
      }
      const inner = new Set(expanding).add(target);
      return convert(target, depth + 1, inner);
    }
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'number' && !Number.isFinite(value)) {
        diagnostics.push({ code: 'yaml-number', severity: 'error', message: `numbers must be finite, got ${String(node.source ?? value)}`, location: at(node) });
        return null;
      }
      if (typeof value === 'bigint') return Number(value);
      if (value !== null && typeof value === 'object') {
        diagnostics.push({ code: 'yaml-type', severity: 'error', message: `YAML: values tagged ${node.tag ?? 'this way'} are not supported in a spec`, location: at(node) });
        return null;
      }
      return value;
    }
    if (isSeq(node)) return node.items.map((item) => convert(item, depth + 1, expanding));
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const item of node.items) {
        const key: unknown = isAlias(item.key) ? item.key.resolve(source.doc) : item.key;
        if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
          diagnostics.push({ code: 'yaml-key', severity: 'error', message: 'keys must be plain words such as `units`', location: at((item.key ?? node) as Node) });
          continue;
        }
        const name = String(key.value);
        if (FORBIDDEN_KEYS.has(name)) {
          diagnostics.push({ code: 'forbidden-key', severity: 'error', message: `the key \`${name}\` is not allowed`, location: at(key) });
          continue;
        }
        result[name] = convert(item.value, depth + 1, expanding);
      }
      return result;
    }
    return null;
  };
  const value = convert(source.doc.contents, 0, new Set());
  return { value, diagnostics };
}
