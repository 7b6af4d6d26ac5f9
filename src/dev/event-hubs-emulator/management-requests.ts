// Replies to `$cbs` put-token and `$management` READ requests, shaped as the SDK decodes them.
import rhea, { type Message } from "rhea";
import type { PartitionInfo } from "./emulator-options.js";
import type { HubRegistry } from "./hub-registry.js";
import type { PartitionLog } from "./partition-log.js";

const EVENT_HUB_TYPE = "com.microsoft:eventhub";
const PARTITION_TYPE = "com.microsoft:partition";

/** Runtime properties of one partition. */
export function describePartition(log: PartitionLog): PartitionInfo {
  const last = log.last;
  return {
    hub: log.hub,
    partitionId: log.partitionId,
    beginningSequenceNumber: 0,
    lastEnqueuedSequenceNumber: last?.sequenceNumber ?? -1,
    lastEnqueuedOffset: last === undefined ? "-1" : String(last.offset),
    lastEnqueuedOnUtc: new Date(last?.enqueuedTimeMs ?? 0),
    isEmpty: last === undefined,
  };
}

/** The description Azure uses for a missing entity (the SDK turns it into MessagingEntityNotFoundError). */
export function entityNotFound(entity: string): string {
  return `The messaging entity '${entity}' could not be found.`;
}

/**
 * Answers a `$cbs` request: every put-token is accepted (the stand-in does not check tokens), as the
 * emulator Azure ships does.
 */
export function answerCbs(request: Message): Message {
  const operation = request.application_properties?.operation;
  if (operation !== "put-token") return reply(request, 501, `unsupported operation ${operation}`);
  return reply(request, 200, "OK");
}

/**
 * Answers a `$management` READ: `com.microsoft:eventhub` → `{name, created_at, partition_count,
 * partition_ids}`; `com.microsoft:partition` → `{name, partition, begin_sequence_number,
 * last_enqueued_sequence_number, last_enqueued_offset, last_enqueued_time_utc, is_partition_empty}`.
 */
export function answerManagement(request: Message, registry: HubRegistry): Message {
  const properties = request.application_properties ?? {};
  const operation: unknown = properties.operation;
  if (operation !== "READ") return reply(request, 501, `unsupported operation ${operation}`);
  const name = String(properties.name ?? "");
  const hub = registry.find(name);
  if (hub === undefined) return reply(request, 404, entityNotFound(name), "amqp:not-found");
  if (properties.type === EVENT_HUB_TYPE) {
    return reply(request, 200, "OK", undefined, {
      name: hub.name,
      type: EVENT_HUB_TYPE,
      created_at: hub.createdAt,
      partition_count: hub.partitions.length,
      partition_ids: hub.partitions.map((partition) => partition.partitionId),
    });
  }
  if (properties.type === PARTITION_TYPE) {
    const partitionId = String(properties.partition ?? "");
    const log = registry.partition(name, partitionId);
    if (log === undefined) {
      return reply(
        request,
        400,
        `The specified partition is invalid for an EventHub partition sender or receiver. It should be between 0 and ${hub.partitions.length - 1}.`,
        "com.microsoft:argument-out-of-range",
      );
    }
    const info = describePartition(log);
    return reply(request, 200, "OK", undefined, {
      name: hub.name,
      type: PARTITION_TYPE,
      partition: info.partitionId,
      begin_sequence_number: rhea.types.wrap_long(info.beginningSequenceNumber),
      last_enqueued_sequence_number: rhea.types.wrap_long(info.lastEnqueuedSequenceNumber),
      last_enqueued_offset: info.lastEnqueuedOffset,
      last_enqueued_time_utc: info.lastEnqueuedOnUtc,
      is_partition_empty: info.isEmpty,
    });
  }
  return reply(request, 400, `unsupported type ${String(properties.type)}`, "amqp:not-implemented");
}

function reply(
  request: Message,
  status: number,
  description: string,
  condition?: string,
  body?: Record<string, unknown>,
): Message {
  const applicationProperties: Record<string, unknown> = {
    "status-code": status,
    "status-description": description,
  };
  if (condition !== undefined) applicationProperties["error-condition"] = condition;
  const response: Message = {
    correlation_id: request.message_id,
    application_properties: applicationProperties,
    body: body ?? null,
  } as Message;
  if (request.reply_to !== undefined) response.to = request.reply_to;
  return response;
}
