/** Rule links come only from package.json's repository (or a repository homepage); else none, or the installed page. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repositoryAddresses, ruleLinksFor } from '../../src/compiler/lint/rule-links.js';

describe('repositoryAddresses', () => {
  it.each([
    ['github:someone/mlpc', 'https://github.com/someone/mlpc/blob/HEAD/'],
    ['someone/mlpc', 'https://github.com/someone/mlpc/blob/HEAD/'],
    ['git+https://github.com/someone/mlpc.git', 'https://github.com/someone/mlpc/blob/HEAD/'],
    ['https://github.com/someone/mlpc', 'https://github.com/someone/mlpc/blob/HEAD/'],
    ['git@github.com:someone/mlpc.git', 'https://github.com/someone/mlpc/blob/HEAD/'],
    ['gitlab:someone/mlpc', 'https://gitlab.com/someone/mlpc/-/blob/HEAD/'],
  ])('repository %s', (repository, blob) => {
    expect(repositoryAddresses({ repository })?.blob).toBe(blob);
    expect(repositoryAddresses({ repository: { type: 'git', url: repository } })?.blob).toBe(blob);
  });

  it('a repository folder (monorepo) and a homepage that is a repository', () => {
    expect(repositoryAddresses({ repository: { url: 'github:o/tools', directory: 'packages/mlpc' } })).toEqual({
      home: 'https://github.com/o/tools',
      blob: 'https://github.com/o/tools/blob/HEAD/packages/mlpc/',
    });
    expect(repositoryAddresses({ homepage: 'https://github.com/o/mlpc#readme' })?.blob).toBe('https://github.com/o/mlpc/blob/HEAD/');
  });

  it('nothing when package.json names no repository, or a host whose file addresses are unknown', () => {
    expect(repositoryAddresses({})).toBeUndefined();
    expect(repositoryAddresses({ homepage: 'https://mlpc.example.org/docs' })).toBeUndefined();
    expect(repositoryAddresses({ repository: 'https://git.example.org/o/mlpc.git' })).toBeUndefined();
  });
});

describe('ruleLinksFor: the editor link', () => {
  it('is the web page when the repository is known, else the installed page when it exists, else none', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'mlpc-links-'));
    expect(ruleLinksFor(root, { repository: 'github:o/mlpc' }).editorUrl('init-scale')).toBe('https://github.com/o/mlpc/blob/HEAD/docs/rules/init-scale.md');
    expect(ruleLinksFor(root, {}).editorUrl('init-scale')).toBeUndefined();
    mkdirSync(path.join(root, 'docs/rules'), { recursive: true });
    writeFileSync(path.join(root, 'docs/rules/init-scale.md'), '# init-scale\n');
    expect(ruleLinksFor(root, {}).editorUrl('init-scale')).toBe(pathToFileURL(path.join(root, 'docs/rules/init-scale.md')).href);
  });
});
