/** Spec lines as the printed comments name them. */
import type { SpecLine } from '../plan.js';

/** `specs/seed.yaml:31`, for comments. */
export function at(line: SpecLine | undefined): string | undefined {
  return line ? `${line.file}:${line.line}` : undefined;
}
