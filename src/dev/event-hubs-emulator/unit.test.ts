// Unit tests of the stand-in's pure parts: partition hashing, start-position filters, the record format, addresses.
import { describe, expect, it } from "vitest";
import { parseLinkAddress } from "./link-address.js";
import { decodeRecords, encodeRecord } from "./log-record.js";
import { partitionIndexForKey } from "./partition-hash.js";
import { parseSelector } from "./start-position.js";

describe("partitionIndexForKey", () => {
  // Expected values computed with @azure/event-hubs 6.0.4's own mapPartitionKeyToId.
  const vectors: [string, number, number][] = [
    ["", 0, 0],
    ["a", 0, 28],
    ["abc", 1, 17],
    ["abcd", 2, 6],
    ["hello world", 3, 15],
    ["twelve bytes", 2, 14],
    ["thirteen byte", 1, 1],
    ["/subscriptions/0000/resourceGroups/rg", 1, 21],
    ["registry.azurecr.io/app:1.2", 1, 25],
  ];
  it.each(vectors)("maps %j like the SDK", (key, in4, in32) => {
    expect(partitionIndexForKey(key, 4)).toBe(in4);
    expect(partitionIndexForKey(key, 32)).toBe(in32);
  });
});

describe("parseSelector", () => {
  it("reads the filters the SDK builds", () => {
    expect(parseSelector("amqp.annotation.x-opt-offset > '-1'")).toEqual({ kind: "earliest" });
    expect(parseSelector("amqp.annotation.x-opt-offset > '@latest'")).toEqual({ kind: "latest" });
    expect(parseSelector("amqp.annotation.x-opt-offset >= '120'")).toEqual({
      kind: "offset",
      offset: 120,
      inclusive: true,
    });
    expect(parseSelector("amqp.annotation.x-opt-sequence-number > '5'")).toEqual({
      kind: "sequence",
      sequenceNumber: 5,
      inclusive: false,
    });
    expect(parseSelector("amqp.annotation.x-opt-sequence-number >= 7")).toEqual({
      kind: "sequence",
      sequenceNumber: 7,
      inclusive: true,
    });
    expect(parseSelector("amqp.annotation.x-opt-enqueued-time > '1700000000000'")).toEqual({
      kind: "enqueued-time",
      timeMs: 1_700_000_000_000,
      inclusive: false,
    });
    expect(parseSelector(undefined)).toEqual({ kind: "earliest" });
  });

  it("refuses what it does not understand", () => {
    expect(parseSelector("amqp.annotation.x-opt-offset < '5'")).toBeUndefined();
    expect(parseSelector("amqp.annotation.x-opt-sequence-number > '@latest'")).toBeUndefined();
    expect(parseSelector("sys.something = 1")).toBeUndefined();
  });
});

describe("partition records", () => {
  it("round-trips and drops a torn tail", () => {
    const first = encodeRecord({
      enqueuedTimeMs: 1_700_000_000_123,
      partitionKey: "ké",
      payload: Buffer.from([1, 2, 3]),
    });
    const second = encodeRecord({
      enqueuedTimeMs: 1_700_000_000_124,
      partitionKey: undefined,
      payload: Buffer.alloc(40, 7),
    });
    const file = Buffer.concat([first, second]);
    expect(decodeRecords(file)).toEqual({
      records: [
        { enqueuedTimeMs: 1_700_000_000_123, partitionKey: "ké", payload: Buffer.from([1, 2, 3]) },
        {
          enqueuedTimeMs: 1_700_000_000_124,
          partitionKey: undefined,
          payload: Buffer.alloc(40, 7),
        },
      ],
      validBytes: file.length,
    });
    const torn = decodeRecords(file.subarray(0, file.length - 5));
    expect(torn.records).toHaveLength(1);
    expect(torn.validBytes).toBe(first.length);
  });
});

describe("parseLinkAddress", () => {
  it("names every address the SDK uses", () => {
    expect(parseLinkAddress("$cbs")).toEqual({ kind: "cbs" });
    expect(parseLinkAddress("$management")).toEqual({ kind: "management" });
    expect(parseLinkAddress("hub")).toEqual({ kind: "hub", hub: "hub" });
    expect(parseLinkAddress("hub/Partitions/3")).toEqual({
      kind: "partition",
      hub: "hub",
      partitionId: "3",
    });
    expect(
      parseLinkAddress("sb://localhost:5672/hub/consumergroups/$Default/partitions/0"),
    ).toEqual({ kind: "consumer", hub: "hub", consumerGroup: "$Default", partitionId: "0" });
    expect(parseLinkAddress("hub/Other/0").kind).toBe("unknown");
  });
});
