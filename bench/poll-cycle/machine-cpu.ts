/**
 * CPU time of the whole machine and of its PostgreSQL processes, read from Linux's /proc, so a
 * cycle's figures say whether the machine itself was busy (the poller, the server, the farm and
 * whatever else runs) and not only the poller. Null where /proc is missing.
 */
import fs from 'node:fs';

/** Linux reports /proc times in clock ticks of 1/100 s on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds the machine spent on anything but idling and waiting for I/O, summed over its cores, since boot. */
export function machineBusySeconds(): number | null {
  try {
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks as number[];
    return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by the PostgreSQL processes now running and by those that exited:
 * the server reaps its backends, whose time then counts in its children's time (cutime,
 * cstime). Without it, a connection closed during a cycle took its CPU out of the sum, and a
 * steady cycle's figure came out at -9 s.
 */
export function postgresCpuSeconds(): number | null {
  try {
    let ticks = 0;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      // "pid (comm) state ppid …": comm may hold spaces, so fields are counted after its ")".
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14–17 of the whole line.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
