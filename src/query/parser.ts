// DQL parser: hand-written recursive descent from tokens to the syntax tree (commands built in commands.ts).
import type { Argument, BinaryOp, Command, Expr, Query, Span } from "./ast.js";
import { buildCommand, COMMAND_NAMES } from "./commands.js";
import { fail } from "./errors.js";
import { durationNanos, type Token, tokenize } from "./lexer.js";
import { closestName } from "./suggest.js";

/** A command as written: its name and argument list, before its shape is checked. */
export interface RawCommand {
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Argument[];
  readonly span: Span;
}

const COMPARISON: readonly string[] = ["==", "!=", "<", "<=", ">", ">="];

/**
 * Parses a whole query (`fetch … | command …`).
 *
 * @example
 * const query = parseQuery('fetch security.events | filter event.type == "VULNERABILITY_FINDING"');
 * query.commands.map((c) => c.kind); // ["fetch", "filter"]
 */
export function parseQuery(text: string): Query {
  const parser = new Parser(tokenize(text));
  const query = parser.pipeline();
  parser.expectEnd();
  return query;
}

/** Parses one expression (for tests and tools). */
export function parseExpression(text: string): Expr {
  const parser = new Parser(tokenize(text));
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  private isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === "punct" && token.text === text;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === "ident" && token.text === word;
  }

  private expectPunct(text: string, what: string): Token {
    if (!this.isPunct(text)) this.unexpected(`expected "${text}" ${what}`);
    return this.next();
  }

  private unexpected(expected: string, suggestion?: string): never {
    const token = this.peek();
    const found = token.kind === "eof" ? "the end of the query" : `"${describe(token)}"`;
    return fail("SEC_ERR_QUERY_SYNTAX", `${expected}, found ${found}`, token.span, suggestion);
  }

  expectEnd(): void {
    if (this.peek().kind !== "eof") this.unexpected('expected "|" or the end of the query');
  }

  pipeline(): Query {
    const start = this.peek().span.start;
    const commands: Command[] = [];
    commands.push(this.command(true));
    while (this.isPunct("|")) {
      this.next();
      commands.push(this.command(false));
    }
    return { kind: "query", commands, span: { start, end: this.previousEnd() } };
  }

  private previousEnd() {
    return this.tokens[Math.max(0, this.index - 1)]!.span.end;
  }

  private command(first: boolean): Command {
    const token = this.peek();
    if (token.kind !== "ident")
      this.unexpected(first ? 'expected a command such as "fetch"' : "expected a command after |");
    this.next();
    if (!COMMAND_NAMES.has(token.text)) {
      const guess = closestName(token.text, COMMAND_NAMES);
      fail(
        "SEC_ERR_QUERY_UNKNOWN_COMMAND",
        `unknown command "${token.text}"${guess ? `: did you mean "${guess}"?` : ""}`,
        token.span,
        guess,
      );
    }
    if (first && token.text !== "fetch")
      fail(
        "SEC_ERR_QUERY_SYNTAX",
        `a query starts with "fetch", found "${token.text}"`,
        token.span,
      );
    const args = this.argumentList(
      token.text,
      (t) => t.kind === "eof" || (t.kind === "punct" && (t.text === "|" || t.text === "]")),
    );
    const raw: RawCommand = {
      name: token.text,
      nameSpan: token.span,
      args,
      span: { start: token.span.start, end: this.previousEnd() },
    };
    return buildCommand(raw);
  }

  /** Comma-separated arguments until `stop` (not consumed). */
  private argumentList(context: string, stop: (token: Token) => boolean): Argument[] {
    const args: Argument[] = [];
    if (stop(this.peek())) return args;
    while (true) {
      args.push(this.argument());
      if (stop(this.peek())) return args;
      if (this.isPunct(",")) {
        this.next();
        continue;
      }
      if (this.isWord("by") && (context === "summarize" || context === "makeTimeseries")) {
        const hint = `by: {${this.textUntilCommandEnd(this.index + 1)}}`;
        this.unexpected(`expected "," before the grouping: write ", ${hint}"`, hint);
      }
      if (context.endsWith("()"))
        this.unexpected(`expected "," or ")" to close ${context.slice(0, -1)}`);
      if (context === "{…}") this.unexpected('expected "," or "}"');
      this.unexpected(`expected "," or the end of the ${context} arguments`);
    }
  }

  /** The tokens from `from` to the end of the command, as text (for suggestions). */
  private textUntilCommandEnd(from: number): string {
    const parts: string[] = [];
    for (let i = from; i < this.tokens.length; i += 1) {
      const t = this.tokens[i]!;
      if (t.kind === "eof" || (t.kind === "punct" && (t.text === "|" || t.text === "]"))) break;
      parts.push(t.kind === "punct" && t.text === "," ? ", " : describe(t));
    }
    return parts.join("");
  }

  /** `param: value`, `alias = value`, `value`, each optionally followed by `asc` / `desc`. */
  private argument(): Argument {
    const start = this.peek().span.start;
    let param: string | undefined;
    let alias: string | undefined;
    let aliasSpan: Span | undefined;
    const first = this.peek();
    if ((first.kind === "ident" || first.kind === "backtick") && this.isPunct(":", 1)) {
      param = first.text;
      this.next();
      this.next();
    }
    const head = this.peek();
    if ((head.kind === "ident" || head.kind === "backtick") && this.isPunct("=", 1)) {
      alias = head.text;
      aliasSpan = head.span;
      this.next();
      this.next();
    }
    const value = this.isPunct("[") ? this.subquery() : this.expression();
    let order: "asc" | "desc" | undefined;
    if (this.isWord("asc") || this.isWord("desc")) order = this.next().text as "asc" | "desc";
    return {
      kind: "argument",
      ...(param === undefined ? {} : { param }),
      ...(alias === undefined ? {} : { alias, aliasSpan }),
      value,
      ...(order === undefined ? {} : { order }),
      span: { start, end: this.previousEnd() },
    };
  }

  private subquery(): Expr {
    const open = this.next();
    if (!this.isWord("fetch"))
      this.unexpected('expected a subquery starting with "fetch" after "["');
    const query = this.pipeline();
    this.expectPunct("]", "to close the subquery");
    return { kind: "subquery", query, span: { start: open.span.start, end: this.previousEnd() } };
  }

  expression(): Expr {
    return this.or();
  }

  private binaryLevel(ops: readonly string[], words: boolean, next: () => Expr): Expr {
    let left = next();
    while (true) {
      const token = this.peek();
      const matches = words
        ? token.kind === "ident" && ops.includes(token.text)
        : token.kind === "punct" && ops.includes(token.text);
      if (!matches) return left;
      this.next();
      const right = next();
      left = {
        kind: "binary",
        op: token.text as BinaryOp,
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
  }

  private or(): Expr {
    return this.binaryLevel(["or"], true, () => this.and());
  }

  private and(): Expr {
    return this.binaryLevel(["and"], true, () => this.not());
  }

  private not(): Expr {
    if (this.isWord("not")) {
      const token = this.next();
      const operand = this.not();
      return {
        kind: "unary",
        op: "not",
        operand,
        span: { start: token.span.start, end: operand.span.end },
      };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === "punct" && COMPARISON.includes(token.text)) {
      this.next();
      const right = this.additive();
      return {
        kind: "binary",
        op: token.text as BinaryOp,
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
    if (token.kind === "punct" && token.text === "=" && !this.isPunct("=", 1))
      this.unexpected('expected "==" to compare ("=" assigns a name)', "==");
    return left;
  }

  private additive(): Expr {
    return this.binaryLevel(["+", "-"], false, () => this.multiplicative());
  }

  private multiplicative(): Expr {
    return this.binaryLevel(["*", "/", "%"], false, () => this.unary());
  }

  private unary(): Expr {
    if (this.isPunct("-")) {
      const token = this.next();
      const operand = this.unary();
      if (operand.kind === "number")
        return {
          ...operand,
          value: -operand.value,
          span: { start: token.span.start, end: operand.span.end },
        };
      if (operand.kind === "duration")
        return {
          ...operand,
          nanos: -operand.nanos,
          text: `-${operand.text}`,
          span: { start: token.span.start, end: operand.span.end },
        };
      return {
        kind: "unary",
        op: "-",
        operand,
        span: { start: token.span.start, end: operand.span.end },
      };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let expr = this.primary();
    while (this.isPunct("[")) {
      this.next();
      if (this.isPunct("]")) {
        const close = this.next();
        expr = {
          kind: "iterate",
          target: expr,
          span: { start: expr.span.start, end: close.span.end },
        };
        continue;
      }
      const token = this.peek();
      if ((token.kind === "ident" || token.kind === "backtick") && this.isPunct("]", 1)) {
        this.next();
        const close = this.next();
        expr = {
          kind: "member",
          target: expr,
          key: token.text,
          span: { start: expr.span.start, end: close.span.end },
        };
        continue;
      }
      const index = this.expression();
      const close = this.expectPunct("]", "to close the index");
      expr = {
        kind: "index",
        target: expr,
        index,
        span: { start: expr.span.start, end: close.span.end },
      };
    }
    return expr;
  }

  private primary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case "string":
        this.next();
        return { kind: "string", value: token.text, span: token.span };
      case "number":
        this.next();
        return {
          kind: "number",
          value: Number(token.text),
          integer: /^\d+$/.test(token.text),
          span: token.span,
        };
      case "duration":
        this.next();
        return {
          kind: "duration",
          nanos: durationNanos(token.text),
          text: token.text,
          span: token.span,
        };
      case "backtick":
        this.next();
        return { kind: "field", name: token.text, backticked: true, span: token.span };
      case "ident":
        return this.identifier();
      case "punct":
        if (token.text === "(") {
          this.next();
          const inner = this.expression();
          this.expectPunct(")", "to close the parenthesis");
          return inner;
        }
        if (token.text === "{") return this.curly();
        if (token.text === "*") {
          this.next();
          return { kind: "field", name: "*", backticked: false, span: token.span };
        }
        break;
      default:
        break;
    }
    return this.unexpected("expected an expression");
  }

  private identifier(): Expr {
    const token = this.next();
    if (token.text === "true" || token.text === "false")
      return { kind: "boolean", value: token.text === "true", span: token.span };
    if (token.text === "null") return { kind: "null", span: token.span };
    if (this.isPunct("(")) {
      this.next();
      const args = this.argumentList(
        `${token.text}()`,
        (t) => t.kind === "punct" && t.text === ")",
      );
      const close = this.expectPunct(")", `to close ${token.text}(`);
      return {
        kind: "call",
        name: token.text,
        nameSpan: token.span,
        args,
        span: { start: token.span.start, end: close.span.end },
      };
    }
    return { kind: "field", name: token.text, backticked: false, span: token.span };
  }

  private curly(): Expr {
    const open = this.next();
    const items = this.argumentList("{…}", (t) => t.kind === "punct" && t.text === "}");
    const close = this.expectPunct("}", 'to close "{"');
    return { kind: "curly", items, span: { start: open.span.start, end: close.span.end } };
  }
}

function describe(token: Token): string {
  if (token.kind === "string") return JSON.stringify(token.text).slice(1, -1);
  if (token.kind === "backtick") return `\`${token.text}\``;
  return token.text;
}
