/**
 * Everything rendered from the rules' own docs: `mlpc explain RULE` (Ruff's rule page shape), the
 * README's rule table (checked for drift by test/lint/readme-table.test.ts) and SARIF rule metadata.
 */
import type { SarifRuleInfo } from '../diagnostics/formatters/sarif.js';
import type { Rule } from './rule.js';

export const REPOSITORY_URL = 'https://github.com/mlpc-dev/mlpc';
export const README_START = '<!-- rules:start -->';
export const README_END = '<!-- rules:end -->';

export function ruleHelpUri(rule: Rule): string {
  return `${REPOSITORY_URL}/blob/main/README.md#${rule.id}`;
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? by + line : line))
    .join('\n');
}

function optionLines(rule: Rule): string[] {
  return Object.entries(rule.options ?? {}).map(([name, option]) => `- \`${name}\` (default ${option.default}): ${option.description}`);
}

/** Markdown, Ruff's sections; also the SARIF rule help. */
export function explainMarkdown(rule: Rule): string {
  const { docs } = rule;
  const options = optionLines(rule);
  return [
    `# ${rule.id} (${rule.severity}${rule.fixable ? ', fixable' : ''})`,
    '',
    docs.summary,
    '',
    '## What it does',
    docs.whatItDoes,
    '',
    '## Why is this bad?',
    docs.whyIsThisBad,
    '',
    '## Example',
    '```yaml',
    docs.example,
    '```',
    '',
    'Use instead:',
    '```yaml',
    docs.useInstead,
    '```',
    '',
    '## Fix safety',
    docs.fixSafety,
    ...(options.length > 0 ? ['', '## Options (mlpc.config.yaml)', ...options] : []),
    '',
    '## References',
    ...docs.references.map((ref) => `- ${ref.title}${ref.url ? ` <${ref.url}>` : ''}`),
    '',
  ].join('\n');
}

/** Plain text for the terminal: the same sections, YAML indented instead of fenced. */
export function explainText(rule: Rule): string {
  return explainMarkdown(rule)
    .replace(/```yaml\n([\s\S]*?)\n```/g, (_, code: string) => indent(code))
    .replace(/^#+ /gm, '')
    .replace(/`/g, '');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderRulesTable(rules: readonly Rule[]): string {
  const rows = rules.map(
    (rule) =>
      `| <a id="${rule.id}"></a>\`${rule.id}\` | ${rule.severity}${rule.fixable ? ' 🔧' : ''} | ${cell(rule.docs.summary)} | ${cell(rule.docs.rationale)} |`,
  );
  return [
    'Generated from the rule modules (`src/compiler/lint/rules/`); `mlpc explain RULE` prints a rule\'s full docs. 🔧: `mlpc lint --fix` can fix some findings.',
    '',
    '| rule | severity | what it catches | why |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The README with its rules section replaced; throws when the markers are missing. */
export function replaceRulesSection(readme: string, rules: readonly Rule[]): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README has no ${README_START} … ${README_END} section`);
  return `${readme.slice(0, start + README_START.length)}\n${renderRulesTable(rules)}\n${readme.slice(end)}`;
}

export function sarifRuleInfo(rule: Rule): SarifRuleInfo {
  return {
    id: rule.id,
    shortDescription: rule.docs.summary,
    fullDescription: `${rule.docs.whatItDoes} ${rule.docs.rationale}`,
    helpUri: ruleHelpUri(rule),
    helpMarkdown: explainMarkdown(rule),
    defaultSeverity: rule.severity,
  };
}
