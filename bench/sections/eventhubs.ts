// 5. Event Hubs consume: records/s from the local stand-in through the real SDK into the store, until all are checkpointed.
import { randomBytes } from "node:crypto";
import { EventHubProducerClient } from "@azure/event-hubs";
import { startEventHubsEmulator } from "../../src/dev/event-hubs-emulator/index.js";
import { generateLines } from "../lib/data.js";
import { startBenchServer } from "../lib/server.js";
import { type Figure, figure } from "../lib/stats.js";

export interface EventHubsResult {
  readonly records: number;
  readonly partitions: number;
  readonly runs: number;
  readonly recordsPerSec: Figure;
  readonly seconds: Figure;
  readonly timedOut: number;
}

async function publish(connectionString: string, lines: readonly string[]): Promise<void> {
  const producer = new EventHubProducerClient(connectionString);
  let batch = await producer.createBatch();
  for (const line of lines) {
    if (!batch.tryAdd({ body: Buffer.from(line) })) {
      await producer.sendBatch(batch);
      batch = await producer.createBatch();
      batch.tryAdd({ body: Buffer.from(line) });
    }
  }
  await producer.sendBatch(batch);
  await producer.close();
}

export async function benchEventHubs(
  records: number,
  runs: number,
  partitions = 4,
  timeoutMs = 300_000,
): Promise<EventHubsResult> {
  process.env.VIGIL_SECRET_KEY ??= randomBytes(32).toString("base64");
  const durations: number[] = [];
  let timedOut = 0;
  for (let run = 0; run < runs; run++) {
    const hub = "defender-export";
    const emulator = await startEventHubsEmulator({ port: 0, hubs: [{ name: hub, partitions }] });
    const bench = await startBenchServer({
      connectionReconcileIntervalMs: 300,
      eventHubsUpdateIntervalMs: 500,
      eventHubsOwnershipExpirationMs: 5000,
    });
    try {
      await publish(emulator.connectionString(hub), generateLines(records, 200 + run));
      const checkpointed = async () =>
        Number(
          (
            await bench.server.context.storage.events.query(
              "SELECT coalesce(sum(sequence_number + 1), 0) AS n FROM eventhub_checkpoints",
            )
          )[0]?.n ?? 0,
        );
      const started = performance.now();
      const created = await bench.api("POST", "/api/v1/connections", {
        name: "bench",
        connectionString: emulator.connectionString(hub),
        startPosition: "earliest",
      });
      if (created.status !== 201)
        throw new Error(`connection not created: ${JSON.stringify(created.body)}`);
      for (;;) {
        if ((await checkpointed()) >= records) break;
        if (performance.now() - started > timeoutMs) {
          timedOut += 1;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      durations.push(performance.now() - started);
    } finally {
      await bench.stop();
      await emulator.stop();
    }
  }
  return {
    records,
    partitions,
    runs,
    recordsPerSec: figure(durations.map((ms) => (records * 1000) / ms)),
    seconds: figure(durations.map((ms) => ms / 1000)),
    timedOut,
  };
}
