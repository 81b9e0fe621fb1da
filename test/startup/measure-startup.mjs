#!/usr/bin/env node
/**
 * CPU (user+sys) of whole node processes beyond a bare `node -e ''`, measured in the same interleaved
 * loop because the machine is noisy. Usage:
 *   node test/startup/measure-startup.mjs [--runs N] -- 'label=[@ENV=value ...] node args...' ...
 * Prints a table of medians; with --json prints the medians as JSON.
 */
import { spawnSync } from 'node:child_process';

const CPU_AT_EXIT =
  'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\nCPU_MS "+(u.user+u.system)/1000+"\\n")})';

export function processCpuMs(args, options = {}) {
  const env = { ...process.env, ...options.env };
  const run = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...args], { encoding: 'utf8', cwd: options.cwd, env });
  const match = /CPU_MS ([\d.]+)\n?$/.exec(run.stderr);
  if (!match) throw new Error(`no CPU figure from node ${args.join(' ')}:\n${run.stderr.slice(-2000)}`);
  return { ms: Number(match[1]), status: run.status };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** commands: [{ label, args }]; returns [{ label, median, beyond, min }] with beyond = median - median(empty node). */
export function measure(commands, runs = 10, options = {}) {
  const all = [{ label: "node -e ''", args: ['-e', ''] }, ...commands];
  const samples = all.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    all.forEach((command, index) => samples[index].push(processCpuMs(command.args, { ...options, env: { ...options.env, ...command.env } }).ms));
  }
  const base = median(samples[0]);
  return all.map((command, index) => ({
    label: command.label,
    median: median(samples[index]),
    min: Math.min(...samples[index]),
    beyond: median(samples[index]) - base,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  let runs = 10;
  let json = false;
  const commands = [];
  for (let index = 0; index < argv.length; index += 1) {
    if (argv[index] === '--runs') runs = Number(argv[++index]);
    else if (argv[index] === '--json') json = true;
    else if (argv[index] !== '--') {
      const [label, ...rest] = argv[index].split('=');
      // Words of the form @NAME=value set environment variables of that command only.
      const words = rest.join('=').split(' ').filter(Boolean);
      const env = Object.fromEntries(words.filter((word) => word.startsWith('@')).map((word) => word.slice(1).split('=')));
      commands.push({ label, env, args: words.filter((word) => !word.startsWith('@')) });
    }
  }
  const rows = measure(commands, runs);
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    process.stdout.write(`runs: ${runs} (medians, ms CPU user+sys)\n`);
    for (const row of rows) process.stdout.write(`${row.label.padEnd(40)} ${row.median.toFixed(1).padStart(7)}  beyond node ${row.beyond.toFixed(1).padStart(6)}  (min ${row.min.toFixed(1)})\n`);
  }
}
