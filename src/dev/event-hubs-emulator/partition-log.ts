// One partition's event log: sequence numbers, byte offsets, lookups by position, optional append-only file.
import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import {
  decodeRecords,
  encodeRecord,
  type RecordFields,
  recordLength,
  type StoredEvent,
} from "./log-record.js";

/** An event to append, before the partition numbers it. */
export interface NewEvent {
  readonly partitionKey: string | undefined;
  readonly payload: Buffer;
}

/** The events of one partition, in order; kept in memory, and appended to a file when one is given. */
export class PartitionLog {
  readonly hub: string;
  readonly partitionId: string;
  private readonly events: StoredEvent[] = [];
  private readonly listeners = new Set<() => void>();
  private nextOffset = 0;
  private fd: number | undefined;

  /** Opens a partition; with `file`, loads its records (dropping a torn tail) and appends to it. */
  constructor(hub: string, partitionId: string, file?: string) {
    this.hub = hub;
    this.partitionId = partitionId;
    if (file === undefined) return;
    this.fd = openSync(file, "a+");
    const { records, validBytes } = decodeRecords(readFileSync(file));
    for (const record of records) this.push(record, recordLength(record));
    if (validBytes !== this.nextOffset) throw new Error(`partition file ${file} is inconsistent`);
    ftruncateSync(this.fd, validBytes);
  }

  /** Number of events ever appended. */
  get count(): number {
    return this.events.length;
  }

  /** The last event, if any. */
  get last(): StoredEvent | undefined {
    return this.events.at(-1);
  }

  /** The event with this sequence number, if it exists. */
  at(sequenceNumber: number): StoredEvent | undefined {
    return this.events[sequenceNumber];
  }

  /**
   * Appends events as one unit (one file write), stamping them with `nowMs` (never earlier than the
   * previous event), then tells every listener.
   */
  append(batch: readonly NewEvent[], nowMs: number): StoredEvent[] {
    const enqueuedTimeMs = Math.max(nowMs, this.last?.enqueuedTimeMs ?? 0);
    const encoded = batch.map((event) => encodeRecord({ ...event, enqueuedTimeMs }));
    if (this.fd !== undefined) writeSync(this.fd, Buffer.concat(encoded));
    const appended = batch.map((event, i) =>
      this.push({ ...event, enqueuedTimeMs }, encoded[i]?.length ?? 0),
    );
    for (const listener of [...this.listeners]) listener();
    return appended;
  }

  /** Sequence number of the first event whose offset is greater than (or equal to) `offset`. */
  firstAfterOffset(offset: number, inclusive: boolean): number {
    return this.firstIndex((event) => (inclusive ? event.offset >= offset : event.offset > offset));
  }

  /** Sequence number of the first event enqueued after `timeMs`. */
  firstAfterTime(timeMs: number): number {
    return this.firstIndex((event) => event.enqueuedTimeMs > timeMs);
  }

  /** Calls `listener` after every append; returns the function that stops it. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Flushes and closes the file; the log stays readable in memory. */
  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private push(fields: RecordFields, length: number): StoredEvent {
    const event: StoredEvent = {
      ...fields,
      sequenceNumber: this.events.length,
      offset: this.nextOffset,
    };
    this.events.push(event);
    this.nextOffset += length;
    return event;
  }

  // Binary search over a predicate that is false, then true, along the log.
  private firstIndex(matches: (event: StoredEvent) => boolean): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const event = this.events[middle];
      if (event !== undefined && matches(event)) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
