// The whole store a process opens: events, tokens, dead letters and documents on one backend, closed together.
import type { DocumentStore } from "./document-store.js";
import { DuckDbBackend } from "./duckdb/duckdb-backend.js";
import type { EventStore } from "./event-store.js";
import type { MetadataStore } from "./metadata-store.js";
import type { StoreLocation } from "./open-store.js";
import { PostgresBackend } from "./postgres/postgres-backend.js";
import { migrateOrClose } from "./run-migrations.js";
import type { SqlBackend } from "./sql-backend.js";
import { SqlCheckpointStore } from "./sql-checkpoint-store.js";
import { SqlDocumentStore } from "./sql-document-store.js";
import { SqlEventStore, type SqlEventStoreOptions } from "./sql-event-store.js";
import { SqlMetadataStore } from "./sql-metadata-store.js";

export interface Storage {
  readonly events: EventStore;
  readonly metadata: MetadataStore;
  readonly checkpoints: SqlCheckpointStore;
  /** The team's notebooks and dashboards. */
  readonly documents: DocumentStore;
  /** The backend, for stores of later features that live in the same database. */
  readonly backend: SqlBackend;
  readonly location: string;
  close(): Promise<void>;
}

/** Opens the backend at `location`, runs pending migrations, and returns the stores over it. */
export async function openStorage(
  location: StoreLocation,
  options: SqlEventStoreOptions = {},
): Promise<Storage> {
  const backend: SqlBackend =
    location.kind === "postgres"
      ? await PostgresBackend.open(location.target)
      : await DuckDbBackend.open(location.target);
  await migrateOrClose(backend);
  const events = new SqlEventStore(backend, options);
  return {
    events,
    metadata: new SqlMetadataStore(backend),
    checkpoints: new SqlCheckpointStore(backend),
    documents: new SqlDocumentStore(backend),
    backend,
    location: backend.location,
    close: () => backend.close(),
  };
}
