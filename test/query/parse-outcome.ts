// The outcome a parser fixture expects for one query: the compact tree, or `error: line:col message`.
import { queryText } from "../../src/query/ast-text.js";
import { QueryError } from "../../src/query/errors.js";
import { parseQuery } from "../../src/query/parser.js";

export function parseOutcome(text: string): string {
  try {
    return queryText(parseQuery(text));
  } catch (error) {
    if (error instanceof QueryError)
      return `error: ${error.line}:${error.column} ${error.diagnostics[0]!.message}`;
    throw error;
  }
}
