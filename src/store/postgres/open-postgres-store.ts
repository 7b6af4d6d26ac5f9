// Opens the PostgreSQL event store: the pool, then any pending migrations (one instance at a time).
import { runMigrations } from "../run-migrations.js";
import { SqlEventStore, type SqlEventStoreOptions } from "../sql-event-store.js";
import { PostgresBackend } from "./postgres-backend.js";

export async function openPostgresStore(
  url: string,
  options: SqlEventStoreOptions & { migrateTo?: number } = {},
): Promise<SqlEventStore> {
  const backend = await PostgresBackend.open(url);
  try {
    await runMigrations(backend, options.migrateTo);
  } catch (error) {
    await backend.close();
    throw error;
  }
  return new SqlEventStore(backend, options);
}
