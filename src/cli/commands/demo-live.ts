// The live demo: the Event Hubs stand-in, `vigil serve`, a demo connection, and generated Defender records streaming through the real SDK.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EventHubProducerClient } from "@azure/event-hubs";
import { startServer } from "../../api/server.js";
import { SCOPES } from "../../auth/scopes.js";
import { createToken } from "../../auth/tokens.js";
import { loadServerConfig } from "../../config/server-config.js";
import { startEventHubsEmulator } from "../../dev/event-hubs-emulator/index.js";
import { generateDefenderRecords } from "../../generate/generate-records.js";
import { write } from "../output.js";
import type { CliIo } from "./map.js";

export interface LiveDemoOptions {
  readonly port?: string;
  readonly eventHubsPort: number;
  readonly burst: number;
  readonly perSecond: number;
  readonly seed: number;
}

const HUB = "defender-export";

export async function runLiveDemo(options: LiveDemoOptions, io: CliIo): Promise<number> {
  const config = loadServerConfig({ port: options.port }, process.env);
  mkdirSync(config.dataDir, { recursive: true });
  ensureDemoSecretKey(config.dataDir, io);
  const emulator = await startEventHubsEmulator({
    port: options.eventHubsPort,
    hubs: [{ name: HUB, partitions: 4 }],
    dataDir: join(config.dataDir, "eventhubs"),
  });
  const server = await startServer(
    { ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel },
    io.clock,
  );
  const connectionString = emulator.connectionString(HUB);
  const manager = server.context.connections;
  const existing = (await manager.connections.list()).find(
    (connection) => connection.name === "defender-demo",
  );
  if (existing === undefined) {
    await manager.create(
      {
        name: "defender-demo",
        auth: { kind: "connection_string", connectionString },
        startPosition: "earliest",
      },
      { test: true },
    );
  }
  const viewer = await createToken(
    server.context.storage.metadata,
    "demo-sign-in",
    [...SCOPES],
    io.clock(),
  );
  await write(
    io.stdout,
    [
      "",
      `Vigil is running at ${server.url}`,
      `  sign in with this token: ${viewer.token}`,
      `  Event Hubs stand-in: ${connectionString}`,
      "  a demo connection (defender-demo) consumes it; generated Defender records are streaming in now.",
      "",
      "Try, in another terminal:",
      "  npx vigil connection list",
      '  npx vigil query "fetch security.events, from: now() - 1h | summarize count(), by: {event.type}"',
      "  npx vigil stats",
      "",
      "Ctrl-C stops everything (what was accepted is stored first).",
      "",
    ].join("\n"),
  );
  const stopping = new AbortController();
  const streaming = streamRecords(connectionString, options, stopping.signal, io).catch((error) =>
    write(io.stderr, `demo stream stopped: ${(error as Error).message}\n`),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  stopping.abort();
  await streaming;
  await server.stop();
  await emulator.stop();
  return 0;
}

/** A burst (as a weekly snapshot would be), then a steady trickle, like a live continuous export. */
async function streamRecords(
  connectionString: string,
  options: LiveDemoOptions,
  signal: AbortSignal,
  io: CliIo,
): Promise<void> {
  const producer = new EventHubProducerClient(connectionString);
  try {
    const records = generateDefenderRecords({
      records: 1_000_000,
      seed: options.seed,
      startTime: new Date(io.clock().getTime() - 6 * 86_400_000).toISOString(),
    });
    let sent = 0;
    let batch = await producer.createBatch();
    for (const record of records) {
      if (signal.aborted) break;
      const event = { body: Buffer.from(record.line), contentType: "application/json" };
      if (!batch.tryAdd(event)) {
        await producer.sendBatch(batch);
        batch = await producer.createBatch();
        batch.tryAdd(event);
      }
      sent += 1;
      const live = sent > options.burst;
      if (live || sent % 200 === 0) {
        await producer.sendBatch(batch);
        batch = await producer.createBatch();
      }
      if (sent === options.burst)
        await write(
          io.stderr,
          `sent the first ${sent} records; now streaming ${options.perSecond}/s\n`,
        );
      if (live) await new Promise((resolve) => setTimeout(resolve, 1000 / options.perSecond));
    }
  } finally {
    await producer.close().catch(() => undefined);
  }
}

/** The demo needs a key to encrypt the connection's secret: it makes one in the data directory (never do this in production). */
function ensureDemoSecretKey(dataDir: string, io: CliIo): void {
  if (process.env.VIGIL_SECRET_KEY !== undefined || process.env.VIGIL_SECRET_KEY_FILE !== undefined)
    return;
  const keyFile = join(dataDir, "demo-secret.key");
  if (!existsSync(keyFile)) {
    writeFileSync(keyFile, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    void write(
      io.stderr,
      `created ${keyFile} to encrypt demo secrets (production: set VIGIL_SECRET_KEY_FILE to a key you manage)\n`,
    );
  }
  process.env.VIGIL_SECRET_KEY_FILE = keyFile;
}
