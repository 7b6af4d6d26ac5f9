// A real Vigil server for browser tests: temp DuckDB store seeded with generated Defender data, the UI routes, the built app.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buildApp } from "../../src/api/app.js";
import { registerUiSessionRoutes, tokenFromCookie } from "../../src/api/routes/ui-session.js";
import { registerUiStaticRoutes } from "../../src/api/routes/ui-static.js";
import { SCOPES } from "../../src/auth/scopes.js";
import { createToken } from "../../src/auth/tokens.js";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { emptyImportSummary, importRecords } from "../../src/ingest/import-records.js";
import { DEFAULT_BUCKET } from "../../src/mapping/defender/mapping-context.js";
import { testServer } from "../api/harness.js";

export const WEB_ROOT = join(import.meta.dirname, "../../dist/web");

export interface UiServer {
  readonly url: string;
  readonly adminToken: string;
  readonly readOnlyToken: string;
  close(): Promise<void>;
}

/** Builds the web app once when dist/web is missing (CI runs the tests from a fresh clone). */
export function ensureWebBuild(): void {
  if (existsSync(join(WEB_ROOT, "index.html"))) return;
  execFileSync("npm", ["run", "build:web"], {
    cwd: join(import.meta.dirname, "../.."),
    stdio: "inherit",
  });
}

export async function startUiServer(records = 600): Promise<UiServer> {
  // The API harness builds the context (it follows ServerContext as the server grows); this app adds the UI routes.
  const harness = await testServer();
  const { context } = harness;
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

  const app = buildApp(context);
  // Until app.ts registers them (then these are skipped).
  if (!app.hasRoute({ method: "POST", url: "/ui/session" })) registerUiSessionRoutes(app, context);
  if (!app.hasRoute({ method: "GET", url: "/*" })) registerUiStaticRoutes(app, WEB_ROOT);
  await app.ready();

  // Until auth.ts reads the session cookie itself: the cookie's token becomes the Authorization header.
  const server: Server = createServer((request, response) => {
    const token = tokenFromCookie(request.headers.cookie);
    if (request.headers.authorization === undefined && token !== undefined)
      request.headers.authorization = `Api-Token ${token}`;
    app.routing(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await harness.close();
    },
  };
}
