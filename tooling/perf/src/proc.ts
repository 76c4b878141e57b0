import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time a process has used so far, in ms: the sum of `/proc/<pid>/task/<tid>/schedstat` (nanoseconds on CPU)
 * over its threads. Unlike wall time it barely moves when other processes compete for the cores, so startup is
 * comparable on a busy machine. Survives `execve` (the packaged plugin's Python → Node hand-over keeps the PID).
 */
export function schedCpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

/** A `/proc/<pid>/status` memory field (`VmRSS`, `VmHWM`…) in MiB. */
export function readMiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1];
  return Number(kib) / 1024;
}
