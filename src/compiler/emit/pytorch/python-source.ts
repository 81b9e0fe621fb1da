/**
 * Writing Python source that `black` (23.x, line length 88) leaves unchanged: double-quoted strings,
 * calls split the way black splits them, collections exploded with a trailing comma, and trailing
 * comments moved above a statement that would not fit with them.
 */

export const lineLength = 88;

/** A number as Python source, the same on every machine (shortest round-trip form). */
export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : 'float("-inf")';
  return String(value);
}

/** A float literal: `1.0` rather than `1` where PyTorch expects a float. */
export function pyFloat(value: number): string {
  const text = pyNumber(value);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

export function pyString(value: string): string {
  return JSON.stringify(value);
}

export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/**
 * A call `head(args)tail` at `indent`, in black's layout: on one line when it fits; else the
 * arguments on one indented line; else one argument a line with a magic trailing comma.
 */
export function pyCall(indent: string, head: string, args: readonly string[], tail = ''): string[] {
  const one = `${indent}${head}(${args.join(', ')})${tail}`;
  if (one.length <= lineLength) return [one];
  const inner = `${indent}    `;
  const body = `${inner}${args.join(', ')}`;
  if (body.length <= lineLength && !args.some((arg) => arg.includes('\n'))) {
    return [`${indent}${head}(`, body, `${indent})${tail}`];
  }
  return [`${indent}${head}(`, ...args.map((arg) => `${inner}${arg},`), `${indent})${tail}`];
}

/** A statement with a trailing comment, or the comment on its own line above when both do not fit. */
export function withComment(lines: readonly string[], comment: string | undefined): string[] {
  if (!comment) return [...lines];
  const indent = /^\s*/.exec(lines[0])![0];
  if (lines.length === 1 && lines[0].length + 4 + comment.length <= lineLength) return [`${lines[0]}  # ${comment}`];
  return [`${indent}# ${comment}`, ...lines];
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON value as a Python literal: dicts exploded one key a line, short scalar lists inline. */
export function pyLiteral(value: JsonValue, indent: string): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return pyBool(value);
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) {
      return `[${value.map((item) => pyLiteral(item, inner)).join(', ')}]`;
    }
    return `[\n${value.map((item) => `${inner}${pyLiteral(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${pyString(key)}: ${pyLiteral(item, inner)},`).join('\n')}\n${indent}}`;
}

const pythonKeywords = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
  // attributes of nn.Module that a submodule must not shadow
  'training', 'forward', 'train', 'eval', 'parameters', 'buffers', 'children', 'modules', 'apply', 'to', 'cuda', 'cpu',
  'type', 'float', 'double', 'half', 'state_dict', 'zero_grad', 'register_buffer', 'add_module',
]);

/** A spec layer name as an attribute of the nn.Module (a keyword or Module attribute gets a trailing `_`). */
export function pyAttribute(layerName: string): string {
  return pythonKeywords.has(layerName) ? `${layerName}_` : layerName;
}

/** conv_bn → ConvBn (the nn.Module's class name). */
export function pyClassName(snake: string): string {
  const pascal = snake.replace(/(^|_)([a-z0-9])/g, (_, __, next: string) => next.toUpperCase());
  return /^[0-9]/.test(pascal) ? `Model${pascal}` : pascal;
}
