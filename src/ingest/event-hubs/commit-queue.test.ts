// The group commit of Event Hubs batches: grouping limits, byte chunks, order per partition, failures retried alone.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CommitQueue, chunkByBytes, nextGroup } from "./commit-queue.js";

const sized = (partitionId: string, events = 10, bytes = 100) => ({ partitionId, events, bytes });

describe("nextGroup", () => {
  it("takes whole entries in order up to the limits, and always at least one", () => {
    const limits = { maxEvents: 25, maxBytes: 1_000 };
    expect(nextGroup([], limits)).toEqual([]);
    expect(nextGroup([sized("0"), sized("1"), sized("2"), sized("3")], limits)).toEqual([0, 1]);
    expect(nextGroup([sized("0", 100)], limits)).toEqual([0]);
    expect(nextGroup([sized("0", 1, 600), sized("1", 1, 600)], limits)).toEqual([0]);
  });

  it("skips every entry of a partition being retried, and stops at the first entry over a limit", () => {
    const limits = { maxEvents: 30, maxBytes: 1_000 };
    const pending = [sized("0"), sized("1"), sized("0"), sized("2", 50), sized("3")];
    expect(nextGroup(pending, limits, new Set(["0"]))).toEqual([1]);
    expect(nextGroup(pending, limits, new Set(["0", "1"]))).toEqual([3]);
    expect(nextGroup(pending, limits, new Set(["0", "1", "2", "3"]))).toEqual([]);
  });

  it("never reorders a partition's entries and respects the limits (property)", () => {
    const entry = fc.record({
      partitionId: fc.constantFrom("0", "1", "2"),
      events: fc.integer({ min: 0, max: 50 }),
      bytes: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 30 }),
        fc.subarray(["0", "1", "2"]),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 1_500 }),
        (pending, skipped, maxEvents, maxBytes) => {
          const skip = new Set(skipped);
          const taken = nextGroup(pending, { maxEvents, maxBytes }, skip);
          const eligible = pending.filter((e) => !skip.has(e.partitionId)).length;
          expect(taken.length > 0).toBe(eligible > 0);
          expect([...taken].sort((a, b) => a - b)).toEqual(taken);
          const group = taken.map((index) => pending[index]!);
          expect(group.every((e) => !skip.has(e.partitionId))).toBe(true);
          if (group.length > 1) {
            expect(group.reduce((sum, e) => sum + e.events, 0)).toBeLessThanOrEqual(maxEvents);
            expect(group.reduce((sum, e) => sum + e.bytes, 0)).toBeLessThanOrEqual(maxBytes);
          }
          // What is taken of a partition is a prefix of its waiting entries.
          for (const partition of ["0", "1", "2"]) {
            const all = pending
              .map((e, index) => (e.partitionId === partition ? index : -1))
              .filter((index) => index >= 0);
            const mine = taken.filter((index) => pending[index]!.partitionId === partition);
            expect(mine).toEqual(all.slice(0, mine.length));
          }
        },
      ),
    );
  });
});

