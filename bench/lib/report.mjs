/**
 * The printed tables of `npm run bench` and the target check, both from results.json's object.
 * Training figures come twice: wall clock (what a user waits; what the performance targets name) and
 * CPU time of the process (what a busy shared machine does not inflate). On an idle machine the
 * two agree for single-threaded work; when they differ, the machine was busy.
 */

const fixed = (x, digits = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—');
const times = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${x.toFixed(1)}×` : '—');
const percent = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${Math.round(x * 100)} %` : '—');
const clocks = [['wall', 'ms', 'wall clock'], ['cpu', 'cpuMs', 'CPU time']];

function cellMs(figure, key) {
  if (!figure) return 'n/a';
  if (figure.status === 'fails') return 'fails';
  if (!figure[key]) return 'error';
  return fixed(figure[key].median);
}

export function formatTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** { name, target, wall, cpu, met } for each performance target this run measured; met on the wall clock. */
export function checkTargets(results) {
  const byName = Object.fromEntries((results.workloads ?? []).map((w) => [w.name, w]));
  const targets = [];
  const add = (name, target, wall, cpu, met, note) => targets.push({ name, target, wall, cpu, met, note });
  const speed = (w, want) => {
    if (!w?.wall) return;
    if (w.fit?.status === 'fails') {
      const note = 'stock tf.layers cannot train it on wasm (Conv2DBackpropFilter missing); compared with fit + a JS filter gradient';
      add(`${w.name} vs tf.layers fit`, `≥ ${want}×`, `fit fails; ${times(w.wall.speedupVsFitPatched)}`, times(w.cpu?.speedupVsFitPatched),
        (w.wall.speedupVsFitPatched ?? 0) >= want, note);
    } else if (w.wall.speedupVsFit) {
      add(`${w.name} vs tf.layers fit`, `≥ ${want}×`, times(w.wall.speedupVsFit), times(w.cpu?.speedupVsFit), w.wall.speedupVsFit >= want);
    }
  };
  speed(byName.seed, 15);
  for (const name of ['seed', 'seed_maxnorm']) {
    const w = byName[name];
    if (w?.wall?.fractionOfPeak !== undefined) {
      add(`${name} fraction of peak matMul`, '≥ 70 %', percent(w.wall.fractionOfPeak), percent(w.cpu?.fractionOfPeak), w.wall.fractionOfPeak >= 0.7);
    }
  }
  speed(byName.table9, 8);
  speed(byName.conv_bn, 8);
  const lint = results.compiler?.lint;
  if (lint) {
    add('mlpc lint specs, CPU beyond node start-up', '< 50 ms', '', `${fixed(lint.beyondNodeMs)} ms`, lint.complete && lint.beyondNodeMs < 50,
      lint.complete ? undefined : `lint exited ${lint.exitCode}: ${lint.stderrTail}`);
  }
  const check = results.check?.buildCheck ?? results.compiler?.buildCheck;
  if (check) {
    add('mlpc build --check specs, CPU beyond node start-up', '< 150 ms', '', `${fixed(check.beyondNodeMs)} ms`, check.exitCode === 0 && check.beyondNodeMs < 150,
      check.exitCode === 0 ? undefined : `build --check exited ${check.exitCode}: ${check.stderrTail}`);
  }
  const lsp = results.lsp?.warm;
  if (lsp?.median !== undefined) {
    add('mlpc lsp: seed diagnostics after a change, warm (median)', '< 50 ms', `${fixed(lsp.median)} ms (p95 ${fixed(lsp.p95)})`, '', lsp.median < 50);
  }
  const growth = results.trainRun?.tensorGrowth;
  if (growth) {
    add(`tensor growth, steps ${growth.fromStep}→${growth.toStep}`, '0', `${growth.before}→${growth.after}`, '', growth.growth === 0 && growth.toStep - growth.fromStep >= 1000);
  }
  return targets;
}

