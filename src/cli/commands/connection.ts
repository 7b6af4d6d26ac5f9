// `vigil connection add|list|show|pause|resume|test|delete`: Event Hubs connections, through the running server.
import type { Command } from "commander";
import type { ConnectionView } from "../../ingest/event-hubs/connection-manager.js";
import { write } from "../output.js";
import { callServer, findServer, type ServerFlags, type ServerTarget } from "../server-client.js";
import type { CliIo } from "./map.js";

interface AddOptions extends ServerFlags {
  name: string;
  connectionString?: string;
  namespace?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  managedIdentity?: boolean;
  eventHub?: string;
  consumerGroup?: string;
  start?: string;
  bucket?: string;
  test: boolean;
}

function serverOf(options: ServerFlags): ServerTarget {
  const server = findServer(options);
  if (server === undefined)
    throw new Error(
      "no running Vigil server found: start `vigil serve` (connections run inside it), or pass --url and --token",
    );
  return server;
}

function withTarget(command: Command): Command {
  return command
    .option("--url <url>", "the server (VIGIL_URL; found automatically in the data directory)")
    .option("--token <token>", "token with settings:read / settings:write (VIGIL_TOKEN)");
}

function describe(view: ConnectionView): string {
  const partitions = view.partitions
    .map(
      (p) =>
        `    partition ${p.partitionId}: owner ${p.owner ?? "-"}, checkpointed ${p.lastCheckpointedSequenceNumber ?? "-"}, enqueued ${p.lastEnqueuedSequenceNumber ?? "-"}, lag ${p.lag ?? "-"}, last event ${p.lastEventTime ?? "-"}`,
    )
    .join("\n");
  return `${view.name} (${view.id})\n  ${view.namespace} / ${view.eventHub} / ${view.consumerGroup}  auth ${view.authKind}  bucket ${view.bucket}  start ${view.startPosition}\n  status ${view.status}${view.lastError ? `: ${view.lastError}` : ""}; events last 24 h ${view.eventsLast24h}; rejected ${view.recordsRejected}; last event ${view.lastEventTime ?? "-"}\n${partitions}${partitions === "" ? "" : "\n"}`;
}

export function registerConnection(program: Command, io: CliIo): void {
  const connection = program
    .command("connection")
    .description(
      "Azure Event Hubs connections that stream Defender for Cloud's continuous export into Vigil.",
    );
  withTarget(
    connection
      .command("add")
      .description(
        "Create a connection (tested first: Vigil reaches the hub and lists its partitions).",
      )
      .requiredOption("--name <name>", "a name for the connection")
      .option(
        "--connection-string <cs>",
        "SAS connection string (Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=hub])",
      )
      .option("--namespace <ns>", "fully qualified namespace, for Microsoft Entra ID auth")
      .option("--tenant-id <id>", "service principal tenant")
      .option("--client-id <id>", "service principal (or user-assigned managed identity) client id")
      .option(
        "--client-secret <secret>",
        "service principal secret (VIGIL_CLIENT_SECRET is read when omitted)",
      )
      .option("--managed-identity", "use managed identity / DefaultAzureCredential")
      .option("--event-hub <hub>", "event hub name (or EntityPath in the connection string)")
      .option("--consumer-group <group>", "consumer group", "$Default")
      .option(
        "--start <position>",
        "earliest | latest | an ISO-8601 time, for a new connection",
        "latest",
      )
      .option("--bucket <bucket>", "bucket for the events (routing rules still apply)")
      .option("--no-test", "create without testing the connection first"),
  ).action(async (options: AddOptions) => {
    const clientSecret = options.clientSecret ?? process.env.VIGIL_CLIENT_SECRET;
    const body = {
      name: options.name,
      ...(options.connectionString === undefined
        ? {}
        : { connectionString: options.connectionString }),
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
      ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
      ...(clientSecret === undefined ? {} : { clientSecret }),
      ...(options.managedIdentity ? { managedIdentity: true } : {}),
      ...(options.eventHub === undefined ? {} : { eventHub: options.eventHub }),
      consumerGroup: options.consumerGroup,
      startPosition: options.start,
      ...(options.bucket === undefined ? {} : { bucket: options.bucket }),
    };
    const created = await callServer<ConnectionView>(
      serverOf(options),
      "POST",
      `/api/v1/connections?test=${options.test}`,
      body,
    );
    await write(io.stdout, describe(created));
  });
  withTarget(
    connection.command("list").description("List connections with their live status."),
  ).action(async (options: ServerFlags) => {
    const { connections } = await callServer<{ connections: ConnectionView[] }>(
      serverOf(options),
      "GET",
      "/api/v1/connections",
    );
    await write(
      io.stdout,
      connections.length === 0
        ? "no connections yet: vigil connection add --help\n"
        : connections.map(describe).join("\n"),
    );
  });
  for (const [verb, description, method] of [
    ["show", "Show one connection with per-partition owner, checkpoint and lag.", "GET"],
    ["pause", "Stop consuming (checkpoints are kept; resume continues where it stopped).", "POST"],
    ["resume", "Start consuming again.", "POST"],
    ["test", "Reach the hub and list its partitions.", "POST"],
    [
      "delete",
      "Delete the connection: its consumer, secret and checkpoints (stored events stay).",
      "DELETE",
    ],
  ] as const) {
    withTarget(connection.command(verb).description(description).argument("<id-or-name>")).action(
      async (id: string, options: ServerFlags) => {
        const path = `/api/v1/connections/${encodeURIComponent(id)}${verb === "show" || verb === "delete" ? "" : `/${verb}`}`;
        const answer = await callServer<unknown>(serverOf(options), method, path);
        if (verb === "delete") {
          const { deleted, azureCleanup } = answer as {
            deleted: { name: string };
            azureCleanup: string[];
          };
          await write(
            io.stdout,
            `deleted ${deleted.name}; stored events are kept (they age out with their bucket).\nTo remove the Azure side:\n${azureCleanup.map((command) => `  ${command}`).join("\n")}\n`,
          );
        } else if (verb === "test") {
          await write(
            io.stdout,
            `ok: partitions ${(answer as { partitionIds: string[] }).partitionIds.join(", ")}\n`,
          );
        } else {
          await write(io.stdout, describe(answer as ConnectionView));
        }
      },
    );
  }
}
