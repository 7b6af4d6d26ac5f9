// The document store contract on DuckDB (one process) and PostgreSQL (two instances sharing one database).
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { createDatabase } from "../../test/helpers/postgres-server.js";
import { type OpenDocumentStores, runDocumentStoreContract } from "./document-store.contract.js";
import type { StoreLocation } from "./open-store.js";
import { openStorage } from "./storage.js";

async function open(location: StoreLocation, instances: number): Promise<OpenDocumentStores> {
  const storages = await Promise.all(
    Array.from({ length: instances }, () => openStorage(location)),
  );
  const close = async () => {
    await Promise.all(storages.map((storage) => storage.close()));
  };
  return {
    stores: storages.map((storage) => storage.documents),
    close,
    reopen: async () => {
      await close();
      return open(location, instances);
    },
  };
}

runDocumentStoreContract("DuckDB", {
  fresh: () =>
    open(
      { kind: "duckdb", target: join(mkdtempSync(join(tmpdir(), "vigil-docs-")), "v.duckdb") },
      1,
    ),
});

runDocumentStoreContract("PostgreSQL", {
  fresh: async () =>
    open(
      {
        kind: "postgres",
        target: await createDatabase(
          inject("postgresUrl"),
          `vigil_docs_${randomUUID().replaceAll("-", "")}`,
        ),
      },
      2,
    ),
});
