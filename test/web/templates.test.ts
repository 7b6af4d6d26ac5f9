// Every dashboard template's tiles and variable queries run on the engine, with no and with selected variable values.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { emptyImportSummary, importRecords } from "../../src/ingest/import-records.js";
import { DEFAULT_BUCKET } from "../../src/mapping/defender/mapping-context.js";
import { executeDql } from "../../src/query/execute.js";
import {
  applyVariables,
  type DashboardVariable,
  variableValues,
} from "../../web/src/dashboards/variables.js";
import { type TestServer, testServer } from "../api/harness.js";

interface TemplateFile {
  id: string;
  title: string;
  variables: DashboardVariable[];
  tiles: { id: string; title: string; visualization: string; query: string | string[] }[];
}

const DIR = join(import.meta.dirname, "../../templates/dashboards");
const text = (query: string | readonly string[]) =>
  typeof query === "string" ? query : query.join("\n");
const templates: TemplateFile[] = readdirSync(DIR)
  .filter((name) => name.endsWith(".json"))
  .map((name) => JSON.parse(readFileSync(join(DIR, name), "utf8")) as TemplateFile);
const VISUALIZATIONS = ["table", "singleValue", "area", "line", "bar", "donut"];

describe("dashboard templates", () => {
  let server: TestServer;
  const run = (query: string) =>
    executeDql(server.context.storage.events, query, {
      defaultTimeframeStart: new Date(Date.now() - 7 * 86_400_000).toISOString(),
      defaultTimeframeEnd: new Date(Date.now() + 60_000).toISOString(),
    });

  beforeAll(async () => {
    server = await testServer();
    const lines = (function* () {
      for (const record of generateDefenderRecords({ records: 400, seed: 5 }))
        yield `${record.line}\n`;
    })();
    await importRecords(
      server.context.storage.events,
      [{ stream: Readable.from(lines), name: "seed" }],
      { context: { observedAt: new Date().toISOString(), bucket: DEFAULT_BUCKET, source: "file" } },
      emptyImportSummary(),
    );
  }, 60_000);
  afterAll(() => server?.close());

  it("ships the two container templates with the spec's variables", () => {
    const byId = new Map(templates.map((t) => [t.id, t]));
    expect(byId.get("container-vulnerability-findings")?.variables.map((v) => v.name)).toEqual([
      "Registry",
      "Repository",
      "Tag",
      "RiskLevel",
      "Vulnerability",
      "Component",
      "RuntimeStatus",
    ]);
    expect(byId.get("container-scan-coverage")?.variables.map((v) => v.name)).toEqual([
      "Registry",
      "Repository",
      "Tag",
      "RuntimeStatus",
    ]);
    for (const template of templates) {
      const ids = template.tiles.map((tile) => tile.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const tile of template.tiles) expect(VISUALIZATIONS).toContain(tile.visualization);
    }
  });

  for (const template of templates) {
    it(`${template.title}: every variable query gives values, every tile runs unfiltered and filtered`, async () => {
      const selection: Record<string, string[]> = {};
      for (const variable of template.variables) {
        const values = variableValues((await run(text(variable.valuesQuery))).records);
        expect(values.length, variable.name).toBeGreaterThan(0);
        selection[variable.name] = values.slice(0, 2);
      }
      for (const tile of template.tiles) {
        const query = text(tile.query);
        for (const chosen of [{}, selection]) {
          const applied = applyVariables(query, template.variables, chosen);
          expect(applied, tile.id).not.toMatch(/\$[A-Z]/);
          await expect(run(applied), `${tile.id} ${JSON.stringify(chosen)}`).resolves.toBeDefined();
        }
      }
    });
  }
});
