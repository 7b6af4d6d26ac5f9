// DQL lexer: query text → tokens with positions (identifiers with dots, backticks, strings, numbers, durations).
import type { Position, Span } from "./ast.js";
import { fail } from "./errors.js";

export type TokenKind = "ident" | "backtick" | "string" | "number" | "duration" | "punct" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, string value (unescaped), number text, duration text, or the punctuation. */
  readonly text: string;
  readonly span: Span;
}

const PUNCT = [
  "==",
  "!=",
  "<=",
  ">=",
  "|",
  ",",
  ":",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "(",
  ")",
  "{",
  "}",
  "[",
  "]",
];

/** Duration units in nanoseconds. */
export const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ["ns", 1],
  ["us", 1e3],
  ["ms", 1e6],
  ["s", 1e9],
  ["m", 60e9],
  ["min", 60e9],
  ["h", 3600e9],
  ["d", 86400e9],
  ["w", 7 * 86400e9],
]);

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
};

/**
 * Splits a query into tokens; comments (`//`, `/* … *\/`) and whitespace are dropped.
 *
 * @example
 * tokenize("fetch security.events | limit 5").map((t) => t.text); // ["fetch", "security.events", "|", "limit", "5", ""]
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let line = 1;
  let column = 1;
  const here = (): Position => ({ offset, line, column });
  const advance = (count: number) => {
    for (let i = 0; i < count; i += 1) {
      if (text[offset] === "\n") {
        line += 1;
        column = 1;
      } else column += 1;
      offset += 1;
    }
  };
  const isIdentStart = (c: string) => /[A-Za-z_@$]/.test(c);
  const isIdentPart = (c: string) => /[A-Za-z0-9_.@$]/.test(c);
  /** `*` inside a name is a wildcard (`container_image.*`, `container_image.d*`), never `a*b`. */
  const isWildcard = (at: number) =>
    text[at] === "*" && (text[at - 1] === "." || /^[\s,|}\]]?$/.test(text[at + 1] ?? ""));

  while (offset < text.length) {
    const c = text[offset]!;
    if (/\s/.test(c)) {
      advance(1);
      continue;
    }
    if (text.startsWith("//", offset)) {
      while (offset < text.length && text[offset] !== "\n") advance(1);
      continue;
    }
    if (text.startsWith("/*", offset)) {
      const start = here();
      const close = text.indexOf("*/", offset + 2);
      if (close < 0)
        fail("SEC_ERR_QUERY_SYNTAX", "unterminated comment: expected */", { start, end: start });
      advance(close + 2 - offset);
      continue;
    }
    const start = here();
    if (isIdentStart(c)) {
      let end = offset;
      while (end < text.length && (isIdentPart(text[end]!) || isWildcard(end))) end += 1;
      // a name never ends with a dot (`a.` then something else)
      while (text[end - 1] === "." && end - 1 > offset) end -= 1;
      const name = text.slice(offset, end);
      advance(end - offset);
      tokens.push({ kind: "ident", text: name, span: { start, end: here() } });
      continue;
    }
    if (c === "`") {
      const close = text.indexOf("`", offset + 1);
      if (close < 0)
        fail("SEC_ERR_QUERY_SYNTAX", "unterminated backtick name: expected `", {
          start,
          end: start,
        });
      const name = text.slice(offset + 1, close);
      advance(close + 1 - offset);
      tokens.push({ kind: "backtick", text: name, span: { start, end: here() } });
      continue;
    }
    if (c === '"') {
      tokens.push(readString());
      continue;
    }
    if (/[0-9]/.test(c)) {
      const match = /^(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(offset))!;
      const number = match[0];
      const unit = /^[A-Za-z]+/.exec(text.slice(offset + number.length))?.[0];
      if (unit !== undefined) {
        if (!DURATION_UNITS.has(unit))
          fail(
            "SEC_ERR_QUERY_SYNTAX",
            `unknown duration unit "${unit}": expected one of ns, us, ms, s, m, h, d, w`,
            {
              start,
              end: start,
            },
          );
        advance(number.length + unit.length);
        tokens.push({ kind: "duration", text: number + unit, span: { start, end: here() } });
        continue;
      }
      advance(number.length);
      tokens.push({ kind: "number", text: number, span: { start, end: here() } });
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, offset));
    if (punct === undefined)
      fail("SEC_ERR_QUERY_SYNTAX", `unexpected character "${c}"`, { start, end: start });
    advance(punct.length);
    tokens.push({ kind: "punct", text: punct, span: { start, end: here() } });
  }
  const end = here();
  tokens.push({ kind: "eof", text: "", span: { start: end, end } });
  return tokens;

  function readString(): Token {
    const start = here();
    advance(1);
    let value = "";
    while (true) {
      if (offset >= text.length || text[offset] === "\n")
        fail("SEC_ERR_QUERY_SYNTAX", 'unterminated string: expected a closing "', {
          start,
          end: here(),
        });
      const ch = text[offset]!;
      if (ch === '"') {
        advance(1);
        break;
      }
      if (ch === "\\") {
        const next = text[offset + 1] ?? "";
        if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(offset + 2, offset + 6))) {
          value += String.fromCharCode(Number.parseInt(text.slice(offset + 2, offset + 6), 16));
          advance(6);
          continue;
        }
        const escaped = ESCAPES[next];
        if (escaped === undefined)
          fail("SEC_ERR_QUERY_SYNTAX", `unknown escape "\\${next}" in string`, {
            start: here(),
            end: here(),
          });
        value += escaped;
        advance(2);
        continue;
      }
      value += ch;
      advance(1);
    }
    return { kind: "string", text: value, span: { start, end: here() } };
  }
}

/** Nanoseconds of a duration token's text (`24h` → 86400000000000). */
export function durationNanos(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([A-Za-z]+)$/.exec(text)!;
  return Math.round(Number(match[1]) * DURATION_UNITS.get(match[2]!)!);
}
