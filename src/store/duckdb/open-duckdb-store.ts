// Opens the DuckDB event store: the file, then any pending migrations.

import { runMigrations } from "../run-migrations.js";
import { SqlEventStore, type SqlEventStoreOptions } from "../sql-event-store.js";
import { DuckDbBackend } from "./duckdb-backend.js";

export async function openDuckDbStore(
  path: string,
  options: SqlEventStoreOptions & { migrateTo?: number } = {},
): Promise<SqlEventStore> {
  const backend = await DuckDbBackend.open(path);
  try {
    await runMigrations(backend, options.migrateTo);
  } catch (error) {
    await backend.close();
    throw error;
  }
  return new SqlEventStore(backend, options);
}
