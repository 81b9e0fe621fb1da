/**
 * End-to-end: the built `mlpc lsp --stdio` driven by a real LSP client (vscode-jsonrpc) as an editor
 * drives it. Expected positions are the CLI's (`mlpc lint --format json`), converted independently.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeWatchedFilesNotification,
  DocumentSymbolRequest,
  ExitNotification,
  FileChangeType,
  HoverRequest,
} from 'vscode-languageserver-protocol';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, ROOT, startServer } from '../../scripts/lsp-client.mjs';
import type { LspClient } from '../../scripts/lsp-client.mjs';
import { runMlpc } from '../helpers/run-process.js';

const SEED = readFileSync(path.join(ROOT, 'specs/seed.yaml'), 'utf8');
/** The seed's findings as `mlpc lint` reports them (read in beforeAll: rules may be added). */
let SEED_CODES: string[] = [];
let client: LspClient;
let next = 0;
/** A fresh document URI in specs/ (beside the real seed, so the same config lookup applies); never written. */
const uriFor = (name: string) => fileUri(`specs/lsp-test-${next++}-${name}.yaml`);

interface Span {
  code: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

async function cliMessages(file: string) {
  const run = await runMlpc(['lint', '--format', 'json', file]);
  const [result] = JSON.parse(run.stdout) as { messages: (Omit<Span, 'code'> & { ruleId: string; severity: 'error' | 'warning' | 'info' })[] }[];
  return result!.messages;
}

async function cliFindings(file: string): Promise<Span[]> {
  return (await cliMessages(file)).map((m) => ({ code: m.ruleId, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn }));
}

function spans(diagnostics: readonly Diagnostic[]): Span[] {
  return diagnostics.map((d) => ({
    code: String(d.code),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  }));
}

function applyAction(text: string, uri: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[uri] ?? [];
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 0, text), edits);
}

function positionOf(text: string, needle: string, delta = 0) {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`not in text: ${needle}`);
  return TextDocument.create('x', 'yaml', 0, text).positionAt(offset + delta);
}

function itemsOf(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  return Array.isArray(result) ? result : (result?.items ?? []);
}

function complete(uri: string, position: { line: number; character: number }): Promise<CompletionItem[]> {
  return client.request<CompletionItem[] | CompletionList | null>(CompletionRequest.type, { textDocument: { uri }, position }).then(itemsOf);
}

function actionsFor(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.request<CodeAction[]>(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only } });
}

beforeAll(async () => {
  client = await startServer();
  SEED_CODES = (await cliFindings('specs/seed.yaml')).map((finding) => finding.code);
}, 30_000);

afterAll(() => {
  client?.kill();
});

