/**
 * The spec's YAML with positions: parsing (syntax errors, duplicate keys) and locating any JSON path
 * in the text. The conversion to plain data is in ./plain-data.ts.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLError } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';

export type JsonPath = (string | number)[];

export interface SpecSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  /** Location of the node at a JSON path (or of its nearest existing ancestor). */
  locate(path: JsonPath): SourceLocation;
  /** Location of the key of the mapping entry at `path` (falls back to `locate`). */
  locateKey(path: JsonPath): SourceLocation;
  /** Location of the whole `key: value` entry at `path`, for fixes that remove or rewrite it. */
  locatePair(path: JsonPath): SourceLocation;
  /** Location of a range of offsets. */
  locateRange(start: number, end: number): SourceLocation;
}


export function createSpecSource(file: string, text: string): { source: SpecSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const locateRange = (rawStart: number, rawEnd: number): SourceLocation => {
    // yaml reports some errors (an unclosed flow collection) one past the end of the text.
    const start = Math.min(Math.max(rawStart, 0), text.length);
    const end = Math.min(Math.max(rawEnd, start), text.length);
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(end);
    return { file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col, start, end };
  };
  const source: SpecSource = {
    file,
    text,
    doc,
    locateRange,
    locate: (path) => rangeOf(findNode(doc, path).node, text, locateRange),
    locateKey: (path) => {
      const found = findNode(doc, path);
      if (found.pair && found.exact && isNodeLike(found.pair.key)) return rangeOf(found.pair.key, text, locateRange);
      return rangeOf(found.node, text, locateRange);
    },
    locatePair: (path) => {
      const found = findNode(doc, path);
      if (found.pair && found.exact && isNodeLike(found.pair.key)) {
        const start = found.pair.key.range[0];
        const end = isNodeLike(found.pair.value) ? found.pair.value.range[1] : found.pair.key.range[1];
        return locateRange(start, end);
      }
      return rangeOf(found.node, text, locateRange);
    },
  };
  const diagnostics: Diagnostic[] = [];
  for (const error of withoutTabCascade(doc.errors)) {
    const code = error.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax';
    const message =
      error.code === 'DUPLICATE_KEY'
        ? 'duplicate key: a key may appear only once in a mapping'
        : error.code === 'TAB_AS_INDENT'
          ? 'YAML: a tab indents this line; YAML indents with spaces only (replace the tab with spaces)'
          : yamlMessage(error.message);
    diagnostics.push({ code, severity: 'error', message, location: locateRange(error.pos[0], Math.max(error.pos[1], error.pos[0])) });
  }
  for (const warning of doc.warnings) {
    diagnostics.push({
      code: 'yaml-warning',
      severity: 'warning',
      message: yamlMessage(warning.message),
      location: locateRange(warning.pos[0], Math.max(warning.pos[1], warning.pos[0])),
    });
  }
  return { source, diagnostics };
}

/**
 * YAML forbids tabs in indentation, and the parser reads on past one: a single tab-indented line gives
 * one TAB_AS_INDENT error and a cascade of others (duplicate keys, implicit keys, block maps) that all
 * go away with the tab. So from the first tab on only the tab errors are reported, one per line;
 * errors before it stand on their own.
 */
function withoutTabCascade(errors: readonly YAMLError[]): YAMLError[] {
  const firstTab = errors.find((error) => error.code === 'TAB_AS_INDENT');
  if (!firstTab) return [...errors];
  return errors.filter((error) => error.pos[0] < firstTab.pos[0] || error.code === 'TAB_AS_INDENT');
}

function yamlMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return `YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`;
}

interface Found {
  node: Node | null;
  pair?: Pair;
  /** False when the path did not exist and `node` is its nearest ancestor. */
  exact: boolean;
}

function isNodeLike(value: unknown): value is Node & { range: [number, number, number] } {
  return (isScalar(value) || isMap(value) || isSeq(value) || isAlias(value)) && Array.isArray((value as Node).range);
}

function findNode(doc: Document.Parsed, path: JsonPath): Found {
  let node: Node | null = doc.contents;
  let pair: Pair | undefined;
  for (const segment of path) {
    const target: unknown = isAlias(node) ? node.resolve(doc) : node;
    let next: unknown;
    if (isMap(target)) {
      const entry = target.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!entry) return { node, pair, exact: false };
      pair = entry as Pair;
      next = entry.value ?? entry.key;
    } else if (isSeq(target) && typeof segment === 'number') {
      next = target.items[segment];
      pair = undefined;
    }
    if (!isNodeLike(next)) return { node, pair, exact: false };
    node = next;
  }
  return { node, pair, exact: true };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeOf(node: Node | null, text: string, locateRange: (s: number, e: number) => SourceLocation): SourceLocation {
  if (node && node.range) {
    // A block collection's range runs to the start of the next line; end the location at its last character.
    let end = node.range[1];
    while (end > node.range[0] && /\s/.test(text[end - 1] ?? '')) end -= 1;
    return locateRange(node.range[0], end);
  }
  const firstContent = text.search(/\S/);
  const at = firstContent < 0 ? 0 : firstContent;
  return locateRange(at, at);
}

export { toPlainData, MAX_ALIAS_EXPANSIONS } from './plain-data.js';
