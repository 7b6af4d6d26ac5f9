// While a server owns the store, CLI verbs go through it: import, query and stats from another process.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/api/server.js";
import { ServerConfigSchema } from "../../src/config/server-config.js";
import { cli, ROOT } from "../helpers/cli-process.js";

describe("CLI through the running server", () => {
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "vigil-cli-"));
    server = await startServer(
      ServerConfigSchema.parse({
        port: 0,
        dataDir,
        logLevel: "silent",
        maintenanceIntervalMinutes: 0,
      }),
      () => new Date(),
      false,
    );
    env = { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_STORE: "" };
  }, 60_000);
  afterAll(() => server?.stop());

  it("imports, queries and counts through the server that holds the DuckDB file", async () => {
    const imported = await cli(
      ["import", join(ROOT, "fixtures/defender/constructed-bad-input-1.ndjson")],
      env,
    );
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/sent to http/);
    expect(imported.stderr).toMatch(/records rejected \(kept as dead letters\): 6/);
    const stored = Number(
      (await server.context.storage.events.query("SELECT count(*) AS n FROM events"))[0]?.n,
    );
    expect(stored).toBe(4);

    const query = await cli(
      [
        "query",
        "--format",
        "json",
        "fetch security.events, from: now() - 1h | summarize n = count()",
      ],
      env,
    );
    expect(query.code).toBe(0);
    expect(JSON.parse(query.stdout)).toEqual([{ n: 4 }]);

    const stats = await cli(["stats", "--json"], env);
    expect(JSON.parse(stats.stdout).events).toBe(4);
  }, 120_000);
});
