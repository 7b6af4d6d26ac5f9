// Profiles: one mapping pass and one DuckDB import under node --cpu-prof.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordsFile } from "../lib/data.js";
import { type ProfileEntry, profileChild } from "../lib/profile.js";

export interface ProfilesResult {
  readonly records: number;
  readonly mapping: ProfileEntry[];
  readonly import: ProfileEntry[];
}

export async function benchProfiles(records: number): Promise<ProfilesResult> {
  const path = await recordsFile(records);
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-prof-db-"));
  try {
    const mapping = await profileChild("child/map-once.ts", [path]);
    const imported = await profileChild("child/import-duckdb.ts", [
      path,
      join(dir, "p.duckdb"),
      "10000",
    ]);
    return { records, mapping, import: imported };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
