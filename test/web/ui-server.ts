// A real Vigil server for browser tests: temp DuckDB store seeded with generated Defender data; the app serves the UI and reads the session cookie.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { SCOPES } from "../../src/auth/scopes.js";
import { createToken } from "../../src/auth/tokens.js";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { emptyImportSummary, importRecords } from "../../src/ingest/import-records.js";
import { DEFAULT_BUCKET } from "../../src/mapping/defender/mapping-context.js";
import { testServer } from "../api/harness.js";

export const WEB_ROOT = join(import.meta.dirname, "../../dist/web");

/** The launch flags of every browser test (Debian's Chromium, no sandbox, nothing in the background). */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.VIGIL_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export interface UiServer {
  readonly url: string;
  readonly adminToken: string;
  readonly readOnlyToken: string;
  close(): Promise<void>;
}

/** The newest modification time of the files under `dir` (recursively). */
function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web app when dist/web is missing (CI runs the tests from a fresh clone) or older than
 * a source file under web/ (so that a stale build is never what the browser tests test).
 */
export function ensureWebBuild(): void {
  const index = join(WEB_ROOT, "index.html");
  const sources = join(import.meta.dirname, "../../web");
  if (existsSync(index) && statSync(index).mtimeMs >= newestChange(sources)) return;
  execFileSync("npm", ["run", "build:web"], {
    cwd: join(import.meta.dirname, "../.."),
    stdio: "inherit",
  });
}

export async function startUiServer(records = 600): Promise<UiServer> {
  // The API harness builds the context and the app (which registers the UI routes itself).
  const harness = await testServer();
  const { app, context } = harness;
  const { storage } = context;
  const lines = (function* () {
    for (const record of generateDefenderRecords({ records, seed: 11 })) yield `${record.line}\n`;
  })();
  await importRecords(
    storage.events,
    [{ stream: Readable.from(lines), name: "seed" }],
    { context: { observedAt: new Date().toISOString(), bucket: DEFAULT_BUCKET, source: "file" } },
    emptyImportSummary(),
  );
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;

  const now = new Date();
  const admin = await createToken(storage.metadata, "ui-admin", [...SCOPES], now);
  const reader = await createToken(
    storage.metadata,
    "ui-reader",
    ["storage:security.events:read"],
    now,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    adminToken: admin.token,
    readOnlyToken: reader.token,
    close: async () => {
      app.server.closeAllConnections();
      await harness.close();
    },
  };
}
