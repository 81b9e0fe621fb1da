/**
 * Language-server figures, through a real LSP client over stdio (scripts/lsp-client.mjs), as an
 * editor sees them:
 * - warm latency: the seed spec open, one-character edits (its bias λ 0.0005 ↔ 0.0004) sent one at a
 *   time; each latency is from sending didChange to receiving the publishDiagnostics of that version.
 *   The first `warmup` edits are not counted (V8 is still compiling the compiler's hot paths).
 * - start-up: spawning `mlpc lsp --stdio` to the first diagnostics of the seed spec, fresh processes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileUri, ROOT, startServer } from '../../scripts/lsp-client.mjs';
import { quantile, summarize } from '../lib/stats.mjs';

const SEED = path.join(ROOT, 'specs/seed.yaml');

function describe(samples) {
  return { ...summarize(samples), p95: quantile(samples, 0.95), max: Math.max(...samples) };
}

async function warmLatency({ changes, warmup }) {
  const client = await startServer();
  try {
    const uri = fileUri(SEED);
    const text = readFileSync(SEED, 'utf8');
    const at = text.indexOf('l2: 0.0005}', text.indexOf('"*.bias"')) + 'l2: 0.000'.length;
    const lines = text.slice(0, at).split('\n');
    const range = { start: { line: lines.length - 1, character: lines.at(-1).length }, end: { line: lines.length - 1, character: lines.at(-1).length + 1 } };
    await client.open(uri, text, 1);
    const first = await client.diagnostics(uri, 1);
    const latencies = [];
    for (let version = 2; version < 2 + warmup + changes; version += 1) {
      const sentAt = performance.now();
      await client.change(uri, version, version % 2 === 0 ? '4' : '5', range);
      const published = await client.diagnostics(uri, version);
      const receivedAt = client.published.at(-1).receivedAt;
      if (published.diagnostics.length !== first.diagnostics.length) throw new Error(`version ${version}: ${published.diagnostics.length} diagnostics, expected ${first.diagnostics.length}`);
      if (version >= 2 + warmup) latencies.push(receivedAt - sentAt);
    }
    const exit = await client.shutdown();
    return { ...describe(latencies), warmup, diagnostics: first.diagnostics.length, exitCode: exit.code };
  } finally {
    client.kill();
  }
}

async function startup({ starts }) {
  const samples = [];
  const text = readFileSync(SEED, 'utf8');
  for (let i = 0; i < starts; i += 1) {
    const spawnedAt = performance.now();
    const client = await startServer();
    try {
      const uri = fileUri(SEED);
      await client.open(uri, text, 1);
      await client.diagnostics(uri, 1);
      samples.push(client.published.at(-1).receivedAt - spawnedAt);
      await client.shutdown();
    } finally {
      client.kill();
    }
  }
  return describe(samples);
}

export async function measureLsp({ changes = 200, warmup = 30, starts = 7, log }) {
  log(`  warm latency: ${changes} edits after ${warmup} warm-up edits`);
  const warm = await warmLatency({ changes, warmup });
  log(`  start-up to first diagnostics: ${starts} servers`);
  const start = await startup({ starts });
  return { warm, startup: start };
}
