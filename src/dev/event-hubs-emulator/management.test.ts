// The real SDK's management calls against the stand-in: hub and partition properties, unknown hubs.
import { EventHubConsumerClient, EventHubProducerClient } from "@azure/event-hubs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./emulator-options.js";
import { startEventHubsEmulator } from "./start-emulator.js";

describe("management through the SDK", () => {
  let emulator: RunningEmulator;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    emulator = await startEventHubsEmulator({
      port: 0,
      hubs: [
        { name: "findings", partitions: 4 },
        { name: "other", partitions: 1 },
      ],
    });
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await emulator.stop();
  });

  function producer(hub: string): EventHubProducerClient {
    const client = new EventHubProducerClient(emulator.connectionString(hub));
    closers.push(() => client.close());
    return client;
  }

  it("reports hub properties and partition ids of each hub", async () => {
    const findings = producer("findings");
    const properties = await findings.getEventHubProperties();
    expect(properties.name).toBe("findings");
    expect(properties.partitionIds).toEqual(["0", "1", "2", "3"]);
    expect(properties.createdOn).toBeInstanceOf(Date);
    expect(Math.abs(properties.createdOn.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await producer("other").getPartitionIds()).toEqual(["0"]);

    const consumer = new EventHubConsumerClient("$Default", emulator.connectionString("findings"));
    closers.push(() => consumer.close());
    expect(await consumer.getPartitionIds()).toEqual(["0", "1", "2", "3"]);
  });

  it("reports empty and filled partitions", async () => {
    const client = producer("findings");
    expect(await client.getPartitionProperties("2")).toEqual({
      eventHubName: "findings",
      partitionId: "2",
      beginningSequenceNumber: 0,
      lastEnqueuedSequenceNumber: -1,
      lastEnqueuedOffset: "-1",
      lastEnqueuedOnUtc: new Date(0),
      isEmpty: true,
    });
    const before = Date.now();
    await client.sendBatch([{ body: "a" }, { body: "b" }], { partitionId: "2" });
    const properties = await client.getPartitionProperties("2");
    expect(properties).toMatchObject({
      partitionId: "2",
      lastEnqueuedSequenceNumber: 1,
      isEmpty: false,
    });
    expect(Number(properties.lastEnqueuedOffset)).toBeGreaterThan(0);
    expect(properties.lastEnqueuedOnUtc.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(emulator.partitionInfo("findings", "2")).toMatchObject({
      lastEnqueuedSequenceNumber: 1,
      lastEnqueuedOffset: properties.lastEnqueuedOffset,
    });
  });

  it("answers an unknown hub as Azure does", async () => {
    const client = new EventHubProducerClient(emulator.connectionString("missing"), {
      retryOptions: { maxRetries: 0 },
    });
    closers.push(() => client.close());
    await expect(client.getEventHubProperties()).rejects.toMatchObject({
      code: "MessagingEntityNotFoundError",
    });
    await expect(client.sendBatch([{ body: 1 }])).rejects.toMatchObject({
      code: "MessagingEntityNotFoundError",
    });
  });
});
