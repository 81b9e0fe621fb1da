/**
 * docs/github-actions/mlpc.yml cannot run here (no GitHub runner): this checks what can be checked
 * locally. Every `npx mlpc` step is a real command whose flags exist, run against this repository's
 * specs with the exit code the workflow relies on; the SARIF goes to the file the upload step reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runProcess } from '../helpers/run-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  if?: string;
  'continue-on-error'?: boolean;
}

const workflow = parse(readFileSync(path.join(ROOT, 'docs/github-actions/mlpc.yml'), 'utf8')) as {
  jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
};
const job = workflow.jobs.mlpc!;

describe('the documented GitHub Actions workflow', () => {
  it('uploads SARIF with the permission it needs, even when lint finds problems', () => {
    expect(job.permissions['security-events']).toBe('write');
    const lintIndex = job.steps.findIndex((step) => step.run?.includes('--format sarif'));
    const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(job.steps[lintIndex]!['continue-on-error']).toBe(true);
    expect(upload?.if).toContain('always()');
    expect(upload?.with?.sarif_file).toBe(job.steps[lintIndex]!.run!.split('> ')[1]);
    expect(job.steps.indexOf(upload!)).toBeGreaterThan(lintIndex);
  });

  it('runs mlpc commands that exist, with the exit codes the workflow relies on', async () => {
    const commands = job.steps.filter((step) => step.run?.startsWith('npx mlpc ')).map((step) => step.run!);
    expect(commands).toEqual(['npx mlpc lint --format sarif > mlpc.sarif', 'npx mlpc lint --format github', 'npx mlpc build --check']);
    for (const command of commands) {
      const [args, redirect] = command.replace(/^npx mlpc /, '').split(' > ');
      const run = await runProcess(process.execPath, [path.join(ROOT, 'bin/mlpc.js'), ...args!.split(' ')], { cwd: ROOT });
      // The shipped specs have warnings and no errors; the generated scripts are committed up to date.
      expect(run.status, `${command}\n${run.stderr}`).toBe(0);
      if (redirect) {
        const sarif = JSON.parse(run.stdout) as { version: string; runs: { tool: { driver: { name: string } }; results: unknown[] }[] };
        expect(sarif.version).toBe('2.1.0');
        expect(sarif.runs[0]!.tool.driver.name).toBe('mlpc');
        expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
      }
      if (args!.includes('github')) expect(run.stdout).toMatch(/^::warning file=specs\/seed\.yaml,line=\d+/m);
    }
  }, 120_000);
});
