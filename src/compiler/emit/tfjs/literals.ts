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

/** A JSON value as a TypeScript literal in house style: single quotes, bare keys, short arrays inline. */
export function objectLiteral(value: JsonValue, indent = ''): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${value.map((item) => objectLiteral(item)).join(', ')}]`;
    return `[\n${value.map((item) => `${inner}${objectLiteral(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const key = (name: string) => (identifierPattern.test(name) ? name : `'${name}'`);
  return `{\n${entries.map(([name, item]) => `${inner}${key(name)}: ${objectLiteral(item, inner)},`).join('\n')}\n${indent}}`;
}
