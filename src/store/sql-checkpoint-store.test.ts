// The checkpoint store's contract on both backends: etag-guarded ownership claims (races included) and checkpoints.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PartitionOwnership } from "@azure/event-hubs";
import { describe, expect, inject, it } from "vitest";
import { createDatabase } from "../../test/helpers/postgres-server.js";
import type { SqlSession } from "./sql-backend.js";
import { openStorage, type Storage } from "./storage.js";

const engines: { name: string; open(): Promise<Storage[]> }[] = [
  {
    name: "DuckDB",
    open: async () => [
      await openStorage({
        kind: "duckdb",
        target: join(mkdtempSync(join(tmpdir(), "vigil-cp-")), "v.duckdb"),
      }),
    ],
  },
  {
    name: "PostgreSQL",
    open: async () => {
      const url = await createDatabase(
        inject("postgresUrl"),
        `vigil_cp_${randomUUID().replaceAll("-", "")}`,
      );
      return Promise.all([
        openStorage({ kind: "postgres", target: url }),
        openStorage({ kind: "postgres", target: url }),
      ]);
    },
  },
];

const claim = (partitionId: string, ownerId: string, etag?: string): PartitionOwnership => ({
  fullyQualifiedNamespace: "ns.servicebus.windows.net",
  eventHubName: "hub",
  consumerGroup: "$Default",
  partitionId,
  ownerId,
  ...(etag === undefined ? {} : { etag }),
});

for (const engine of engines) {
  describe(`${engine.name} checkpoint store`, () => {
    it("lets exactly one of racing claimers win a new partition, and guards later claims by etag", async () => {
      const storages = await engine.open();
      const a = storages[0]!.checkpoints;
      const b = (storages[1] ?? storages[0]!).checkpoints;
      const results = await Promise.all([
        a.claimOwnership([claim("0", "A")]),
        b.claimOwnership([claim("0", "B")]),
      ]);
      const winners = results.flat();
      expect(winners).toHaveLength(1);
      const won = winners[0]!;
      expect(won.etag).toBeDefined();
      expect(await a.claimOwnership([claim("0", "C", "stale-etag")])).toEqual([]);
      const stolen = await b.claimOwnership([claim("0", "B", won.etag)]);
      expect(stolen.map((ownership) => ownership.ownerId)).toEqual(["B"]);
      expect(await a.claimOwnership([claim("0", "A", won.etag)])).toEqual([]);
      const listed = await a.listOwnership("ns.servicebus.windows.net", "hub", "$Default");
      expect(
        listed.map((ownership) => [ownership.partitionId, ownership.ownerId, ownership.etag]),
      ).toEqual([["0", "B", stolen[0]!.etag]]);
      const many = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          (index % 2 === 0 ? a : b).claimOwnership([claim("1", `owner-${index}`, stolen[0]!.etag)]),
        ),
      );
      expect(many.flat()).toHaveLength(0); // partition 1 has no row yet: an etag claim cannot create it
      for (const storage of storages) await storage.close();
    });

    it("stores, updates, lists and forgets checkpoints", async () => {
      const [storage] = await engine.open();
      const checkpoints = storage!.checkpoints;
      const base = { fullyQualifiedNamespace: "ns", eventHubName: "hub", consumerGroup: "cg" };
      await checkpoints.updateCheckpoint({
        ...base,
        partitionId: "0",
        sequenceNumber: 5,
        offset: "500",
      });
      await checkpoints.updateCheckpoint({
        ...base,
        partitionId: "0",
        sequenceNumber: 9,
        offset: "900",
      });
      await checkpoints.updateCheckpoint({
        ...base,
        partitionId: "1",
        sequenceNumber: 2,
        offset: "20",
      });
      expect(await checkpoints.listCheckpoints("ns", "hub", "cg")).toEqual([
        { ...base, partitionId: "0", sequenceNumber: 9, offset: "900" },
        { ...base, partitionId: "1", sequenceNumber: 2, offset: "20" },
      ]);
      await checkpoints.claimOwnership([{ ...base, partitionId: "0", ownerId: "x" }]);
      await checkpoints.forget("ns", "hub", "cg");
      expect(await checkpoints.listCheckpoints("ns", "hub", "cg")).toEqual([]);
      expect(await checkpoints.listOwnership("ns", "hub", "cg")).toEqual([]);
      await storage!.close();
    });

    it("moves several partitions' checkpoints together with what must come with them, or nothing", async () => {
      const [storage] = await engine.open();
      const checkpoints = storage!.checkpoints;
      const base = { fullyQualifiedNamespace: "ns", eventHubName: "hub", consumerGroup: "cg" };
      await checkpoints.claimOwnership([{ ...base, partitionId: "0", ownerId: "A" }]);
      const setOwner = (owner: string) => (session: SqlSession) =>
        session.run("UPDATE eventhub_ownership SET owner_id = $1", [owner]).then(() => undefined);
      await checkpoints.updateCheckpoints(
        [
          { ...base, partitionId: "0", sequenceNumber: 3, offset: "30" },
          { ...base, partitionId: "1", sequenceNumber: 4, offset: "40" },
        ],
        setOwner("B"),
      );
      const state = async () => ({
        checkpoints: (await checkpoints.listCheckpoints("ns", "hub", "cg")).map(
          (c) => `${c.partitionId}:${c.sequenceNumber}`,
        ),
        owners: (await checkpoints.listOwnership("ns", "hub", "cg")).map((o) => o.ownerId),
      });
      expect(await state()).toEqual({ checkpoints: ["0:3", "1:4"], owners: ["B"] });
      await expect(
        checkpoints.updateCheckpoints(
          [{ ...base, partitionId: "0", sequenceNumber: 9, offset: "90" }],
          async (session) => {
            await setOwner("C")(session);
            throw new Error("metrics failed");
          },
        ),
      ).rejects.toThrow("metrics failed");
      expect(await state()).toEqual({ checkpoints: ["0:3", "1:4"], owners: ["B"] });
      await storage!.close();
    });
  });
}
