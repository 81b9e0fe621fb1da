/**
 * Hovers: on a layer, its `mlpc inspect` row (output shape, parameter count, regularizers, constraints,
 * dropout rate); on a parameter selector, the parameters it matches; on a rule id in a disable comment
 * or in mlpc.config.yaml, the rule's documentation as `mlpc explain` prints it.
 */
import { MarkupKind } from 'vscode-languageserver';
import type { Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { layerTable } from '../compiler/ir/summary-table.js';
import { matchingParameters } from '../compiler/ir/selectors.js';
import type { ParameterIR } from '../compiler/ir/types.js';
import { explainMarkdown } from '../compiler/lint/rule-docs.js';
import { rules } from '../compiler/lint/rules/index.js';
import type { Analysis } from './analysis.js';
import { isSelectorPath } from './selector-context.js';
import { rangeOf } from './to-lsp.js';
import { positionAt } from './yaml-at.js';

const RULE_ID_CHARACTERS = /[a-z0-9-]/;

/** The rule id under the cursor, in a `# mlpc-disable...` comment or anywhere in mlpc.config.yaml. */
function ruleHover(analysis: Analysis, document: TextDocument, offset: number): Hover | null {
  const text = document.getText();
  let start = offset;
  while (start > 0 && RULE_ID_CHARACTERS.test(text[start - 1] ?? '')) start -= 1;
  let end = offset;
  while (end < text.length && RULE_ID_CHARACTERS.test(text[end] ?? '')) end += 1;
  const rule = rules.find((candidate) => candidate.id === text.slice(start, end));
  if (!rule) return null;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const inDirective = /#\s*mlpc-disable-(?:next-line|line)\b/.test(text.slice(lineStart, start));
  if (!inDirective && analysis.kind !== 'config') return null;
  return { contents: { kind: MarkupKind.Markdown, value: explainMarkdown(rule) }, range: rangeOf(document, start, end) };
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function selectorHover(selector: string, parameters: readonly ParameterIR[]): string {
  const matched = matchingParameters(selector, parameters);
  if (matched.length === 0) return `\`${selector}\` matches no parameter.\n\nParameters: ${parameters.map((p) => `\`${p.id}\``).join(', ')}`;
  const total = matched.reduce((sum, p) => sum + p.count, 0);
  return [
    `\`${selector}\` matches ${matched.length} parameter${matched.length === 1 ? '' : 's'} (${count(total)} values):`,
    '',
    ...matched.map((p) => `- \`${p.id}\` [${p.shape.join(', ')}], ${count(p.count)} values${p.trainable ? '' : ' (not trainable)'}`),
  ].join('\n');
}

export function hover(analysis: Analysis, document: TextDocument, position: Position): Hover | null {
  const offset = document.offsetAt(position);
  const onRule = ruleHover(analysis, document, offset);
  if (onRule || analysis.kind !== 'spec' || !analysis.source) return onRule;
  const at = positionAt(analysis.source.doc, offset, analysis.source.text);
  const model = analysis.model;
  if (model && at.scalar && typeof at.scalar.value === 'string' && at.on === 'value' && isSelectorPath(at.path)) {
    return {
      contents: { kind: MarkupKind.Markdown, value: selectorHover(at.scalar.value, model.parameters) },
      range: rangeOf(document, at.scalar.start, at.scalar.end),
    };
  }
  const [section, key, index] = at.path;
  // The IR, or while another section still has errors, the layers and parameters lowered from this text.
  const table = analysis.ir ?? (analysis.modelIsCurrent ? analysis.model : undefined);
  if (table && section === 'model' && key === 'layers' && typeof index === 'number') {
    const layer = table.layers[index];
    if (!layer) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: `**${layer.name}** (${layer.type})\n\n\`\`\`text\n${layerTable(table, layer)}\`\`\`` },
      range: rangeOf(document, layer.ref.location.start, layer.ref.location.end),
    };
  }
  return null;
}
