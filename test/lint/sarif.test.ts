import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { formatLintOutput } from '../../src/cli/format-output.js';
import { lintSpecText } from '../../src/compiler/lint/lint-spec.js';
import { rules } from '../../src/compiler/lint/rules/index.js';
import { explainMarkdown, explainText, sarifRuleInfo } from '../../src/compiler/lint/rule-docs.js';
import { toSarifLog } from '../../src/compiler/diagnostics/formatters/sarif.js';
import { ROOT } from './cli-helpers.js';

process.chdir(ROOT);
const Ajv = AjvModule as unknown as typeof AjvModule.default;

/** The official schema is draft-04 (`id`); ajv 8 speaks draft-06+ (`$id`). Nothing else differs for this schema. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const { id, $schema: _draft, ...rest } = schema;
  if (typeof id !== 'string') throw new Error('the SARIF schema has no string id');
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value));
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile({ $id: id, ...rest });
}

describe('--format sarif', async () => {
  const text = readFileSync('specs/seed.yaml', 'utf8');
  const { diagnostics } = lintSpecText('specs/seed.yaml', text, DEFAULT_LINT_CONFIG);
  const output = await formatLintOutput('sarif', diagnostics, { sources: new Map([['specs/seed.yaml', text]]), files: ['specs/seed.yaml'], color: false, root: ROOT });
  const log = JSON.parse(output) as Sarif.Log;

  it('validates against the SARIF 2.1.0 JSON Schema', () => {
    const validate = sarifValidator();
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('a schema violation is caught (the validator is not vacuous)', () => {
    const validate = sarifValidator();
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
  });

  it('describes every rule with its help inside the log, and results point at their rule and line', () => {
    const run = log.runs[0]!;
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    for (const [index, rule] of run.tool.driver.rules!.entries()) {
      expect(rule.shortDescription?.text.length).toBeGreaterThan(10);
      // mlpc's package.json names no repository: no made-up address, and no file:// of the linting machine.
      expect(rule.helpUri).toBeUndefined();
      expect(rule.help?.text).toBe(explainText(rules[index]!));
      expect(rule.help?.markdown).toBe(explainMarkdown(rules[index]!));
      expect(rule.help?.markdown).toContain('## Why is this bad?');
    }
    expect(run.tool.driver.informationUri).toBeUndefined();
    const bias = run.results!.find((r) => r.ruleId === 'no-bias-regularization')!;
    expect(run.tool.driver.rules![bias.ruleIndex!]!.id).toBe('no-bias-regularization');
    expect(bias.level).toBe('warning');
    expect(bias.locations![0]!.physicalLocation!.region).toMatchObject({ startLine: 32, startColumn: 5 });
    expect(bias.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'specs/seed.yaml', uriBaseId: '%SRCROOT%' });
    expect(bias.partialFingerprints!['mlpcFindingHash/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(bias.fixes![0]!.artifactChanges[0]!.replacements[0]!.deletedRegion.charLength).toBeGreaterThan(0);
    // An opt-in rule: described, off by default (SARIF's defaultConfiguration.enabled), so no result.
    const optIn = run.tool.driver.rules!.find((r) => r.id === 'dropout-without-max-norm')!;
    expect(optIn.defaultConfiguration).toEqual({ level: 'note', enabled: false });
    expect(run.results!.some((r) => r.ruleId === 'dropout-without-max-norm')).toBe(false);
  });

  it('fingerprints do not change when lines are inserted above the finding', async () => {
    const shifted = `# a new comment line\n${text}`;
    const again = lintSpecText('specs/seed.yaml', shifted, DEFAULT_LINT_CONFIG).diagnostics;
    const log2 = JSON.parse(
      await formatLintOutput('sarif', again, { sources: new Map([['specs/seed.yaml', shifted]]), files: [], color: false, root: ROOT }),
    ) as Sarif.Log;
    const print = (l: Sarif.Log) => l.runs[0]!.results!.map((r) => r.partialFingerprints!['mlpcFindingHash/v1']);
    expect(print(log2)).toEqual(print(log));
    expect(log2.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine).toBe(
      log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine! + 1,
    );
  });
});

describe('SARIF rule help with a repository address', () => {
  it('links each rule to its page on the repository host, and writes the page\'s own links absolute', () => {
    const blob = 'https://github.com/someone/mlpc/blob/HEAD/';
    const info = rules.map((rule) => sarifRuleInfo(rule, blob));
    const log = toSarifLog([], { rules: info, toolVersion: '0.1.0', informationUri: 'https://github.com/someone/mlpc', root: ROOT });
    const driver = log.runs[0]!.tool.driver;
    expect(driver.informationUri).toBe('https://github.com/someone/mlpc');
    expect(driver.rules![0]!.helpUri).toBe(`${blob}docs/rules/${rules[0]!.id}.md`);
    const bias = driver.rules!.find((rule) => rule.id === 'no-bias-regularization')!;
    expect(bias.help!.markdown).toContain(`](${blob}docs/l2-and-dropout.md)`);
  });
});
