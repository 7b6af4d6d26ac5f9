// Routes every AMQP link of every connection: $cbs and $management requests, producers and partition consumers.
import type { Connection, EventContext, Message, Receiver, Sender } from "rhea";
import { eventsFromTransfer, MalformedMessageError } from "./amqp-codec.js";
import { ConsumerLink } from "./consumer-link.js";
import type { EventHub, HubRegistry } from "./hub-registry.js";
import { type LinkAddress, parseLinkAddress } from "./link-address.js";
import { answerCbs, answerManagement, entityNotFound } from "./management-requests.js";
import { partitionIndexForKey } from "./partition-hash.js";
import type { PartitionLog } from "./partition-log.js";
import { firstSequenceNumber, parseSelector, SELECTOR_FILTER } from "./start-position.js";

const EPOCH_PROPERTY = "com.microsoft:epoch";
const RUNTIME_METRIC_CAPABILITY = "com.microsoft:enable-receiver-runtime-metric-name";

interface AmqpError {
  condition: string;
  description: string;
}

/** Settings the router needs. */
export interface RouterOptions {
  /** `sb://localhost:<port>/`, for error descriptions. */
  readonly endpoint: () => string;
  readonly maxMessageBytes: number;
  readonly now: () => number;
}

/** Holds the state of every open link and answers the rhea container's events. */
export class LinkRouter {
  private readonly registry: HubRegistry;
  private readonly options: RouterOptions;
  /** Reply senders of each connection, by the address the client's response receiver listens on. */
  private readonly replySenders = new Map<Connection, Map<string, Sender>>();
  private readonly consumers = new Map<Sender, ConsumerLink>();
  /** Open consumers per `<hub>/<group>/<partition>`, for owner-level (epoch) arbitration. */
  private readonly consumerGroups = new Map<string, Set<ConsumerLink>>();
  private readonly producers = new Map<Receiver, LinkAddress>();

  constructor(registry: HubRegistry, options: RouterOptions) {
    this.registry = registry;
    this.options = options;
  }

  /** A client attached a receiver: we send on `sender`. */
  senderOpened(context: EventContext): void {
    const sender = context.sender;
    if (sender === undefined) return;
    const address = parseLinkAddress(sender.source?.address);
    sender.set_source({ ...(sender.source ?? {}), address: sender.source?.address });
    if (sender.target !== undefined) sender.set_target(sender.target);
    switch (address.kind) {
      case "cbs":
      case "management": {
        // Responses go to the request's reply_to: the SDK's $management receiver has it as its
        // target address, its $cbs receiver only as its link name.
        let senders = this.replySenders.get(sender.connection);
        if (senders === undefined) {
          senders = new Map();
          this.replySenders.set(sender.connection, senders);
        }
        senders.set(sender.name, sender);
        if (sender.target?.address) senders.set(sender.target.address, sender);
        return;
      }
      case "consumer":
        this.openConsumer(sender, address);
        return;
      default:
        sender.close(this.notFound(address));
    }
  }

  /** A client attached a sender: we receive on `receiver`. */
  receiverOpened(context: EventContext): void {
    const receiver = context.receiver;
    if (receiver === undefined) return;
    if (receiver.target !== undefined) receiver.set_target(receiver.target);
    if (receiver.source !== undefined) receiver.set_source(receiver.source);
    const address = parseLinkAddress(receiver.target?.address);
    if (address.kind === "hub" || address.kind === "partition") {
      const hub = this.registry.find(address.hub);
      const known =
        hub !== undefined &&
        (address.kind === "hub" || this.registry.partition(address.hub, address.partitionId));
      if (!known) {
        receiver.close(this.notFound(address));
        return;
      }
    } else if (address.kind !== "cbs" && address.kind !== "management") {
      receiver.close(this.notFound(address));
      return;
    }
    this.producers.set(receiver, address);
  }

