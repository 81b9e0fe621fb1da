/** loadLintConfig's `openFiles`: what the language server passes for mlpc.config.yaml files open in an editor. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLintConfig } from '../../src/compiler/lint/config.js';
import { temporaryDirectory } from './cli-helpers.js';

describe('loadLintConfig with open (unsaved) config files', () => {
  it('an open text wins over the file on disk, and an open file that is not on disk yet is found', async () => {
    const dir = temporaryDirectory();
    mkdirSync(path.join(dir, 'a'), { recursive: true });
    writeFileSync(path.join(dir, 'mlpc.config.yaml'), 'rules:\n  init-scale: off\n');
    const spec = path.join(dir, 'a/spec.yaml');
    expect((await loadLintConfig(spec, { openFiles: new Map() })).config.rules.get('init-scale')).toEqual({ severity: 'off' });
    const edited = new Map([[path.join(dir, 'mlpc.config.yaml'), 'rules:\n  init-scale: error\n']]);
    expect((await loadLintConfig(spec, { openFiles: edited })).config.rules.get('init-scale')).toEqual({ severity: 'error' });
    const unsavedNearer = new Map([[path.join(dir, 'a/mlpc.config.yaml'), 'rules:\n  init-scale: info\n']]);
    const nearer = await loadLintConfig(spec, { openFiles: unsavedNearer });
    expect(nearer.config.rules.get('init-scale')).toEqual({ severity: 'info' });
    expect(nearer.config.file).toContain('a/mlpc.config.yaml');
  });

  it('sees a config created after an earlier lookup, which the cached lookup of a CLI run does not', async () => {
    const dir = temporaryDirectory();
    const spec = path.join(dir, 'spec.yaml');
    expect((await loadLintConfig(spec)).config.file).toBeUndefined();
    writeFileSync(path.join(dir, 'mlpc.config.yml'), 'rules:\n  init-scale: off\n');
    expect((await loadLintConfig(spec)).config.file).toBeUndefined(); // cached for the CLI's one run
    expect((await loadLintConfig(spec, { openFiles: new Map() })).config.rules.get('init-scale')).toEqual({ severity: 'off' });
  });
});
