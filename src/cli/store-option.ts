// The `--store` option every store-using verb shares, opening/closing the store around a command, and choosing between the running server and the store.
import type { Command } from "commander";
import { resolveStoreLocation } from "../store/open-store.js";
import { openStorage, type Storage } from "../store/storage.js";
import { StoreError } from "../store/store-error.js";
import type { CliIo } from "./commands/map.js";
import { write } from "./output.js";
import { findServer, ServerError, type ServerFlags, type ServerTarget } from "./server-client.js";

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

/**
 * Runs a store verb through the running server when `findServer` finds one (it owns the store),
 * otherwise on the store opened here. A store refusal reads the same either way:
 * `vigil: <message> (<code>)` and exit code 1.
 */
export async function withServerOrStore(
  options: StoreOptions & ServerFlags,
  io: CliIo,
  through: (server: ServerTarget) => Promise<void>,
  direct: (storage: Storage) => Promise<void>,
): Promise<void> {
  const server = findServer(options);
  if (server === undefined) {
    process.exitCode = await withStore(options, io, async (storage) => {
      await direct(storage);
      return 0;
    });
    return;
  }
  try {
    await through(server);
  } catch (error) {
    if (error instanceof ServerError && error.storeCode !== undefined) {
      await write(io.stderr, `vigil: ${error.serverMessage} (${error.storeCode})\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

/** `--url`/`--token` for verbs that go through a running server when there is one. */
export function addServerOptions(command: Command, scopes: string): Command {
  return command
    .option(
      "--url <url>",
      "a running server to go through (VIGIL_URL; found automatically in the data directory)",
    )
    .option("--token <token>", `token for --url with ${scopes} (VIGIL_TOKEN)`);
}
