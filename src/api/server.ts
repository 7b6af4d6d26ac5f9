// Runs the server: opens the store, listens, leaves a discovery file and a local admin token, drains on SIGTERM.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { SCOPES } from "../auth/scopes.js";
import { createToken } from "../auth/tokens.js";
import type { ServerConfig } from "../config/server-config.js";
import type { Clock } from "../shared/clock.js";
import { resolveStoreLocation } from "../store/open-store.js";
import { openStorage, type Storage } from "../store/storage.js";
import { buildApp } from "./app.js";
import { createConnectionManager } from "./connection-manager-factory.js";
import { IngestQueue } from "./ingest-queue.js";
import { createMetrics } from "./metrics.js";
import { QueryRequests } from "./query-requests.js";
import type { ServerContext } from "./server-context.js";

export const LOCAL_ADMIN_TOKEN_NAME = "vigil-local-admin";

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly context: ServerContext;
  /** Stops accepting, drains what was accepted, closes the store. */
  stop(): Promise<void>;
}

/** Where the running server leaves its URL (`server.json`) and a local admin token (`admin-token`, mode 0600). */
export function discoveryPaths(dataDir: string) {
  return { serverFile: join(dataDir, "server.json"), adminTokenFile: join(dataDir, "admin-token") };
}

export async function startServer(
  config: ServerConfig,
  clock: Clock,
  logger: boolean | object = true,
): Promise<RunningServer> {
  const location = resolveStoreLocation(config.store, {
    ...process.env,
    VIGIL_DATA_DIR: config.dataDir,
  });
  const storage: Storage = await openStorage(location, {
    snapshotQuietPeriodMs: config.snapshotQuietHours * 3_600_000,
  });
  const queueRef: { queue?: IngestQueue } = {};
  const connectionsRef: { manager?: ServerContext["connections"] } = {};
  const metrics = createMetrics(
    () => queueRef.queue?.depth ?? 0,
    async () => (connectionsRef.manager === undefined ? [] : connectionsRef.manager.list()),
  );
  const queue = new IngestQueue(storage.events, {
    maxQueuedEvents: config.maxQueuedEvents,
    maxBatchEvents: config.maxBatchEvents,
    onBatch: (_events, durationMs, error) => {
      metrics.batchSeconds.observe(
        { outcome: error === undefined ? "stored" : "failed" },
        durationMs / 1000,
      );
      metrics.storeWriteSeconds.observe(durationMs / 1000);
    },
  });
  queueRef.queue = queue;
  const context: ServerContext = {
    storage,
    queue,
    metrics,
    config,
    clock,
    queries: new QueryRequests(config.queryResultTtlSeconds * 1000),
    connections: createConnectionManager(storage, config, clock, (level, message, fields) =>
      appRef.app?.log[level](fields ?? {}, message),
    ),
  };
  connectionsRef.manager = context.connections;
  const appRef: { app?: FastifyInstance } = {};
  const app = buildApp(
    context,
    logger === true ? { level: config.logLevel, redact: ["req.headers.authorization"] } : logger,
  );
  appRef.app = app;
  let address: string;
  try {
    address = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await storage.close();
    throw error;
  }
  const url = address.replace("[::1]", "localhost");
  await context.connections.start();
  const paths = discoveryPaths(config.dataDir);
  mkdirSync(config.dataDir, { recursive: true });
  for (const token of await storage.metadata.listTokens()) {
    if (token.name === LOCAL_ADMIN_TOKEN_NAME && token.revokedAt === undefined)
      await storage.metadata.revokeToken(token.id, clock().toISOString());
  }
  const admin = await createToken(storage.metadata, LOCAL_ADMIN_TOKEN_NAME, [...SCOPES], clock());
  writeFileSync(paths.adminTokenFile, `${admin.token}\n`, { mode: 0o600 });
  chmodSync(paths.adminTokenFile, 0o600);
  writeFileSync(
    paths.serverFile,
    `${JSON.stringify({ url, pid: process.pid, store: storage.location, startedAt: clock().toISOString() })}\n`,
  );

  const maintenance =
    config.maintenanceIntervalMinutes > 0
      ? setInterval(() => {
          const now = clock();
          void storage.events
            .enforceRetention(now)
            .then(() => storage.events.reconcileSnapshots(now))
            .catch((error) => app.log.error({ err: error }, "Maintenance failed."));
        }, config.maintenanceIntervalMinutes * 60_000)
      : undefined;
  maintenance?.unref();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (maintenance !== undefined) clearInterval(maintenance);
      // Requests in flight finish; keep-alive sockets that turn idle are closed as they do.
      const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
      await app.close();
      clearInterval(closeIdle);
      await context.connections.stop();
      await queue.drain();
      await storage.metadata.revokeToken(admin.record.id, clock().toISOString()).catch(() => false);
      await storage.close();
      rmSync(paths.serverFile, { force: true });
      rmSync(paths.adminTokenFile, { force: true });
    })();
    return stopping;
  };
  return { url, app, context, stop };
}
