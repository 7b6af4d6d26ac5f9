// A one-line progress display for long imports, shown only on a terminal.
import type { ImportSummary } from "../ingest/import-records.js";

export interface Progress {
  update(summary: ImportSummary): void;
  done(): void;
}

/** Redraws at most every `intervalMs`; a no-op when `stream` is not a TTY. */
export function progressLine(
  stream: NodeJS.WriteStream | NodeJS.WritableStream,
  startedAt: number,
  intervalMs = 250,
): Progress {
  const tty = "isTTY" in stream && stream.isTTY === true;
  let last = 0;
  return {
    update(summary) {
      const now = Date.now();
      if (!tty || now - last < intervalMs) return;
      last = now;
      const seconds = Math.max((now - startedAt) / 1000, 0.001);
      const rejected = Object.values(summary.rejected).reduce((total, count) => total + count, 0);
      stream.write(
        `\r${summary.records} records (${Math.round(summary.records / seconds)}/s), ${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.stored} events stored, ${summary.duplicates} duplicates, ${rejected} rejected `,
      );
    },
    done() {
      if (tty) stream.write("\n");
    },
  };
}
