// The connection manager: persistent connections, their running consumers, status, and the create/pause/resume/delete operations.
import { randomUUID } from "node:crypto";
import { KEY_HOW_TO, type SecretBox } from "../../auth/secret-box.js";
import { SqlConnectionStore } from "../../store/sql-connection-store.js";
import type { Storage } from "../../store/storage.js";
import { testConnection } from "./client-factory.js";
import {
  azureCleanupCommands,
  type Connection,
  type ConnectionAuth,
  ConnectionError,
  type ConnectionSpec,
  resolveConnectionSpec,
} from "./connection.js";
import { ConnectionRunner, type RunnerDeps } from "./connection-runner.js";

export interface PartitionView {
  readonly partitionId: string;
  readonly owner?: string;
  readonly lastCheckpointedSequenceNumber?: number;
  readonly lastEnqueuedSequenceNumber?: number;
  readonly lag?: number;
  readonly lastEventTime?: string;
}

export interface ConnectionView extends Connection {
  readonly status: "running" | "paused" | "failed";
  readonly partitions: readonly PartitionView[];
  readonly eventsLast24h: number;
  readonly recordsRejected: number;
  readonly lastEventTime?: string;
}

export interface ManagerOptions {
  readonly instanceId: string;
  readonly defaultBucket: string;
  /** How often the manager re-reads connections, so pauses made by other instances take effect. */
  readonly reconcileIntervalMs: number;
  readonly loadBalancing: RunnerDeps["loadBalancing"];
}

