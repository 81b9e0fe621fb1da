/**
 * Python source that `black` (23.x) leaves unchanged: the line length, double-quoted literals, and
 * names (layer attributes, class names). Expressions and their layout: python-expr.ts.
 */

/** black's default line length: every printed line and wrapped comment fits in it. */
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

/** An nn.Module subclass: its docstring, what __init__ assigns after super().__init__(), and forward's body. */
export function nnModuleClass(className: string, docstring: string, init: readonly string[], forward: readonly string[]): string[] {
  return [`class ${className}(nn.Module):`, `    """${docstring}"""`, '', '    def __init__(self):', '        super().__init__()', ...init, '', '    def forward(self, x):', ...forward];
}
