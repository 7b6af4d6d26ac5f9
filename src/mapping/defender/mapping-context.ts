// What the caller tells the mapper about a record's delivery: the only inputs besides the record itself.

/** Identity of an Event Hubs message, part of event.id so a redelivery collapses and a resend does not. */
export interface EventHubsDelivery {
  readonly namespace: string;
  readonly eventHub: string;
  readonly partitionId: string;
  readonly sequenceNumber: number | string;
  readonly enqueuedTime?: string;
}

export interface MappingContext {
  /** Ingest time (from an injected clock): the events' `timestamp`. ISO-8601 UTC. */
  readonly observedAt: string;
  /** Target bucket (`dt.system.bucket`). */
  readonly bucket: string;
  /** `dt.openpipeline.source`: the HTTP path, `eventhubs` or `file`. */
  readonly source: string;
  readonly connectionId?: string;
  readonly delivery?: EventHubsDelivery;
}

export const DEFAULT_BUCKET = "default_securityevents";
