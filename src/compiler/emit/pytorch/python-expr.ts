/**
 * Python expressions as structures, and the one formatter that lays them out as black (23.x) does:
 * a statement on one line when it fits in `lineLength`; else its outermost brackets split, with the
 * contents on one indented line when they fit, else one item a line with a trailing comma, each item
 * split the same way in turn. Printers build calls from these and never parse printed text back.
 */
import { lineLength } from './python-source.js';

/** An atom (a name, a literal, an operator expression the printer never splits) or a bracketed form. */
export type PyExpr = string | PyBracketed;

export interface PyBracketed {
  /** `mlpc.load_mnist` before `(`; '' for a list, tuple or dict. */
  head: string;
  open: '(' | '[' | '{';
  items: PyItem[];
  /** A one-item tuple keeps its comma: `(3,)`. */
  tuple?: boolean;
}

/** An argument or element: a value, `name=value` or `"key": value`. */
export type PyItem = PyExpr | { prefix: string; value: PyExpr };

const closing = { '(': ')', '[': ']', '{': '}' } as const;

export function call(head: string, ...items: PyItem[]): PyBracketed {
  return { head, open: '(', items };
}

export function list(items: readonly PyItem[]): PyBracketed {
  return { head: '', open: '[', items: [...items] };
}

export function tuple(items: readonly PyItem[]): PyBracketed {
  return { head: '', open: '(', items: [...items], tuple: true };
}

export function dict(entries: readonly (readonly [string, PyExpr])[]): PyBracketed {
  return { head: '', open: '{', items: entries.map(([key, value]) => ({ prefix: `${key}: `, value })) };
}

/** `name=value`, a keyword argument. */
export function kw(name: string, value: PyExpr): PyItem {
  return { prefix: `${name}=`, value };
}

function itemPrefix(item: PyItem): string {
  return typeof item === 'object' && 'prefix' in item ? item.prefix : '';
}

function itemValue(item: PyItem): PyExpr {
  return typeof item === 'object' && 'prefix' in item ? item.value : item;
}

/** The expression on one line. */
export function flat(expr: PyExpr): string {
  if (typeof expr === 'string') return expr;
  const items = expr.items.map((item) => itemPrefix(item) + flat(itemValue(item)));
  const comma = expr.tuple && items.length === 1 ? ',' : '';
  return `${expr.head}${expr.open}${items.join(', ')}${comma}${closing[expr.open]}`;
}

/** `indent` + `prefix` + the expression + `suffix`, in black's layout. */
export function layout(indent: string, prefix: string, expr: PyExpr, suffix = ''): string[] {
  const one = `${indent}${prefix}${flat(expr)}${suffix}`;
  if (one.length <= lineLength || typeof expr === 'string' || expr.items.length === 0) return [one];
  const inner = `${indent}    `;
  const open = `${indent}${prefix}${expr.head}${expr.open}`;
  const close = `${indent}${closing[expr.open]}${suffix}`;
  const body = `${inner}${expr.items.map((item) => itemPrefix(item) + flat(itemValue(item))).join(', ')}`;
  const keepsComma = expr.tuple && expr.items.length === 1;
  if (body.length <= lineLength && !keepsComma) return [open, body, close];
  return [open, ...expr.items.flatMap((item) => layout(inner, itemPrefix(item), itemValue(item), ',')), close];
}

/** A statement, with a trailing comment, or the comment on its own line above when both do not fit. */
export function statement(indent: string, prefix: string, expr: PyExpr, comment?: string): string[] {
  const lines = layout(indent, prefix, expr);
  if (!comment) return lines;
  if (lines.length === 1 && lines[0].length + 4 + comment.length <= lineLength) return [`${lines[0]}  # ${comment}`];
  return [`${indent}# ${comment}`, ...lines];
}

/** One statement of a run of them, with its spec line as comment. */
export interface CommentedStatement {
  prefix: string;
  expr: PyExpr;
  comment?: string;
}

/**
 * Statements one after another, each with its comment: trailing where it fits, else above, where
 * it then also stands for the statements right after it that have the same comment.
 */
export function statements(indent: string, list: readonly CommentedStatement[]): string[] {
  const lines: string[] = [];
  let above: string | undefined;
  for (const { prefix, expr, comment } of list) {
    const printed = statement(indent, prefix, expr, comment);
    if (comment !== undefined && printed[0] === `${indent}# ${comment}`) {
      lines.push(...(comment === above ? printed.slice(1) : printed));
      above = comment;
    } else {
      lines.push(...printed);
      above = undefined;
    }
  }
  return lines;
}

/** A comment wrapped at the line length, continuation lines indented by two spaces. */
export function commentLines(indent: string, text: string, continuation = '  '): string[] {
  const lines: string[] = [];
  let line = `${indent}#`;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length + 1 + word.length > lineLength && line !== `${indent}#`) {
      lines.push(line);
      line = `${indent}#${continuation}`;
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** `def name(args):` with its docstring and body (already indented by four spaces). */
export function def(signature: string, docstring: string, body: readonly string[]): string[] {
  return [`def ${signature}:`, `    """${docstring}"""`, ...body];
}
