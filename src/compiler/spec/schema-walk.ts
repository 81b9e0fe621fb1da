/**
 * Finds the part of the spec schema that applies to a node of the data, following `$ref`s and
 * choosing among `oneOf` (by discriminator) and `anyOf` branches by what the data looks like.
 * Error wording needs it: ajv's error schemaPaths are relative to the referenced definition.
 */
import { specSchema } from './schema-definition.js';
import type { JsonPath } from './yaml-source.js';

export interface SchemaNode {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  discriminator?: { propertyName: string };
  minItems?: number;
  maxItems?: number;
}

const root = specSchema as SchemaNode;

function deref(node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/definitions/', '');
  const definitions = (root as { definitions?: Record<string, SchemaNode> }).definitions ?? {};
  return definitions[name] ?? node;
}

export function jsType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Whether the branch accepts values of the data's kind (a number for a number, a mapping for an object...). */
export function kindMatches(branch: SchemaNode, value: unknown): boolean {
  const node = deref(branch);
  const kind = jsType(value);
  if (node.type) return node.type === kind || (node.type === 'number' && kind === 'integer');
  if (node.enum) return node.enum.some((allowed) => typeof allowed === typeof value);
  if (node.const !== undefined) return typeof node.const === typeof value;
  return true;
}

/** The branch of a discriminated `oneOf` or an `anyOf` that the value is meant for, or the node itself. */
export function applicableBranch(node: SchemaNode, value: unknown): SchemaNode {
  const current = deref(node);
  if (current.discriminator && current.oneOf && value && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[current.discriminator.propertyName];
    const propertyName = current.discriminator.propertyName;
    const chosen = current.oneOf.find((branch) => deref(branch).properties?.[propertyName]?.const === tag);
    return chosen ? applicableBranch(chosen, value) : current;
  }
  if (current.anyOf) {
    const matching = current.anyOf.filter((branch) => kindMatches(branch, value));
    if (matching.length === 1 && matching[0]) return applicableBranch(matching[0], value);
  }
  return current;
}

/** The schema of the node at `path` (before choosing among its branches), or undefined if the schema has none. */
export function schemaAt(path: JsonPath, data: unknown): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  let value: unknown = data;
  for (const segment of path) {
    if (!node) return undefined;
    const branch = applicableBranch(node, value);
    node = typeof segment === 'number' ? branch.items : branch.properties?.[segment];
    value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return node ? deref(node) : undefined;
}

/** The keys a mapping at `path` may have. */
export function allowedKeys(path: JsonPath, data: unknown, value: unknown): string[] {
  const node = schemaAt(path, data);
  return node ? Object.keys(applicableBranch(node, value).properties ?? {}) : [];
}

/** The values of the discriminator tag a `oneOf` at `path` accepts (layer types, data sources...). */
export function discriminatorValues(path: JsonPath, data: unknown): string[] {
  const at = schemaAt(path, data);
  // A number or a schedule (learning_rate): the tags are the discriminated branch's.
  const node = at?.anyOf?.map(deref).find((branch) => branch.discriminator) ?? at;
  const tag = node?.discriminator?.propertyName;
  if (!node?.oneOf || !tag) return [];
  return node.oneOf.map((branch) => String(deref(branch).properties?.[tag]?.const));
}
