// Partition files under dataDir: events and sequence numbers survive a restart, and a live consumer resumes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  type ReceivedEventData,
} from "@azure/event-hubs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./emulator-options.js";
import { partitionIndexForKey } from "./partition-hash.js";
import { collectEvents } from "./sdk-harness.js";
import { startEventHubsEmulator } from "./start-emulator.js";

// Short retries so reconnecting after a restart takes well under a second.
const RETRY = { maxRetries: 20, retryDelayInMs: 100, maxRetryDelayInMs: 500, timeoutInMs: 3000 };

describe("persistence", () => {
  let dataDir: string;
  const running: RunningEmulator[] = [];
  const clients: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "vigil-eh-"));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const emulator of running.splice(0)) await emulator.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(port = 0): Promise<RunningEmulator> {
    const emulator = await startEventHubsEmulator({
      port,
      hubs: [{ name: "hub", partitions: 2 }],
      dataDir,
    });
    running.push(emulator);
    return emulator;
  }
  function track<T extends { close(): Promise<void> }>(client: T): T {
    clients.push(client);
    return client;
  }

  it("keeps events, sequence numbers, offsets and the hub's creation time across a restart", async () => {
    const first = await start();
    const producer = track(new EventHubProducerClient(first.connectionString("hub")));
    await producer.sendBatch([{ body: { n: 0 } }, { body: "one" }], { partitionId: "1" });
    const keyForPartition0 = ["a", "b", "c", "d", "e"].find(
      (k) => partitionIndexForKey(k, 2) === 0,
    );
    await producer.sendBatch([{ body: Buffer.from([2]) }], { partitionKey: keyForPartition0 });
    const created = (await producer.getEventHubProperties()).createdOn;
    const before = first.partitionInfo("hub", "1");
    await producer.close();
    await first.stop();

    const second = await start();
    expect(second.partitionInfo("hub", "1")).toEqual(before);
    const again = track(new EventHubProducerClient(second.connectionString("hub")));
    expect((await again.getEventHubProperties()).createdOn).toEqual(created);
    await again.sendBatch([{ body: "three" }], { partitionId: "1" });
    const consumer = track(new EventHubConsumerClient("$Default", second.connectionString("hub")));
    const events = await collectEvents(consumer, 3, {
      partitionId: "1",
      startPosition: earliestEventPosition,
    });
    expect(events.map((event) => [event.sequenceNumber, event.body])).toEqual([
      [0, { n: 0 }],
      [1, "one"],
      [2, "three"],
    ]);
    expect(events[1]?.offset).toBe(before.lastEnqueuedOffset);
    const all = await collectEvents(consumer, 4, { startPosition: earliestEventPosition });
    expect(all.find((event) => event.partitionKey === keyForPartition0)?.body).toEqual(
      Buffer.from([2]),
    );
  });

  it("lets a subscribed consumer continue after the stand-in restarts on the same port", async () => {
    const first = await start();
    const port = first.port;
    const producer = track(
      new EventHubProducerClient(first.connectionString("hub"), {
        retryOptions: RETRY,
      }),
    );
    const consumer = track(
      new EventHubConsumerClient("$Default", first.connectionString("hub"), {
        retryOptions: RETRY,
      }),
    );
    await producer.sendBatch(
      [0, 1, 2].map((n) => ({ body: { n } })),
      { partitionId: "0" },
    );

    const received: ReceivedEventData[] = [];
    let notify: () => void = () => undefined;
    const subscription = consumer.subscribe(
      "0",
      {
        processEvents: async (events) => {
          received.push(...events);
          notify();
        },
        processError: async () => undefined,
      },
      { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 0.2 },
    );
    const waitFor = async (count: number) => {
      const deadline = Date.now() + 20_000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} events`);
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 200);
        });
      }
    };
    await waitFor(3);
    await first.stop();
    await start(port);
    // Give the idle producer a moment to notice its connection dropped; a send racing the drop
    // waits for the SDK's operation timeout (here 3 s) and is then retried.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await producer.sendBatch(
      [3, 4].map((n) => ({ body: { n } })),
      { partitionId: "0" },
    );
    await waitFor(5);
    await subscription.close();
    expect(
      received.map((event) => [event.sequenceNumber, (event.body as { n: number }).n]),
    ).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
  });
});
