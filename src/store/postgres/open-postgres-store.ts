// Opens the PostgreSQL event store: the pool, then any pending migrations (one instance at a time).
import { migrateOrClose } from "../run-migrations.js";
import { SqlEventStore, type SqlEventStoreOptions } from "../sql-event-store.js";
import { PostgresBackend } from "./postgres-backend.js";

export async function openPostgresStore(
  url: string,
  options: SqlEventStoreOptions & { migrateTo?: number } = {},
): Promise<SqlEventStore> {
  return new SqlEventStore(
    await migrateOrClose(await PostgresBackend.open(url), options.migrateTo),
    options,
  );
}
