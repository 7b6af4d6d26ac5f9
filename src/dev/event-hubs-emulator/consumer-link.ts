// One receiver on a partition: delivers stored and new events in order, never beyond the credit it was given.
import type { Sender } from "rhea";
import { deliveryMessage } from "./amqp-codec.js";
import type { PartitionLog } from "./partition-log.js";

/** What a consumer link needs beyond its partition. */
export interface ConsumerLinkOptions {
  /** The owner level (`com.microsoft:epoch`), when the receiver set one. */
  readonly epoch: number | undefined;
  /** Add `last_enqueued_*` delivery annotations (`trackLastEnqueuedEventProperties`). */
  readonly trackLastEnqueued: boolean;
  readonly now: () => number;
}

/** Serves one AMQP receiver attached to `<hub>/ConsumerGroups/<group>/Partitions/<id>`. */
export class ConsumerLink {
  readonly sender: Sender;
  readonly epoch: number | undefined;
  private readonly log: PartitionLog;
  private readonly options: ConsumerLinkOptions;
  private readonly stopListening: () => void;
  private nextSequenceNumber: number;
  private sent = 0;
  private closed = false;

  /** Starts serving from `firstSequenceNumber`; events are sent as credit arrives. */
  constructor(
    sender: Sender,
    log: PartitionLog,
    firstSequenceNumber: number,
    options: ConsumerLinkOptions,
  ) {
    this.sender = sender;
    this.log = log;
    this.epoch = options.epoch;
    this.options = options;
    this.nextSequenceNumber = firstSequenceNumber;
    this.stopListening = log.onAppend(() => this.pump());
  }

  /**
   * Sends as many waiting events as the receiver's credit allows. rhea only counts credit down when a
   * transfer leaves, so transfers queued but not yet written are subtracted here.
   */
  pump(): void {
    if (this.closed || !this.sender.is_open()) return;
    const link = this.sender as Sender & { credit: number; delivery_count: number };
    while (this.nextSequenceNumber < this.log.count && this.sender.sendable()) {
      const queued = this.sent - link.delivery_count;
      if (link.credit - queued <= 0) break;
      const event = this.log.at(this.nextSequenceNumber);
      if (event === undefined) break;
      const lastEnqueued = this.options.trackLastEnqueued
        ? { last: this.log.last, retrievedAtMs: this.options.now() }
        : undefined;
      this.sender.send(deliveryMessage(event, lastEnqueued));
      this.sent += 1;
      this.nextSequenceNumber += 1;
    }
  }

  /** Answers a drain request: send what there is, then give the remaining credit back. */
  drain(): void {
    this.pump();
    if (this.nextSequenceNumber >= this.log.count) this.sender.set_drained(true);
  }

  /** Stops delivering; with `error`, detaches the receiver with it (e.g. a higher epoch took over). */
  close(error?: { condition: string; description: string }): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    if (error !== undefined && this.sender.is_open()) this.sender.close(error);
  }
}
