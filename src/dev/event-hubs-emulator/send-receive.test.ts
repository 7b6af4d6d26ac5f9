// Sending with the real SDK (single events, batches, keys, partitions, large messages) and receiving in order.
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
} from "@azure/event-hubs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./emulator-options.js";
import { partitionIndexForKey } from "./partition-hash.js";
import { collectEvents } from "./sdk-harness.js";
import { startEventHubsEmulator } from "./start-emulator.js";

describe("sending and receiving through the SDK", () => {
  let emulator: RunningEmulator;
  let producer: EventHubProducerClient;
  let consumer: EventHubConsumerClient;

  beforeEach(async () => {
    emulator = await startEventHubsEmulator({ port: 0, hubs: [{ name: "hub", partitions: 4 }] });
    producer = new EventHubProducerClient(emulator.connectionString("hub"));
    consumer = new EventHubConsumerClient("$Default", emulator.connectionString(), "hub");
  });
  afterEach(async () => {
    await producer.close();
    await consumer.close();
    await emulator.stop();
  });

  it("delivers JSON, string and Buffer bodies with properties and service annotations", async () => {
    const before = Date.now();
    const batch = await producer.createBatch({ partitionId: "1" });
    expect(
      batch.tryAdd({ body: { finding: "CVE-2024-1", score: 9.8 }, properties: { n: 1 } }),
    ).toBe(true);
    expect(batch.tryAdd({ body: "plain text", contentType: "text/plain" })).toBe(true);
    expect(batch.tryAdd({ body: Buffer.from([0, 255, 16]), messageId: "m-3" })).toBe(true);
    await producer.sendBatch(batch);
    const events = await collectEvents(consumer, 3, {
      partitionId: "1",
      startPosition: earliestEventPosition,
    });
    expect(events.map((event) => event.body)).toEqual([
      { finding: "CVE-2024-1", score: 9.8 },
      "plain text",
      Buffer.from([0, 255, 16]),
    ]);
    expect(events[0]?.properties).toEqual({ n: 1 });
    expect(events[1]?.contentType).toBe("text/plain");
    expect(events[2]?.messageId).toBe("m-3");
    expect(events.map((event) => event.sequenceNumber)).toEqual([0, 1, 2]);
    const offsets = events.map((event) => event.offset);
    expect(offsets[0]).toBe("0");
    for (const offset of offsets) expect(typeof offset).toBe("string");
    expect(Number(offsets[1])).toBeGreaterThan(0);
    expect(Number(offsets[2])).toBeGreaterThan(Number(offsets[1]));
    for (const event of events) {
      expect(event.enqueuedTimeUtc).toBeInstanceOf(Date);
      expect(event.enqueuedTimeUtc.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(event.partitionKey).toBeUndefined();
    }
    expect(emulator.partitionInfo("hub", "1").lastEnqueuedOffset).toBe(offsets[2]);
  });

  it("routes a partition key by the service's hash and keeps it on the events", async () => {
    const key = "registry.azurecr.io/app:1.2";
    const expected = String(partitionIndexForKey(key, 4));
    const batch = await producer.createBatch({ partitionKey: key });
    batch.tryAdd({ body: 1 });
    batch.tryAdd({ body: 2 });
    await producer.sendBatch(batch);
    await producer.sendBatch([{ body: 3 }], { partitionKey: key });
    const events = await collectEvents(consumer, 3, {
      partitionId: expected,
      startPosition: earliestEventPosition,
    });
    expect(events.map((event) => [event.body, event.partitionKey])).toEqual([
      [1, key],
      [2, key],
      [3, key],
    ]);
    expect(emulator.partitionInfo("hub", expected).lastEnqueuedSequenceNumber).toBe(2);
  });

  it("spreads keyless sends round robin, one batch per partition, and receives them all", async () => {
    for (let i = 0; i < 4; i++) {
      await producer.sendBatch([{ body: { i, part: "a" } }, { body: { i, part: "b" } }]);
    }
    for (const id of ["0", "1", "2", "3"]) {
      expect(emulator.partitionInfo("hub", id).lastEnqueuedSequenceNumber).toBe(1);
    }
    const events = await collectEvents(consumer, 8, { startPosition: earliestEventPosition });
    const byBatch = new Map<number, string[]>();
    for (const event of events) {
      const body = event.body as { i: number; part: string };
      byBatch.set(body.i, [...(byBatch.get(body.i) ?? []), body.part]);
    }
    expect([...byBatch.values()]).toEqual([
      ["a", "b"],
      ["a", "b"],
      ["a", "b"],
      ["a", "b"],
    ]);
  });

  it("round-trips a 1 MB message and refuses one over the limit", async () => {
    const big = Buffer.alloc(1_000_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
    const batch = await producer.createBatch({ partitionId: "3" });
    expect(batch.tryAdd({ body: big })).toBe(true);
    await producer.sendBatch(batch);
    const [event] = await collectEvents(consumer, 1, {
      partitionId: "3",
      startPosition: earliestEventPosition,
    });
    expect(Buffer.isBuffer(event?.body)).toBe(true);
    expect(Buffer.compare(event?.body as Buffer, big)).toBe(0);

    const tooBig = new EventHubProducerClient(emulator.connectionString("hub"), {
      retryOptions: { maxRetries: 0 },
    });
    try {
      await expect(
        tooBig.sendBatch([{ body: Buffer.alloc(1_100_000) }], { partitionId: "3" }),
      ).rejects.toMatchObject({ code: "MessageTooLargeError" });
    } finally {
      await tooBig.close();
    }
    expect(emulator.partitionInfo("hub", "3").lastEnqueuedSequenceNumber).toBe(0);
  });
});
