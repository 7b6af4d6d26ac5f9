// The contract every DocumentStore implementation passes (run on DuckDB and PostgreSQL by document-store.test.ts).
import { describe, expect, it } from "vitest";
import type { DocumentStore, NewDocument } from "./document-store.js";

export interface OpenDocumentStores {
  /** One store, or one per instance when several instances share the database. */
  readonly stores: readonly DocumentStore[];
  close(): Promise<void>;
  /** Closes the stores and opens the same database again (a restart). */
  reopen(): Promise<OpenDocumentStores>;
}

export interface DocumentStoreHarness {
  /** Stores on one empty database. */
  fresh(): Promise<OpenDocumentStores>;
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, minute)).toISOString();

const notebook = (id: string, minute = 0, name = `Notebook ${id}`): NewDocument => ({
  id,
  kind: "notebook",
  name,
  content: JSON.stringify({ timeframe: "7d", sections: [{ query: "fetch security.events" }] }),
  owner: "tok1",
  at: at(minute),
});

export function runDocumentStoreContract(name: string, harness: DocumentStoreHarness): void {
  describe(`${name} document store contract`, () => {
    it("creates at version 1, reads back the content, and keeps it over a restart", async () => {
      const first = await harness.fresh();
      const store = first.stores[0]!;
      const created = await store.createDocument(notebook("n1"));
      expect(created).toEqual({
        id: "n1",
        kind: "notebook",
        name: "Notebook n1",
        owner: "tok1",
        createdAt: at(0),
        updatedAt: at(0),
        version: 1,
        content: notebook("n1").content,
      });
      const again = await first.reopen();
      expect(await again.stores[0]!.getDocument("n1")).toEqual(created);
      expect(await again.stores[0]!.getDocument("missing")).toBeUndefined();
      await again.close();
    });

    it("lists by kind, most recently updated first, without content", async () => {
      const { stores, close } = await harness.fresh();
      const store = stores[0]!;
      await store.createDocument(notebook("n1", 1));
      await store.createDocument(notebook("n2", 2));
      await store.createDocument({
        ...notebook("d1", 3, "My dashboard"),
        kind: "dashboard",
        content: JSON.stringify({ tiles: [] }),
      });
      expect((await store.listDocuments("notebook")).map((d) => d.id)).toEqual(["n2", "n1"]);
      const dashboards = await store.listDocuments("dashboard");
      expect(dashboards).toEqual([
        {
          id: "d1",
          kind: "dashboard",
          name: "My dashboard",
          owner: "tok1",
          createdAt: at(3),
          updatedAt: at(3),
          version: 1,
        },
      ]);
      expect((await store.listDocuments()).map((d) => d.id)).toEqual(["d1", "n2", "n1"]);
      const updated = await store.updateDocument("n1", {
        name: "Renamed",
        expectedVersion: 1,
        at: at(9),
      });
      expect(updated.outcome).toBe("updated");
      expect((await store.listDocuments("notebook")).map((d) => d.name)).toEqual([
        "Renamed",
        "Notebook n2",
      ]);
      await close();
    });

    it("updates only at the version read: a stale version is a conflict that changes nothing", async () => {
      const { stores, close } = await harness.fresh();
      const store = stores[0]!;
      await store.createDocument(notebook("n1"));
      const content = JSON.stringify({ timeframe: "24h", sections: [] });
      const result = await store.updateDocument("n1", { content, expectedVersion: 1, at: at(5) });
      expect(result).toEqual({
        outcome: "updated",
        document: {
          id: "n1",
          kind: "notebook",
          name: "Notebook n1",
          owner: "tok1",
          content,
          createdAt: at(0),
          updatedAt: at(5),
          version: 2,
        },
      });
      const stale = await store.updateDocument("n1", {
        name: "Lost",
        expectedVersion: 1,
        at: at(6),
      });
      expect(stale).toEqual({
        outcome: "conflict",
        current: expect.objectContaining({ id: "n1", version: 2, updatedAt: at(5) }),
      });
      expect((await store.getDocument("n1"))?.name).toBe("Notebook n1");
      expect(
        await store.updateDocument("missing", { name: "x", expectedVersion: 1, at: at(7) }),
      ).toEqual({ outcome: "not_found" });
      await close();
    });

    it("lets exactly one of racing writers holding the same version win", async () => {
      const { stores, close } = await harness.fresh();
      await stores[0]!.createDocument(notebook("n1"));
      const writers = Array.from({ length: 6 }, (_, index) => stores[index % stores.length]!);
      const results = await Promise.all(
        writers.map((store, index) =>
          store.updateDocument("n1", {
            content: JSON.stringify({ writer: index }),
            expectedVersion: 1,
            at: at(10 + index),
          }),
        ),
      );
      const winners = results.filter((result) => result.outcome === "updated");
      expect(winners).toHaveLength(1);
      expect(results.filter((result) => result.outcome === "conflict")).toHaveLength(5);
      const stored = await stores[0]!.getDocument("n1");
      expect(stored?.version).toBe(2);
      expect(winners[0]?.outcome === "updated" && winners[0].document.content).toBe(
        stored?.content,
      );
      await close();
    });

    it("deletes once", async () => {
      const { stores, close } = await harness.fresh();
      const store = stores[0]!;
      await store.createDocument(notebook("n1"));
      expect(await store.deleteDocument("n1")).toBe(true);
      expect(await store.deleteDocument("n1")).toBe(false);
      expect(await store.getDocument("n1")).toBeUndefined();
      expect(await store.listDocuments()).toEqual([]);
      await close();
    });

    it("keeps large and non-ASCII content exactly", async () => {
      const { stores, close } = await harness.fresh();
      const content = JSON.stringify({
        title: "Überblick — 脆弱性 🛡️",
        query: "x".repeat(900_000),
        nested: { quote: "\"'\\", newline: "a\nb" },
      });
      await stores[0]!.createDocument({ ...notebook("big"), content, name: "Größe ✓" });
      const stored = await stores[0]!.getDocument("big");
      expect(stored?.content).toBe(content);
      expect(stored?.name).toBe("Größe ✓");
      await close();
    });
  });
}
