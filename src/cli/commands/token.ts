// `vigil token create|list|revoke`: API tokens with scopes; through the running server when there is one.
import type { Command } from "commander";
import { SCOPES } from "../../auth/scopes.js";
import { createToken } from "../../auth/tokens.js";
import type { TokenRecord } from "../../store/metadata-store.js";
import { write } from "../output.js";
import { callServer, findServer, type ServerFlags } from "../server-client.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

type Options = StoreOptions & ServerFlags;

function addTarget(command: Command): Command {
  return addStoreOption(command)
    .option(
      "--url <url>",
      "a running server to go through (VIGIL_URL; found automatically in the data directory)",
    )
    .option("--token <token>", "token for --url with settings:read/write (VIGIL_TOKEN)");
}

export function registerToken(program: Command, io: CliIo): void {
  const token = program.command("token").description(`API tokens. Scopes: ${SCOPES.join(", ")}.`);
  addTarget(
    token
      .command("create")
      .description(
        "Create a token and print it once (it is stored hashed and cannot be shown again).",
      )
      .requiredOption("--name <name>", "what the token is for")
      .requiredOption(
        "--scope <scope>",
        "a scope (repeatable)",
        (value: string, all: string[]) => [...all, value],
        [] as string[],
      ),
  ).action(async (options: Options & { name: string; scope: string[] }) => {
    const server = findServer(options);
    if (server !== undefined) {
      const created = await callServer<{ token: string; id: string }>(
        server,
        "POST",
        "/api/v1/tokens",
        { name: options.name, scopes: options.scope },
      );
      await write(io.stdout, `${created.token}\n`);
      await write(
        io.stderr,
        `Created token ${created.id} (${options.scope.join(", ")}) through ${server.url}. It is shown only once.\n`,
      );
      return;
    }
    process.exitCode = await withStore(options, io, async ({ metadata }) => {
      const created = await createToken(metadata, options.name, options.scope, io.clock());
      await write(io.stdout, `${created.token}\n`);
      await write(
        io.stderr,
        `Created token ${created.record.id} (${created.record.scopes.join(", ")}). It is shown only once.\n`,
      );
      return 0;
    });
  });
  addTarget(token.command("list").description("List tokens (never their secrets).")).action(
    async (options: Options) => {
      const print = async (tokens: readonly TokenRecord[]) => {
        for (const t of tokens) {
          await write(
            io.stdout,
            `${t.id}  ${t.name.padEnd(24)} ${t.revokedAt === undefined ? "active " : "revoked"}  created ${t.createdAt}  ${t.scopes.join(",")}\n`,
          );
        }
      };
      const server = findServer(options);
      if (server !== undefined)
        return print(
          (await callServer<{ tokens: TokenRecord[] }>(server, "GET", "/api/v1/tokens")).tokens,
        );
      process.exitCode = await withStore(options, io, async ({ metadata }) => {
        await print(await metadata.listTokens());
        return 0;
      });
    },
  );
  addTarget(token.command("revoke").description("Revoke a token by id.").argument("<id>")).action(
    async (id: string, options: Options) => {
      const server = findServer(options);
      if (server !== undefined) {
        await callServer(server, "DELETE", `/api/v1/tokens/${encodeURIComponent(id)}`);
        await write(io.stdout, `revoked ${id}\n`);
        return;
      }
      process.exitCode = await withStore(options, io, async ({ metadata }) => {
        const revoked = await metadata.revokeToken(id, io.clock().toISOString());
        await write(
          revoked ? io.stdout : io.stderr,
          revoked ? `revoked ${id}\n` : `no active token ${id}\n`,
        );
        return revoked ? 0 : 1;
      });
    },
  );
}