describe('mlpc lsp: diagnostics', () => {
  it("publishes the seed spec's findings at the CLI's positions, with rule ids, links and related layers", async () => {
    const uri = fileUri('specs/seed.yaml');
    await client.open(uri, SEED);
    const { diagnostics, version } = await client.diagnostics(uri);
    expect(version).toBe(1);
    const messages = await cliMessages('specs/seed.yaml');
    // The findings on the seed spec, among whatever else the rules find.
    expect(SEED_CODES).toEqual(expect.arrayContaining(['init-scale', 'regularization-dominates-loss', 'no-bias-regularization']));
    expect(spans(diagnostics)).toEqual(await cliFindings('specs/seed.yaml'));
    expect(diagnostics.map((d) => d.severity)).toEqual(messages.map((m) => ({ error: 1, warning: 2, info: 3 })[m.severity]));
    for (const diagnostic of diagnostics) {
      expect(diagnostic.source).toBe('mlpc');
      // No repository in package.json: the rule's page as installed, a file that exists.
      const href = diagnostic.codeDescription?.href ?? '';
      expect(href).toBe(pathToFileURL(path.join(ROOT, 'docs/rules', `${String(diagnostic.code)}.md`)).href);
      expect(existsSync(fileURLToPath(href))).toBe(true);
    }
    // init-scale on hidden.kernel points at the layer it is about.
    const related = diagnostics[0]!.relatedInformation ?? [];
    expect(related).toHaveLength(1);
    expect(related[0]!.message).toMatch(/^layer hidden/);
    expect(related[0]!.location.uri).toBe(uri);
    expect(related[0]!.location.range.start).toEqual(positionOf(SEED, 'type: dense'));
    await client.close(uri);
  });

  it('reports a YAML syntax error, survives it, and lints the next good version', async () => {
    const uri = uriFor('syntax');
    await client.open(uri, SEED.replace('units: 1024', 'units: [1024'));
    const first = await client.diagnostics(uri, 1);
    expect(first.diagnostics.length).toBeGreaterThan(0);
    expect(first.diagnostics.every((d) => d.severity === 1 && String(d.code).startsWith('yaml'))).toBe(true);
    expect(first.diagnostics[0]!.range.start.line).toBeGreaterThanOrEqual(positionOf(SEED, 'units: 1024').line);
    await client.change(uri, 2, 'mlpc: 1\n\t{{{: ]\n');
    expect((await client.diagnostics(uri, 2)).diagnostics.length).toBeGreaterThan(0);
    await client.change(uri, 3, SEED);
    expect((await client.diagnostics(uri, 3)).diagnostics.map((d) => d.code)).toEqual(SEED_CODES);
    await client.close(uri);
  });

  it('publishes nothing for a YAML file that is not a spec, and clears a spec that stops being one', async () => {
    const other = fileUri('specs/not-a-spec.yaml');
    await client.open(other, 'services:\n  web: {image: "nginx", ports: [80\n');
    const spec = uriFor('after-other');
    await client.open(spec, SEED);
    await client.diagnostics(spec, 1); // opened after the other file: a publish for that one would have come first
    expect(client.published.filter((p) => p.uri === other)).toEqual([]);
    await client.change(spec, 2, SEED.replace(/^mlpc: 1$/m, 'version: 1'));
    expect((await client.diagnostics(spec, 2)).diagnostics).toEqual([]);
    await client.close(other);
    await client.close(spec);
  });

  it('after 20 rapid changes, the last diagnostics published are those of the final text', async () => {
    const uri = uriFor('rapid');
    await client.open(uri, SEED);
    const texts = Array.from({ length: 19 }, (_, index) =>
      index % 3 === 1 ? SEED.replace('units: 1024', 'units: [') : SEED.replace('l2: 0.0005}', `l2: 0.000${(index % 9) + 1}}`),
    );
    const final = SEED.replace('  - {params: "*.bias", l2: 0.0005}\n', '').replace('stddev: 1.0}   #', 'stddev: 0.05}  #');
    texts.push(final);
    for (const [index, text] of texts.entries()) await client.change(uri, index + 2, text);
    const finalVersion = texts.length + 1;
    const last = await client.diagnostics(uri, finalVersion);
    expect(last.version).toBe(finalVersion);
    const fresh = uriFor('rapid-final');
    await client.open(fresh, final);
    const expected = await client.diagnostics(fresh, 1);
    expect(spans(last.diagnostics)).toEqual(spans(expected.diagnostics));
    expect(last.diagnostics.map((d) => d.code)).not.toContain('no-bias-regularization');
    expect(last.diagnostics.filter((d) => d.code === 'init-scale')).toHaveLength(1);
    // Nothing for an older version arrived after the final one.
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
    expect(versions.at(-1)).toBe(finalVersion);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    await client.close(uri);
    await client.close(fresh);
  });

  it('applies mlpc.config.yaml from disk, then the unsaved text of an open config, and shows its own errors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-lsp-'));
    writeFileSync(path.join(dir, 'mlpc.config.yaml'), 'rules:\n  init-scale: off\n');
    const spec = fileUri(path.join(dir, 'seed.yaml'));
    await client.open(spec, SEED);
    expect((await client.diagnostics(spec, 1)).diagnostics.map((d) => d.code)).toEqual(SEED_CODES.filter((code) => code !== 'init-scale'));
    const config = fileUri(path.join(dir, 'mlpc.config.yaml'));
    await client.open(config, 'rules:\n  init-scale: error\n  no-such-rule: warning\n');
    const configDiagnostics = await client.diagnostics(config, 1);
    expect(configDiagnostics.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['config-schema', 2]]);
    await client.change(config, 2, 'rules:\n  init-scale: error\n');
    expect((await client.diagnostics(config, 2)).diagnostics).toEqual([]);
    // The spec is linted again with the open config's unsaved text.
    await expect
      .poll(() => client.published.filter((p) => p.uri === spec).at(-1)?.diagnostics.filter((d) => d.code === 'init-scale').map((d) => d.severity))
      .toEqual([1, 1]);
    await client.close(config);
    await client.close(spec);
  });

  it("reports an invalid config that is not open on the config file, and clears it when the file is fixed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-lsp-config-'));
    const configPath = path.join(dir, 'mlpc.config.yaml');
    writeFileSync(configPath, 'rules:\n  init-scal: off\n');
    const spec = fileUri(path.join(dir, 'seed.yaml'));
    const config = fileUri(configPath);
    await client.open(spec, SEED);
    // Invalid config: the rules run with their defaults, as `mlpc lint` runs them, and the config's problem is shown on it.
    expect((await client.diagnostics(spec, 1)).diagnostics.map((d) => d.code)).toEqual(SEED_CODES);
    const problems = await client.diagnostics(config);
    expect(problems.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message])).toEqual([
      ['config-schema', 1, 2, 'unknown lint rule init-scal\nDid you mean init-scale? `mlpc explain` lists the rules.'],
    ]);
    writeFileSync(configPath, 'rules:\n  init-scale: off\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: config, type: FileChangeType.Changed }] });
    await expect.poll(() => client.published.filter((p) => p.uri === config).at(-1)?.diagnostics).toEqual([]);
    await expect.poll(() => client.published.filter((p) => p.uri === spec).at(-1)?.diagnostics.map((d) => d.code)).toEqual(SEED_CODES.filter((code) => code !== 'init-scale'));
    await client.close(spec);
  });
});

