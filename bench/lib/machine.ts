// The machine a run happened on: cores, memory, node version, date.
import { execFileSync } from "node:child_process";

export interface Machine {
  readonly nproc: string;
  readonly free: string;
  readonly cpu: string;
  readonly node: string;
  readonly date: string;
  readonly loadAverage: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export function describeMachine(): Machine {
  const cpuLine = run("sh", ["-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]);
  return {
    nproc: run("nproc", []),
    free: run("free", ["-h"]),
    cpu: cpuLine.trim(),
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: run("cat", ["/proc/loadavg"]),
  };
}
