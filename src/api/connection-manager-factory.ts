// Builds the server's connection manager from configuration (secret key from the environment, load-balancing timings).
import { randomUUID } from "node:crypto";
import { SecretBox } from "../auth/secret-box.js";
import type { ServerConfig } from "../config/server-config.js";
import { ConnectionManager } from "../ingest/event-hubs/connection-manager.js";
import type { RunnerDeps } from "../ingest/event-hubs/connection-runner.js";
import { DEFAULT_BUCKET } from "../mapping/defender/mapping-context.js";
import type { Clock } from "../shared/clock.js";
import type { Storage } from "../store/storage.js";

export function createConnectionManager(
  storage: Storage,
  config: ServerConfig,
  clock: Clock,
  log: RunnerDeps["log"],
  secrets: SecretBox | undefined = SecretBox.fromEnvironment(process.env),
): ConnectionManager {
  return new ConnectionManager(storage, secrets, clock, log, {
    instanceId: randomUUID(),
    defaultBucket: DEFAULT_BUCKET,
    reconcileIntervalMs: config.connectionReconcileIntervalMs,
    loadBalancing: {
      updateIntervalInMs: config.eventHubsUpdateIntervalMs,
      partitionOwnershipExpirationIntervalInMs: config.eventHubsOwnershipExpirationMs,
    },
  });
}
