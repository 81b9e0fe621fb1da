/** What every lowering step shares: the source (for positions), the validated spec, and the diagnostics so far. */
import type { Diagnostic, RelatedLocation } from '../diagnostics/diagnostic.js';
import type { SpecDocument } from '../spec/spec-types.js';
import type { JsonPath, SpecSource } from '../spec/yaml-source.js';
import type { SpecRef } from './types.js';

export class LowerContext {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    readonly source: SpecSource,
    readonly spec: SpecDocument,
  ) {}

  ref(path: JsonPath): SpecRef {
    return { path, location: this.source.locate(path) };
  }

  error(code: string, path: JsonPath, message: string, extra: { hint?: string; related?: RelatedLocation[]; atKey?: boolean } = {}): void {
    const location = extra.atKey ? this.source.locateKey(path) : this.source.locate(path);
    const diagnostic: Diagnostic = { code, severity: 'error', message, location };
    if (extra.hint) diagnostic.hint = extra.hint;
    if (extra.related?.length) diagnostic.related = extra.related;
    this.diagnostics.push(diagnostic);
  }
}
