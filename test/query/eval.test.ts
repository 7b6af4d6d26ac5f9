// Evaluation fixtures: every block of test/query/eval/*.test runs against DuckDB and PostgreSQL with the same events.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { EventStore } from "../../src/store/event-store.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { createDatabase } from "../helpers/postgres-server.js";
import { evalEvents } from "./eval-events.js";
import { evalOutcome } from "./eval-harness.js";
import { readTextBlocks } from "./text-blocks.js";

const blocks = readTextBlocks(join(import.meta.dirname, "eval"), ".test");
const stores: Record<string, EventStore> = {};
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-eval-"));
  const url = await createDatabase(inject("postgresUrl"), `vigil_query_eval_${process.pid}`);
  const [duck, pg] = await Promise.all([
    openDuckDbStore(join(dir, "eval.duckdb")),
    openPostgresStore(url),
  ]);
  stores.duckdb = duck;
  stores.postgres = pg;
  await Promise.all([duck.append(evalEvents()), pg.append(evalEvents())]);
});

afterAll(async () => {
  await Promise.all(Object.values(stores).map((store) => store.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe("DQL evaluation fixtures on DuckDB and PostgreSQL", () => {
  it("has fixtures", () => expect(blocks.length).toBeGreaterThan(20));
  for (const block of blocks) {
    it(`${block.file}: ${block.name}`, async () => {
      const [duck, pg] = await Promise.all([
        evalOutcome(stores.duckdb!, block.input, block.flags),
        evalOutcome(stores.postgres!, block.input, block.flags),
      ]);
      expect({ duckdb: duck }).toEqual({ duckdb: block.expected });
      expect({ postgres: pg }).toEqual({ postgres: block.expected });
    });
  }
});