  /** A transfer arrived on one of our receivers. */
  messageReceived(context: EventContext): void {
    const receiver = context.receiver;
    const delivery = context.delivery;
    const message = context.message as Message | Buffer | undefined;
    if (receiver === undefined || delivery === undefined || message === undefined) return;
    const address = this.producers.get(receiver);
    if (address?.kind === "cbs" || address?.kind === "management") {
      delivery.accept();
      const request = message as Message;
      const response =
        address.kind === "cbs" ? answerCbs(request) : answerManagement(request, this.registry);
      const replyTo = request.reply_to === undefined ? undefined : String(request.reply_to);
      const replySender =
        replyTo === undefined
          ? undefined
          : this.replySenders.get(receiver.connection)?.get(replyTo);
      replySender?.send(response);
      return;
    }
    if (address?.kind !== "hub" && address?.kind !== "partition") {
      delivery.reject({ condition: "amqp:not-allowed", description: "not an event hub address" });
      return;
    }
    const format = (delivery as { format?: number }).format ?? 0;
    const size = Buffer.isBuffer(message) ? message.length : undefined;
    if (size !== undefined && size > this.options.maxMessageBytes) {
      delivery.reject({
        condition: "amqp:link:message-size-exceeded",
        description: `The received message (size ${size} bytes) exceeds the limit (${this.options.maxMessageBytes} bytes) currently allowed on the link.`,
      });
      return;
    }
    try {
      const events = eventsFromTransfer(message, format);
      const log = this.targetPartition(address, events[0]?.partitionKey);
      if (log === undefined) {
        delivery.reject(this.notFound(address));
        return;
      }
      if (events.length > 0) log.append(events, this.options.now());
      delivery.accept();
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      delivery.reject({ condition: "amqp:decode-error", description: error.message });
    }
  }

  /** A consumer got credit. */
  sendable(context: EventContext): void {
    if (context.sender !== undefined) this.consumers.get(context.sender)?.pump();
  }

  /** A consumer asked to drain its credit. */
  draining(context: EventContext): void {
    if (context.sender !== undefined) this.consumers.get(context.sender)?.drain();
  }

  /** A link closed (by the client or by us). */
  linkClosed(context: EventContext): void {
    if (context.sender !== undefined) this.forgetSender(context.sender);
    if (context.receiver !== undefined) this.producers.delete(context.receiver);
  }

  /** A connection closed or dropped: forget all its links. */
  connectionGone(connection: Connection): void {
    this.replySenders.delete(connection);
    for (const sender of [...this.consumers.keys()]) {
      if (sender.connection === connection) this.forgetSender(sender);
    }
    for (const receiver of [...this.producers.keys()]) {
      if (receiver.connection === connection) this.producers.delete(receiver);
    }
  }

  private openConsumer(sender: Sender, address: Extract<LinkAddress, { kind: "consumer" }>): void {
    const log = this.registry.partition(address.hub, address.partitionId);
    if (log === undefined) {
      sender.close(this.notFound(address));
      return;
    }
    const selector = readSelector(sender.source?.filter?.[SELECTOR_FILTER]);
    const position = parseSelector(selector);
    if (position === undefined) {
      sender.close({
        condition: "com.microsoft:argument-error",
        description: `unsupported filter expression: ${selector}`,
      });
      return;
    }
    const first = firstSequenceNumber(position, log);
    if (first > log.count) {
      sender.close({
        condition: "com.microsoft:argument-out-of-range",
        description: `The supplied sequence number '${first - 1}' is invalid. The last sequence number in the system is '${log.count - 1}'.`,
      });
      return;
    }
    const epoch = readEpoch(sender.properties?.[EPOCH_PROPERTY]);
    const groupKey = [address.hub, address.consumerGroup, address.partitionId]
      .join("/")
      .toLowerCase();
    const group = this.consumerGroups.get(groupKey) ?? new Set<ConsumerLink>();
    const refusal = arbitrateEpoch(group, epoch, log);
    if (refusal !== undefined) {
      sender.close(refusal);
      return;
    }
    for (const existing of epoch === undefined ? [] : [...group]) {
      group.delete(existing);
      this.consumers.delete(existing.sender);
      existing.close({
        condition: "amqp:link:stolen",
        description: `New receiver with higher epoch of '${epoch}' is created hence current receiver with epoch '${existing.epoch ?? "none"}' is getting disconnected.`,
      });
    }
    const capabilities = ([] as unknown[]).concat(sender.desired_capabilities ?? []);
    const consumer = new ConsumerLink(sender, log, first, {
      epoch,
      trackLastEnqueued: capabilities.includes(RUNTIME_METRIC_CAPABILITY),
      now: this.options.now,
    });
    group.add(consumer);
    this.consumerGroups.set(groupKey, group);
    this.consumers.set(sender, consumer);
  }

