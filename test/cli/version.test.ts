/** `mlpc --version` is mlpc's own version, whatever project npx or an npm script runs it in. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';

const ownVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('mlpc --version', () => {
  it("prints mlpc's package.json version, not the host project's npm_package_version", async () => {
    const result = await runMlpc(['--version'], { env: { ...process.env, npm_package_version: '9.9.9-host-project' } });
    expect(result.status).toBe(0);
    expect(ownVersion).not.toBe('9.9.9-host-project');
    expect(result.stdout.trim()).toBe(ownVersion);
  });
});
