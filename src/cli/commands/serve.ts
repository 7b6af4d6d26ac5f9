// `vigil serve`: the long-running process that owns the store and serves the ingest and management APIs.
import type { Command } from "commander";
import { startServer } from "../../api/server.js";
import { ConfigError, loadServerConfig, type ServerConfig } from "../../config/server-config.js";
import { write } from "../output.js";
import type { CliIo } from "./map.js";

interface ServeOptions {
  port?: string;
  host?: string;
  store?: string;
  dataDir?: string;
  config?: string;
  logLevel?: string;
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command("serve")
    .description(
      "Run the Vigil server: OpenPipeline-compatible security events ingest, raw Defender ingest, tokens, dead letters, metrics.",
    )
    .option("--port <n>", "port to listen on (default 4000; VIGIL_PORT)")
    .option("--host <host>", "address to listen on (default 127.0.0.1; VIGIL_HOST)")
    .option(
      "--store <path|url>",
      "DuckDB file or postgres:// URL (VIGIL_STORE; default <data dir>/vigil.duckdb)",
    )
    .option("--data-dir <dir>", "data directory (VIGIL_DATA_DIR; default ./data)")
    .option("--config <file>", "JSON configuration file (flags and environment override it)")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
    .addHelpText(
      "after",
      "\nOn start the server writes <data dir>/server.json and a local admin token to <data dir>/admin-token (mode 0600),\nwhich other vigil commands on this machine use to reach it. SIGTERM or Ctrl-C stops accepting, stores what was accepted, and exits.",
    )
    .action(async (options: ServeOptions) => {
      let config: ServerConfig;
      try {
        config = loadServerConfig(
          {
            port: options.port,
            host: options.host,
            store: options.store,
            dataDir: options.dataDir,
            logLevel: options.logLevel,
          },
          process.env,
          options.config,
        );
      } catch (error) {
        if (error instanceof ConfigError) {
          await write(io.stderr, `vigil serve: ${error.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw error;
      }
      const server = await startServer(config, io.clock);
      await write(
        io.stderr,
        `Vigil is listening on ${server.url} (store: ${server.context.storage.location}).\n`,
      );
      await new Promise<never>(() => {
        const shutdown = (signal: string) => {
          server.app.log.info({ signal }, "Shutting down: draining accepted events.");
          void server.stop().then(
            () => {
              server.app.log.info("Stopped: every accepted event is stored.");
              // Idle keep-alive sockets would hold the process for up to their timeout: leave now.
              process.exit(process.exitCode ?? 0);
            },
            (error) => {
              server.app.log.error({ err: error }, "Shutdown failed.");
              process.exit(1);
            },
          );
        };
        process.once("SIGTERM", () => shutdown("SIGTERM"));
        process.once("SIGINT", () => shutdown("SIGINT"));
      });
    });
}
