// `vigil import` while a server owns the store: records are sent to its Defender endpoint in bounded NDJSON bodies.
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { ServerTarget } from "./server-client.js";

export interface RemoteImportSummary {
  records: number;
  eventsAccepted: number;
  notMapped: Record<string, number>;
  rejected: number;
  requests: number;
}

interface DefenderAnswer {
  readonly records: number;
  readonly eventsAccepted: number;
  readonly notMapped: Record<string, number>;
  readonly rejected: readonly unknown[];
}

const MAX_RECORDS = 1000;
const MAX_BYTES = 4 * 1024 * 1024;

/**
 * Sends the lines of `inputs` (NDJSON, one record per line) in bodies of at most 1,000 records or
 * 4 MB, waiting and retrying when the server answers 429 or 503. Whole-document JSON files are sent
 * as one body each (the server unwraps them).
 */
export async function importThroughServer(
  server: ServerTarget,
  inputs: readonly { stream: Readable; name: string }[],
  bucket: string,
): Promise<RemoteImportSummary> {
  const summary: RemoteImportSummary = {
    records: 0,
    eventsAccepted: 0,
    notMapped: {},
    rejected: 0,
    requests: 0,
  };
  for (const input of inputs) {
    let body: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (body.length === 0) return;
      const answer = await post(server, `${body.join("\n")}\n`, bucket);
      summary.requests += 1;
      summary.records += answer.records;
      summary.eventsAccepted += answer.eventsAccepted;
      summary.rejected += answer.rejected.length;
      for (const [reason, count] of Object.entries(answer.notMapped))
        summary.notMapped[reason] = (summary.notMapped[reason] ?? 0) + count;
      body = [];
      bytes = 0;
    };
    for await (const line of createInterface({
      input: input.stream,
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      if (line.trim() === "") continue;
      if (body.length >= MAX_RECORDS || bytes + line.length > MAX_BYTES) await flush();
      body.push(line);
      bytes += line.length + 1;
    }
    await flush();
  }
  return summary;
}

async function post(server: ServerTarget, text: string, bucket: string): Promise<DefenderAnswer> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(
      `${server.url}/api/v1/ingest/defender?bucket=${encodeURIComponent(bucket)}`,
      {
        method: "POST",
        headers: {
          authorization: `Api-Token ${server.token}`,
          "content-type": "application/x-ndjson",
        },
        body: text,
      },
    );
    const answer = (await response.json().catch(() => ({}))) as DefenderAnswer & {
      error?: { message?: string };
    };
    if (response.status === 202 || (response.status === 400 && answer.records !== undefined))
      return answer;
    if ((response.status === 429 || response.status === 503) && attempt < 20) {
      const wait = Number(response.headers.get("retry-after") ?? "1");
      await new Promise((resolve) => setTimeout(resolve, Math.min(30, Math.max(1, wait)) * 1000));
      continue;
    }
    throw new Error(
      `the server answered ${response.status}: ${answer.error?.message ?? response.statusText}`,
    );
  }
}
