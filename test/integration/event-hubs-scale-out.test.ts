// Real processes: two Vigil instances on one PostgreSQL store split the hub's partitions; when one is killed (-9),
// the other takes over from the checkpoints, and every message ends up stored exactly once. Also: kill -9 and restart.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
} from "@azure/event-hubs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEventHubsEmulator } from "../../src/dev/event-hubs-emulator/index.js";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { mapEventHubsBatch, type ReceivedMessage } from "../../src/ingest/event-hubs/map-batch.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { type ServeProcess, startServe } from "../helpers/cli-process.js";
import { createDatabase } from "../helpers/postgres-server.js";
import { until } from "../helpers/until.js";

const HUB = "defender-export";
type Emulator = Awaited<ReturnType<typeof startEventHubsEmulator>>;

/** A `vigil serve` instance on `store` (a new data directory unless given: a restart reuses its own). */
function startInstance(
  store: string,
  configFile: string,
  env: NodeJS.ProcessEnv,
  dataDir = mkdtempSync(join(tmpdir(), "vigil-inst-")),
): Promise<ServeProcess> {
  return startServe({
    dataDir,
    args: ["--store", store, "--config", configFile],
    env,
    stderr: "inherit",
  });
}

async function call(instance: ServeProcess, method: string, path: string, body?: unknown) {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers: {
      authorization: `Api-Token ${instance.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

async function send(emulator: Emulator, seed: number, records: number): Promise<void> {
  const producer = new EventHubProducerClient(emulator.connectionString(HUB));
  for (const record of generateDefenderRecords({ records, seed })) {
    await producer.sendBatch([{ body: Buffer.from(record.line) }]);
  }
  await producer.close();
}

/** Every event id the hub's messages must produce, computed by reading them all back and mapping them the same way. */
async function expectedEventIds(
  emulator: Emulator,
  connection: { id: string; name: string; bucket: string },
  namespace: string,
  hub = HUB,
): Promise<Set<string>> {
  // Another consumer group: the instances hold epoch receivers on $Default, as Event Hubs would refuse a second reader there.
  const consumer = new EventHubConsumerClient("verifier", emulator.connectionString(hub));
  const partitions = await consumer.getPartitionIds();
  const ids = new Set<string>();
  for (const partitionId of partitions) {
    const properties = await consumer.getPartitionProperties(partitionId);
    if (properties.isEmpty) continue;
    const messages: ReceivedMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = consumer.subscribe(
        partitionId,
        {
          processEvents: async (events) => {
            messages.push(...events);
            if (
              messages.length > 0 &&
              messages[messages.length - 1]!.sequenceNumber >= properties.lastEnqueuedSequenceNumber
            ) {
              await subscription.close();
              resolve();
            }
          },
          processError: async (error) => reject(error),
        },
        { startPosition: earliestEventPosition, maxBatchSize: 500, maxWaitTimeInSeconds: 1 },
      );
    });
    const mapped = mapEventHubsBatch(messages, {
      connectionId: connection.id,
      connectionName: connection.name,
      namespace,
      eventHub: hub,
      partitionId,
      bucket: connection.bucket,
      observedAt: new Date().toISOString(),
    });
    for (const event of mapped.events) ids.add(String(event["event.id"]));
  }
  await consumer.close();
  return ids;
}

describe("Event Hubs scale-out and crash recovery (real processes)", () => {
  let emulator: Emulator;
  let storeUrl: string;
  let configFile: string;
  const env = { ...process.env, VIGIL_SECRET_KEY: randomBytes(32).toString("base64") };
  const instances: ServeProcess[] = [];

  beforeAll(async () => {
    emulator = await startEventHubsEmulator({ port: 0, hubs: [{ name: HUB, partitions: 4 }] });
    storeUrl = await createDatabase(
      inject("postgresUrl"),
      `vigil_scale_${randomUUID().replaceAll("-", "")}`,
    );
    configFile = join(mkdtempSync(join(tmpdir(), "vigil-cfg-")), "config.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        logLevel: "warn",
        eventHubsUpdateIntervalMs: 500,
        eventHubsOwnershipExpirationMs: 4000,
        connectionReconcileIntervalMs: 300,
        maintenanceIntervalMinutes: 0,
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.kill9()));
    await emulator?.stop();
  });

  it("splits partitions between two instances, survives one's kill -9, and stores every message exactly once", async () => {
    const first = await startInstance(storeUrl, configFile, env);
    instances.push(first);
    const connection = await call(first, "POST", "/api/v1/connections", {
      name: "shared",
      connectionString: emulator.connectionString(HUB),
      startPosition: "earliest",
    });
    const second = await startInstance(storeUrl, configFile, env);
    instances.push(second);

    await send(emulator, 21, 300);
    const store = await openPostgresStore(storeUrl);
    const ownersOf = async () =>
      new Set(
        (await store.query("SELECT owner_id FROM eventhub_ownership")).map((row) => row.owner_id),
      );
    await until(
      async () => ((await ownersOf()).size === 2 ? true : undefined),
      60_000,
      "both instances to own partitions",
    );
    const checkpointedAll = async (total: number) => {
      const rows = await store.query(
        "SELECT sum(sequence_number + 1) AS n FROM eventhub_checkpoints",
      );
      return Number(rows[0]?.n ?? 0) === total ? true : undefined;
    };
    await until(() => checkpointedAll(300), 90_000, "the first 300 messages to be checkpointed");

    await first.kill9();
    const killedAt = Date.now();
    await send(emulator, 22, 300);
    await until(
      () => checkpointedAll(600),
      120_000,
      "the survivor to take over and checkpoint all 600 messages",
    );
    console.info(
      `takeover: every message checkpointed ${Date.now() - killedAt} ms after kill -9 (ownership expiry 4000 ms)`,
    );

    // kill -9 the survivor mid-stream and restart it: still exactly once.
    const sending = send(emulator, 23, 300);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await second.kill9();
    await sending;
    const restartedAt = Date.now();
    const restarted = await startInstance(storeUrl, configFile, env, second.dataDir);
    instances.push(restarted);
    await until(
      () => checkpointedAll(900),
      120_000,
      "the restarted instance to checkpoint all 900 messages",
    );
    console.info(
      `restart: every message checkpointed ${Date.now() - restartedAt} ms after the restart began`,
    );

    const namespace = String(
      (await store.query("SELECT DISTINCT namespace FROM eventhub_checkpoints"))[0]?.namespace,
    );
    const expected = await expectedEventIds(emulator, connection, namespace);
    const stored = new Set(
      (
        await store.query(`SELECT "event.id" AS id FROM events WHERE "vigil.connection.id" = $1`, [
          connection.id,
        ])
      ).map((row) => String(row.id)),
    );
    const missing = [...expected].filter((id) => !stored.has(id));
    const extra = [...stored].filter((id) => !expected.has(id));
    expect({ missing: missing.length, extra: extra.length }).toEqual({ missing: 0, extra: 0 });
    expect(stored.size).toBeGreaterThan(900);
    await store.close();
  }, 420_000);

  it("stores every message exactly once across kill -9 at several moments of a stream (DuckDB, one instance)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "vigil-crashes-"));
    const storeFile = join(dataDir, "vigil.duckdb");
    const hubName = "crash-hub";
    const crashEmulator = await startEventHubsEmulator({
      port: 0,
      hubs: [{ name: hubName, partitions: 2 }],
    });
    let instance = await startInstance(storeFile, configFile, env, dataDir);
    instances.push(instance);
    const connection = await call(instance, "POST", "/api/v1/connections", {
      name: "crashy",
      connectionString: crashEmulator.connectionString(hubName),
      startPosition: "earliest",
    });
    const producer = new EventHubProducerClient(crashEmulator.connectionString(hubName));
    let sent = 0;
    for (const [round, delayMs] of [300, 900, 1600].entries()) {
      const sending = (async () => {
        for (const record of generateDefenderRecords({ records: 150, seed: 40 + round })) {
          await producer.sendBatch([{ body: Buffer.from(record.line) }]);
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await instance.kill9();
      await sending;
      sent += 150;
      instance = await startInstance(storeFile, configFile, env, dataDir);
      instances.push(instance);
    }
    await producer.close();
    await until(
      async () => {
        const view = await call(instance, "GET", `/api/v1/connections/${connection.id}`);
        const checkpointed = view.partitions.reduce(
          (total: number, p: { lastCheckpointedSequenceNumber?: number }) =>
            total + (p.lastCheckpointedSequenceNumber ?? -1) + 1,
          0,
        );
        return checkpointed === sent ? true : undefined;
      },
      120_000,
      "every message to be checkpointed after the crashes",
    );
    expect(await instance.stop()).toBe(0);
    const { openDuckDbStore } = await import("../../src/store/duckdb/open-duckdb-store.js");
    const store = await openDuckDbStore(storeFile);
    const namespace = String(
      (await store.query("SELECT DISTINCT namespace FROM eventhub_checkpoints"))[0]?.namespace,
    );
    const stored = new Set(
      (
        await store.query(`SELECT "event.id" AS id FROM events WHERE "vigil.connection.id" = $1`, [
          connection.id,
        ])
      ).map((row) => String(row.id)),
    );
    await store.close();
    const expected = await expectedEventIds(crashEmulator, connection, namespace, hubName);
    expect({
      missing: [...expected].filter((id) => !stored.has(id)).length,
      extra: [...stored].filter((id) => !expected.has(id)).length,
    }).toEqual({ missing: 0, extra: 0 });
    await crashEmulator.stop();
  }, 300_000);
});
