// Subscribing from earliest, a sequence number, an offset, an enqueued time and latest, with the real SDK.
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  latestEventPosition,
  type ReceivedEventData,
} from "@azure/event-hubs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./emulator-options.js";
import { collectEvents } from "./sdk-harness.js";
import { startEventHubsEmulator } from "./start-emulator.js";

describe("start positions through the SDK", () => {
  let emulator: RunningEmulator;
  let producer: EventHubProducerClient;
  let consumer: EventHubConsumerClient;
  let all: ReceivedEventData[];
  let secondBatchTime: number;

  beforeAll(async () => {
    emulator = await startEventHubsEmulator({ port: 0, hubs: [{ name: "hub", partitions: 2 }] });
    producer = new EventHubProducerClient(emulator.connectionString("hub"));
    consumer = new EventHubConsumerClient("$Default", emulator.connectionString("hub"));
    await producer.sendBatch(
      [0, 1, 2, 3, 4].map((n) => ({ body: { n } })),
      { partitionId: "0" },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    secondBatchTime = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await producer.sendBatch(
      [5, 6, 7].map((n) => ({ body: { n } })),
      { partitionId: "0" },
    );
    all = await collectEvents(consumer, 8, {
      partitionId: "0",
      startPosition: earliestEventPosition,
    });
  });
  afterAll(async () => {
    await producer.close();
    await consumer.close();
    await emulator.stop();
  });

  const numbers = (events: ReceivedEventData[]) =>
    events.map((event) => (event.body as { n: number }).n);

  it("starts at the earliest event, in order", () => {
    expect(numbers(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(all.map((event) => event.sequenceNumber)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("starts after or at a sequence number", async () => {
    const after = await collectEvents(consumer, 4, {
      partitionId: "0",
      startPosition: { sequenceNumber: 3 },
    });
    expect(numbers(after)).toEqual([4, 5, 6, 7]);
    const at = await collectEvents(consumer, 5, {
      partitionId: "0",
      startPosition: { sequenceNumber: 3, isInclusive: true },
    });
    expect(numbers(at)).toEqual([3, 4, 5, 6, 7]);
  });

  it("starts after or at an offset", async () => {
    const offset = all[5]?.offset;
    expect(offset).toBeDefined();
    const after = await collectEvents(consumer, 2, {
      partitionId: "0",
      startPosition: { offset },
    });
    expect(numbers(after)).toEqual([6, 7]);
    const at = await collectEvents(consumer, 3, {
      partitionId: "0",
      startPosition: { offset, isInclusive: true },
    });
    expect(numbers(at)).toEqual([5, 6, 7]);
  });

  it("starts after an enqueued time", async () => {
    const events = await collectEvents(consumer, 3, {
      partitionId: "0",
      startPosition: { enqueuedOn: new Date(secondBatchTime) },
    });
    expect(numbers(events)).toEqual([5, 6, 7]);
  });

  it("starts at the latest event: only events sent after attaching arrive, live", async () => {
    const events = await collectEvents(consumer, 2, {
      partitionId: "0",
      startPosition: latestEventPosition,
      onReady: async () => {
        await producer.sendBatch([{ body: { n: 8 } }], { partitionId: "0" });
        await producer.sendBatch([{ body: { n: 9 } }], { partitionId: "0" });
      },
    });
    expect(numbers(events)).toEqual([8, 9]);
    expect(events.map((event) => event.sequenceNumber)).toEqual([8, 9]);
  });

  it("gives each partition its own position map entry", async () => {
    await producer.sendBatch([{ body: { n: 100 } }], { partitionId: "1" });
    const events = await collectEvents(consumer, 2, {
      startPosition: { "0": { sequenceNumber: 8 }, "1": earliestEventPosition },
    });
    expect(numbers(events).sort((a, b) => a - b)).toEqual([9, 100]);
  });

  it("limits deliveries to the credit the SDK grants (maxBatchSize)", async () => {
    const sizes: number[] = [];
    const received: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = consumer.subscribe(
        "0",
        {
          processEvents: async (events) => {
            sizes.push(events.length);
            received.push(...numbers(events));
            if (received.length >= 10) void subscription.close().then(resolve, reject);
          },
          processError: async () => undefined,
        },
        { startPosition: earliestEventPosition, maxBatchSize: 3, maxWaitTimeInSeconds: 0.2 },
      );
    });
    expect(received.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
  });
});
