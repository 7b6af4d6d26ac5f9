// Prometheus metrics of one server (its own registry: no process-wide state).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface ServerMetrics {
  readonly registry: Registry;
  readonly requests: Counter<"route" | "method" | "status">;
  readonly eventsAccepted: Counter<"endpoint">;
  readonly recordsRejected: Counter<"endpoint" | "reason">;
  readonly batchSeconds: Histogram<"outcome">;
  readonly queueDepth: Gauge;
  readonly storeWriteSeconds: Histogram;
}

export function createMetrics(queueDepth: () => number): ServerMetrics {
  const registry = new Registry();
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