function trainingTables(results, out) {
  for (const [clock, key, title] of clocks) {
    const peak = clock === 'wall' ? results.peak?.gflops : results.peak?.cpuGflops;
    const rows = results.workloads.map((w) => {
      const d = w[clock] ?? {};
      return [
        w.name, fixed((w.flops?.step ?? NaN) / 1e9, 3), cellMs(w.mlpc, key), cellMs(w.fit, key), w.fitPatched ? cellMs(w.fitPatched, key) : '',
        w.fit?.status === 'fails' ? times(d.speedupVsFitPatched) : times(d.speedupVsFit), fixed(d.gflops), percent(d.fractionOfPeak),
        cellMs(w.torch1, key), clock === 'wall' ? cellMs(w.torch2, key) : '',
      ];
    });
    out.push('', `training step, ms, ${title} (medians after warm-up); peak matMul ${fixed(peak)} GFLOP/s`);
    out.push(formatTable(['workload', 'GFLOP/step', 'mlpc', 'tf.layers fit', 'fit+JS grad', 'fit/mlpc', 'GFLOP/s', 'of peak', 'torch 1T', 'torch 2T'], rows));
  }
  for (const w of results.workloads.filter((x) => x.status !== 'ok')) out.push(`  ${w.name}: ${w.error ?? w.mlpc?.error ?? 'failed'}`);
  for (const w of results.workloads.filter((x) => x.fit?.status === 'fails')) out.push(`  ${w.name}: tf.layers fit fails: ${w.fit.error}`);
  const torchRun = results.workloads.map((w) => w.torch1).find((t) => t?.status === 'ok');
  if (torchRun) {
    const blas = torchRun.openblas ? `${torchRun.openblas.config.split(' ').slice(0, 2).join(' ')}, ${torchRun.openblas.core} kernels` : torchRun.blas.join(', ') || 'unknown';
    out.push(`  torch: PyTorch ${torchRun.torch} (${results.torch.python}), BLAS ${blas}; its default thread count here: ${results.torch.defaultThreads}`);
    for (const w of results.workloads.filter((x) => x.torchReferenceBlas?.ms)) {
      out.push(`  torch on Debian's reference BLAS (libblas3), ${w.name}, 1 thread: ${fixed(w.torchReferenceBlas.ms.median)} ms wall, ${fixed(w.torchReferenceBlas.cpuMs.median)} ms CPU`);
    }
  } else out.push('  torch: n/a (the system python3 cannot import torch)');
}

