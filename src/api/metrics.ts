// Prometheus metrics of one server (its own registry: no process-wide state).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ConnectionView } from "../ingest/event-hubs/connection-manager.js";

export interface ServerMetrics {
  readonly registry: Registry;
  readonly requests: Counter<"route" | "method" | "status">;
  readonly eventsAccepted: Counter<"endpoint">;
  readonly recordsRejected: Counter<"endpoint" | "reason">;
  readonly batchSeconds: Histogram<"outcome">;
  readonly queueDepth: Gauge;
  readonly storeWriteSeconds: Histogram;
}

/** What the connection gauges read at scrape time (the manager's live view). */
export type ConnectionSnapshot = () => Promise<readonly ConnectionView[]>;

export function createMetrics(
  queueDepth: () => number,
  connections?: ConnectionSnapshot,
): ServerMetrics {
  const registry = new Registry();
  if (connections !== undefined) registerConnectionGauges(registry, connections);
  collectDefaultMetrics({ register: registry, prefix: "vigil_process_" });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    requests: new Counter({
      name: "vigil_http_requests_total",
      help: "HTTP requests by route, method and status.",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    eventsAccepted: new Counter({
      name: "vigil_ingest_events_accepted_total",
      help: "Events accepted and stored, by endpoint.",
      labelNames: ["endpoint"],
      registers: [registry],
    }),
    recordsRejected: new Counter({
      name: "vigil_ingest_records_rejected_total",
      help: "Records rejected, by endpoint and reason.",
      labelNames: ["endpoint", "reason"],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: "vigil_ingest_batch_seconds",
      help: "Time to store one ingest batch.",
      labelNames: ["outcome"],
      buckets,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "vigil_ingest_queue_events",
      help: "Events accepted and waiting to be stored.",
      registers: [registry],
      collect() {
        this.set(queueDepth());
      },
    }),
    storeWriteSeconds: new Histogram({
      name: "vigil_store_write_seconds",
      help: "Store append latency.",
      buckets,
      registers: [registry],
    }),
  };
}

/** Per-connection and per-partition gauges, read from the connection manager at scrape time. */
function registerConnectionGauges(registry: Registry, connections: ConnectionSnapshot): void {
  const lag = new Gauge({
    name: "vigil_connection_partition_lag",
    help: "Last enqueued minus last checkpointed sequence number.",
    labelNames: ["connection", "partition"],
    registers: [registry],
  });
  const checkpointed = new Gauge({
    name: "vigil_connection_partition_checkpointed_sequence_number",
    help: "Last checkpointed sequence number.",
    labelNames: ["connection", "partition"],
    registers: [registry],
  });
  const stored = new Gauge({
    name: "vigil_connection_events_stored_24h",
    help: "Events stored through the connection in the last 24 hours.",
    labelNames: ["connection"],
    registers: [registry],
  });
  const rejected = new Gauge({
    name: "vigil_connection_records_rejected_24h",
    help: "Records rejected from the connection in the last 24 hours.",
    labelNames: ["connection"],
    registers: [registry],
  });
  const up = new Gauge({
    name: "vigil_connection_up",
    help: "1 when the connection is running without error, 0 when paused or failing.",
    labelNames: ["connection"],
    registers: [registry],
    async collect() {
      const views = await connections().catch(() => []);
      for (const gauge of [lag, checkpointed, stored, rejected, up]) gauge.reset();
      for (const view of views) {
        up.set({ connection: view.name }, view.status === "running" ? 1 : 0);
        stored.set({ connection: view.name }, view.eventsLast24h);
        rejected.set({ connection: view.name }, view.recordsRejected);
        for (const partition of view.partitions) {
          if (partition.lag !== undefined)
            lag.set({ connection: view.name, partition: partition.partitionId }, partition.lag);
          if (partition.lastCheckpointedSequenceNumber !== undefined) {
            checkpointed.set(
              { connection: view.name, partition: partition.partitionId },
              partition.lastCheckpointedSequenceNumber,
            );
          }
        }
      }
    },
  });
}
