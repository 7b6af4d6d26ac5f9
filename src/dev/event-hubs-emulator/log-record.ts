// The on-disk record of one event in a partition file: a length-prefixed header, the key and the AMQP bytes.

/** One event as a partition keeps it. */
export interface StoredEvent {
  /** 0, 1, 2… per partition. */
  readonly sequenceNumber: number;
  /** Byte position of the record in the partition's log (also kept when the log is only in memory). */
  readonly offset: number;
  /** Milliseconds since the Unix epoch, non-decreasing within a partition. */
  readonly enqueuedTimeMs: number;
  readonly partitionKey: string | undefined;
  /** The event's AMQP message exactly as the producer encoded it (format 0 bytes). */
  readonly payload: Buffer;
}

/** The fields of a record, before a partition numbers it. */
export interface RecordFields {
  readonly enqueuedTimeMs: number;
  readonly partitionKey: string | undefined;
  readonly payload: Buffer;
}

// u32 total length (header included) | f64 enqueued time in ms | i32 key length, -1 for none
const HEADER_BYTES = 16;

/** Bytes `encodeRecord` produces for these fields. */
export function recordLength(fields: Omit<RecordFields, "enqueuedTimeMs">): number {
  const keyBytes =
    fields.partitionKey === undefined ? 0 : Buffer.byteLength(fields.partitionKey, "utf8");
  return HEADER_BYTES + keyBytes + fields.payload.length;
}

/** Encodes one record; its length is what the next offset advances by. */
export function encodeRecord(fields: RecordFields): Buffer {
  const key =
    fields.partitionKey === undefined ? undefined : Buffer.from(fields.partitionKey, "utf8");
  const total = recordLength(fields);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(total, 0);
  header.writeDoubleBE(fields.enqueuedTimeMs, 4);
  header.writeInt32BE(key === undefined ? -1 : key.length, 12);
  return Buffer.concat(
    key === undefined ? [header, fields.payload] : [header, key, fields.payload],
  );
}

/** The records of a partition file, and where the last complete one ends (a torn tail is left out). */
export function decodeRecords(file: Buffer): { records: RecordFields[]; validBytes: number } {
  const records: RecordFields[] = [];
  let position = 0;
  while (file.length - position >= HEADER_BYTES) {
    const total = file.readUInt32BE(position);
    const keyLength = file.readInt32BE(position + 12);
    const keyBytes = Math.max(keyLength, 0);
    if (total < HEADER_BYTES + keyBytes || position + total > file.length) break;
    const keyStart = position + HEADER_BYTES;
    records.push({
      enqueuedTimeMs: file.readDoubleBE(position + 4),
      partitionKey:
        keyLength < 0 ? undefined : file.toString("utf8", keyStart, keyStart + keyLength),
      payload: Buffer.from(file.subarray(keyStart + keyBytes, position + total)),
    });
    position += total;
  }
  return { records, validBytes: position };
}
