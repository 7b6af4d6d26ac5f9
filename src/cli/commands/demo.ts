// `vigil demo`: loads generated Defender data into the store and shows what a security team would look at first.
import { Readable } from "node:stream";
import type { Command } from "commander";
import { generateDefenderRecords } from "../../generate/generate-records.js";
import { emptyImportSummary, importRecords } from "../../ingest/import-records.js";
import { formatSummary } from "../../ingest/mapping-summary.js";
import { DEFAULT_BUCKET } from "../../mapping/defender/mapping-context.js";
import type { EventStore } from "../../store/event-store.js";
import { write } from "../output.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import { runLiveDemo } from "./demo-live.js";
import type { CliIo } from "./map.js";

interface DemoOptions extends StoreOptions {
  records: number;
  seed: number;
  once?: boolean;
  port?: string;
  eventhubsPort: number;
  perSecond: number;
}

export function registerDemo(program: Command, io: CliIo): void {
  addStoreOption(
    program
      .command("demo")
      .description(
        "Run Vigil with live demo data: the Event Hubs stand-in, the server, a connection, and generated Defender records streaming in (--once: import and print an overview).",
      )
      .option(
        "--records <n>",
        "Defender records to generate",
        (value) => Number.parseInt(value, 10),
        5000,
      )
      .option("--seed <n>", "generator seed", (value) => Number.parseInt(value, 10), 2026)
      .option(
        "--once",
        "import the generated records, print an overview and exit (no server, no stream)",
      )
      .option("--port <n>", "HTTP port of the server (default 4000)")
      .option(
        "--eventhubs-port <n>",
        "port of the local Event Hubs stand-in (0: any free port)",
        (value) => Number.parseInt(value, 10),
        0,
      )
      .option(
        "--per-second <n>",
        "records per second streamed after the first burst",
        (value) => Number.parseInt(value, 10),
        5,
      ),
  ).action(async (options: DemoOptions) => {
    if (!options.once) {
      process.exitCode = await runLiveDemo(
        {
          ...(options.port === undefined ? {} : { port: options.port }),
          eventHubsPort: options.eventhubsPort,
          burst: options.records,
          perSecond: options.perSecond,
          seed: options.seed,
        },
        io,
      );
      return;
    }
    process.exitCode = await withStore(options, io, async ({ events: store }) => {
      const lines = (function* () {
        for (const record of generateDefenderRecords({
          records: options.records,
          seed: options.seed,
        }))
          yield `${record.line}\n`;
      })();
      const summary = await importRecords(
        store,
        [{ stream: Readable.from(lines), name: "demo" }],
        {
          context: { observedAt: io.clock().toISOString(), bucket: DEFAULT_BUCKET, source: "file" },
        },
        emptyImportSummary(),
      );
      await write(
        io.stdout,
        `Imported ${options.records} generated Defender records into ${store.location}\n${formatSummary(summary)}\nevents stored: ${summary.stored}, duplicates skipped: ${summary.duplicates}\n\n`,
      );
      await write(io.stdout, await overview(store));
      await write(
        io.stdout,
        "\nNext: `npx vigil stats`, `npx vigil generate --records 1000 | npx vigil map`, `npx vigil import <export.ndjson>`, `npx vigil --help`.\n",
      );
      return 0;
    });
  });
}

async function overview(store: EventStore): Promise<string> {
  const q = (name: string) => `"${name}"`;
  const risk = await store.query(
    `SELECT ${q("dt.security.risk.level")} AS level, count(*) AS findings, count(DISTINCT ${q("vulnerability.id")}) AS vulnerabilities, count(DISTINCT ${q("object.id")}) AS images
     FROM findings WHERE ${q("finding.status")} = 'OPEN' GROUP BY 1
     ORDER BY CASE level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 3 ELSE 4 END`,
  );
  const top = await store.query(
    `SELECT ${q("vulnerability.id")} AS cve, max(${q("dt.security.risk.score")}) AS score, count(DISTINCT ${q("object.id")}) AS images,
            count(DISTINCT ${q("container_image.repository")}) AS repositories, min(${q("component.name")}) AS component
     FROM findings WHERE ${q("finding.status")} = 'OPEN' AND ${q("dt.security.risk.level")} = 'CRITICAL'
     GROUP BY 1 ORDER BY images DESC, cve LIMIT 10`,
  );
  const gaps = await store.query(
    `SELECT count(DISTINCT ${q("object.id")}) AS images FROM events WHERE ${q("event.type")} = 'VULNERABILITY_SCAN' AND ${q("scan.status")} = 'NOT_SCANNED'`,
  );
  const lines = [
    "Open findings now, by risk level:",
    "  level        findings  vulnerabilities  images",
  ];
  for (const row of risk) {
    lines.push(
      `  ${String(row.level).padEnd(10)} ${String(row.findings).padStart(10)} ${String(row.vulnerabilities).padStart(16)} ${String(row.images).padStart(7)}`,
    );
  }
  lines.push(
    "",
    "Top critical vulnerabilities by affected images:",
    "  vulnerability       score  images  repositories  component",
  );
  for (const row of top) {
    lines.push(
      `  ${String(row.cve).padEnd(18)} ${Number(row.score).toFixed(1).padStart(6)} ${String(row.images).padStart(7)} ${String(row.repositories).padStart(13)}  ${row.component ?? ""}`,
    );
  }
  lines.push("", `Coverage gaps: ${gaps[0]?.images ?? 0} images Defender reported as not scanned.`);
  return `${lines.join("\n")}\n`;
}
