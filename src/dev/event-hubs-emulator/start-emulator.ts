// Starts the stand-in: a rhea AMQP listener with SASL ANONYMOUS whose links the router serves.
import type { AddressInfo, Server, Socket } from "node:net";
import rhea, { type EventContext } from "rhea";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type EmulatorOptions,
  type PartitionInfo,
  type RunningEmulator,
  validateHubs,
} from "./emulator-options.js";
import { HubRegistry } from "./hub-registry.js";
import { LinkRouter } from "./link-router.js";
import { describePartition } from "./management-requests.js";

/**
 * Starts a local Azure Event Hubs stand-in that the real `@azure/event-hubs` SDK talks to through
 * `connectionString()` (plain AMQP, SASL ANONYMOUS, `$cbs`, `$management`, partition senders and
 * receivers with start-position filters). Resolves once it listens.
 */
export async function startEventHubsEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  validateHubs(options.hubs);
  const host = options.host ?? "127.0.0.1";
  const now = () => Date.now();
  const registry = new HubRegistry(options.hubs, options.dataDir, now());
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;

  const container = rhea.create_container({ id: "vigil-event-hubs-emulator" });
  container.sasl_server_mechanisms.enable_anonymous();
  let port = options.port;
  const router = new LinkRouter(registry, {
    endpoint: () => `sb://localhost:${port}/`,
    maxMessageBytes,
    now,
  });
  container.on("sender_open", (context: EventContext) => router.senderOpened(context));
  container.on("receiver_open", (context: EventContext) => router.receiverOpened(context));
  container.on("message", (context: EventContext) => router.messageReceived(context));
  container.on("sendable", (context: EventContext) => router.sendable(context));
  container.on("sender_draining", (context: EventContext) => router.draining(context));
  for (const event of ["sender_close", "receiver_close"]) {
    container.on(event, (context: EventContext) => router.linkClosed(context));
  }
  for (const event of ["connection_close", "disconnected"]) {
    container.on(event, (context: EventContext) => router.connectionGone(context.connection));
  }
  // Link and connection errors from clients are theirs to handle; without a listener rhea would throw.
  container.on("error", () => undefined);

  const server: Server = container.listen({
    port: options.port,
    host,
    // Links the clients attach: our receivers settle explicitly and advertise the size limit.
    receiver_options: { autoaccept: false, max_message_size: maxMessageBytes, credit_window: 100 },
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    // Without it, Nagle and delayed ACKs add ~40 ms to every request/response round trip.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
  } catch (error) {
    registry.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;

  let stopping: Promise<void> | undefined;
  return {
    port,
    connectionString(hub?: string): string {
      const base = `Endpoint=sb://localhost:${port};SharedAccessKeyName=dev;SharedAccessKey=dev;UseDevelopmentEmulator=true`;
      return hub === undefined ? base : `${base};EntityPath=${hub}`;
    },
    partitionInfo(hub: string, partitionId: string): PartitionInfo {
      const log = registry.partition(hub, partitionId);
      if (log === undefined) throw new Error(`no partition ${partitionId} in event hub ${hub}`);
      return describePartition(log);
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Like a stopped service: the sockets just go away. (A close frame with
        // amqp:connection:forced makes rhea reopen at once and fail while nothing listens.)
        for (const socket of sockets) socket.destroy();
        await closed;
        registry.close();
      })();
      return stopping;
    },
  };
}
