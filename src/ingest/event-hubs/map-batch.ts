// Maps one batch of Event Hubs messages (pure): events to store, rejected records with their message identity.
import type { MappingContext } from "../../mapping/defender/mapping-context.js";
import type { SecurityEvent } from "../../model/security-event.js";
import type { RejectedInput } from "../dead-letter.js";
import { mapItem } from "../map-item.js";
import { type InputItem, readRecordsFromText } from "../read-records.js";
import { unwrapDocument } from "../unwrap-document.js";

/** The parts of a received Event Hubs message the mapping needs (structurally `ReceivedEventData`). */
export interface ReceivedMessage {
  readonly body: unknown;
  readonly sequenceNumber: number;
  readonly offset: string | number;
  readonly enqueuedTimeUtc: Date;
}

export interface BatchContext {
  readonly connectionId: string;
  readonly connectionName: string;
  readonly namespace: string;
  readonly eventHub: string;
  readonly partitionId: string;
  readonly bucket: string;
  readonly observedAt: string;
}

export interface MappedBatch {
  readonly events: SecurityEvent[];
  readonly rejected: RejectedInput[];
  readonly records: number;
  readonly notMapped: number;
  readonly findings: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The records of one message body: parsed JSON (what the SDK gives for JSON bodies), text, or bytes. */
export function messageItems(body: unknown, source: string): InputItem[] {
  if (typeof body === "string") return readRecordsFromText(body, source);
  if (body instanceof Uint8Array) {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return [
        {
          kind: "malformed",
          rawText: Buffer.from(body).toString("base64"),
          message: "the message body is not UTF-8 text (kept base64-encoded)",
          position: { source },
        },
      ];
    }
    return readRecordsFromText(text, source);
  }
  if (body !== null && typeof body === "object") {
    return unwrapDocument(body).map(({ record, index, whole }) => ({
      kind: "record" as const,
      record,
      rawText: JSON.stringify(whole ? body : record),
      position: index === undefined ? { source } : { source, index },
    }));
  }
  return [
    {
      kind: "malformed",
      rawText: String(body),
      message: `the message body is ${body === null ? "null" : typeof body}, not a Defender record`,
      position: { source },
    },
  ];
}

export function mapEventHubsBatch(
  messages: readonly ReceivedMessage[],
  context: BatchContext,
): MappedBatch {
  const events: SecurityEvent[] = [];
  const rejected: RejectedInput[] = [];
  let records = 0;
  let notMapped = 0;
  let findings = 0;
  const source = `eventhubs:${context.connectionName}`;
  for (const message of messages) {
    const mapping: MappingContext = {
      observedAt: context.observedAt,
      bucket: context.bucket,
      source: "eventhubs",
      connectionId: context.connectionId,
      delivery: {
        namespace: context.namespace,
        eventHub: context.eventHub,
        partitionId: context.partitionId,
        sequenceNumber: message.sequenceNumber,
        enqueuedTime: message.enqueuedTimeUtc.toISOString(),
      },
    };
    for (const item of messageItems(message.body, source)) {
      records += 1;
      const result = mapItem(item, mapping);
      if (result.status === "mapped") {
        for (const event of result.events) {
          events.push(event);
          if (event["event.type"] === "VULNERABILITY_FINDING") findings += 1;
        }
      } else if (result.status === "not_mapped") {
        notMapped += 1;
      } else {
        rejected.push({
          source,
          kind: "defender",
          position: {
            partition: context.partitionId,
            offset: String(message.offset),
            sequenceNumber: message.sequenceNumber,
            ...(item.position.index === undefined ? {} : { index: item.position.index }),
            ...(item.position.line === undefined ? {} : { line: item.position.line }),
          },
          reason: result.reason,
          message: result.message,
          raw: result.rawText,
          context: { bucket: context.bucket, connectionId: context.connectionId },
          ...(result.field === undefined ? {} : { field: result.field }),
        });
      }
    }
  }
  return { events, rejected, records, notMapped, findings };
}
