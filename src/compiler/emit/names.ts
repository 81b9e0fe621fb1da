/** Identifiers of generated code, derived from spec names (snake_case) so a reader can map them back. */
import type { ModelIR, Origin, ParameterIR } from '../ir/types.js';

/** dense_1 → dense1, conv_bn → convBn. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, next: string) => next.toUpperCase());
}

/** dense_1 → Dense1. */
export function pascalCase(snake: string): string {
  const camel = camelCase(snake);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** `params.hidden.kernel`: the generated Params object mirrors the spec's `layer.param` ids. */
export function paramAccess(parameter: Pick<ParameterIR, 'layer' | 'param'>, root = 'params'): string {
  return `${root}.${parameter.layer}.${parameter.param}`;
}

/** `hidden/kernel`: the weight name tfjs-layers gives the parameter. */
export function weightName(parameter: Pick<ParameterIR, 'layer' | 'param'>): string {
  return `${parameter.layer}/${parameter.param}`;
}

/** A spec position for a comment: `specs/seed.yaml:17`. */
export function specLine(ir: ModelIR, line: number): string {
  return `${ir.source.file}:${line}`;
}

/** Where the spec asked for a regularizer or constraint: the line of the key/value that did. */
export function originLine(ir: ModelIR, origin: Origin): string {
  return specLine(ir, origin.entryRef.location.line);
}

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
