/**
 * What is under the cursor in a spec's YAML: the JSON path of the innermost node at an offset and
 * whether the offset is on a mapping key or on a value. Works on yaml's recovered tree, so a line
 * being typed (`act` without its colon yet) is already a key.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import type { JsonPath } from '../compiler/spec/yaml-source.js';

export interface YamlPosition {
  /** Path of the node at the offset: the key's path for `on: 'key'`, the enclosing collection's for 'inside'. */
  path: JsonPath;
  /** On a key, on a scalar value, or inside a collection between its entries. */
  on: 'key' | 'value' | 'inside';
  /** The scalar under the cursor (key or value). */
  scalar?: { value: unknown; start: number; end: number };
}

type Ranged = Node & { range: [number, number, number] };

function ranged(node: unknown): node is Ranged {
  return (isScalar(node) || isMap(node) || isSeq(node)) && Array.isArray((node as Node).range);
}

/** Whether the offset is within the node, counting the position just after its last character. */
function contains(node: Ranged, offset: number): boolean {
  return node.range[0] <= offset && offset <= node.range[1];
}

function scalarAt(node: Ranged): YamlPosition['scalar'] {
  return isScalar(node) ? { value: node.value, start: node.range[0], end: node.range[1] } : undefined;
}

/** The item of a block sequence whose `- ` indicator the offset is on (the item's node starts after it). */
function itemAfterDash(items: readonly unknown[], text: string, offset: number): number {
  return items.findIndex((item) => ranged(item) && item.range[0] >= offset && /^-?[ \t]*$/.test(text.slice(offset, item.range[0])) && text[item.range[0] - 1] !== '\n');
}

export function positionAt(doc: Document.Parsed, offset: number, text: string): YamlPosition {
  const path: JsonPath = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      let next: unknown;
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        if (ranged(key) && contains(key, offset)) return { path: [...path, String(isScalar(key) ? key.value : '')], on: 'key', scalar: scalarAt(key) };
        if (ranged(item.value) && contains(item.value, offset) && ranged(key)) {
          path.push(String(isScalar(key) ? key.value : ''));
          next = item.value;
          break;
        }
      }
      if (next === undefined) return { path, on: 'inside' };
      node = next;
    } else if (isSeq(node)) {
      let index = node.items.findIndex((item) => ranged(item) && contains(item, offset));
      if (index < 0) index = itemAfterDash(node.items, text, offset);
      if (index < 0) return { path, on: 'inside' };
      path.push(index);
      node = node.items[index];
    } else if (ranged(node) && isScalar(node)) {
      return { path, on: 'value', scalar: scalarAt(node) };
    } else {
      return { path, on: 'inside' };
    }
  }
}
