import type { Document } from 'yaml';

/**
 * A spec document back to text without reflowing: no line folding and `{a: 1}` flow mappings as
 * specs are usually written, so an unedited spec round-trips byte for byte and diffs show only edits.
 */
export function specTextOf(doc: Document): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
