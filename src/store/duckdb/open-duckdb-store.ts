// Opens the DuckDB event store: the file, then any pending migrations.
import { migrateOrClose } from "../run-migrations.js";
import { SqlEventStore, type SqlEventStoreOptions } from "../sql-event-store.js";
import { DuckDbBackend } from "./duckdb-backend.js";

export async function openDuckDbStore(
  path: string,
  options: SqlEventStoreOptions & { migrateTo?: number } = {},
): Promise<SqlEventStore> {
  return new SqlEventStore(
    await migrateOrClose(await DuckDbBackend.open(path), options.migrateTo),
    options,
  );
}
