// What every route gets: the storage, the ingest queue, metrics, configuration and the clock.
import type { ServerConfig } from "../config/server-config.js";
import type { ConnectionManager } from "../ingest/event-hubs/connection-manager.js";
import type { Clock } from "../shared/clock.js";
import type { Storage } from "../store/storage.js";
import type { IngestQueue } from "./ingest-queue.js";
import type { ServerMetrics } from "./metrics.js";
import type { QueryRequests } from "./query-requests.js";

export interface ServerContext {
  readonly storage: Storage;
  readonly queue: IngestQueue;
  readonly metrics: ServerMetrics;
  readonly queries: QueryRequests;
  readonly connections: ConnectionManager;
  readonly config: ServerConfig;
  readonly clock: Clock;
}
