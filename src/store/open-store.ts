// Chooses and opens the store from `--store` / VIGIL_STORE: a postgres:// URL, or a DuckDB file path.
import { join } from "node:path";
import { openDuckDbStore } from "./duckdb/open-duckdb-store.js";
import type { EventStore } from "./event-store.js";
import { openPostgresStore } from "./postgres/open-postgres-store.js";

export interface StoreLocation {
  readonly kind: "duckdb" | "postgres";
  readonly target: string;
}

/** Resolves the store location: explicit value, else VIGIL_STORE, else `<VIGIL_DATA_DIR or ./data>/vigil.duckdb`. */
export function resolveStoreLocation(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): StoreLocation {
  const value = explicit ?? env.VIGIL_STORE;
  if (value !== undefined && value !== "") {
    return /^postgres(ql)?:\/\//i.test(value)
      ? { kind: "postgres", target: value }
      : { kind: "duckdb", target: value };
  }
  return { kind: "duckdb", target: join(env.VIGIL_DATA_DIR ?? "data", "vigil.duckdb") };
}

export function openStore(location: StoreLocation): Promise<EventStore> {
  return location.kind === "postgres"
    ? openPostgresStore(location.target)
    : openDuckDbStore(location.target);
}
