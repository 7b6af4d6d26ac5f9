// Runs a bench script in a child Node process (tsx) and returns the JSON line it prints last.
import { spawn } from "node:child_process";
import { join } from "node:path";

export const BENCH_DIR = join(import.meta.dirname, "..");

export function runChild<T>(
  script: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeFlags, "--import", "tsx", join(BENCH_DIR, script), ...args],
      { stdio: ["ignore", "pipe", "inherit"], cwd: join(BENCH_DIR, "..") },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      const last = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as T);
      } catch (error) {
        reject(new Error(`${script} printed no JSON: ${last.slice(0, 200)} (${error})`));
      }
    });
  });
}
