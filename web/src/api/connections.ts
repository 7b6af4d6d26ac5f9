// Event Hubs connections API (GET/POST /api/v1/connections, pause/resume/test/delete, metrics).
import { ApiFailure, api } from "./client";

/** What the connection is set to (`state`) and how it is doing (`status`: running with an error is failed). */
export type ConnectionState = "running" | "paused";
export type ConnectionStatus = "running" | "paused" | "failed";

export interface Partition {
  readonly partitionId: string;
  readonly owner?: string;
  readonly lastCheckpointedSequenceNumber?: number;
  readonly lastEnqueuedSequenceNumber?: number;
  readonly lag?: number;
  readonly lastEventTime?: string;
}

export interface Connection {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly eventHub: string;
  readonly consumerGroup: string;
  readonly authKind: "connection_string" | "service_principal" | "managed_identity";
  readonly startPosition: string;
  readonly bucket: string;
  readonly state: ConnectionState;
  readonly status: ConnectionStatus;
  readonly lastError?: string;
  readonly partitions: readonly Partition[];
  readonly eventsLast24h: number;
  readonly recordsRejected: number;
  readonly lastEventTime?: string;
}

export interface MetricPoint {
  readonly time: string;
  readonly events: number;
  readonly received: number;
  readonly findings: number;
  readonly rejected: number;
}

export interface MetricSeries {
  readonly connectionId: string;
  readonly name: string;
  readonly points: readonly MetricPoint[];
}

export type Credentials =
  | { readonly connectionString: string }
  | {
      readonly namespace: string;
      readonly tenantId: string;
      readonly clientId: string;
      readonly clientSecret: string;
    }
  | { readonly namespace: string; readonly managedIdentity: true; readonly clientId?: string };

export type NewConnection = Credentials & {
  readonly name: string;
  readonly eventHub: string;
  readonly consumerGroup?: string;
  readonly startPosition?: "earliest" | "latest";
  readonly bucket?: string;
};

/** The connections, or `undefined` when this server has no connections API yet (404). */
export async function listConnections(): Promise<Connection[] | undefined> {
  try {
    return (await api<{ connections: Connection[] }>("GET", "/api/v1/connections")).connections;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 404) return undefined;
    throw error;
  }
}

export async function connectionMetrics(from: string, to: string): Promise<MetricSeries[]> {
  try {
    const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    return (await api<{ series: MetricSeries[] }>("GET", `/api/v1/connections/metrics?${query}`))
      .series;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 404) return [];
    throw error;
  }
}

export const createConnection = (body: NewConnection) =>
  api<Connection>("POST", "/api/v1/connections", body);
export const testConnection = (body: NewConnection) =>
  api<{ ok: true; partitionIds: string[] }>("POST", "/api/v1/connections/test", body);
export const connectionAction = (id: string, action: "pause" | "resume" | "test") =>
  api<unknown>("POST", `/api/v1/connections/${encodeURIComponent(id)}/${action}`, {});
/** Deletes the connection; the answer lists the Azure CLI commands that clean up what it read from. */
export const deleteConnection = (id: string) =>
  api<{ deleted: { id: string; name: string }; azureCleanup: string[] }>(
    "DELETE",
    `/api/v1/connections/${encodeURIComponent(id)}`,
  );
