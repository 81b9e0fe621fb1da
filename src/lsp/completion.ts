/**
 * Completion. Inside a parameter selector: the model's real parameter ids (`hidden.kernel`) and the
 * globs over them (`*.bias`, `hidden.*`), which no JSON Schema can know. Elsewhere in a spec: keys and
 * values from the spec schema (layer types, activations, initializers, optimizers). In
 * mlpc.config.yaml: rule ids and severities.
 */
import { CompletionItemKind } from 'vscode-languageserver';
import type { CompletionItem, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rules } from '../compiler/lint/rules/index.js';
import { allowedKeys, applicableBranch, discriminatorValues, schemaAt } from '../compiler/spec/schema-walk.js';
import type { SchemaNode } from '../compiler/spec/schema-walk.js';
import { toPlainData } from '../compiler/spec/yaml-source.js';
import type { JsonPath } from '../compiler/spec/yaml-source.js';
import type { Analysis, LoweredModel } from './analysis.js';
import { selectorPrefix } from './selector-context.js';
import type { SelectorPrefix } from './selector-context.js';
import { rangeOf } from './to-lsp.js';
import { positionAt } from './yaml-at.js';

export const COMPLETION_TRIGGERS = ['.', '"', "'", ':', ' ', '*'];

/** A plain YAML scalar may not start with these (`*` starts an alias): such a selector goes in quotes. */
const NEEDS_QUOTES = /^[*&!|>%@`"'{[,#?-]/;

function selectorItems(model: LoweredModel, prefix: SelectorPrefix, document: TextDocument, offset: number): CompletionItem[] {
  const range = rangeOf(document, prefix.start, offset);
  const trainable = model.parameters.filter((parameter) => parameter.trainable);
  const item = (label: string, detail: string, sortText: string): CompletionItem => {
    const newText = prefix.quote === '' && NEEDS_QUOTES.test(label) ? `"${label}"` : label;
    return { label, kind: CompletionItemKind.Field, detail, sortText, filterText: label, textEdit: { range, newText } };
  };
  const items = trainable.map((parameter, index) =>
    item(parameter.id, `[${parameter.shape.join(', ')}], ${parameter.count.toLocaleString('en-US')} values`, `0${String(index).padStart(4, '0')}`),
  );
  const kinds = [...new Set(trainable.map((parameter) => parameter.param))];
  for (const param of kinds) {
    const ids = trainable.filter((parameter) => parameter.param === param).map((parameter) => parameter.id);
    items.push(item(`*.${param}`, `every ${param}: ${ids.join(', ')}`, `1${param}`));
  }
  for (const layer of [...new Set(trainable.map((parameter) => parameter.layer))]) {
    const ids = trainable.filter((parameter) => parameter.layer === layer).map((parameter) => parameter.id);
    items.push(item(`${layer}.*`, ids.join(', '), `2${layer}`));
  }
  return items;
}

/** A schema node and its anyOf branches (an initializer is a name or a mapping). */
function branchesOf(node: SchemaNode | undefined): SchemaNode[] {
  return node ? [node, ...(node.anyOf ?? []).map((branch) => applicableBranch(branch, undefined))] : [];
}

/** The values a key's schema lists: enums, constants, booleans, and the tags of a discriminated union. */
function valueOptions(path: JsonPath, data: unknown): string[] {
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = schemaAt(parentPath, data);
  if (parent?.discriminator?.propertyName === key) return discriminatorValues(parentPath, data);
  const values = new Set<string>();
  for (const node of branchesOf(schemaAt(path, data))) {
    for (const value of node.enum ?? []) values.add(String(value));
    if (node.const !== undefined) values.add(String(node.const));
    if (node.type === 'boolean') ['true', 'false'].forEach((value) => values.add(value));
    if (node.discriminator && node.oneOf) discriminatorValues(path, data).forEach((value) => values.add(value));
  }
  return [...values];
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let value = data;
  for (const segment of path) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  return value;
}

function wordRange(document: TextDocument, offset: number) {
  const text = document.getText();
  let start = offset;
  while (start > 0 && /[\w.-]/.test(text[start - 1] ?? '')) start -= 1;
  return rangeOf(document, start, offset);
}

function schemaItems(analysis: Analysis, document: TextDocument, offset: number): CompletionItem[] {
  const source = analysis.source;
  if (!source) return [];
  // The compiler's conversion: safe on hostile or half-written YAML (alias bombs, collection keys).
  const data = toPlainData(source).value;
  const text = document.getText();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const range = wordRange(document, offset);
  const at = positionAt(source.doc, offset, source.text);
  // `key: val` with the cursor in the value (the value may still be empty, then yaml has no node for it).
  const valueKey = /([A-Za-z_][\w]*)[ \t]*:[ \t]+[\w.-]*$/.exec(before);
  if (valueKey && at.on !== 'key') {
    const key = valueKey[1] ?? '';
    const mapPath = at.on === 'value' ? at.path.slice(0, -1) : at.path;
    const path = [...mapPath, key];
    return valueOptions(path, data).map((value) => ({ label: value, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: value } }));
  }
  // A key being typed at the start of a block entry, or after `{` / `,` in a flow mapping.
  if (!/^[ \t]*(?:-[ \t]+)?[\w]*$/.test(before) && !/[{,][ \t]*[\w]*$/.test(before)) return [];
  const mapPath = at.on === 'key' ? at.path.slice(0, -1) : at.path;
  const mapValue = valueAt(data, mapPath);
  if (mapValue !== undefined && mapValue !== null && (typeof mapValue !== 'object' || Array.isArray(mapValue))) return [];
  const typed = at.on === 'key' ? at.path[at.path.length - 1] : undefined;
  const present = new Set(Object.keys((mapValue as Record<string, unknown> | null) ?? {}).filter((key) => key !== typed));
  return allowedKeys(mapPath, data, mapValue)
    .filter((key) => !present.has(key))
    .map((key) => ({ label: key, kind: CompletionItemKind.Property, textEdit: { range, newText: `${key}: ` } }));
}

const SEVERITIES = ['off', 'info', 'warning', 'error'];

function configItems(document: TextDocument, offset: number): CompletionItem[] {
  const text = document.getText();
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  const range = wordRange(document, offset);
  if (/^[ \t]+[a-z0-9-]+[ \t]*:[ \t]*\[?[ \t]*[a-z]*$/.test(before) || /^report_unused_disable_directives[ \t]*:[ \t]*[a-z]*$/.test(before)) {
    return SEVERITIES.map((severity) => ({ label: severity, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: severity } }));
  }
  if (/^[ \t]+[a-z0-9-]*$/.test(before)) {
    return rules.map((rule) => ({ label: rule.id, kind: CompletionItemKind.Property, detail: `${rule.severity}: ${rule.docs.summary}`, textEdit: { range, newText: `${rule.id}: ` } }));
  }
  if (/^[a-z_]*$/.test(before)) {
    return ['rules', 'report_unused_disable_directives'].map((key) => ({ label: key, kind: CompletionItemKind.Property, textEdit: { range, newText: `${key}: ` } }));
  }
  return [];
}

export function completions(analysis: Analysis, document: TextDocument, position: Position): CompletionItem[] {
  const offset = document.offsetAt(position);
  if (analysis.kind === 'config') return configItems(document, offset);
  if (analysis.kind !== 'spec') return [];
  const prefix = selectorPrefix(document.getText(), offset);
  if (prefix) return analysis.model ? selectorItems(analysis.model, prefix, document, offset) : [];
  return schemaItems(analysis, document, offset);
}
