// Reads the text fixtures of the query tests: blocks of "# name", input lines, "==>", expected lines.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface TextBlock {
  readonly file: string;
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

/** Every block of every `*.txt` file in `dir`, in file order. */
export function readTextBlocks(dir: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(".txt"))
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
    const [input, expected] = body.split(/^==>\s*$/m);
    if (expected === undefined) throw new Error(`${file}: block "${name}" has no "==>" line`);
    blocks.push({ file, name, input: input!.trim(), expected: expected.trim() });
  }
  return blocks;
}

/** Writes blocks back in fixture format (used by the golden update script). */
export function formatTextBlocks(blocks: readonly Omit<TextBlock, "file">[]): string {
  return `${blocks.map((b) => `# ${b.name}\n${b.input}\n==>\n${b.expected}\n`).join("\n")}`;
}