  private forgetSender(sender: Sender): void {
    for (const senders of this.replySenders.values()) {
      for (const [replyTo, candidate] of senders) if (candidate === sender) senders.delete(replyTo);
    }
    const consumer = this.consumers.get(sender);
    if (consumer === undefined) return;
    consumer.close();
    this.consumers.delete(sender);
    for (const group of this.consumerGroups.values()) group.delete(consumer);
  }

  private targetPartition(
    address: LinkAddress,
    partitionKey: string | undefined,
  ): PartitionLog | undefined {
    if (address.kind === "partition")
      return this.registry.partition(address.hub, address.partitionId);
    if (address.kind !== "hub") return undefined;
    const hub: EventHub | undefined = this.registry.find(address.hub);
    if (hub === undefined) return undefined;
    if (partitionKey !== undefined) {
      return hub.partitions[partitionIndexForKey(partitionKey, hub.partitions.length)];
    }
    const index = hub.nextPartition % hub.partitions.length;
    hub.nextPartition = index + 1;
    return hub.partitions[index];
  }

  private notFound(address: LinkAddress): AmqpError {
    const path =
      address.kind === "unknown"
        ? address.address
        : address.kind === "hub"
          ? address.hub
          : address.kind === "partition"
            ? `${address.hub}/Partitions/${address.partitionId}`
            : address.kind === "consumer"
              ? `${address.hub}/ConsumerGroups/${address.consumerGroup}/Partitions/${address.partitionId}`
              : `$${address.kind}`;
    return {
      condition: "amqp:not-found",
      description: entityNotFound(`${this.options.endpoint()}${path}`),
    };
  }
}

/**
 * Azure's owner-level rules: a receiver with an epoch replaces receivers with a lower or no epoch;
 * a lower epoch, or no epoch while an epoch receiver is connected, is refused.
 */
function arbitrateEpoch(
  group: ReadonlySet<ConsumerLink>,
  epoch: number | undefined,
  log: PartitionLog,
): AmqpError | undefined {
  const highest = Math.max(-Infinity, ...[...group].map((link) => link.epoch ?? -Infinity));
  const where = `partition '${log.partitionId}' of event hub '${log.hub}'`;
  if (epoch === undefined && highest > -Infinity) {
    return {
      condition: "amqp:link:stolen",
      description: `A receiver with epoch '${highest}' already exists on ${where}; receivers without an epoch cannot be created.`,
    };
  }
  if (epoch !== undefined && epoch < highest) {
    return {
      condition: "amqp:link:stolen",
      description: `Receiver with epoch '${epoch}' cannot be created because a receiver with epoch '${highest}' already exists on ${where}.`,
    };
  }
  return undefined;
}

function readEpoch(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (Buffer.isBuffer(value) && value.length === 8) return Number(value.readBigInt64BE());
  return undefined;
}

// The filter value is a described string; depending on how rhea unwrapped it, the text sits at
// different depths.
function readSelector(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "object" && "value" in value) return readSelector(value.value);
  return String(value);
}
