/**
 * mlpc.config.yaml without ajv: the plain check accepts only configs the schema accepts, sends every
 * other one to the schema (so its messages and positions stay the schema's), and a `targets:` config —
 * this repository's — is linted without loading ajv at all.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { lintConfigSchema } from '../../src/compiler/lint/config-schema.js';
import { parseLintConfig } from '../../src/compiler/lint/config.js';
import { isPlainValidConfig } from '../../src/compiler/lint/plain-config.js';
import { rules } from '../../src/compiler/lint/rules/index.js';
import { mlpc, ROOT, temporaryDirectory } from './cli-helpers.js';

const ruleIds = new Set(rules.map((rule) => rule.id));
const schema = new Ajv.default({ allErrors: true, strict: false }).compile(lintConfigSchema(rules));

const plain: unknown[] = [
  {},
  { targets: ['typescript', 'pytorch'] },
  { targets: ['pytorch'] },
  { rules: { 'init-scale': 'off', 'no-bias-regularization': 'error' }, report_unused_disable_directives: 'off' },
  { rules: {}, targets: ['typescript'] },
];
const toSchema: unknown[] = [
  null,
  [],
  'targets',
  { targets: [] },
  { targets: ['typescript', 'typescript'] },
  { targets: ['tfjs'] },
  { targets: 'pytorch' },
  { targets: [3] },
  { target: ['pytorch'] },
  { rules: { 'init-scal': 'off' } },
  { rules: { 'init-scale': 'fatal' } },
  { rules: { 'init-scale': ['warning'] } },
  { rules: { 'regularization-dominates-loss': ['warning', { ratio: 100 }] } },
  { rules: [] },
  { report_unused_disable_directives: 'loud' },
];

describe('the plain config check', () => {
  it('accepts only configs the schema accepts', () => {
    for (const config of plain) {
      expect(isPlainValidConfig(config, ruleIds), JSON.stringify(config)).toBe(true);
      expect(schema(config), JSON.stringify(config)).toBe(true);
    }
  });

  it('leaves every other config to the schema (valid ones with rule options among them)', () => {
    for (const config of toSchema) expect(isPlainValidConfig(config, ruleIds), JSON.stringify(config)).toBe(false);
    expect(schema({ rules: { 'regularization-dominates-loss': ['warning', { ratio: 100 }] } })).toBe(true);
  });

  it('a bad target is still the schema error at its line', () => {
    const { diagnostics } = parseLintConfig('mlpc.config.yaml', 'targets:\n  - typescript\n  - pytorh\n');
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['config-schema', 3]]);
  });
});

describe('mlpc lint under a targets: config', () => {
  // Reports, at exit, whether any ajv module was required (the config's schema path loads it with require).
  const reportAjv = [
    '--import',
    'data:text/javascript,import{createRequire}from"node:module";const r=createRequire("file:///");' +
      'process.on("exit",()=>{if(Object.keys(r.cache).some((f)=>/node_modules[\\\\/]ajv[\\\\/]/.test(f)))process.stderr.write("ajv loaded\\n")})',
  ];

  it('never loads ajv; a config with rule options does (positive control)', () => {
    const dir = temporaryDirectory();
    copyFileSync(path.join(ROOT, 'specs/seed.yaml'), path.join(dir, 'seed.yaml'));
    writeFileSync(path.join(dir, 'mlpc.config.yaml'), 'targets: [typescript, pytorch]\nrules:\n  init-scale: off\n');
    const light = mlpc(['lint', 'seed.yaml'], { cwd: dir, nodeArgs: reportAjv });
    expect([0, 1], light.stderr).toContain(light.status);
    expect(light.stderr).not.toContain('ajv loaded');
    expect(light.stdout).not.toContain('init-scale');
    writeFileSync(path.join(dir, 'mlpc.config.yaml'), 'targets: [typescript]\nrules:\n  regularization-dominates-loss: [warning, {ratio: 1000}]\n');
    const withOptions = mlpc(['lint', 'seed.yaml'], { cwd: dir, nodeArgs: reportAjv });
    expect(withOptions.stderr).toContain('ajv loaded');
  });
});
