// Applies pending migrations on open, each in its own transaction, recording the versions applied.
import { CREATE_MIGRATIONS_TABLE, LATEST_VERSION, pendingMigrations } from "./migrations.js";
import type { SqlBackend } from "./sql-backend.js";

/** Brings the schema to `target` (default: latest); returns the versions applied now. */
export async function runMigrations(
  backend: SqlBackend,
  target = LATEST_VERSION,
): Promise<number[]> {
  const applied: number[] = [];
  await backend.transaction(async (session) => {
    if (backend.dialect.name === "postgres") {
      // Instances starting together migrate one at a time.
      await session.run("SELECT pg_advisory_xact_lock(7305817)");
    }
    await session.run(CREATE_MIGRATIONS_TABLE);
  });
  const done = await backend.read(
    async (session) =>
      new Set(
        (await session.all("SELECT version FROM schema_migrations")).map((row) =>
          Number(row.version),
        ),
      ),
  );
  for (const migration of pendingMigrations(done, target)) {
    await backend.transaction(async (session) => {
      if (backend.dialect.name === "postgres") {
        await session.run("SELECT pg_advisory_xact_lock(7305817)");
        const again = await session.all("SELECT 1 FROM schema_migrations WHERE version = $1", [
          migration.version,
        ]);
        if (again.length > 0) return;
      }
      for (const statement of migration.up(backend.dialect)) await session.run(statement);
      await session.run(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, CURRENT_TIMESTAMP)",
        [migration.version, migration.name],
      );
      applied.push(migration.version);
    });
  }
  return applied;
}

/** Runs pending migrations on a freshly opened backend; closes it when they fail (nothing half-open is returned). */
export async function migrateOrClose<B extends SqlBackend>(
  backend: B,
  target?: number,
): Promise<B> {
  try {
    await runMigrations(backend, target);
  } catch (error) {
    await backend.close();
    throw error;
  }
  return backend;
}
