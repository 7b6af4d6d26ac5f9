// Reads the text fixtures of the query tests: blocks of "# name", input lines, "==>", expected lines.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface TextBlock {
  readonly file: string;
  readonly name: string;
  readonly input: string;
  readonly expected: string;
  /** Words after "==>" (e.g. "ordered"). */
  readonly flags: readonly string[];
}

/** Every block of every `*<extension>` file in `dir`, in file order. */
export function readTextBlocks(dir: string, extension = ".txt"): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()) {
    blocks.push(...parseTextBlocks(file, readFileSync(join(dir, file), "utf8")));
  }
  return blocks;
}

/** Splits one fixture file into blocks (a line starting with "# " opens a block). */
export function parseTextBlocks(file: string, text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const parts = text.split(/^# /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf("\n");
    const name = part.slice(0, newline).trim();
    const body = part.slice(newline + 1);
    const marker = /^==>(.*)$/m.exec(body);
    if (marker === null) throw new Error(`${file}: block "${name}" has no "==>" line`);
    const input = body.slice(0, marker.index);
    const expected = body.slice(marker.index + marker[0].length);
    const flags = marker[1]!
      .trim()
      .split(/\s+/)
      .filter((flag) => flag !== "");
    blocks.push({ file, name, input: input.trim(), expected: expected.trim(), flags });
  }
  return blocks;
}

/** Writes blocks back in fixture format (used by the golden update script). */
export function formatTextBlocks(blocks: readonly Omit<TextBlock, "file">[]): string {
  return `${blocks.map((b) => `# ${b.name}\n${b.input}\n==>${b.flags.length > 0 ? ` ${b.flags.join(" ")}` : ""}\n${b.expected}\n`).join("\n")}`;
}
