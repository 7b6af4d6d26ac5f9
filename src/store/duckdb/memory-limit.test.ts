// DuckDB's memory limit: a quarter of the machine (at least 1 GB) unless the caller or VIGIL_DUCKDB_MEMORY_LIMIT sets one; at most 512 MB in bulk transactions.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bytesOf, DuckDbBackend, defaultMemoryLimit } from "./duckdb-backend.js";

const GB = 2 ** 30;

describe("DuckDB memory limit", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const limitOf = async (options: { memoryLimit?: string } = {}) => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-mem-"));
    dirs.push(dir);
    const backend = await DuckDbBackend.open(join(dir, "x.duckdb"), options);
    try {
      const rows = await backend.read((s) => s.all("SELECT current_setting('memory_limit') AS m"));
      return String(rows[0]?.m);
    } finally {
      await backend.close();
    }
  };

  it("is a quarter of the machine's memory, at least 1 GB", () => {
    expect(defaultMemoryLimit(2 * GB)).toBe("1024MB");
    expect(defaultMemoryLimit(4 * GB)).toBe("1024MB");
    expect(defaultMemoryLimit(16 * GB)).toBe("4096MB");
  });

  it("is what the caller asks for, then VIGIL_DUCKDB_MEMORY_LIMIT, then the default", async () => {
    expect(await limitOf({ memoryLimit: "700MB" })).toMatch(/^6\d\d\.\d MiB$/);
    const saved = process.env.VIGIL_DUCKDB_MEMORY_LIMIT;
    process.env.VIGIL_DUCKDB_MEMORY_LIMIT = "1.5GB";
    try {
      expect(await limitOf()).toMatch(/^1\.\d GiB$/);
    } finally {
      if (saved === undefined) delete process.env.VIGIL_DUCKDB_MEMORY_LIMIT;
      else process.env.VIGIL_DUCKDB_MEMORY_LIMIT = saved;
    }
  });

  it("is at most 512 MB during bulk transactions, and the store's own again before other work", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-mem-"));
    dirs.push(dir);
    const backend = await DuckDbBackend.open(join(dir, "x.duckdb"), { memoryLimit: "2GB" });
    const setting = "SELECT current_setting('memory_limit') AS m";
    try {
      const bulk = await backend.transaction((s) => s.all(setting), { bulk: true });
      expect(String(bulk[0]?.m)).toMatch(/^48\d\.\d MiB$/);
      const after = await backend.read((s) => s.all(setting));
      expect(String(after[0]?.m)).toMatch(/^1\.\d GiB$/);
    } finally {
      await backend.close();
    }
    const small = await DuckDbBackend.open(join(dir, "y.duckdb"), { memoryLimit: "300MB" });
    try {
      const bulk = await small.transaction((s) => s.all(setting), { bulk: true });
      expect(String(bulk[0]?.m)).toMatch(/^28\d\.\d MiB$/);
    } finally {
      await small.close();
    }
  });

  it("reads sizes as DuckDB does", () => {
    expect(bytesOf("512MB")).toBe(512e6);
    expect(bytesOf("1.5GiB")).toBe(1.5 * GB);
    expect(bytesOf("2 GB")).toBe(2e9);
    expect(bytesOf("100B")).toBe(100);
    expect(bytesOf("lots")).toBeNaN();
  });
});
