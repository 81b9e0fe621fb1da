/**
 * Run by Debian's pre-commit in a scratch repository:
 * - the hooks of .pre-commit-hooks.yaml. pre-commit would install mlpc itself for `language: node` (an npm
 *   install); here the same hooks (id, entry, files, pass_filenames) run as `repo: local` hooks with
 *   `language: system` and the entry pointed at this checkout's bin/mlpc.js, so that nothing is downloaded;
 * - the `repo: local` configuration docs/install.md prints, as printed, in a project whose
 *   node_modules/.bin/mlpc starts this checkout's mlpc (as an install of it would).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { optionalPart } from '../helpers/optional.js';
import { runProcess } from '../helpers/run-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const preCommit = optionalPart('pre-commit', spawnSync('pre-commit', ['--version']).status === 0, 'apt-get install pre-commit');

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}

function localConfig(): string {
  const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  expect(hooks.map((hook) => [hook.id, hook.language])).toEqual([['mlpc-lint', 'node'], ['mlpc-build-check', 'node']]);
  const local = hooks.map((hook) => ({ ...hook, language: 'system', entry: hook.entry.replace(/^mlpc /, `${process.execPath} ${path.join(ROOT, 'bin/mlpc.js')} `) }));
  return stringify({ repos: [{ repo: 'local', hooks: local }] });
}

/** The `repo: local` configuration of docs/install.md, byte for byte. */
function documentedConfig(): string {
  const page = readFileSync(path.join(ROOT, 'docs/install.md'), 'utf8');
  const config = /<!-- snippet:pre-commit-config -->\n```yaml\n([\s\S]*?)```\n/.exec(page)?.[1];
  if (config === undefined) throw new Error('docs/install.md has no pre-commit-config snippet');
  return config;
}

/** node_modules/.bin/mlpc in the scratch repository: this checkout's CLI, as an installed mlpc. */
function installMlpc(repo: string): void {
  const bin = path.join(repo, 'node_modules/.bin/mlpc');
  mkdirSync(path.dirname(bin), { recursive: true });
  writeFileSync(bin, `#!/bin/sh\nexec '${process.execPath}' '${path.join(ROOT, 'bin/mlpc.js')}' "$@"\n`);
  chmodSync(bin, 0o755);
  writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
}

preCommit.describe('pre-commit hooks', () => {
  const cases: [string, () => string, (repo: string) => void][] = [
    ['.pre-commit-hooks.yaml', localConfig, () => undefined],
    ['the repo: local configuration of docs/install.md', documentedConfig, installMlpc],
  ];
  for (const [name, config, setUp] of cases) {
    preCommit.it(`${name}: pass on a clean repository, fail on a bad spec and on stale generated scripts, skip unrelated commits`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-pre-commit-'));
      const env = { ...process.env, PRE_COMMIT_HOME: path.join(dir, '.cache'), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', NO_COLOR: '1' };
      const repo = path.join(dir, 'repo');
      mkdirSync(path.join(repo, 'specs'), { recursive: true });
      const git = (...args: string[]) => runProcess('git', args, { cwd: repo, env });
      const run = (...args: string[]) => runProcess('pre-commit', ['run', '--color', 'never', ...args], { cwd: repo, env });
      await git('init', '-q');
      const spec = path.join(repo, 'specs/model.yaml');
      copyFileSync(path.join(ROOT, 'specs/seed_corrected.yaml'), spec);
      writeFileSync(path.join(repo, '.pre-commit-config.yaml'), config());
      setUp(repo);
      const build = await runProcess(process.execPath, [path.join(ROOT, 'bin/mlpc.js'), 'build'], { cwd: repo, env });
      expect(build.status, build.stderr).toBe(0);
      await git('add', '-A');
      await git('commit', '-qm', 'specs and generated scripts');

      const clean = await run('--all-files');
      expect(clean.status, clean.stdout).toBe(0);
      expect(clean.stdout).toMatch(/mlpc lint\.+Passed/);
      expect(clean.stdout).toMatch(/mlpc build --check\.+Passed/);

      // An invalid spec: lint fails with the diagnostic at its line; the build check fails too.
      const original = readFileSync(spec, 'utf8');
      writeFileSync(spec, original.replace('units: 1024', 'units: 1024\n      unit: 3'));
      await git('add', 'specs/model.yaml');
      const bad = await run();
      expect(bad.status).toBe(1);
      expect(bad.stdout).toMatch(/mlpc lint\.+Failed/);
      expect(bad.stdout).toContain('specs/model.yaml:20:7 error layer 1 (dense hidden): unknown key "unit"; did you mean "units"? [unknown-key]');

      // A valid change the generated script does not have yet: lint passes, the build check fails.
      writeFileSync(spec, original.replace('learning_rate: 0.5', 'learning_rate: 0.25'));
      expect(readFileSync(spec, 'utf8')).not.toBe(original);
      await git('add', 'specs/model.yaml');
      const stale = await run();
      expect(stale.status).toBe(1);
      expect(stale.stdout).toMatch(/mlpc lint\.+Passed/);
      expect(stale.stdout).toMatch(/mlpc build --check\.+Failed/);
      expect(stale.stdout).toMatch(/stale: generated\/seed_corrected\.ts \(.*specs\/model\.yaml/);

      // Nothing of mlpc staged: both hooks are skipped.
      writeFileSync(spec, original);
      await git('add', 'specs/model.yaml');
      writeFileSync(path.join(repo, 'NOTES.md'), 'notes\n');
      await git('add', 'NOTES.md');
      await git('commit', '-qm', 'notes', '--no-verify');
      const unrelated = await run('--from-ref', 'HEAD~1', '--to-ref', 'HEAD');
      expect(unrelated.status, unrelated.stdout).toBe(0);
      expect(unrelated.stdout).toMatch(/mlpc lint\.+\(no files to check\)Skipped/);
    }, 180_000);
  }
});
