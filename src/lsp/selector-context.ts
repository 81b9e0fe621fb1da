/**
 * Where parameter selectors are written (`params:` of regularization and constraints rules, adamw's
 * `exclude:`), recognized both from the YAML tree and, for completion while a line does not parse yet,
 * from the text before the cursor.
 */
import type { JsonPath } from '../compiler/spec/yaml-source.js';

/** True for the path of a selector string: [regularization|constraints, i, params(, j)] or [training, optimizer, exclude(, j)]. */
export function isSelectorPath(path: JsonPath): boolean {
  const [section, index, key, item] = path;
  const inList = path.length === 3 || (path.length === 4 && typeof item === 'number');
  if ((section === 'regularization' || section === 'constraints') && typeof index === 'number' && key === 'params') return inList;
  return section === 'training' && index === 'optimizer' && key === 'exclude' && (path.length === 3 || (path.length === 4 && typeof item === 'number'));
}

/** The selector being typed: its text so far, where it starts, and whether a quote is open. */
export interface SelectorPrefix {
  typed: string;
  /** Offset of the first character of the typed selector (after any quote). */
  start: number;
  quote: '"' | "'" | '';
}

const SELECTOR_CHARACTERS = /[a-z0-9_.*?-]*$/;
/** `params: hid`, `params: "hid`, `params: ["a", "hid`, `exclude: [hid` on the cursor's line. */
const INLINE = /\b(?:params|exclude)[ \t]*:[ \t]*(?:\[(?:[^\]\n]*,)?[ \t]*)?(["']?)[a-z0-9_.*?-]*$/;
/** `- hid` in a block list. */
const BLOCK_ITEM = /^([ \t]*)-[ \t]+(["']?)[a-z0-9_.*?-]*$/;
const SELECTOR_KEY = /^[ \t]*(?:-[ \t]+)?(?:params|exclude)[ \t]*:[ \t]*$/;

export function selectorPrefix(text: string, offset: number): SelectorPrefix | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const typed = SELECTOR_CHARACTERS.exec(before)?.[0] ?? '';
  const inline = INLINE.exec(before);
  if (inline) return { typed, start: offset - typed.length, quote: (inline[1] ?? '') as SelectorPrefix['quote'] };
  const item = BLOCK_ITEM.exec(before);
  if (!item) return undefined;
  // The block list's key is the nearest line above with less indentation.
  const indentation = (item[1] ?? '').length;
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    const lineIndentation = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    if (line.trim() !== '' && !line.trim().startsWith('#') && (lineIndentation < indentation || !/^[ \t]*-/.test(line))) {
      return SELECTOR_KEY.test(line) ? { typed, start: offset - typed.length, quote: (item[2] ?? '') as SelectorPrefix['quote'] } : undefined;
    }
    end = start - 1;
  }
  return undefined;
}