describe('mlpc lsp: code actions', () => {
  it('the no-bias-regularization quick fix removes the rule, after which the finding is gone', async () => {
    const uri = uriFor('quickfix');
    await client.open(uri, SEED);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const finding = diagnostics.find((d) => d.code === 'no-bias-regularization')!;
    const actions = await actionsFor(uri, finding, ['quickfix']);
    expect(actions.map((a) => a.title)).toEqual(['Remove regularization rule 2 (no-bias-regularization)', 'Disable no-bias-regularization for this line']);
    const fix = actions[0]!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.isPreferred).toBe(true);
    const fixed = applyAction(SEED, uri, fix);
    expect(fixed).not.toContain('"*.bias"');
    await client.change(uri, 2, fixed);
    const after = await client.diagnostics(uri, 2);
    expect(after.diagnostics.map((d) => d.code)).toEqual(SEED_CODES.filter((code) => code !== 'no-bias-regularization'));
    await client.close(uri);
  });

  it('"disable for this line" inserts a directive that silences exactly that finding, and extends one already there', async () => {
    const uri = uriFor('disable');
    await client.open(uri, SEED);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const finding = diagnostics.find((d) => d.code === 'regularization-dominates-loss')!;
    const disable = (await actionsFor(uri, finding)).find((a) => a.title === 'Disable regularization-dominates-loss for this line')!;
    const once = applyAction(SEED, uri, disable);
    expect(once).toContain('regularization:\n  # mlpc-disable-next-line regularization-dominates-loss -- \n  - {params: "*.kernel", l2: 0.0005}\n');
    await client.change(uri, 2, once);
    expect((await client.diagnostics(uri, 2)).diagnostics.map((d) => d.code)).toEqual(SEED_CODES.filter((code) => code !== 'regularization-dominates-loss'));
    // A second rule on a line that already has a directive joins it (a directive above a directive would silence nothing).
    const merged = once.replace('  - {params: "*.bias", l2: 0.0005}\n', '').replace('{params: "*.kernel", l2', '{params: ["*.kernel", "*.bias"], l2');
    await client.change(uri, 3, merged);
    const bias = (await client.diagnostics(uri, 3)).diagnostics.find((d) => d.code === 'no-bias-regularization')!;
    expect(bias.range.start.line).toBe(finding.range.start.line + 1);
    const extended = applyAction(merged, uri, (await actionsFor(uri, bias)).find((a) => a.title.startsWith('Disable'))!);
    expect(extended).toContain('  # mlpc-disable-next-line regularization-dominates-loss, no-bias-regularization -- \n');
    await client.change(uri, 4, extended);
    expect((await client.diagnostics(uri, 4)).diagnostics.map((d) => d.code)).toEqual(
      SEED_CODES.filter((code) => code !== 'regularization-dominates-loss' && code !== 'no-bias-regularization'),
    );
    await client.close(uri);
  });

  it('source.fixAll.mlpc makes the same text as `mlpc lint --fix`', async () => {
    const uri = uriFor('fixall');
    await client.open(uri, SEED);
    await client.diagnostics(uri, 1);
    const actions = await client.request<CodeAction[]>(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(actions.map((a) => [a.kind, a.title])).toEqual([['source.fixAll.mlpc', 'Fix all auto-fixable mlpc problems']]);
    const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-lsp-fix-'));
    writeFileSync(path.join(dir, 'seed.yaml'), SEED);
    await runMlpc(['lint', '--fix', path.join(dir, 'seed.yaml')]);
    const fixedByCli = readFileSync(path.join(dir, 'seed.yaml'), 'utf8');
    expect(fixedByCli).not.toBe(SEED);
    expect(applyAction(SEED, uri, actions[0]!)).toBe(fixedByCli);
    await client.close(uri);
  });
});

