/**
 * The studies committed under docs/ are reproducible from their results: `mlpc compare --from
 * docs/<study>/results.json` writes every report file byte for byte as committed (report.md and the plots),
 * so a change to the report code that alters a committed page fails here until the page is rebuilt.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const studies = ['docs/l2-and-dropout', 'docs/l2-and-dropout/converged-mnist', 'docs/l2-and-dropout/converged-fashion', 'docs/lstm-dropout', 'docs/table9'];

describe('committed study reports', { timeout: 120_000 }, () => {
  for (const study of studies) {
    it(`${study} is what mlpc compare --from its results.json writes`, () => {
      const out = mkdtempSync(join(tmpdir(), 'mlpc-report-'));
      const run = spawnSync(process.execPath, ['bin/mlpc.js', 'compare', '--from', join(study, 'results.json'), '--out', out], {
        encoding: 'utf8',
        env: { ...process.env, MLPC_QUIET: '1' },
      });
      expect(run.status, run.stderr).toBe(0);
      const written = readdirSync(out).sort();
      expect(written).toContain('report.md');
      for (const file of written) {
        const same = readFileSync(join(out, file)).equals(readFileSync(join(study, file)));
        expect(same, `${study}/${file} differs from what mlpc compare --from writes (rebuild it: mlpc compare --from ${study}/results.json --out ${study})`).toBe(true);
      }
    });
  }
});
