/**
 * Import cycles among the source files: every relative import (type-only ones too: a cycle of types
 * is still two modules that cannot be understood one without the other) as an edge, cycles found by
 * Tarjan's strongly connected components.
 */
import path from 'node:path';
import { importSpecifiers } from './import-graph.js';

/** The files each file imports (relative specifiers resolved to repository paths; `.js` read as `.ts`). */
export function importEdges(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const [file, text] of files) {
    const targets = importSpecifiers(text)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'))
      .filter((target) => files.has(target));
    edges.set(file, [...new Set(targets)]);
  }
  return edges;
}

/** Every group of files that import each other in a circle (a file importing itself counts), each sorted. */
export function importCycles(files: ReadonlyMap<string, string>): string[][] {
  const edges = importEdges(files);
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    lowLink.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (edges.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of [...files.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}
