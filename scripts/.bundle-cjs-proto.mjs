import { build } from 'esbuild';
import path from 'node:path';
const ROOT = '/work/main', SRC = ROOT + '/src', OUT_DIR = ROOT + '/dist/bundle-cjs';
const BUNDLED = new Set(['lint', 'explain']);
const dist = (f) => path.relative(OUT_DIR, path.join(ROOT, 'dist', path.relative(SRC, f).replace(/\.ts$/, '.js')));
const plugin = { name: 'k', setup(b) { b.onResolve({ filter: /^\.\.?\// }, (a) => {
  if (!a.importer.startsWith(SRC)) return;
  const t = path.resolve(path.dirname(a.importer), a.path).replace(/\.js$/, '.ts');
  if (t === SRC + '/cli/action.ts') return { path: dist(t), external: true };
  if (path.dirname(a.importer) === SRC + '/cli/commands' && a.kind === 'dynamic-import' && !BUNDLED.has(path.basename(a.importer, '.ts'))) return { path: dist(t), external: true };
}); } };
await build({ absWorkingDir: ROOT, entryPoints: { main: 'src/cli/main.ts' }, outfile: OUT_DIR + '/main.cjs', bundle: true, format: 'cjs', platform: 'node', target: 'node20', minify: !process.env.NOMIN, sourcemap: 'linked', sourcesContent: false, external: ['ts-morph','@tensorflow/*','typescript'], plugins: [plugin], logLevel: 'warning',
  define: { 'import.meta.url': '__mlpcImportMetaUrl' }, banner: { js: 'var __mlpcImportMetaUrl=require("node:url").pathToFileURL(__filename).href;' } });
