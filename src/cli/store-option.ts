// The `--store` option every store-using verb shares, and opening/closing the store around a command.
import type { Command } from "commander";
import { resolveStoreLocation } from "../store/open-store.js";
import { openStorage, type Storage } from "../store/storage.js";
import { StoreError } from "../store/store-error.js";
import type { CliIo } from "./commands/map.js";
import { write } from "./output.js";

export interface StoreOptions {
  store?: string;
}

export function addStoreOption(command: Command): Command {
  return command.option(
    "--store <path|url>",
    "DuckDB file or postgres:// URL (default: $VIGIL_STORE, else $VIGIL_DATA_DIR/vigil.duckdb, VIGIL_DATA_DIR defaulting to ./data)",
  );
}

/** Opens the store, runs `work`, closes the store; store errors become a message and exit code 1. */
export async function withStore(
  options: StoreOptions,
  io: CliIo,
  work: (storage: Storage) => Promise<number>,
): Promise<number> {
  let storage: Storage;
  try {
    storage = await openStorage(resolveStoreLocation(options.store));
  } catch (error) {
    await write(io.stderr, `vigil: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    return await work(storage);
  } catch (error) {
    if (error instanceof StoreError) {
      await write(io.stderr, `vigil: ${error.message} (${error.code})\n`);
      return 1;
    }
    throw error;
  } finally {
    await storage.close();
  }
}
