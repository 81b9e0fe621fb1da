/** `mlpc explain [RULE]`: one rule's page (Ruff's `ruff rule`; the text of docs/rules/RULE.md), or the list of rules. */
import { closest } from 'fastest-levenshtein';
import { InputError } from '../../compiler/errors.js';
import { ExitCode } from '../exit-codes.js';
import { explainMarkdown, explainText } from '../../compiler/lint/rule-docs.js';
import { findRule, rules } from '../../compiler/lint/rules/index.js';

export async function runExplain(id: string | undefined, options: { markdown?: boolean }): Promise<number> {
  if (id === undefined) {
    const width = Math.max(...rules.map((rule) => rule.id.length));
    for (const rule of rules) process.stdout.write(`${rule.id.padEnd(width)}  ${(rule.optIn ? 'off' : rule.severity).padEnd(7)}  ${rule.docs.summary}\n`);
    return ExitCode.ok;
  }
  const rule = findRule(id);
  if (!rule) {
    throw new InputError(`no lint rule ${id}; did you mean ${closest(id, rules.map((r) => r.id))}? (mlpc explain lists them)`);
  }
  process.stdout.write(options.markdown ? explainMarkdown(rule) : explainText(rule));
  return ExitCode.ok;
}
