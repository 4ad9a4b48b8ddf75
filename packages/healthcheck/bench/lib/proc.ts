/**
 * Benchmark helper: reads Linux /proc counters.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * The fields of `/proc/<pid>/stat` after the command name, so `fields[0]` is the state (field 3
 * of proc(5)): minflt is [7], majflt [9], utime [11], stime [12] (clock ticks, USER_HZ 100).
 *
 * @param pid - a process id, or `self`
 */
export function procStatFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
