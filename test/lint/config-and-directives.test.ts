import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLintConfig, parseLintConfig } from '../../src/compiler/lint/config.js';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { lintSpecText } from '../../src/compiler/lint/lint-spec.js';
import { mlpc, ROOT, temporaryDirectory } from './cli-helpers.js';

const seed = readFileSync(path.join(ROOT, 'specs/seed.yaml'), 'utf8');
const where = (d: { code: string; severity: string; location?: { line: number; column: number } }) =>
  `${d.location?.line}:${d.location?.column} ${d.severity} ${d.code}`;

describe('mlpc.config.yaml', () => {
  it('sets severities, turns rules off and passes options', () => {
    const { config, diagnostics } = parseLintConfig(
      'mlpc.config.yaml',
      'rules:\n  init-scale: off\n  no-bias-regularization: error\n  regularization-dominates-loss: [warning, {ratio: 1000}]\n',
    );
    expect(diagnostics).toEqual([]);
    const found = lintSpecText('seed.yaml', seed, config).diagnostics.filter((d) => d.severity !== 'info').map(where);
    // 136.6× is under the configured 1000×; init-scale is off.
    expect(found).toEqual(['32:5 error no-bias-regularization']);
  });

  it('is found upward from the spec, the nearest one winning', async () => {
    const dir = temporaryDirectory();
    mkdirSync(path.join(dir, 'a/b'), { recursive: true });
    writeFileSync(path.join(dir, 'mlpc.config.yaml'), 'rules:\n  init-scale: off\n');
    writeFileSync(path.join(dir, 'a/mlpc.config.yaml'), 'rules:\n  init-scale: error\n');
    const nearest = await loadLintConfig(path.join(dir, 'a/b/spec.yaml'));
    expect(nearest.config.rules.get('init-scale')).toEqual({ severity: 'error' });
    const top = await loadLintConfig(path.join(dir, 'spec.yaml'));
    expect(top.config.rules.get('init-scale')).toEqual({ severity: 'off' });
  });

  it('is validated by its schema, every error at its position', () => {
    const { diagnostics } = parseLintConfig(
      'mlpc.config.yaml',
      'rules:\n  no-bias-regularisation: off\n  init-scale: loud\n  input-dropout-rate: [warning, {rate: 2}]\nextends: recommended\n',
    );
    expect(diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`)).toEqual([
      '2:3 config-schema unknown lint rule no-bias-regularisation',
      '3:15 config-schema expected one of off, info, warning, error',
      '4:34 config-schema unknown option `rate` for input-dropout-rate',
      '5:1 config-schema unknown key `extends`; mlpc.config.yaml has `rules` and `report_unused_disable_directives`',
    ]);
    expect(diagnostics[0]!.hint).toContain('Did you mean no-bias-regularization?');
  });

  it('an invalid config makes `mlpc lint` exit 2 with positioned errors', () => {
    const dir = temporaryDirectory();
    writeFileSync(path.join(dir, 'mlpc.config.yaml'), 'rules:\n  init-scale: loud\n');
    writeFileSync(path.join(dir, 'seed.yaml'), seed);
    const run = mlpc(['lint', dir]);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/mlpc\.config\.yaml:2:15 error expected one of off, info, warning, error \[config-schema\]/);
  });
});

describe('# mlpc-disable-next-line', () => {
  const withComment = (comment: string) => seed.replace('  - {params: "*.bias", l2: 0.0005}\n', `  ${comment}\n  - {params: "*.bias", l2: 0.0005}\n`);

  it('silences one finding on the next line, with a reason', () => {
    const text = withComment('# mlpc-disable-next-line no-bias-regularization -- kept to match the paper');
    const found = lintSpecText('seed.yaml', text, DEFAULT_LINT_CONFIG).diagnostics.map((d) => d.code);
    expect(found).not.toContain('no-bias-regularization');
    expect(found).not.toContain('unused-disable-directive');
    expect(found).toContain('init-scale');
  });

  it('an unused directive is reported, with a fix that removes it', () => {
    const text = withComment('# mlpc-disable-next-line init-scale -- wrong line');
    const diagnostics = lintSpecText('seed.yaml', text, DEFAULT_LINT_CONFIG).diagnostics;
    const unused = diagnostics.find((d) => d.code === 'unused-disable-directive')!;
    expect(where(unused)).toBe('32:3 warning unused-disable-directive');
    expect(unused.message).toBe('unused mlpc-disable-next-line directive: no finding of init-scale on line 33');
    expect(diagnostics.map((d) => d.code)).toContain('no-bias-regularization');
    const [edit] = unused.fix!.edits;
    expect(text.slice(0, edit!.start) + text.slice(edit!.end)).toBe(seed);
  });

  it('an unknown rule id is reported with a suggestion', () => {
    const text = withComment('# mlpc-disable-next-line no-bias-regularisation');
    const unknown = lintSpecText('seed.yaml', text, DEFAULT_LINT_CONFIG).diagnostics.find((d) => d.code === 'unknown-rule')!;
    expect(where(unknown)).toBe('32:3 warning unknown-rule');
    expect(unknown.hint).toContain('no-bias-regularization');
  });

  it('mlpc-disable-line silences a finding on its own line; report_unused_disable_directives: off mutes unused ones', () => {
    const text = seed.replace('  - {params: "*.bias", l2: 0.0005}\n', '  - {params: "*.bias", l2: 0.0005}  # mlpc-disable-line no-bias-regularization\n  # mlpc-disable-next-line\n');
    const found = lintSpecText('seed.yaml', text, DEFAULT_LINT_CONFIG).diagnostics.map((d) => d.code);
    expect(found).not.toContain('no-bias-regularization');
    expect(found).toContain('unused-disable-directive');
    const { config } = parseLintConfig('c.yaml', 'report_unused_disable_directives: off\n');
    expect(lintSpecText('seed.yaml', text, config).diagnostics.map((d) => d.code)).not.toContain('unused-disable-directive');
  });
});
