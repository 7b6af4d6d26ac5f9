// Crash safety: an import killed mid-way leaves a store that opens, and re-importing gives exact counts.
import { spawn } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { importRecords } from "../../src/ingest/import-records.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { EventStore } from "../../src/store/event-store.js";

const ROOT = join(import.meta.dirname, "../..");

function runCli(
  args: string[],
  killAfter?: (child: ReturnType<typeof spawn>) => void,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "test/helpers/run-cli.ts"), ...args],
      {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    child.stderr.resume();
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
    killAfter?.(child);
  });
}

async function counts(store: EventStore) {
  const one = async (sql: string) => Number((await store.query(sql))[0]?.n);
  return {
    events: await one("SELECT count(*) AS n FROM events"),
    raw: await one("SELECT count(*) AS n FROM raw_records"),
    findings: await one("SELECT count(*) AS n FROM findings"),
    open: await one(`SELECT count(*) AS n FROM findings WHERE "finding.status" = 'OPEN'`),
  };
}

describe("import crash safety", () => {
  it("survives kill -9 mid-import and a re-import completes with exact counts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-crash-"));
    const file = join(dir, "records.ndjson");
    const lines = [...generateDefenderRecords({ records: 6000, seed: 11 })].map(
      (record) => record.line,
    );
    writeFileSync(file, `${lines.join("\n")}\n`);

    const reference = await openDuckDbStore(join(dir, "reference.duckdb"));
    await importRecords(
      reference,
      [{ stream: Readable.from([`${lines.join("\n")}\n`]), name: "x" }],
      {
        context: {
          observedAt: "2026-11-28T00:00:00.000Z",
          bucket: "default_securityevents",
          source: "file",
        },
        batchEvents: 1000,
      },
    );
    const expected = await counts(reference);
    await reference.close();

    const store = join(dir, "crashed.duckdb");
    const args = [
      "import",
      file,
      "--store",
      store,
      "--batch-events",
      "500",
      "--rejected-out",
      join(dir, "rejected.ndjson"),
    ];
    const code = await runCli(args, (child) => {
      const timer = setInterval(() => {
        let size = 0;
        try {
          size = statSync(`${store}.wal`).size + statSync(store).size;
        } catch {}
        if (size > 2_000_000) {
          clearInterval(timer);
          child.kill("SIGKILL");
        }
      }, 20);
      child.once("exit", () => clearInterval(timer));
    });
    expect(code).toBeNull(); // killed, not finished

    const reopened = await openDuckDbStore(store);
    const partial = await counts(reopened);
    expect(partial.events).toBeLessThan(expected.events);
    await reopened.close();

    expect(await runCli(args)).toBe(0);
    const finished = await openDuckDbStore(store);
    expect(await counts(finished)).toEqual(expected);
    await finished.close();
  }, 480_000); // generous: a loaded 2-core machine once took over 180 s
});
