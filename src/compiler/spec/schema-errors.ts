/**
 * Turns ajv's raw errors into the few a user needs: of an `anyOf`, only the branch meant for the
 * value's kind; a `required` l1-or-l2 pair becomes one "needs l1 or l2".
 */
import { jsType, kindMatches, narrowByTag, schemaAt, type SchemaNode } from './schema-walk.js';
import type { JsonPath } from './yaml-source.js';

export interface RawError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A schema problem at a node, before wording. `alternatives` is set for an anyOf no branch of which fits. */
export interface SchemaProblem {
  path: JsonPath;
  keyword: string;
  params: Record<string, unknown>;
  schemaPath: string;
  /** For keyword 'anyOf': the kinds of value accepted, e.g. ['integer', 'array']. */
  alternatives?: string[];
  /** For keyword 'needsOneOf': the fields of which one is required. */
  oneOfFields?: string[];
  /** For keyword 'required': every missing field of the mapping. */
  missing?: string[];
}

/** Converts ajv's `/model/layers/1/rate` into ['model', 'layers', 1, 'rate'] using the data to tell indices from keys. */
export function toJsonPath(pointer: string, data: unknown): JsonPath {
  const path: JsonPath = [];
  let value: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      const index = Number(segment);
      path.push(index);
      value = value[index];
    } else {
      path.push(segment);
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function valueAt(path: JsonPath, data: unknown): unknown {
  let value = data;
  for (const segment of path) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  return value;
}

function isInside(error: RawError, anyOf: RawError): boolean {
  const prefix = anyOf.instancePath;
  const inPath = error.instancePath === prefix || error.instancePath.startsWith(`${prefix}/`);
  return inPath && error.schemaPath.startsWith(`${anyOf.schemaPath}/`);
}

function branchOf(error: RawError, anyOf: RawError): number {
  return Number(error.schemaPath.slice(anyOf.schemaPath.length + 1).split('/')[0]);
}

export function simplifyErrors(rawErrors: readonly RawError[], data: unknown): SchemaProblem[] {
  let errors: RawError[] = [...rawErrors];
  const summaries = new Map<RawError, SchemaProblem>();
  // ajv reports an anyOf after the errors of its branches, so inner anyOfs are settled before outer ones.
  for (const anyOf of rawErrors.filter((error) => error.keyword === 'anyOf')) {
    if (!errors.includes(anyOf)) continue;
    const inside = errors.filter((error) => error !== anyOf && isInside(error, anyOf));
    const path = toJsonPath(anyOf.instancePath, data);
    const value = valueAt(path, data);
    const branches = schemaAt(path, data)?.anyOf ?? [];
    const kinds = branches.map((branch, index) => (kindMatches(branch, value) ? index : -1)).filter((index) => index >= 0);
    const tagged = narrowByTag(kinds.map((index) => branches[index] as SchemaNode), value);
    const fitting = kinds.filter((index) => tagged.includes(branches[index] as SchemaNode));
    let keep: RawError[] = [];
    let summary: SchemaProblem | undefined;
    const requiredOnly = inside.length > 0 && inside.every((error) => error.keyword === 'required' && error.instancePath === anyOf.instancePath);
    if (requiredOnly) {
      summary = { path, keyword: 'needsOneOf', params: {}, schemaPath: anyOf.schemaPath, oneOfFields: inside.map((e) => String(e.params.missingProperty)) };
    } else if (fitting.length === 1) {
      keep = inside.filter((error) => branchOf(error, anyOf) === fitting[0]);
    } else if (fitting.length === 0) {
      const alternatives = branches.map((branch) => {
        const node = branch as { type?: string; enum?: unknown[]; $ref?: string };
        return node.type ?? (node.enum ? 'name' : 'mapping');
      });
      summary = { path, keyword: 'anyOf', params: { actual: jsType(value) }, schemaPath: anyOf.schemaPath, alternatives };
    } else {
      const byBranch = fitting.map((index) => inside.filter((error) => branchOf(error, anyOf) === index));
      keep = byBranch.reduce((best, candidate) => (candidate.length < best.length ? candidate : best));
    }
    errors = errors.filter((error) => error === anyOf || !inside.includes(error) || keep.includes(error));
    if (summary) summaries.set(anyOf, summary);
    else errors = errors.filter((error) => error !== anyOf);
  }
  // A missing discriminator tag is also reported as `required`; keep the one that reads better.
  errors = errors.filter(
    (error) =>
      !(
        error.keyword === 'discriminator' &&
        error.params.error === 'tag' &&
        errors.some((other) => other.keyword === 'required' && other.instancePath === error.instancePath)
      ),
  );
  return errors.map(
    (error) =>
      summaries.get(error) ?? {
        path: toJsonPath(error.instancePath, data),
        keyword: error.keyword,
        params: error.params,
        schemaPath: error.schemaPath,
      },
  );
}