describe('mlpc lsp: hover, completion, symbols', () => {
  const uri = fileUri('specs/lsp-test-hover.yaml');
  const text = SEED.replace("stddev: 1.0}   # tf.truncated_normal's default stddev", 'stddev: 1.0}   # mlpc-disable-line init-scale');

  beforeAll(async () => {
    await client.open(uri, text);
    await client.diagnostics(uri, 1);
  });

  it('on a layer: its `mlpc inspect` row', async () => {
    const result = await client.request<Hover>(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'name: hidden', 7) });
    const value = (result.contents as MarkupContent).value;
    expect(value).toContain('**hidden** (dense)');
    const inspect = await runMlpc(['inspect', 'specs/seed.yaml']);
    const lines = inspect.stdout.split('\n');
    const row = lines.findIndex((line) => line.includes('hidden (dense, relu)'));
    const squeeze = (line: string) => line.replace(/\s+/g, ' ').trim();
    // The row and its continuation line (the bias regularizer), as `mlpc inspect` prints them.
    expect(value).toContain(`${lines[row]}\n${lines[row + 1]}\n`.replace(/ +\n/g, '\n'));
    expect(squeeze(lines[row]!)).toBe('hidden (dense, relu) (None, 1024) 803,840 kernel l2 0.0005');
    expect(squeeze(lines[row + 1]!)).toBe('bias l2 0.0005');
    // On the `- ` of the layer's list item too (where `17G` puts the cursor in Vim).
    const onDash = await client.request<Hover>(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, '- type: dense') });
    expect((onDash.contents as MarkupContent).value).toBe(value);
    // While another part of the spec has an error (a selector that matches nothing), from the lowered layers.
    const broken = text.replace('{params: "*.kernel", l2: 0.0005}', '{params: "*.kernal", l2: 0.0005}');
    await client.change(uri, 100, broken);
    expect((await client.diagnostics(uri, 100)).diagnostics.map((d) => d.code)).toEqual(['unmatched-selector']);
    const whileBroken = await client.request<Hover>(HoverRequest.type, { textDocument: { uri }, position: positionOf(broken, 'name: hidden', 7) });
    expect((whileBroken.contents as MarkupContent).value).toMatch(/hidden \(dense, relu\)\s+\(None, 1024\)\s+803,840\s+bias l2 0\.0005/);
    await client.change(uri, 101, text);
  });

  it("on a selector: the parameters it matches; on a rule id in a disable comment: the rule's docs", async () => {
    const bias = await client.request<Hover>(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, '"*.bias"', 2) });
    const value = (bias.contents as MarkupContent).value;
    expect(value).toContain('`*.bias` matches 2 parameters (1,034 values)');
    expect(value).toContain('\n- `hidden.bias` [1024], 1,024 values\n- `out.bias` [10], 10 values');
    const rule = await client.request<Hover>(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'disable-line init-scale', 15) });
    expect((rule.contents as MarkupContent).value).toMatch(/^# init-scale\n\nDefault severity: \*\*warning\*\*[\s\S]*## Why is this bad\?/);
    const plainWord = await client.request<Hover | null>(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'name: seed', 7) });
    expect(plainWord).toBeNull();
  });

  it("completes the model's parameter ids inside params:, also while the line does not parse", async () => {
    const typing = text.replace('{params: "*.bias", l2: 0.0005}', '{params: "hid');
    await client.change(uri, 102, typing);
    const position = positionOf(typing, '{params: "hid', '{params: "hid'.length);
    const items = await complete(uri, position);
    expect(items.map((item) => item.label)).toEqual(['hidden.kernel', 'hidden.bias', 'out.kernel', 'out.bias', '*.kernel', '*.bias', 'hidden.*', 'out.*']);
    expect(items[0]!.textEdit).toEqual({ range: { start: { ...position, character: position.character - 3 }, end: position }, newText: 'hidden.kernel' });
    // Unquoted, a glob goes in quotes: a plain YAML scalar may not start with `*` (an alias).
    const plain = text.replace('{params: "*.bias", l2: 0.0005}', '{params: , l2: 0.0005}');
    await client.change(uri, 103, plain);
    const globs = await complete(uri, positionOf(plain, '{params: ,', '{params: '.length));
    expect(globs.find((item) => item.label === '*.bias')?.textEdit).toMatchObject({ newText: '"*.bias"' });
    expect(globs.find((item) => item.label === 'out.bias')?.detail).toBe('[10], 10 values');
    // In a block list under params:
    const block = text.replace('{params: "*.bias", l2: 0.0005}', 'params:\n      - out.kernel\n      - o\n    l2: 0.0005');
    await client.change(uri, 104, block);
    const listed = await complete(uri, positionOf(block, '      - o\n', '      - o'.length));
    expect(listed.map((item) => item.label)).toContain('out.bias');
    await client.change(uri, 105, text);
  });

  it('completes layer types, activations and keys from the schema', async () => {
    const typing = text.replace('      activation: relu\n', '      activation: \n      use\n');
    await client.change(uri, 106, typing);
    const activation = await complete(uri, positionOf(typing, 'activation: \n', 'activation: '.length));
    expect(activation.map((item) => item.label)).toEqual(['linear', 'relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softmax', 'gelu']);
    const keys = (await complete(uri, positionOf(typing, '      use\n', '      use'.length))).map((item) => item.label);
    expect(keys).toEqual(expect.arrayContaining(['use_bias', 'bias_init', 'kernel_regularizer', 'kernel_constraint']));
    expect(keys).not.toContain('units'); // already there
    const layerType = text.replace('{type: dropout, rate: 0.5}', '{type: , rate: 0.5}');
    await client.change(uri, 107, layerType);
    const types = await complete(uri, positionOf(layerType, '{type: ,', '{type: '.length));
    expect(types.map((item) => item.label)).toEqual(['dense', 'dropout', 'activation', 'flatten', 'conv2d', 'conv1d', 'max_pool2d', 'average_pool2d', 'global_average_pool2d', 'global_max_pool2d', 'average_pool1d', 'max_pool1d', 'global_average_pool1d', 'global_max_pool1d', 'batch_norm', 'embedding', 'position_embedding', 'layer_norm', 'causal_self_attention', 'gru', 'lstm', 'add', 'drop_path', 'block']);
    const initAndOptimizer = text.replace('kernel_init: {type: truncated_normal, stddev: 1.0}   #', 'kernel_init: \n      # was').replace('optimizer: {type: sgd, learning_rate: 0.5}', 'optimizer: {type: , learning_rate: 0.5}');
    await client.change(uri, 108, initAndOptimizer);
    const initializers = await complete(uri, positionOf(initAndOptimizer, 'kernel_init: \n', 'kernel_init: '.length));
    expect(initializers.map((item) => item.label)).toEqual(expect.arrayContaining(['he_normal', 'glorot_uniform', 'truncated_normal', 'zeros']));
    const optimizers = await complete(uri, positionOf(initAndOptimizer, 'optimizer: {type: ,', 'optimizer: {type: '.length));
    expect(optimizers.map((item) => item.label)).toEqual(['sgd', 'adam', 'adamw', 'rmsprop', 'adadelta']);
    await client.change(uri, 109, text);
  });

  it('lists the layers with their shapes as document symbols', async () => {
    await client.diagnostics(uri, 109);
    const symbols = await client.request<DocumentSymbol[]>(DocumentSymbolRequest.type, { textDocument: { uri } });
    expect(symbols.map((s) => [s.name, s.detail])).toEqual([
      ['hidden', 'dense → (None, 1024)'],
      ['dropout_1', 'dropout → (None, 1024)'],
      ['out', 'dense → (None, 10)'],
    ]);
    expect(symbols[0]!.range.start).toEqual(positionOf(text, 'type: dense'));
  });
});

