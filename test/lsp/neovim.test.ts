/**
 * The documented Neovim setup (editors/neovim) against the real server, headless: Debian's neovim 0.7.2
 * has no vim.lsp.start, so this runs the start_client path that docs/editors.md documents for 0.7.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { optionalPart } from '../helpers/optional.js';
import { runMlpc, runProcess } from '../helpers/run-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const neovim = optionalPart('neovim', spawnSync('nvim', ['--version']).status === 0, 'apt-get install neovim');

const SCRIPT = `
require('mlpc').setup({ cmd = { os.getenv('MLPC_NODE'), os.getenv('MLPC_BIN'), 'lsp', '--stdio' } })
vim.cmd('edit ' .. os.getenv('MLPC_SPEC'))
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) >= tonumber(os.getenv('MLPC_EXPECT')) end, 20)
local rows = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(rows, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, d.source or '', code or ''))
end
table.sort(rows, function(a, b) return tonumber(a:match('^%d+')) * 1000 + tonumber(a:match(':(%d+)')) < tonumber(b:match('^%d+')) * 1000 + tonumber(b:match(':(%d+)')) end)
local f = io.open(os.getenv('MLPC_NVIM_OUT'), 'w')
f:write((ok and 'ok' or 'timeout') .. '\\n' .. table.concat(rows, '\\n') .. '\\n')
f:close()
vim.cmd('qa!')
`;

/** setup() with no cmd, as docs/editors.md shows it: which server it started, and whether completion is wired. */
const PLAIN_SETUP = `
require('mlpc').setup()
vim.cmd('edit ' .. os.getenv('MLPC_SPEC'))
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) >= tonumber(os.getenv('MLPC_EXPECT')) end, 20)
local client = vim.lsp.get_active_clients()[1]
local f = io.open(os.getenv('MLPC_NVIM_OUT'), 'w')
f:write((ok and 'ok' or 'timeout') .. '\\n' .. #vim.diagnostic.get(0) .. '\\n' .. vim.bo.omnifunc .. '\\n' .. table.concat(client and client.config.cmd or {}, ' ') .. '\\n')
f:close()
vim.cmd('qa!')
`;

neovim.describe('Neovim (editors/neovim, headless)', () => {
  neovim.it('setup() with no cmd starts the project\'s node_modules/.bin/mlpc (none on the PATH) and sets the LSP omnifunc', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'mlpc-nvim-project-'));
    mkdirSync(path.join(project, 'node_modules/.bin'), { recursive: true });
    mkdirSync(path.join(project, 'specs'));
    writeFileSync(path.join(project, 'package.json'), '{"name": "my-models", "private": true}\n');
    writeFileSync(path.join(project, 'specs/seed.yaml'), readFileSync(path.join(ROOT, 'specs/seed.yaml')));
    const called = path.join(project, 'called.txt');
    const bin = path.join(project, 'node_modules/.bin/mlpc');
    writeFileSync(bin, `#!/bin/sh\necho "$@" >> '${called}'\nexec '${process.execPath}' '${path.join(ROOT, 'bin/mlpc.js')}' "$@"\n`);
    chmodSync(bin, 0o755);
    const script = path.join(project, 'test.lua');
    const out = path.join(project, 'out.txt');
    writeFileSync(script, PLAIN_SETUP);
    const expected = (JSON.parse((await runMlpc(['lint', '--format', 'json', 'specs/seed.yaml'])).stdout) as { messages: unknown[] }[])[0]!.messages.length;
    // No mlpc on the PATH, as in a fresh clone or a project that has mlpc only as a dependency.
    const PATH = (process.env.PATH ?? '').split(':').filter((dir) => dir !== '' && !existsSync(path.join(dir, 'mlpc'))).join(':');
    const env = { ...process.env, PATH, MLPC_SPEC: path.join(project, 'specs/seed.yaml'), MLPC_NVIM_OUT: out, MLPC_EXPECT: String(expected) };
    const run = await runProcess('nvim', ['--headless', '--clean', '--cmd', `set rtp+=${path.join(ROOT, 'editors/neovim')}`, '-c', `luafile ${script}`], { env, cwd: project });
    expect(run.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`ok\n${expected}\nv:lua.vim.lsp.omnifunc\n${bin} lsp --stdio\n`);
    expect(readFileSync(called, 'utf8')).toBe('lsp --stdio\n');
  }, 60_000);

  neovim.it('shows the seed spec\'s findings at the CLI\'s positions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-nvim-'));
    const script = path.join(dir, 'test.lua');
    const out = path.join(dir, 'out.txt');
    writeFileSync(script, SCRIPT);
    const cli = JSON.parse((await runMlpc(['lint', '--format', 'json', 'specs/seed.yaml'])).stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
    const expected = cli[0]!.messages.map((m) => `${m.line}:${m.column} mlpc ${m.ruleId}`);
    expect(expected.length).toBeGreaterThan(0);
    const env = { ...process.env, MLPC_NODE: process.execPath, MLPC_BIN: path.join(ROOT, 'bin/mlpc.js'), MLPC_SPEC: path.join(ROOT, 'specs/seed.yaml'), MLPC_NVIM_OUT: out, MLPC_EXPECT: String(expected.length) };
    const run = await runProcess('nvim', ['--headless', '--clean', '--cmd', `set rtp+=${path.join(ROOT, 'editors/neovim')}`, '-c', `luafile ${script}`], { env, cwd: ROOT });
    expect(run.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`ok\n${expected.join('\n')}\n`);
  }, 60_000);
});
