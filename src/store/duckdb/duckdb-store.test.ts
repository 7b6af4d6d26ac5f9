import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEventStoreContract } from "../event-store.contract.js";
import type { EventStore } from "../event-store.js";
import { openDuckDbStore } from "./open-duckdb-store.js";

runEventStoreContract("DuckDB", {
  fresh: () => openDuckDbStore(join(mkdtempSync(join(tmpdir(), "vigil-duck-")), "vigil.duckdb")),
  reopen: async (store: EventStore) => {
    await store.close();
    return openDuckDbStore(store.location);
  },
});