describe('mlpc lsp: mlpc.config.yaml', () => {
  it('completes rule ids and severities, and hovers a rule id with its documentation', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlpc-lsp-config-edit-'));
    const uri = fileUri(path.join(dir, 'mlpc.config.yaml'));
    const text = 'rules:\n  init-scale: \n  no-bias\n';
    await client.open(uri, text);
    await client.diagnostics(uri, 1);
    const severities = await complete(uri, positionOf(text, 'init-scale: ', 'init-scale: '.length));
    expect(severities.map((item) => item.label)).toEqual(['off', 'info', 'warning', 'error']);
    const ids = await complete(uri, positionOf(text, '  no-bias\n', '  no-bias'.length));
    expect(ids.map((item) => item.label)).toContain('no-bias-regularization');
    expect(ids.find((item) => item.label === 'no-bias-regularization')?.textEdit).toMatchObject({ newText: 'no-bias-regularization: ' });
    const hover = await client.request<Hover>(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'init-scale', 3) });
    expect((hover.contents as MarkupContent).value).toMatch(/^# init-scale\n\nDefault severity: \*\*warning\*\*/);
    await client.close(uri);
  });
});

describe('mlpc lsp: lifecycle', () => {
  it('shutdown then exit ends the server with exit code 0, and nothing on stderr', async () => {
    const own = await startServer();
    const uri = fileUri('specs/seed.yaml');
    await own.open(uri, SEED);
    await own.diagnostics(uri, 1);
    expect(own.initializeResult.serverInfo?.name).toBe('mlpc');
    expect(await own.shutdown()).toEqual({ code: 0, signal: null });
    expect(own.stderr).toBe('');
  });

  it('writes the V8 code cache of the bundle when it exits (it never returns from main)', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'mlpc-lsp-cache-'));
    const own = await startServer({ env: { ...process.env, MLPC_CODE_CACHE_DIR: cacheDir } });
    const uri = fileUri('specs/seed.yaml');
    await own.open(uri, SEED);
    await own.diagnostics(uri, 1);
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(await own.shutdown()).toEqual({ code: 0, signal: null });
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/-default\.cache$/)]);
  });

  it('the unbundled CLI (tsc\'s dist/) serves the same diagnostics; exit without shutdown is exit code 1', async () => {
    const own = await startServer({ env: { ...process.env, MLPC_NO_BUNDLE: '1' } });
    const uri = fileUri('specs/seed.yaml');
    await own.open(uri, SEED);
    expect(spans((await own.diagnostics(uri, 1)).diagnostics)).toEqual(await cliFindings('specs/seed.yaml'));
    await own.connection.sendNotification(ExitNotification.type);
    expect(await own.exited).toEqual({ code: 1, signal: null });
  });
});
