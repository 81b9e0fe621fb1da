/**
 * What a graph model file's printers share: the runtime names the file imports (collected as they
 * are printed), identifiers from spec names, and spec-line comments.
 */
import type { SpecLine } from '../plan.js';

export class GraphRuntimeNames {
  private readonly used = new Set<string>();

  /** A runtime export the printed code uses. */
  rt(name: string): string {
    this.used.add(name);
    return name;
  }

  /** Every runtime name used, sorted (types marked for `import { type … }`). */
  imports(typeNames: ReadonlySet<string>): string[] {
    return [...this.used].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((name) => (typeNames.has(name) ? `type ${name}` : name));
  }
}

export function at(line: SpecLine): string {
  return `${line.file}:${line.line}`;
}

const reserved = new Set([
  'x', 'h', 'p', 'ids', 'run', 'params', 'tf', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await',
]);

/** A spec name as a TypeScript identifier: `res_1` stays, `my-layer` becomes `my_layer`, `x` becomes `x_`. */
export function identifier(name: string): string {
  const plain = name.replace(/[^A-Za-z0-9_$]/g, '_').replace(/^(\d)/, '_$1');
  return reserved.has(plain) ? `${plain}_` : plain;
}

/** A block's function: `h` → `hBlock`. */
export function blockFunctionName(block: string): string {
  const name = block.replace(/[^A-Za-z0-9_$]/g, '_').replace(/^(\d)/, '_$1').replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return /block$/i.test(name) ? name : `${name}Block`;
}