describe("chunkByBytes", () => {
  it("splits into consecutive runs within the byte and count limits; an oversized item stands alone", () => {
    const size = (n: number) => n;
    expect(chunkByBytes([], size, 10)).toEqual([]);
    expect(chunkByBytes([3, 3, 3, 3], size, 10)).toEqual([[3, 3, 3], [3]]);
    expect(chunkByBytes([1, 25, 1], size, 10)).toEqual([[1], [25], [1]]);
    expect(chunkByBytes([1, 1, 1, 1, 1], size, 100, 2)).toEqual([[1, 1], [1, 1], [1]]);
  });

  it("keeps every item once, in order (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000 })),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1, max: 10 }),
        (items, maxBytes, maxCount) => {
          const chunks = chunkByBytes(items, (n) => n, maxBytes, maxCount);
          expect(chunks.flat()).toEqual(items);
          for (const chunk of chunks) {
            expect(chunk.length).toBeGreaterThan(0);
            expect(chunk.length).toBeLessThanOrEqual(maxCount);
            if (chunk.length > 1)
              expect(chunk.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
    );
  });
});

interface Item {
  readonly partition: string;
  readonly n: number;
}

/** A queue over a fake store: `failing` partitions make any group holding them fail. */
function harness(limits = { maxEvents: 100, maxBytes: 10_000 }) {
  const failing = new Set<string>();
  const stored: Item[][] = [];
  const progress: Item[][] = [];
  const errors: string[][] = [];
  let gate: Promise<void> | undefined;
  const queue = new CommitQueue<Item, number>({
    limits,
    backoffMs: () => 5,
    store: async (items) => {
      await gate;
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (items.some((item) => failing.has(item.partition))) throw new Error("store down");
      stored.push([...items]);
      return items.length;
    },
    afterStore: async (items, count) => {
      expect(count).toBe(items.length);
      progress.push([...items]);
    },
    onError: (_error, _attempt, partitions) => errors.push([...partitions]),
  });
  const submit = (partition: string, n: number) => queue.submit(partition, 1, 10, { partition, n });
  return {
    queue,
    failing,
    stored,
    progress,
    errors,
    submit,
    hold: () => {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe("CommitQueue", () => {
  it("stores what arrives while a group is being written in one next group, then records progress", async () => {
    const h = harness();
    const release = h.hold();
    const first = h.submit("0", 1);
    const rest = [h.submit("1", 1), h.submit("2", 1), h.submit("3", 1), h.submit("0", 2)];
    release();
    expect(await Promise.all([first, ...rest])).toEqual(Array(5).fill("committed"));
    expect(h.stored.map((group) => group.map((i) => `${i.partition}:${i.n}`))).toEqual([
      ["0:1"],
      ["1:1", "2:1", "3:1", "0:2"],
    ]);
    expect(h.progress).toEqual(h.stored);
  });

  it("splits a failed group by partition: the healthy ones go on, the failing one waits and never gets ahead of itself", async () => {
    const h = harness();
    h.failing.add("1");
    const release = h.hold();
    const outcomes = [h.submit("0", 1), h.submit("0", 2), h.submit("1", 1), h.submit("2", 1)];
    release();
    expect(await outcomes[0]).toBe("committed");
    // Partition 1 keeps failing; 0 and 2 are stored (alone, after the shared group failed).
    await new Promise((resolve) => setTimeout(resolve, 60));
    const late = h.submit("1", 2);
    const other = h.submit("2", 2);
    expect(await other).toBe("committed");
    const storedOf = (p: string) =>
      h.stored
        .flat()
        .filter((i) => i.partition === p)
        .map((i) => i.n);
    expect(storedOf("0")).toEqual([1, 2]);
    expect(storedOf("2")).toEqual([1, 2]);
    expect(storedOf("1")).toEqual([]);
    expect(h.errors.some((partitions) => partitions.includes("1"))).toBe(true);
    h.failing.delete("1");
    expect(await Promise.all([outcomes[2], late])).toEqual(["committed", "committed"]);
    expect(storedOf("1")).toEqual([1, 2]);
    // Progress (checkpoints) only for stored items, in each partition's order.
    for (const p of ["0", "1", "2"])
      expect(
        h.progress
          .flat()
          .filter((i) => i.partition === p)
          .map((i) => i.n),
      ).toEqual(storedOf(p));
  });

  it("on close, drops what is not stored ('stopped'), lets the write in progress finish, and accepts nothing more", async () => {
    const h = harness();
    h.failing.add("9");
    const release = h.hold();
    const writing = h.submit("0", 1);
    const waiting = h.submit("1", 1);
    const retrying = h.submit("9", 1);
    const closed = h.queue.close();
    release();
    await closed;
    expect(await writing).toBe("committed");
    expect(await waiting).toBe("stopped");
    expect(await retrying).toBe("stopped");
    expect(await h.submit("2", 1)).toBe("stopped");
    expect(h.stored.flat().map((i) => i.partition)).toEqual(["0"]);
  });

  it("keeps every partition's items in submission order under random failures (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("0", "1", "2"), fc.boolean()), {
          minLength: 1,
          maxLength: 25,
        }),
        async (steps) => {
          const h = harness({ maxEvents: 3, maxBytes: 10_000 });
          const counters = new Map<string, number>();
          const outcomes: Promise<unknown>[] = [];
          for (const [partition, flip] of steps) {
            if (flip) {
              if (h.failing.has(partition)) h.failing.delete(partition);
              else h.failing.add(partition);
            }
            const n = (counters.get(partition) ?? 0) + 1;
            counters.set(partition, n);
            outcomes.push(h.submit(partition, n));
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
          h.failing.clear();
          await Promise.all(outcomes);
          for (const [partition, count] of counters) {
            const order = (groups: Item[][]) =>
              groups
                .flat()
                .filter((i) => i.partition === partition)
                .map((i) => i.n);
            const expected = Array.from({ length: count }, (_, i) => i + 1);
            expect(order(h.stored)).toEqual(expected);
            expect(order(h.progress)).toEqual(expected);
          }
          await h.queue.close();
        },
      ),
      { numRuns: 30 },
    );
  });
});
