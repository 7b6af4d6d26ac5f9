// End to end with the real @azure/event-hubs SDK against the local stand-in: connection → send → stored exactly once.

import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventHubProducerClient } from "@azure/event-hubs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/api/server.js";
import { ServerConfigSchema } from "../../src/config/server-config.js";
import { startEventHubsEmulator } from "../../src/dev/event-hubs-emulator/index.js";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { until } from "../helpers/until.js";

type Emulator = Awaited<ReturnType<typeof startEventHubsEmulator>>;

describe("Event Hubs connection end to end", () => {
  let emulator: Emulator;
  let server: RunningServer;
  let token: string;
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Api-Token ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
  };
  const count = async (sql: string) =>
    Number((await server.context.storage.events.query(sql))[0]?.n);

  beforeAll(async () => {
    process.env.VIGIL_SECRET_KEY = randomBytes(32).toString("base64");
    emulator = await startEventHubsEmulator({
      port: 0,
      hubs: [{ name: "defender-export", partitions: 4 }],
    });
    const dataDir = mkdtempSync(join(tmpdir(), "vigil-eh-"));
    const config = ServerConfigSchema.parse({
      port: 0,
      dataDir,
      logLevel: "silent",
      connectionReconcileIntervalMs: 300,
      eventHubsUpdateIntervalMs: 500,
      eventHubsOwnershipExpirationMs: 5000,
      maintenanceIntervalMinutes: 0,
    });
    server = await startServer(config, () => new Date(), false);
    token = readFileSync(join(dataDir, "admin-token"), "utf8").trim();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await emulator?.stop();
  });

  it("rejects a bad connection with every problem, and a hub that does not exist at test time", async () => {
    const bad = await api("POST", "/api/v1/connections", {
      name: "",
      connectionString: "nonsense",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems.length).toBeGreaterThanOrEqual(2);
    const missingHub = await api("POST", "/api/v1/connections", {
      name: "nohub",
      connectionString: emulator.connectionString("no-such-hub"),
    });
    expect(missingHub.status).toBe(400);
    expect(missingHub.body.error.message).toMatch(/no-such-hub|cannot reach/);
  });

  it("consumes what Defender would export: stored, rejected records dead-lettered, checkpointed, never twice", async () => {
    const created = await api("POST", "/api/v1/connections", {
      name: "demo",
      connectionString: emulator.connectionString("defender-export"),
      startPosition: "earliest",
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain("SharedAccessKey");
    const id = created.body.id as string;

    const generated = [...generateDefenderRecords({ records: 400, seed: 5 })];
    const producer = new EventHubProducerClient(emulator.connectionString("defender-export"));
    let batch = await producer.createBatch();
    for (const record of generated) {
      if (!batch.tryAdd({ body: Buffer.from(record.line) })) {
        await producer.sendBatch(batch);
        batch = await producer.createBatch();
        batch.tryAdd({ body: Buffer.from(record.line) });
      }
    }
    await producer.sendBatch(batch);
    await producer.close();

    const view = await until(
      async () => {
        const current = (await api("GET", `/api/v1/connections/${id}`)).body;
        const checkpointed = current.partitions.reduce(
          (total: number, p: { lastCheckpointedSequenceNumber?: number }) =>
            total + (p.lastCheckpointedSequenceNumber ?? -1) + 1,
          0,
        );
        return checkpointed === generated.length ? current : undefined;
      },
      60_000,
      "every message to be checkpointed",
    );
    expect(view.status).toBe("running");
    expect(view.partitions).toHaveLength(4);
    expect(view.partitions.every((p: { lag?: number }) => (p.lag ?? 0) === 0)).toBe(true);

    const malformed = generated.filter((record) => record.expectation === "malformed").length;
    expect(await server.context.storage.metadata.countDeadLetters()).toBe(malformed);
    const stored = await count(
      `SELECT count(*) AS n FROM events WHERE "vigil.connection.id" = '${id}'`,
    );
    expect(stored).toBeGreaterThan(generated.length / 2);
    const perMessage = await server.context.storage.events.query(
      `SELECT count(*) AS n FROM (SELECT "finding.id", "microsoft_defender.record.id", "timestamp" FROM events WHERE "event.type" = 'VULNERABILITY_FINDING' GROUP BY 1, 2, 3 HAVING count(*) > 1) dups`,
    );
    expect(Number(perMessage[0]?.n)).toBe(0);

    const metrics = (await api("GET", "/api/v1/connections/metrics")).body;
    const received = metrics.series[0].points.reduce(
      (total: number, point: { received: number }) => total + point.received,
      0,
    );
    expect(received).toBe(generated.length);

    const paused = await api("POST", `/api/v1/connections/${id}/pause`);
    expect(paused.body.status).toBe("paused");
    const resumed = await api("POST", `/api/v1/connections/${id}/resume`);
    expect(resumed.body.status).toBe("running");

    const deleted = await api("DELETE", `/api/v1/connections/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.azureCleanup.length).toBeGreaterThan(0);
    expect(
      await server.context.storage.checkpoints.listCheckpoints(
        view.namespace,
        "defender-export",
        "$Default",
      ),
    ).toEqual([]);
    expect(
      await count(`SELECT count(*) AS n FROM events WHERE "vigil.connection.id" = '${id}'`),
    ).toBe(stored);
    expect((await api("GET", `/api/v1/connections/${id}`)).status).toBe(404);
  }, 120_000);

  it("reconnects when the Event Hubs stand-in goes away mid-stream and comes back, shows the outage, and loses nothing; a 1 MB message is kept", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "vigil-eh-restart-"));
    let restartable = await startEventHubsEmulator({
      port: 0,
      hubs: [{ name: "flaky", partitions: 2 }],
      dataDir,
    });
    const port = restartable.port;
    const connectionString = restartable.connectionString("flaky");
    const created = await api("POST", "/api/v1/connections", {
      name: "flaky",
      connectionString,
      startPosition: "earliest",
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const publish = async (seed: number, records: number) => {
      const producer = new EventHubProducerClient(connectionString, {
        retryOptions: { timeoutInMs: 5000 },
      });
      for (const record of generateDefenderRecords({ records, seed }))
        await producer.sendBatch([{ body: Buffer.from(record.line) }]);
      await producer.close();
    };
    const checkpointed = async () => {
      const view = (await api("GET", `/api/v1/connections/${id}`)).body;
      return view.partitions.reduce(
        (total: number, p: { lastCheckpointedSequenceNumber?: number }) =>
          total + (p.lastCheckpointedSequenceNumber ?? -1) + 1,
        0,
      ) as number;
    };
    await publish(61, 100);
    await until(
      async () => ((await checkpointed()) === 100 ? true : undefined),
      60_000,
      "the first 100 messages",
    );
    await restartable.stop();
    const down = await until(
      async () => {
        const view = (await api("GET", `/api/v1/connections/${id}`)).body;
        return view.status === "failed" ? view : undefined;
      },
      60_000,
      "the outage to show on the connection",
    );
    expect(down.lastError).toBeTruthy();
    restartable = await startEventHubsEmulator({
      port,
      hubs: [{ name: "flaky", partitions: 2 }],
      dataDir,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publish(62, 100);
    // A 1 MB message: a record padded to 1,000,000 bytes is stored (or dead-lettered), never blocking.
    const big = JSON.parse(
      [...generateDefenderRecords({ records: 30, seed: 63 })].find(
        (record) => record.kind === "mdvm-acr",
      )!.line,
    );
    big.properties.description = "x".repeat(990_000 - JSON.stringify(big).length);
    const producer = new EventHubProducerClient(connectionString);
    await producer.sendBatch([{ body: Buffer.from(JSON.stringify(big)) }]);
    await producer.close();
    await until(
      async () => ((await checkpointed()) === 201 ? true : undefined),
      90_000,
      "every message after the stand-in came back",
    );
    // The outage clears with the first healthy (empty) receive after the backlog: eventually, not at once.
    const recovered = await until(
      async () => {
        const view = (await api("GET", `/api/v1/connections/${id}`)).body;
        return view.status === "running" ? view : undefined;
      },
      30_000,
      "the connection to show running again",
    );
    expect(recovered.lastError).toBeUndefined();
    const bigStored = await count(
      `SELECT count(*) AS n FROM events WHERE "vigil.connection.id" = '${id}' AND length("finding.description") > 900000`,
    );
    expect(bigStored).toBeGreaterThan(0);
    await api("DELETE", `/api/v1/connections/${id}`);
    await restartable.stop();
  }, 240_000);
});
