/** TypeScript literals in house style: numbers the same on every machine, single-quoted strings, JSON values. */
import type { JsonValue } from '../plan.js';

/** A number as TypeScript source, the same on every machine (shortest round-trip form). */
export function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return 'Number.NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

export function shapeLiteral(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Longest line an object literal keeps on one line (its indentation included). */
const literalLineWidth = 110;

function propertyKey(name: string): string {
  return identifierPattern.test(name) ? name : stringLiteral(name);
}

/** A JSON value on one line: `{ name: 'out', units: 10 }`. */
function inlineLiteral(value: JsonValue): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return stringLiteral(value);
  if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([name, item]) => `${propertyKey(name)}: ${inlineLiteral(item)}`).join(', ')} }`;
}

/**
 * A JSON value as a TypeScript literal in house style: single quotes, bare keys, and on one line
 * whatever fits in the line width there (`prefix` is what precedes it on its line, e.g. `config: `).
 */
export function objectLiteral(value: JsonValue, indent = '', prefix = ''): string {
  const inline = inlineLiteral(value);
  if (value === null || typeof value !== 'object' || indent.length + prefix.length + inline.length + 1 <= literalLineWidth) return inline;
  const inner = `${indent}  `;
  const items: [string, JsonValue][] = Array.isArray(value) ? value.map((item) => ['', item]) : Object.entries(value);
  const lines = items.map(([name, item]) => {
    const key = Array.isArray(value) ? '' : `${propertyKey(name)}: `;
    return `${inner}${key}${objectLiteral(item, inner, key)},`;
  });
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join('\n')}\n${indent}${close}`;
}
