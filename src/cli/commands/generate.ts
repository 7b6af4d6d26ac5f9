// `vigil generate`: seeded, realistic Defender for Cloud export records as NDJSON (tests, demos, benchmarks).
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { type Command, InvalidArgumentError } from "commander";
import { generateDefenderRecords } from "../../generate/generate-records.js";
import { write } from "../output.js";
import type { CliIo } from "./map.js";

interface GenerateCliOptions {
  records: number;
  seed: number;
  start?: string;
  out?: string;
}

export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command("generate")
    .description(
      "Write seeded, realistic Defender for Cloud export records (every schema generation) as NDJSON.",
    )
    .option("--records <n>", "how many records", positiveInteger, 1000)
    .option("--seed <n>", "seed: the same seed gives byte-identical output", integer, 1)
    .option("--start <time>", "time of the first record (ISO-8601)", undefined)
    .option("--out <file>", "write to this file instead of stdout")
    .addHelpText(
      "after",
      "\nAbout 1% of the records are deliberately malformed and 3% are not container findings,\nas in a real export. Pipe into `vigil map` or write a file for `vigil import`.",
    )
    .action(async (options: GenerateCliOptions) => {
      const output = options.out === undefined ? io.stdout : createWriteStream(options.out);
      let chunk = "";
      for (const record of generateDefenderRecords({
        records: options.records,
        seed: options.seed,
        startTime: options.start,
      })) {
        chunk += `${record.line}\n`;
        if (chunk.length > 1 << 20) {
          await write(output, chunk);
          chunk = "";
        }
      }
      await write(output, chunk);
      if (output !== io.stdout) {
        output.end();
        await finished(output);
      }
    });
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError("must be an integer");
  return parsed;
}

function positiveInteger(value: string): number {
  const parsed = integer(value);
  if (parsed < 0) throw new InvalidArgumentError("must be zero or more");
  return parsed;
}
