import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { createDatabase } from "../../../test/helpers/postgres-server.js";
import { runEventStoreContract } from "../event-store.contract.js";
import type { EventStore } from "../event-store.js";
import { openPostgresStore } from "./open-postgres-store.js";

const urls = new WeakMap<EventStore, string>();

async function open(url: string): Promise<EventStore> {
  const store = await openPostgresStore(url);
  urls.set(store, url);
  return store;
}

runEventStoreContract("PostgreSQL", {
  fresh: async () =>
    open(await createDatabase(inject("postgresUrl"), `vigil_${randomUUID().replaceAll("-", "")}`)),
  reopen: async (store) => {
    const url = urls.get(store)!;
    await store.close();
    return open(url);
  },
});
