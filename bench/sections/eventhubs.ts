// 5. Event Hubs consume: records/s from the local stand-in through the real SDK into the store, start-up and steady state apart.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { EventHubProducerClient } from "@azure/event-hubs";
import type { SqlBackend } from "../../src/store/sql-backend.js";
import { BENCH_DIR } from "../lib/child.js";
import { generateLines } from "../lib/data.js";
import { startBenchServer } from "../lib/server.js";
import { type Figure, figure } from "../lib/stats.js";

export interface EventHubsResult {
  readonly records: number;
  readonly partitions: number;
  readonly runs: number;
  /** Everything: records / (connection created → all checkpointed). */
  readonly recordsPerSec: Figure;
  readonly seconds: Figure;
  readonly timedOut: number;
  /** Connection created (POST) → first batch checkpointed. Absent in results of older runs. */
  readonly startupSeconds?: Figure;
  /** Records checkpointed after the first checkpoint / (first checkpoint → all checkpointed). */
  readonly steadyRecordsPerSec?: Figure;
  /** Records the steady-state figure covers (N minus what the first checkpoint already covered). */
  readonly steadyRecords?: Figure;
  /** Steady state: store transactions per `events.append` (dead letters, metrics, checkpoints, ownership…). */
  readonly transactionsPerAppend?: Figure;
  /** Steady state: records per `events.append` (how many records one stored batch carries). */
  readonly recordsPerAppend?: Figure;
  /** Steady state: share of wall time with a store transaction running or queued. */
  readonly storeBusyShare?: Figure;
}

/**
 * The stand-in in a child process: the real service does its AMQP encoding elsewhere, not on the
 * consumer's event loop and heap. (Same code as `vigil dev eventhubs`, same credit-driven delivery.)
 */
export async function startStandIn(hub: string, partitions: number) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(BENCH_DIR, "child/eventhubs-standin.ts"), hub, String(partitions)],
    { stdio: ["pipe", "pipe", "inherit"], cwd: join(BENCH_DIR, "..") },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (text) => {
      lines.close();
      resolve(text);
    });
    child.once("exit", (code) => reject(new Error(`the stand-in exited with ${code}`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return {
    connectionString: (name: string) =>
      `Endpoint=sb://localhost:${port};SharedAccessKeyName=dev;SharedAccessKey=dev;UseDevelopmentEmulator=true;EntityPath=${name}`,
    stop: async () => {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
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

/** Counts store transactions and appends, and the time with at least one transaction in flight. */
function instrument(backend: SqlBackend, events: { append: (...args: never[]) => unknown }) {
  const counters = { transactions: 0, appends: 0, busyMs: 0 };
  let inFlight = 0;
  let busySince = 0;
  const transaction = backend.transaction.bind(backend);
  (backend as { transaction: SqlBackend["transaction"] }).transaction = async (work) => {
    counters.transactions += 1;
    if (inFlight++ === 0) busySince = performance.now();
    try {
      return await transaction(work);
    } finally {
      if (--inFlight === 0) counters.busyMs += performance.now() - busySince;
    }
  };
  const append = events.append.bind(events) as (...args: never[]) => unknown;
  events.append = (...args: never[]) => {
    counters.appends += 1;
    return append(...args);
  };
  return {
    snapshot: () => ({
      ...counters,
      busyMs: counters.busyMs + (inFlight > 0 ? performance.now() - busySince : 0),
    }),
  };
}

export async function benchEventHubs(
  records: number,
  runs: number,
  partitions = 4,
  timeoutMs = 600_000,
): Promise<EventHubsResult> {
  process.env.VIGIL_SECRET_KEY ??= randomBytes(32).toString("base64");
  const durations: number[] = [];
  const startups: number[] = [];
  const steadyRates: number[] = [];
  const steadyCounts: number[] = [];
  const txPerAppend: number[] = [];
  const recPerAppend: number[] = [];
  const busyShares: number[] = [];
  let timedOut = 0;
  for (let run = 0; run < runs; run++) {
    const hub = "defender-export";
    const emulator = await startStandIn(hub, partitions);
    // The server's default timings (load balancing every 10 s, reconciliation every 5 s), as deployed.
    const bench = await startBenchServer();
    try {
      await publish(emulator.connectionString(hub), generateLines(records, 200 + run));
      const storage = bench.server.context.storage;
      const probe = instrument(storage.backend, storage.events);
      const checkpointed = async () =>
        Number(
          (
            await storage.events.query(
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
      let first: { at: number; done: number; probe: ReturnType<typeof probe.snapshot> } | undefined;
      for (;;) {
        const done = await checkpointed();
        if (done > 0 && first === undefined)
          first = { at: performance.now(), done, probe: probe.snapshot() };
        if (done >= records) break;
        if (performance.now() - started > timeoutMs) {
          timedOut += 1;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const ended = performance.now();
      const last = probe.snapshot();
      durations.push(ended - started);
      if (first !== undefined) {
        startups.push(first.at - started);
        const steady = records - first.done;
        steadyCounts.push(steady);
        if (steady > 0) {
          steadyRates.push((steady * 1000) / (ended - first.at));
          const appends = last.appends - first.probe.appends;
          if (appends > 0) {
            txPerAppend.push((last.transactions - first.probe.transactions) / appends);
            recPerAppend.push(steady / appends);
          }
          busyShares.push((last.busyMs - first.probe.busyMs) / (ended - first.at));
        }
      }
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
    startupSeconds: figure(startups.map((ms) => ms / 1000)),
    steadyRecordsPerSec: figure(steadyRates),
    steadyRecords: figure(steadyCounts),
    transactionsPerAppend: figure(txPerAppend),
    recordsPerAppend: figure(recPerAppend),
    storeBusyShare: figure(busyShares),
  };
}
