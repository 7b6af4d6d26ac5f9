// An in-process Vigil server on a free loopback port over a temp DuckDB store, and its admin token.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "../../src/api/server.js";
import { ServerConfigSchema } from "../../src/config/server-config.js";

export interface BenchServer {
  readonly server: RunningServer;
  readonly token: string;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export async function startBenchServer(extra: Record<string, unknown> = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "vigil-bench-server-"));
  const config = ServerConfigSchema.parse({
    port: 0,
    dataDir,
    logLevel: "silent",
    maintenanceIntervalMinutes: 0,
    ...extra,
  });
  const server = await startServer(config, () => new Date(), false);
  const token = readFileSync(join(dataDir, "admin-token"), "utf8").trim();
  return {
    server,
    token,
    api: async (method, path, body) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Api-Token ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
    },
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
