/**
 * Everything rendered from the rules' own docs, in Ruff's rule-page shape: the page of each rule
 * (docs/rules/<id>.md, written by scripts/write-rule-docs.ts), `mlpc explain RULE` (that page as plain
 * text), the LSP hover, the rule table of docs/rules/README.md and SARIF rule metadata. test/lint/rule-pages.test.ts
 * fails when a committed page or the table drifts from this output.
 */
import path from 'node:path';
import type { SarifRuleInfo } from '../diagnostics/formatters/sarif.js';
import type { Rule } from './rule.js';

/** Where the rule pages live in the repository (and in the installed package, when it ships them). */
export const RULE_PAGES_DIR = 'docs/rules';
export const RULES_TABLE_START = '<!-- rules:start -->';
export const RULES_TABLE_END = '<!-- rules:end -->';

/**
 * How a reference to a file of the repository (`docs/l2-and-dropout.md`) is written: as is for the terminal,
 * relative to the page in docs/rules/, absolute where a web address of the repository is known.
 */
export type RepositoryLink = (repositoryPath: string) => string;

const asIs: RepositoryLink = (repositoryPath) => repositoryPath;
export const fromRulePage: RepositoryLink = (repositoryPath) => path.posix.relative(RULE_PAGES_DIR, repositoryPath);

function optionLines(rule: Rule): string[] {
  return Object.entries(rule.options ?? {}).map(([name, option]) => `- \`${name}\` (default ${option.default}): ${option.description}`);
}

function referenceLine(title: string, url: string | undefined, link: RepositoryLink): string {
  if (url === undefined) return `- ${title}`;
  return `- [${title}](${/^[a-z]+:/.test(url) ? url : link(url)})`;
}

/** The rule's page in Markdown: Ruff's sections, from the rule's docs only. */
export function explainMarkdown(rule: Rule, link: RepositoryLink = asIs): string {
  const { docs } = rule;
  const options = optionLines(rule);
  return [
    `# ${rule.id}`,
    '',
    `Default severity: **${rule.optIn ? `off (opt-in: \`${rule.id}: ${rule.severity}\` in mlpc.config.yaml turns it on)` : rule.severity}**${rule.fixable ? '. Fixable: `mlpc lint --fix` fixes some findings' : ''}.`,
    '',
    docs.summary,
    '',
    '## What it does',
    '',
    docs.whatItDoes,
    '',
    '## Why is this bad?',
    '',
    docs.whyIsThisBad,
    '',
    '## Example',
    '',
    '```yaml',
    docs.example,
    '```',
    '',
    '## Use instead',
    '',
    '```yaml',
    docs.useInstead,
    '```',
    '',
    '## Fix safety',
    '',
    docs.fixSafety,
    ...(options.length > 0 ? ['', '## Options (mlpc.config.yaml)', '', ...options] : []),
    '',
    '## References',
    '',
    ...docs.references.map((ref) => referenceLine(ref.title, ref.url, link)),
    '',
  ].join('\n');
}

/** The committed page docs/rules/<id>.md: the Markdown above under a line saying where it comes from. */
export function rulePage(rule: Rule): string {
  const header = `<!-- Generated from the rule's docs in src/compiler/lint/rules/ by scripts/write-rule-docs.ts: edit the rule, then rerun it. -->`;
  return `${header}\n${explainMarkdown(rule, fromRulePage)}`;
}

export function rulePagePath(rule: Rule): string {
  return `${RULE_PAGES_DIR}/${rule.id}.md`;
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? by + line : line))
    .join('\n');
}

/** The page as plain text for the terminal (`mlpc explain RULE`): the same sections, YAML indented, no Markdown marks. */
export function explainText(rule: Rule): string {
  return explainMarkdown(rule)
    .replace(/```yaml\n([\s\S]*?)\n```/g, (_, code: string) => indent(code))
    .replace(/^- \[(.*)\]\((\S+)\)$/gm, '- $1 <$2>')
    .replace(/^#+ /gm, '')
    .replace(/\*\*/g, '')
    .replace(/`/g, '');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The table of docs/rules/README.md, each rule linked to its page (which sits beside it). */
export function renderRulesTable(rules: readonly Rule[]): string {
  const rows = rules.map(
    (rule) => `| [\`${rule.id}\`](${rule.id}.md) | ${rule.optIn ? `off (opt-in ${rule.severity})` : rule.severity}${rule.fixable ? ' 🔧' : ''} | ${cell(rule.docs.summary)} | ${cell(rule.docs.rationale)} |`,
  );
  return [
    'Generated from the rule modules (`src/compiler/lint/rules/`); each rule\'s page is what `mlpc explain RULE` prints. 🔧: `mlpc lint --fix` can fix some findings.',
    '',
    '| rule | severity | what it catches | why |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** `text` with the section between two markers replaced; throws when the markers are missing. */
export function replaceSection(text: string, start: string, end: string, section: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} section`);
  return `${text.slice(0, from + start.length)}\n${section}\n${text.slice(to)}`;
}

/** The section between two markers, trimmed (undefined when they are missing). */
export function sectionOf(text: string, start: string, end: string): string | undefined {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  return from < 0 || to < from ? undefined : text.slice(from + start.length, to).trim();
}

/**
 * SARIF rule metadata. The help travels inside the SARIF (code scanning shows `help.markdown` under
 * "Rule help"), so it needs no link; `helpUri` is set only from a real web address of the repository.
 */
export function sarifRuleInfo(rule: Rule, repositoryBlobUrl: string | undefined): SarifRuleInfo {
  const link: RepositoryLink = repositoryBlobUrl ? (repositoryPath) => `${repositoryBlobUrl}${repositoryPath}` : asIs;
  return {
    id: rule.id,
    shortDescription: rule.docs.summary,
    fullDescription: `${rule.docs.whatItDoes} ${rule.docs.rationale}`,
    ...(repositoryBlobUrl ? { helpUri: `${repositoryBlobUrl}${rulePagePath(rule)}` } : {}),
    helpText: explainText(rule),
    helpMarkdown: explainMarkdown(rule, link),
    defaultSeverity: rule.severity,
    ...(rule.optIn ? { enabledByDefault: false } : {}),
  };
}
