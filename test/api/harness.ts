// An in-process server over a temporary DuckDB store, with tokens per scope, for inject() tests.

import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/api/app.js";
import { createConnectionManager } from "../../src/api/connection-manager-factory.js";
import { IngestQueue } from "../../src/api/ingest-queue.js";
import { createMetrics } from "../../src/api/metrics.js";
import { QueryRequests } from "../../src/api/query-requests.js";
import type { ServerContext } from "../../src/api/server-context.js";
import type { Scope } from "../../src/auth/scopes.js";
import { SecretBox } from "../../src/auth/secret-box.js";
import { createToken } from "../../src/auth/tokens.js";
import { type ServerConfig, ServerConfigSchema } from "../../src/config/server-config.js";
import type { Clock } from "../../src/shared/clock.js";
import { openStorage } from "../../src/store/storage.js";

export interface TestServer {
  readonly app: FastifyInstance;
  readonly context: ServerContext;
  token(...scopes: Scope[]): Promise<string>;
  close(): Promise<void>;
}

export async function testServer(
  overrides: Partial<ServerConfig> = {},
  clock: Clock = () => new Date(),
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-api-"));
  const config = ServerConfigSchema.parse({ dataDir: dir, ...overrides });
  const storage = await openStorage({ kind: "duckdb", target: join(dir, "vigil.duckdb") });
  const holder: { queue?: IngestQueue } = {};
  const metrics = createMetrics(() => holder.queue?.depth ?? 0);
  const queue = new IngestQueue(storage.events, {
    maxQueuedEvents: config.maxQueuedEvents,
    maxBatchEvents: config.maxBatchEvents,
  });
  holder.queue = queue;
  const context: ServerContext = {
    storage,
    queue,
    metrics,
    config,
    clock,
    queries: new QueryRequests(config.queryResultTtlSeconds * 1000),
    connections: createConnectionManager(
      storage,
      config,
      clock,
      () => undefined,
      SecretBox.fromText(randomBytes(32).toString("base64")),
    ),
  };
  const app = buildApp(context);
  await app.ready();
  return {
    app,
    context,
    token: async (...scopes) =>
      (await createToken(storage.metadata, "test", scopes, clock())).token,
    close: async () => {
      await app.close();
      await context.connections.stop();
      await queue.drain();
      await storage.close();
    },
  };
}

export const auth = (token: string) => ({ authorization: `Api-Token ${token}` });
