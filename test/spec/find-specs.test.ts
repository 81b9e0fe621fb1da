import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/compiler/errors.js';
import { findSpecFiles } from '../../src/compiler/spec/find-specs.js';

describe('findSpecFiles', () => {
  it('expands directories recursively to sorted *.yaml / *.yml files, keeping explicit files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpc-find-'));
    mkdirSync(join(root, 'b', 'deep'), { recursive: true });
    mkdirSync(join(root, '.hidden'));
    for (const file of ['z.yaml', 'a.yml', 'notes.txt', 'b/deep/c.YAML', '.hidden/x.yaml']) writeFileSync(join(root, file), '');
    writeFileSync(join(root, 'explicit.txt'), '');
    const found = await findSpecFiles([root, join(root, 'explicit.txt'), join(root, 'a.yml')]);
    const rel = (file: string) => join(root, file).replace(/\\/g, '/');
    expect(found).toEqual([rel('a.yml'), rel('b/deep/c.YAML'), rel('explicit.txt'), rel('z.yaml')]);
  });

  it('defaults to specs/', async () => {
    const found = await findSpecFiles([]);
    expect(found).toEqual(expect.arrayContaining(['specs/seed.yaml', 'specs/seed_corrected.yaml', 'specs/conv_bn.yaml']));
  });

  it('a missing path is a usage error', async () => {
    await expect(findSpecFiles(['no/such/dir'])).rejects.toBeInstanceOf(InputError);
  });
});
