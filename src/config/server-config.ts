// Server configuration: defaults < optional JSON file < environment < flags, validated up front with every problem reported.
import { readFileSync } from "node:fs";
import { z } from "zod";

export const ServerConfigSchema = z
  .object({
    host: z.string().min(1).default("127.0.0.1"),
    port: z.coerce.number().int().min(0).max(65_535).default(4000),
    store: z.string().min(1).optional().describe("DuckDB file or postgres:// URL"),
    dataDir: z.string().min(1).default("data"),
    logLevel: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    maxBodyBytes: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    maxRecordsPerRequest: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
    maxQueuedEvents: z.coerce.number().int().min(100).default(200_000),
    maxBatchEvents: z.coerce.number().int().min(1).default(20_000),
    maintenanceIntervalMinutes: z.coerce.number().min(0).default(60),
    snapshotQuietHours: z.coerce.number().positive().default(6),
    eventHubsUpdateIntervalMs: z.coerce.number().int().min(100).default(10_000),
    eventHubsOwnershipExpirationMs: z.coerce.number().int().min(1000).default(60_000),
    connectionReconcileIntervalMs: z.coerce.number().int().min(100).default(5_000),
    queryTimeoutSeconds: z.coerce.number().positive().max(3600).default(120),
    queryResultTtlSeconds: z.coerce.number().int().positive().default(300),
    customEndpoints: z
      .record(
        z
          .string()
          .regex(
            /^[a-z0-9][a-z0-9_.-]{0,99}$/,
            "endpoint names are 1-100 characters of a-z 0-9 _ . -",
          ),
        z.string().min(3),
      )
      .default({}),
  })
  .strict();

export type ServerConfig = z.infer<typeof ServerConfigSchema>;

const ENV: Readonly<Record<string, keyof ServerConfig>> = {
  VIGIL_HOST: "host",
  VIGIL_PORT: "port",
  VIGIL_STORE: "store",
  VIGIL_DATA_DIR: "dataDir",
  VIGIL_LOG_LEVEL: "logLevel",
  VIGIL_MAX_BODY_BYTES: "maxBodyBytes",
  VIGIL_MAX_QUEUED_EVENTS: "maxQueuedEvents",
};

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Merges the sources and validates them; throws ConfigError listing every problem. */
export function loadServerConfig(
  flags: Partial<Record<keyof ServerConfig, unknown>>,
  env: NodeJS.ProcessEnv,
  configFile?: string,
): ServerConfig {
  const problems: string[] = [];
  let fromFile: Record<string, unknown> = {};
  if (configFile !== undefined) {
    try {
      fromFile = JSON.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>;
    } catch (error) {
      problems.push(`config file ${configFile}: ${(error as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV))
    if (env[name] !== undefined && env[name] !== "") fromEnv[key] = env[name];
  const definedFlags = Object.fromEntries(
    Object.entries(flags).filter(([, value]) => value !== undefined),
  );
  const parsed = ServerConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...definedFlags });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join(".") || "(config)"}: ${issue.message}`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}
