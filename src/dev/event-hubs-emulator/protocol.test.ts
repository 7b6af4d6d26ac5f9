// AMQP-level behaviour seen with a plain rhea client: credit-bounded delivery, owner levels, bad filters.
import { EventHubProducerClient } from "@azure/event-hubs";
import rhea, { type Connection, type EventContext, type Receiver } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./emulator-options.js";
import { startEventHubsEmulator } from "./start-emulator.js";

const ADDRESS = "hub/ConsumerGroups/$Default/Partitions/0";

describe("AMQP behaviour", () => {
  let emulator: RunningEmulator;
  let connection: Connection;

  beforeEach(async () => {
    emulator = await startEventHubsEmulator({ port: 0, hubs: [{ name: "hub", partitions: 1 }] });
    const producer = new EventHubProducerClient(emulator.connectionString("hub"));
    await producer.sendBatch([0, 1, 2, 3, 4].map((n) => ({ body: { n } })));
    await producer.close();
    const container = rhea.create_container();
    container.on("disconnected", () => undefined);
    connection = container.connect({ host: "127.0.0.1", port: emulator.port, reconnect: false });
    await new Promise((resolve) => connection.once("connection_open", resolve));
  });
  afterEach(async () => {
    connection.close();
    await emulator.stop();
  });

  function attach(options: { selector?: string; epoch?: number }): {
    receiver: Receiver;
    received: number[];
    closed: Promise<EventContext>;
  } {
    const received: number[] = [];
    const filter =
      options.selector === undefined
        ? undefined
        : {
            "apache.org:selector-filter:string": rhea.types.wrap_described(
              options.selector,
              0x468c00000004,
            ),
          };
    const receiver = connection.open_receiver({
      source: { address: ADDRESS, filter },
      credit_window: 0,
      properties:
        options.epoch === undefined
          ? undefined
          : { "com.microsoft:epoch": rhea.types.wrap_long(options.epoch) },
    });
    receiver.on("message", (context: EventContext) => {
      received.push(context.message?.message_annotations?.["x-opt-sequence-number"] as number);
    });
    const closed = new Promise<EventContext>((resolve) => receiver.once("receiver_close", resolve));
    return { receiver, received, closed };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

  it("sends no more messages than the credit it was given", async () => {
    const { receiver, received } = attach({});
    await new Promise((resolve) => receiver.once("receiver_open", resolve));
    await settle();
    expect(received).toEqual([]);
    receiver.add_credit(2);
    await settle();
    expect(received).toEqual([0, 1]);
    receiver.add_credit(10);
    await settle();
    expect(received).toEqual([0, 1, 2, 3, 4]);
  });

  it("lets a higher owner level take a partition over and refuses a lower one", async () => {
    const plain = attach({});
    const owner = attach({ epoch: 5 });
    const plainClosed = await plain.closed;
    expect(plainClosed.receiver?.error).toMatchObject({ condition: "amqp:link:stolen" });
    const lower = attach({ epoch: 3 });
    expect((await lower.closed).receiver?.error).toMatchObject({ condition: "amqp:link:stolen" });
    owner.receiver.add_credit(1);
    await settle();
    expect(owner.received).toEqual([0]);
  });

  it("refuses a filter it does not understand and a sequence number past the end", async () => {
    const odd = attach({ selector: "amqp.annotation.x-opt-offset < '5'" });
    expect((await odd.closed).receiver?.error).toMatchObject({
      condition: "com.microsoft:argument-error",
    });
    const future = attach({ selector: "amqp.annotation.x-opt-sequence-number > '10'" });
    expect((await future.closed).receiver?.error).toMatchObject({
      condition: "com.microsoft:argument-out-of-range",
    });
    const last = attach({ selector: "amqp.annotation.x-opt-sequence-number > '4'" });
    last.receiver.add_credit(5);
    await settle();
    expect(last.received).toEqual([]);
    expect(last.receiver.is_open()).toBe(true);
  });
});
