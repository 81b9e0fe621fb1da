/** results.json as the Markdown tables of docs/performance.md's bench section (`node bench/readme-tables.mjs`). */

const fixed = (x, digits = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—');
const times = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${x.toFixed(1)}×` : '—');
const percent = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${Math.round(x * 100)} %` : '—');

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function ms(figure, key) {
  if (!figure) return 'n/a';
  if (figure.status === 'fails') return '**fails**';
  return figure[key] ? fixed(figure[key].median) : 'error';
}

export function markdownTables(results) {
  const out = [];
  const p = results.peak;
  const rows = (results.workloads ?? []).map((w) => {
    const speed = (clock) => times(w.fit?.status === 'fails' ? w[clock]?.speedupVsFitPatched : w[clock]?.speedupVsFit);
    return [
      w.title ?? w.name, fixed(w.flops.step / 1e9, 3),
      `${ms(w.mlpc, 'ms')} (${ms(w.mlpc, 'cpuMs')})`,
      `${ms(w.fit, 'ms')}${w.fit?.status === 'ok' ? ` (${ms(w.fit, 'cpuMs')})` : ''}`,
      w.fitPatched ? `${ms(w.fitPatched, 'ms')} (${ms(w.fitPatched, 'cpuMs')})` : '',
      `${speed('wall')} (${speed('cpu')})`,
      `${fixed(w.wall?.gflops)} (${fixed(w.cpu?.gflops)})`,
      `${percent(w.wall?.fractionOfPeak)} (${percent(w.cpu?.fractionOfPeak)})`,
      w.torch1 ? `${ms(w.torch1, 'ms')} / ${ms(w.torch2, 'ms')}` : 'n/a',
    ];
  });
  if (rows.length) {
    out.push(table(['workload', 'GFLOP/step', 'mlpc ms', 'tf.layers fit ms', 'fit + JS filter grad ms', 'fit / mlpc', 'GFLOP/s', 'of peak', 'PyTorch ms 1 / 2 threads'], rows));
    out.push('', `Wall clock, with the process's CPU time in parentheses. Peak plain matMul 1024³: ${fixed(p.gflops)} GFLOP/s wall, ${fixed(p.cpuGflops)} GFLOP/s CPU.`);
    const torchRun = results.workloads.map((w) => w.torch1).find((t) => t?.status === 'ok');
    if (torchRun) {
      const blas = torchRun.openblas ? `${torchRun.openblas.config.split(' ').slice(0, 2).join(' ')} (${torchRun.openblas.core} kernels)` : torchRun.blas.join(', ');
      const reference = results.workloads.find((w) => w.torchReferenceBlas?.ms);
      out.push(`PyTorch ${torchRun.torch} (Debian's python3-torch) on ${blas}, ${results.torch.defaultThreads} thread by default here` +
        (reference ? `; on Debian's reference BLAS (libblas3) the ${reference.name} step takes ${fixed(reference.torchReferenceBlas.ms.median)} ms (${fixed(reference.torchReferenceBlas.cpuMs.median)} CPU).` : '.'));
    }
  }
  const bd = results.breakdown;
  if (bd?.phases) {
    out.push('', table([`seed step by phase (mlpc's runtime kernels, each alone)`, 'CPU ms'], [
      ...bd.phases.map((r) => [r.phase, fixed(r.cpuMs, 2)]),
      ['sum of the phases', fixed(bd.sumMs, 2)], ['whole step, same kernels', fixed(bd.wholeStepCpuMs, 2)],
    ]));
    if (bd.table9) out.push('', table(['Table 9 network, per step', 'CPU ms'], bd.table9.map((r) => [r.phase, fixed(r.cpuMs, 2)])));
  }
  const t = results.trainRun;
  const e = results.evaluation;
  const c = results.compiler;
  const misc = [];
  if (t?.status === 'ok') {
    misc.push([`\`${t.command}\` (${t.steps} steps)`, `${fixed(t.wallMs / 1000)} s wall; peak RSS ${fixed(t.scriptMaxRssMiB, 0)} MiB of the training script, ${fixed(t.cliMaxRssMiB, 0)} MiB of the mlpc CLI that emitted it; test accuracy ${fixed(t.testAccuracy * 100)} %`]);
    misc.push(['tensors at logged steps of that run', Object.entries(t.tensorsAt).map(([s, n]) => `${s}: ${n}`).join(', ')]);
  }
  if (e?.ms) misc.push(['evaluation, no dropout, batches of 500', `${fixed(e.examplesPerSec, 0)} examples/s (${e.examples} examples in ${fixed(e.ms)} ms, ${fixed(e.gflops)} GFLOP/s)`]);
  if (c?.lint) {
    misc.push([`\`mlpc lint specs\`, CPU beyond \`node -e ''\` (${fixed(c.nodeBaselineCpuMs)} ms)`, `${fixed(c.lint.beyondNodeMs)} ms (loads tfjs: ${c.lint.tfjsLoaded ? 'yes' : 'no'})`]);
  }
  const check = results.check ?? c;
  if (check?.buildCheck) {
    misc.push([`\`mlpc build specs --check\`, CPU beyond \`node -e ''\` (${fixed(check.nodeBaselineCpuMs)} ms)`, `${fixed(check.buildCheck.beyondNodeMs)} ms (median of ${check.runs})`]);
  }
  if (misc.length) out.push('', table(['figure', 'value'], misc));
  if (results.targets?.length) {
    out.push('', table(['performance target', 'wanted', 'wall', 'CPU', 'met (wall)'], results.targets.map((x) => [x.name, x.target, x.wall, x.cpu, x.met ? 'yes' : '**no**'])));
  }
  return out.join('\n');
}
