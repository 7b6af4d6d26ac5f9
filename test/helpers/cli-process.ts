// Runs the CLI from source in a child process and collects its output (for tests of real processes),
// and starts a real `vigil serve` process the same way.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { until } from "./until.js";

export const ROOT = join(import.meta.dirname, "../..");

/** `node --import tsx test/helpers/run-cli.ts …args`: the CLI from source. */
function spawnCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdio: "pipe" | "ignore" | "inherit",
  stderr: "pipe" | "inherit",
): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "test/helpers/run-cli.ts"), ...args],
    {
      cwd: ROOT,
      env,
      stdio: ["ignore", stdio, stderr],
    },
  );
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function cli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env, "pipe", "pipe");
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServeOptions {
  /** The data directory (server.json, admin-token, and the DuckDB store unless `--store` says otherwise); default a new temporary one. */
  readonly dataDir?: string;
  /** More arguments after `serve --port 0 --data-dir <dir>` (`--store`, `--config`, `--log-level`…). */
  readonly args?: readonly string[];
  /** The process's environment; default this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long it may take to become ready; default 60 s. */
  readonly readyTimeoutMs?: number;
  /** Collect its stderr (`stderr()`), the default, or pass it through to the test's. */
  readonly stderr?: "collect" | "inherit";
}

/** A running `vigil serve` process, ready: listening, with its URL and local admin token read from its data directory. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly url: string;
  /** The local admin token the server wrote (every scope). */
  readonly token: string;
  /** Its exit code once it has exited (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Its stderr so far (empty when passed through). */
  stderr(): string;
  /** SIGTERM (the graceful shutdown), then its exit code once it has exited. */
  stop(): Promise<number | null>;
  /** kill -9 (SIGKILL): no shutdown at all; resolves once it has exited. */
  kill9(): Promise<void>;
}

/**
 * Starts `vigil serve --port 0` from source and waits until it is ready: it writes its admin token and
 * then server.json once it listens. Files a killed server left in the data directory are removed
 * first, so a restart waits for the new ones. Rejects, with its stderr, when it exits before that.
 */
export async function startServe(options: ServeOptions = {}): Promise<ServeProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "vigil-serve-"));
  const serverFile = join(dataDir, "server.json");
  const tokenFile = join(dataDir, "admin-token");
  rmSync(serverFile, { force: true });
  rmSync(tokenFile, { force: true });
  const collect = (options.stderr ?? "collect") === "collect";
  const child = spawnCli(
    ["serve", "--port", "0", "--data-dir", dataDir, ...(options.args ?? [])],
    options.env ?? process.env,
    "ignore",
    collect ? "pipe" : "inherit",
  );
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  // Never an unhandled rejection when a test does not await it.
  exited.catch(() => undefined);
  const ready = await until(
    () => {
      if (exitCode !== undefined)
        throw new Error(`vigil serve exited (${exitCode}) before it was ready:\n${stderr}`);
      if (!existsSync(tokenFile) || !existsSync(serverFile)) return undefined;
      try {
        const { url } = JSON.parse(readFileSync(serverFile, "utf8")) as { url: string };
        return { url, token: readFileSync(tokenFile, "utf8").trim() };
      } catch {
        return undefined; // caught between the file's creation and its content
      }
    },
    options.readyTimeoutMs ?? 60_000,
    "vigil serve to start",
  ).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  const signal = async (name: NodeJS.Signals) => {
    if (exitCode === undefined) child.kill(name);
    return exited;
  };
  return {
    child,
    dataDir,
    ...ready,
    exited,
    stderr: () => stderr,
    stop: () => signal("SIGTERM"),
    kill9: async () => {
      await signal("SIGKILL");
    },
  };
}
