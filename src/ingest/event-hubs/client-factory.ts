// Builds the SDK's consumer client for a connection: SAS connection string, service principal, or managed identity.
import { type CheckpointStore, EventHubConsumerClient } from "@azure/event-hubs";
import { ClientSecretCredential, DefaultAzureCredential } from "@azure/identity";
import type { ConnectionAuth } from "./connection.js";

export interface ClientTarget {
  readonly namespace: string;
  readonly eventHub: string;
  readonly consumerGroup: string;
  readonly auth: ConnectionAuth;
}

/** A consumer client; with a checkpoint store for consuming, without one for a connection test. */
export function createConsumerClient(
  target: ClientTarget,
  checkpointStore?: CheckpointStore,
  loadBalancing?: { updateIntervalInMs: number; partitionOwnershipExpirationIntervalInMs: number },
): EventHubConsumerClient {
  const options = {
    retryOptions: {
      maxRetries: 3,
      retryDelayInMs: 500,
      maxRetryDelayInMs: 10_000,
      timeoutInMs: 30_000,
    },
    ...(loadBalancing === undefined
      ? {}
      : { loadBalancingOptions: { strategy: "greedy" as const, ...loadBalancing } }),
  };
  const auth = target.auth;
  if (auth.kind === "connection_string") {
    return checkpointStore === undefined
      ? new EventHubConsumerClient(
          target.consumerGroup,
          auth.connectionString,
          target.eventHub,
          options,
        )
      : new EventHubConsumerClient(
          target.consumerGroup,
          auth.connectionString,
          target.eventHub,
          checkpointStore,
          options,
        );
  }
  const credential =
    auth.kind === "service_principal"
      ? new ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret)
      : new DefaultAzureCredential(
          auth.clientId === undefined ? {} : { managedIdentityClientId: auth.clientId },
        );
  return checkpointStore === undefined
    ? new EventHubConsumerClient(
        target.consumerGroup,
        target.namespace,
        target.eventHub,
        credential,
        options,
      )
    : new EventHubConsumerClient(
        target.consumerGroup,
        target.namespace,
        target.eventHub,
        credential,
        checkpointStore,
        options,
      );
}

/** Reaches the hub and lists its partitions, or says clearly why it cannot (within `timeoutMs`). */
export async function testConnection(
  target: ClientTarget,
  timeoutMs = 20_000,
): Promise<{ partitionIds: string[] }> {
  const client = createConsumerClient(target);
  const abortSignal = AbortSignal.timeout(timeoutMs);
  try {
    return { partitionIds: await client.getPartitionIds({ abortSignal }) };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (abortSignal.aborted)
      throw new Error(
        `no answer from ${target.namespace} within ${timeoutMs / 1000} s: check the namespace and network`,
      );
    throw new Error(`cannot reach event hub ${target.eventHub} on ${target.namespace}: ${message}`);
  } finally {
    await client.close().catch(() => undefined);
  }
}