export function formatReport(results) {
  const out = [];
  const m = results.machine;
  const wasm = m.simd === undefined ? 'wasm' : `wasm (SIMD ${m.simd ? 'on' : 'off'}, threads ${m.threads ? 'on' : 'off'})`;
  out.push(`mlpc bench: ${m.cpus} × ${m.cpuModel}, Node ${m.node}, tfjs ${m.tfjs} ${wasm}, load average ${m.loadAverageStart.map((x) => x.toFixed(2)).join(' ')} at start`);
  const p = results.peak;
  if (p?.gflops) {
    const range = p.end ? ` (higher median of before ${fixed(p.start)} / after ${fixed(p.end)} the workloads; CPU time: ${fixed(p.cpuGflops)})` : '';
    out.push(`peak plain matMul 1024³ on wasm: ${fixed(p.gflops)} GFLOP/s${range}`);
  }
  if (results.workloads?.length) trainingTables(results, out);
  const bd = results.breakdown;
  if (bd?.phases) {
    out.push('', `seed step by phase, CPU ms (mlpc's runtime kernels, each phase alone; sum ${fixed(bd.sumMs)}, whole step ${fixed(bd.wholeStepCpuMs)})`);
    out.push(formatTable(['phase', 'CPU ms'], bd.phases.map((r) => [r.phase, fixed(r.cpuMs, 2)])));
    if (bd.table9) out.push('Table 9 network, per step:', formatTable(['phase', 'CPU ms'], bd.table9.map((r) => [r.phase, fixed(r.cpuMs, 2)])));
  }
  const w = results.workers;
  if (w?.runs) {
    out.push('', `--workers: the generated seed script, ${w.runs[0].command.replace('--workers 1', '--workers N')}; step ms = median of the logged step_ms after step 0;`);
    out.push('wall and CPU (both threads) of the whole run, start-up, evaluation and saving included');
    out.push(formatTable(['workers', 'step ms', 'wall s', 'CPU s', 'test acc. %'], w.runs.map((r) => [
      String(r.workers), fixed(r.stepMs), fixed(r.wallMs / 1000), fixed((r.cpuMs ?? NaN) / 1000), fixed((r.testAccuracy ?? NaN) * 100),
    ])));
    out.push(`step speed-up ${times(w.stepSpeedup)}, wall speed-up ${times(w.wallSpeedup)}`);
  } else if (w?.error) out.push('', `--workers: ${w.error}`);
  const t = results.trainRun;
  if (t?.status === 'ok') {
    out.push('', `full run: ${t.command}`);
    out.push(`  ${t.steps} steps in ${fixed(t.wallMs / 1000)} s, peak RSS ${fixed(t.maxRssMiB, 0)} MiB (training script ${fixed(t.scriptMaxRssMiB, 0)}, mlpc CLI ${fixed(t.cliMaxRssMiB, 0)}), test accuracy ${fixed((t.testAccuracy ?? NaN) * 100)} %`);
    const te = t.testEvaluation;
    out.push(`  final test evaluation (no dropout): ${fixed(te.examplesPerSec, 0)} examples/s (${te.examples} examples in ${fixed(te.ms)} ms, one sample)`);
    out.push(`  tensors at logged steps: ${Object.entries(t.tensorsAt).map(([step, n]) => `${step}: ${n}`).join(', ')}`);
  } else if (t) out.push('', `full run: ${t.error}`);
  const e = results.evaluation;
  if (e?.ms) out.push(`evaluation (no dropout, batches of 500): ${fixed(e.examplesPerSec, 0)} examples/s, ${e.examples} validation examples in ${fixed(e.ms)} ms (median of ${e.samples}), ${fixed(e.gflops)} GFLOP/s`);
  else if (e?.error) out.push(`evaluation: ${e.error}`);
  const c = results.compiler;
  if (c?.lint) {
    out.push('', `compiler, CPU ms (user+sys, median of ${c.runs}), node -e '' = ${fixed(c.nodeBaselineCpuMs)} ms`);
    out.push(formatTable(['command', 'CPU ms', 'beyond node', 'exit', 'loads tfjs'], [
      ['mlpc lint specs', fixed(c.lint.cpuMs), fixed(c.lint.beyondNodeMs), c.lint.exitCode, c.lint.tfjsLoaded ? 'yes' : 'no'],
      ['mlpc build specs --check', fixed(c.buildCheck.cpuMs), fixed(c.buildCheck.beyondNodeMs), c.buildCheck.exitCode, c.buildCheck.tfjsLoaded ? 'yes' : 'no'],
    ]));
  }
  const k = results.check;
  if (k?.buildCheck) {
    out.push('', `build --check, CPU ms (user+sys, median of ${k.runs}), node -e '' = ${fixed(k.nodeBaselineCpuMs)} ms`);
    out.push(formatTable(['command', 'CPU ms', 'beyond node', 'exit', 'loads tfjs'], [
      ['mlpc build specs --check', fixed(k.buildCheck.cpuMs), fixed(k.buildCheck.beyondNodeMs), k.buildCheck.exitCode, k.buildCheck.tfjsLoaded ? 'yes' : 'no'],
    ]));
  }
  const lsp = results.lsp;
  if (lsp?.warm?.median !== undefined) {
    const row = (name, d) => [name, fixed(d.median), fixed(d.p95), fixed(d.max), d.n];
    out.push('', `language server (mlpc lsp --stdio, a real client over stdio), wall ms; seed spec, ${lsp.warm.diagnostics} diagnostics`);
    out.push(formatTable(['measure', 'median', 'p95', 'max', 'n'], [
      row(`diagnostics after an edit (warm, after ${lsp.warm.warmup} edits)`, lsp.warm),
      row('spawn to first diagnostics', lsp.startup),
    ]));
  } else if (lsp?.error) out.push('', `language server: ${lsp.error}`);
  if (results.targets?.length) {
    out.push('', 'performance targets (met = on the wall clock)');
    out.push(formatTable(['target', 'wanted', 'wall', 'CPU', 'met'], results.targets.map((x) => [x.name, x.target, x.wall, x.cpu, x.met ? 'yes' : 'NO'])));
  }
  return out.join('\n');
}
