// CPU profiles (node --cpu-prof) of a child run, summarized as the top self-time functions.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { BENCH_DIR, runChild } from "./child.js";

export interface ProfileEntry {
  readonly fn: string;
  readonly where: string;
  readonly selfMs: number;
  readonly percent: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export function summarizeProfile(path: string, top = 12): ProfileEntry[] {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id);
    const delta = (profile.timeDeltas[index] ?? 0) / 1000;
    total += delta;
    if (frame === undefined) return;
    const url = frame.url.replace(/^file:\/\//, "");
    const where =
      url === "" ? "" : `${relative(join(BENCH_DIR, ".."), url)}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || "(anonymous)"}\u0000${where}`;
    self.set(key, (self.get(key) ?? 0) + delta);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, ms]) => {
      const [fn, where] = key.split("\u0000");
      return { fn: fn!, where: where!, selfMs: ms, percent: (100 * ms) / total };
    });
}

/** Runs `script args` once under --cpu-prof and returns its top self-time functions. */
export async function profileChild(
  script: string,
  args: readonly string[],
): Promise<ProfileEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-prof-"));
  try {
    await runChild(script, args, ["--cpu-prof", "--cpu-prof-dir", dir]);
    const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
    if (file === undefined) return [];
    return summarizeProfile(join(dir, file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
