/**
 * CPU time of the calling thread (worker or main), from /proc/thread-self/stat (utime + stime in
 * clock ticks, 10 ms on Linux): coarse, so read it once around many steps. process.cpuUsage()
 * would count every worker of the process. Undefined where /proc is not Linux's.
 */
import { readFileSync } from 'node:fs';

const ticksPerSecond = 100;

export function threadCpuMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
