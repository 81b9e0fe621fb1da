/**
 * Text edits on a spec's YAML that keep everything else byte for byte: comments, key order, quoting,
 * flow or block style. Fixes are built from these and applied as plain text replacements.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { TextEdit } from '../diagnostics/diagnostic.js';
import type { JsonPath, SpecSource } from '../spec/yaml-source.js';

type Ranged = Node & { range: [number, number, number] };

function hasRange(node: unknown): node is Ranged {
  return (isScalar(node) || isMap(node) || isSeq(node)) && Array.isArray((node as Node).range);
}

export function nodeAt(source: SpecSource, path: JsonPath): Node | undefined {
  const node: unknown = path.length === 0 ? source.doc.contents : source.doc.getIn(path, true);
  return hasRange(node) ? node : undefined;
}

interface ItemSpan {
  start: number;
  end: number;
}

function itemSpans(collection: YAMLMap | YAMLSeq): (ItemSpan | undefined)[] {
  return collection.items.map((item: unknown) => {
    if (isPair(item)) {
      const pair = item as Pair;
      const key = pair.key;
      const value = pair.value;
      if (!hasRange(key)) return undefined;
      return { start: key.range[0], end: hasRange(value) ? value.range[1] : key.range[1] };
    }
    return hasRange(item) ? { start: item.range[0], end: item.range[1] } : undefined;
  });
}

function indexInCollection(collection: YAMLMap | YAMLSeq, segment: string | number): number {
  if (isSeq(collection)) return typeof segment === 'number' ? segment : -1;
  return collection.items.findIndex((pair) => isScalar(pair.key) && String(pair.key.value) === String(segment));
}

/** Where the line holding `offset` ends, past its newline (a trailing comment goes with the line). */
function endOfLineAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** The end of a node's own text, before the whitespace and newlines some block nodes' ranges include. */
function trimEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start && /\s/.test(text[at - 1] ?? '')) at -= 1;
  return at;
}

/**
 * Removes the map entry or sequence item at `path`. Undefined when it cannot be removed cleanly
 * (the only entry of a mapping that begins on a `- ` line, an alias): callers then offer no fix.
 */
export function removeItem(source: SpecSource, path: JsonPath): TextEdit | undefined {
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? source.doc.contents : source.doc.getIn(parentPath, true);
  if (!isMap(parent) && !isSeq(parent)) return undefined;
  const collection = parent as YAMLMap | YAMLSeq;
  const index = indexInCollection(collection, path[path.length - 1] as string | number);
  const spans = itemSpans(collection);
  const span = spans[index];
  if (index < 0 || !span) return undefined;
  const text = source.text;
  const end = trimEnd(text, span.start, span.end);
  const previous = spans[index - 1];
  const next = spans[index + 1];
  if (collection.flow) {
    if (previous) return { start: previous.end, end, text: '' };
    if (next) return { start: span.start, end: next.start, text: '' };
    return { start: span.start, end, text: '' };
  }
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const prefix = text.slice(lineStart, span.start);
  const ownsLine = /^\s*$/.test(prefix) || (isSeq(collection) && /^\s*-\s+$/.test(prefix));
  if (ownsLine) return { start: lineStart, end: endOfLineAfter(text, end), text: '' };
  if (next) return { start: span.start, end: next.start, text: '' };
  return undefined;
}

/** Replaces a scalar's value, keeping its quote style. */
export function replaceScalar(source: SpecSource, path: JsonPath, value: string): TextEdit | undefined {
  const node = nodeAt(source, path);
  if (!node || !isScalar(node) || !hasRange(node)) return undefined;
  const [start, end] = node.range;
  const original = source.text.slice(start, end);
  const quote = original.startsWith("'") ? "'" : '"';
  const written = quote === "'" ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
  return { start, end: trimEnd(source.text, start, end), text: written };
}

/** Replaces a whole node (scalar or collection) with new YAML text. */
export function replaceNode(source: SpecSource, path: JsonPath, yamlText: string): TextEdit | undefined {
  const node = nodeAt(source, path);
  if (!node || !hasRange(node)) return undefined;
  const [start, end] = node.range;
  return { start, end: trimEnd(source.text, start, end), text: yamlText };
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