export class ConnectionManager {
  private readonly runners = new Map<string, ConnectionRunner>();
  private readonly store: SqlConnectionStore;
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: Storage,
    private readonly secrets: SecretBox | undefined,
    private readonly clock: () => Date,
    private readonly log: RunnerDeps["log"],
    private readonly options: ManagerOptions,
  ) {
    this.store = new SqlConnectionStore(storage.backend);
  }

  get connections(): SqlConnectionStore {
    return this.store;
  }

  async start(): Promise<void> {
    await this.reconcileInTurn();
    this.timer = setInterval(() => {
      this.reconcileInTurn().catch((error) =>
        this.log("error", "Reconciling connections failed.", { error: (error as Error).message }),
      );
    }, this.options.reconcileIntervalMs);
    this.timer.unref();
  }

  /**
   * Reconciles after the reconciliation in progress, if any: two at once would both find a
   * connection without a consumer and start one each (the first then running on, unstoppable).
   */
  private reconcileInTurn(): Promise<void> {
    const run = this.reconciling.then(() => this.reconcile());
    this.reconciling = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.reconciling;
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    this.runners.clear();
  }

  /** Validates, optionally tests, stores (secret encrypted) and starts a connection. */
  async create(spec: ConnectionSpec, options: { test: boolean }): Promise<ConnectionView> {
    const resolved = resolveConnectionSpec(spec, this.options.defaultBucket);
    const existing = await this.store.list();
    const problems: string[] = [];
    if (existing.some((connection) => connection.name === resolved.name))
      problems.push(`a connection named ${resolved.name} exists already`);
    if (
      existing.some(
        (c) =>
          c.namespace === resolved.namespace &&
          c.eventHub === resolved.eventHub &&
          c.consumerGroup === resolved.consumerGroup,
      )
    ) {
      problems.push(
        `connection to ${resolved.namespace}/${resolved.eventHub} with consumer group ${resolved.consumerGroup} exists already: use another consumer group`,
      );
    }
    const buckets = new Set((await this.storage.events.listBuckets()).map((bucket) => bucket.name));
    if (!buckets.has(resolved.bucket)) problems.push(`bucket ${resolved.bucket} does not exist`);
    const secret = secretOf(resolved.auth);
    if (secret !== undefined && this.secrets === undefined)
      problems.push(
        `this connection has a secret and no key is configured to encrypt it: ${KEY_HOW_TO}`,
      );
    if (problems.length > 0) throw new ConnectionError(problems);
    if (options.test)
      await testConnection(resolved).catch((error) =>
        Promise.reject(new ConnectionError([(error as Error).message])),
      );
    const id = randomUUID();
    await this.store.insert({
      id,
      name: resolved.name,
      namespace: resolved.namespace,
      eventHub: resolved.eventHub,
      consumerGroup: resolved.consumerGroup,
      authKind: resolved.auth.kind,
      ...(secret === undefined ? {} : { sealedSecret: this.secrets!.encrypt(secret) }),
      ...(resolved.auth.kind === "service_principal"
        ? { tenantId: resolved.auth.tenantId, clientId: resolved.auth.clientId }
        : {}),
      ...(resolved.auth.kind === "managed_identity" && resolved.auth.clientId !== undefined
        ? { clientId: resolved.auth.clientId }
        : {}),
      startPosition: resolved.startPosition,
      bucket: resolved.bucket,
      at: this.clock().toISOString(),
    });
    await this.reconcileInTurn();
    return this.view(id);
  }

  async list(): Promise<ConnectionView[]> {
    const [connections, totals] = await Promise.all([this.store.list(), this.totalsOfLastDay()]);
    return Promise.all(connections.map((connection) => this.viewOf(connection, totals)));
  }

  async view(idOrName: string): Promise<ConnectionView> {
    const found = await this.store.getWithSecret(idOrName);
    if (found === undefined) throw new ConnectionNotFound(idOrName);
    return this.viewOf(found.connection, await this.totalsOfLastDay());
  }

  private totalsOfLastDay() {
    return this.store.totals(new Date(this.clock().getTime() - 86_400_000).toISOString());
  }

  /** Live status of one connection: ownership and checkpoints from the store, this process's runner, last-day totals. */
  private async viewOf(
    connection: Connection,
    totals: Awaited<ReturnType<SqlConnectionStore["totals"]>>,
  ): Promise<ConnectionView> {
    const runner = this.runners.get(connection.id);
    const [ownership, checkpoints] = await Promise.all([
      this.storage.checkpoints
        .listOwnership(connection.namespace, connection.eventHub, connection.consumerGroup)
        .catch(() => []),
      this.storage.checkpoints
        .listCheckpoints(connection.namespace, connection.eventHub, connection.consumerGroup)
        .catch(() => []),
    ]);
    const ids = new Set([
      ...ownership.map((o) => o.partitionId),
      ...checkpoints.map((c) => c.partitionId),
      ...(runner?.partitions.keys() ?? []),
    ]);
    const partitions = [...ids]
      .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))
      .map((partitionId): PartitionView => {
        const local = runner?.partitions.get(partitionId);
        const owner = ownership.find((o) => o.partitionId === partitionId)?.ownerId;
        const checkpointed =
          checkpoints.find((c) => c.partitionId === partitionId)?.sequenceNumber ??
          local?.lastCheckpointedSequenceNumber;
        const enqueued = local?.lastEnqueuedSequenceNumber;
        return {
          partitionId,
          ...(owner === undefined ? {} : { owner }),
          ...(checkpointed === undefined ? {} : { lastCheckpointedSequenceNumber: checkpointed }),
          ...(enqueued === undefined ? {} : { lastEnqueuedSequenceNumber: enqueued }),
          ...(enqueued === undefined ? {} : { lag: Math.max(0, enqueued - (checkpointed ?? -1)) }),
          ...(local?.lastEventTime === undefined ? {} : { lastEventTime: local.lastEventTime }),
        };
      });
    const lastEventTime = partitions
      .map((p) => p.lastEventTime)
      .filter((t): t is string => t !== undefined)
      .sort()
      .at(-1);
    const lastError = runner?.lastError ?? connection.lastError;
    const total = totals.get(connection.id);
    // Partitions this process consumed know the exact time; otherwise the metrics know the minute.
    const lastEvent = lastEventTime ?? total?.lastMinute;
    return {
      ...connection,
      ...(lastError === undefined ? {} : { lastError }),
      status:
        connection.state === "paused" ? "paused" : lastError === undefined ? "running" : "failed",
      partitions,
      eventsLast24h: total?.stored ?? 0,
      recordsRejected: total?.rejected ?? 0,
      ...(lastEvent === undefined ? {} : { lastEventTime: lastEvent }),
    };
  }

  async pause(idOrName: string): Promise<ConnectionView> {
    const id = await this.idOf(idOrName);
    await this.store.setState(id, "paused", this.clock().toISOString());
    await this.reconcileInTurn();
    return this.view(id);
  }

  async resume(idOrName: string): Promise<ConnectionView> {
    const id = await this.idOf(idOrName);
    await this.store.setState(id, "running", this.clock().toISOString());
    await this.reconcileInTurn();
    return this.view(id);
  }

  /** Stops the consumer, removes the connection, its secret, checkpoints and metrics; stored events stay. */
  async delete(idOrName: string): Promise<{ deleted: Connection; azureCleanup: string[] }> {
    const found = await this.store.getWithSecret(idOrName);
    if (found === undefined) throw new ConnectionNotFound(idOrName);
    const { connection } = found;
    await this.runners.get(connection.id)?.stop();
    this.runners.delete(connection.id);
    await this.store.delete(connection.id);
    await this.storage.checkpoints.forget(
      connection.namespace,
      connection.eventHub,
      connection.consumerGroup,
    );
    return { deleted: connection, azureCleanup: azureCleanupCommands(connection) };
  }

  async test(idOrName: string): Promise<{ partitionIds: string[] }> {
    const found = await this.store.getWithSecret(idOrName);
    if (found === undefined) throw new ConnectionNotFound(idOrName);
    return testConnection({
      ...found.connection,
      auth: this.authOf(found.connection, found.sealedSecret),
    });
  }

  /** Counts per connection and minute, for the "ingested data" chart. */
  metrics(from: string, to: string) {
    return this.store.metrics(from, to);
  }

  /** Starts consumers of running connections and stops those of paused or deleted ones. */
  private async reconcile(): Promise<void> {
    const connections = await this.store.list();
    const wanted = new Set(connections.filter((c) => c.state === "running").map((c) => c.id));
    for (const [id, runner] of this.runners) {
      if (!wanted.has(id)) {
        this.runners.delete(id);
        await runner.stop();
      }
    }
    for (const connection of connections) {
      if (connection.state !== "running" || this.runners.has(connection.id)) continue;
      const found = await this.store.getWithSecret(connection.id);
      let auth: ConnectionAuth;
      try {
        auth = this.authOf(connection, found?.sealedSecret);
      } catch (error) {
        await this.store.setError(
          connection.id,
          (error as Error).message,
          this.clock().toISOString(),
        );
        continue;
      }
      const runner = new ConnectionRunner(connection, auth, {
        storage: this.storage,
        connections: this.store,
        clock: this.clock,
        log: this.log,
        loadBalancing: this.options.loadBalancing,
      });
      this.runners.set(connection.id, runner);
      runner.start();
      this.log("info", "Started consuming.", {
        connection: connection.name,
        instance: this.options.instanceId,
      });
    }
  }

  private async idOf(idOrName: string): Promise<string> {
    const found = await this.store.getWithSecret(idOrName);
    if (found === undefined) throw new ConnectionNotFound(idOrName);
    return found.connection.id;
  }

  private authOf(connection: Connection, sealedSecret: string | undefined): ConnectionAuth {
    const secret = () => {
      if (sealedSecret === undefined) throw new Error("the connection's secret is missing");
      if (this.secrets === undefined)
        throw new Error(
          `no secret key is configured to decrypt the connection's secret: ${KEY_HOW_TO}`,
        );
      return this.secrets.decrypt(sealedSecret);
    };
    switch (connection.authKind) {
      case "connection_string":
        return { kind: "connection_string", connectionString: secret() };
      case "service_principal":
        return {
          kind: "service_principal",
          tenantId: connection.tenantId ?? "",
          clientId: connection.clientId ?? "",
          clientSecret: secret(),
        };
      case "managed_identity":
        return connection.clientId === undefined
          ? { kind: "managed_identity" }
          : { kind: "managed_identity", clientId: connection.clientId };
    }
  }
}

export class ConnectionNotFound extends Error {
  constructor(idOrName: string) {
    super(`no connection ${JSON.stringify(idOrName)}`);
    this.name = "ConnectionNotFound";
  }
}

function secretOf(auth: ConnectionAuth): string | undefined {
  if (auth.kind === "connection_string") return auth.connectionString;
  if (auth.kind === "service_principal") return auth.clientSecret;
  return undefined;
}
