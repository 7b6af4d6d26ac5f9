// AMQP message bytes in and out: unpacking the SDK's batch envelopes, and annotating events for delivery.
import rhea, { type Message } from "rhea";
import type { StoredEvent } from "./log-record.js";
import type { NewEvent } from "./partition-log.js";

/** Message format of the SDK's batch envelope (Microsoft's "batched message" format). */
export const BATCH_MESSAGE_FORMAT = 0x80013700;

const DATA_SECTION = 0x75;
const PARTITION_KEY = "x-opt-partition-key";

/** A message the stand-in cannot take apart. */
export class MalformedMessageError extends Error {}

/**
 * The events one transfer carries: the SDK sends a batch envelope (`message_format` 0x80013700)
 * whose `data` sections are each an encoded event message; a plain client sends one message
 * (format 0). An event's partition key is its own `x-opt-partition-key`, or the envelope's.
 */
export function eventsFromTransfer(message: Message | Buffer, format: number): NewEvent[] {
  if (format === 0 && !Buffer.isBuffer(message)) {
    return [{ partitionKey: partitionKeyOf(message), payload: rhea.message.encode(message) }];
  }
  if (format !== BATCH_MESSAGE_FORMAT || !Buffer.isBuffer(message)) {
    throw new MalformedMessageError(`unsupported message format 0x${format.toString(16)}`);
  }
  const envelope = decode(message);
  const body = envelope.body as { typecode?: number; content?: unknown; multiple?: boolean };
  if (body?.typecode !== DATA_SECTION) {
    throw new MalformedMessageError("a batch message must carry its events as data sections");
  }
  const sections = body.multiple ? (body.content as unknown[]) : [body.content];
  const envelopeKey = partitionKeyOf(envelope);
  return sections.map((section) => {
    if (!Buffer.isBuffer(section)) throw new MalformedMessageError("empty data section in batch");
    return { partitionKey: partitionKeyOf(decode(section)) ?? envelopeKey, payload: section };
  });
}

/** Runtime metrics a receiver asked for with `trackLastEnqueuedEventProperties`. */
export interface LastEnqueued {
  readonly last: StoredEvent | undefined;
  readonly retrievedAtMs: number;
}

/**
 * The message a receiver gets: the event as sent, with the service's annotations
 * `x-opt-sequence-number` (long), `x-opt-offset` (string), `x-opt-enqueued-time` (timestamp) and,
 * when it has one, `x-opt-partition-key`.
 */
export function deliveryMessage(event: StoredEvent, lastEnqueued?: LastEnqueued): Message {
  const message = decode(event.payload);
  const annotations: Record<string, unknown> = {
    ...(message.message_annotations ?? {}),
    "x-opt-sequence-number": rhea.types.wrap_long(event.sequenceNumber),
    "x-opt-offset": String(event.offset),
    "x-opt-enqueued-time": new Date(event.enqueuedTimeMs),
  };
  if (event.partitionKey !== undefined) annotations[PARTITION_KEY] = event.partitionKey;
  message.message_annotations = annotations;
  if (lastEnqueued !== undefined) {
    const last = lastEnqueued.last;
    message.delivery_annotations = {
      ...(message.delivery_annotations ?? {}),
      last_enqueued_sequence_number: rhea.types.wrap_long(last?.sequenceNumber ?? -1),
      last_enqueued_offset: last === undefined ? "-1" : String(last.offset),
      last_enqueued_time_utc: new Date(last?.enqueuedTimeMs ?? 0),
      runtime_info_retrieval_time_utc: new Date(lastEnqueued.retrievedAtMs),
    };
  }
  return message;
}

function decode(bytes: Buffer): Message {
  try {
    return rhea.message.decode(bytes) as unknown as Message;
  } catch (error) {
    throw new MalformedMessageError(`undecodable AMQP message: ${(error as Error).message}`);
  }
}

function partitionKeyOf(message: Message): string | undefined {
  const key: unknown = message.message_annotations?.[PARTITION_KEY];
  if (key === undefined || key === null) return undefined;
  return String(key);
}
