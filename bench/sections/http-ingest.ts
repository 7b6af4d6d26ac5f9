// 4. HTTP ingest: events/s through POST /platform/ingest/v1/security.events, batches of 1,000, concurrent loopback clients.
import { mapDefenderRecord } from "../../src/mapping/defender/map-record.js";
import { fileContext } from "../lib/context.js";
import { generateLines } from "../lib/data.js";
import { startBenchServer } from "../lib/server.js";
import { type Figure, figure, percentile } from "../lib/stats.js";

export interface HttpIngestResult {
  readonly events: number;
  readonly batchSize: number;
  readonly clients: number;
  readonly runs: number;
  readonly eventsPerSec: Figure;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statuses: Record<string, number>;
}

/** Request bodies: the generator's mapped events, 1,000 per body, as an OpenPipeline client would send them. */
function bodies(events: number, batchSize: number, seed: number): string[] {
  const all: Record<string, unknown>[] = [];
  // OpenPipeline rejects events more than 24 hours old: stamp them with the time of the run.
  const context = fileContext(new Date().toISOString());
  for (const line of generateLines(Math.ceil(events / 1.5), seed)) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    const outcome = mapDefenderRecord(record, line, context);
    if (outcome.status !== "mapped") continue;
    for (const event of outcome.events) if (all.length < events) all.push({ ...event });
  }
  const out: string[] = [];
  for (let i = 0; i < all.length; i += batchSize)
    out.push(JSON.stringify(all.slice(i, i + batchSize)));
  return out;
}

export async function benchHttpIngest(
  events: number,
  runs: number,
  clients = 4,
  batchSize = 1000,
): Promise<HttpIngestResult> {
  const rates: number[] = [];
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  for (let run = 0; run < runs; run++) {
    const payloads = bodies(events, batchSize, 100 + run);
    const bench = await startBenchServer();
    try {
      let next = 0;
      let accepted = 0;
      const deadline = Date.now() + 120_000;
      const client = async () => {
        while (next < payloads.length && Date.now() < deadline) {
          const body = payloads[next++]!;
          const started = performance.now();
          const response = await fetch(`${bench.server.url}/platform/ingest/v1/security.events`, {
            method: "POST",
            headers: {
              authorization: `Api-Token ${bench.token}`,
              "content-type": "application/json",
            },
            body,
          });
          const text = await response.text();
          const answer = (text === "" ? {} : JSON.parse(text)) as { accepted?: number };
          latencies.push(performance.now() - started);
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.status < 300) accepted += answer.accepted ?? batchSize;
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: clients }, client));
      rates.push((accepted * 1000) / (performance.now() - started));
      sent = accepted;
    } finally {
      await bench.stop();
    }
  }
  return {
    events: sent,
    batchSize,
    clients,
    runs,
    eventsPerSec: figure(rates),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses,
  };
}
