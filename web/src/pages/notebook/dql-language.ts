// DQL for CodeMirror: a stream tokenizer for highlighting and completion of commands, functions and catalog fields.
import type { CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { StreamLanguage } from "@codemirror/language";
import { FIELD_CATALOG } from "../../../../src/model/field-catalog.js";

export const COMMANDS = [
  "fetch",
  "filter",
  "filterOut",
  "fields",
  "fieldsKeep",
  "fieldsAdd",
  "fieldsRemove",
  "fieldsRename",
  "summarize",
  "sort",
  "limit",
  "dedup",
  "makeTimeseries",
  "expand",
  "lookup",
  "join",
  "append",
  "parse",
];

export const FUNCTIONS = [
  "in",
  "isNull",
  "isNotNull",
  "contains",
  "startsWith",
  "endsWith",
  "matchesValue",
  "matchesPhrase",
  "lower",
  "upper",
  "concat",
  "coalesce",
  "if",
  "toDouble",
  "toLong",
  "toString",
  "toTimestamp",
  "now",
  "bin",
  "arraySize",
  "arraySort",
  "arrayRemoveNulls",
  "arrayFirst",
  "asArray",
  "splitString",
  "record",
  "array",
  "substring",
  "round",
  "iAny",
  "iAll",
  "count",
  "countIf",
  "countDistinct",
  "countDistinctExact",
  "countDistinctApprox",
  "sum",
  "avg",
  "min",
  "max",
  "takeFirst",
  "takeLast",
  "takeMin",
  "takeMax",
  "takeAny",
  "collectDistinct",
  "collectArray",
  "percentile",
];

const KEYWORDS = new Set(["and", "or", "not", "true", "false", "null", "asc", "desc"]);
const PARAMETERS = [
  "from:",
  "to:",
  "timeframe:",
  "bucket:",
  "by:",
  "sort:",
  "interval:",
  "bins:",
  "time:",
  "direction:",
  "else:",
  "kind:",
  "on:",
  "prefix:",
  "sourceField:",
  "lookupField:",
  "scanLimitGBytes:",
];
const COMMAND_SET = new Set(COMMANDS);
const FUNCTION_SET = new Set(FUNCTIONS);

interface State {
  expectCommand: boolean;
}

export const dqlLanguage = StreamLanguage.define<State>({
  name: "dql",
  startState: () => ({ expectCommand: true }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    if (stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^`[^`]*`?/)) return "variableName.special";
    if (stream.match("|")) {
      state.expectCommand = true;
      return "punctuation";
    }
    if (stream.match(/^\$[A-Za-z_]\w*/)) return "variableName.special";
    if (stream.match(/^\d+(\.\d+)?(ns|ms|s|m|h|d|w)?\b/)) return "number";
    const word = stream.match(/^[A-Za-z_][\w.]*(\[\])?/) as RegExpMatchArray | null;
    if (word) {
      const text = word[0];
      const wasCommand = state.expectCommand;
      state.expectCommand = false;
      if (wasCommand && COMMAND_SET.has(text)) return "keyword";
      if (stream.peek() === ":") return "propertyName";
      if (KEYWORDS.has(text))
        return text === "true" || text === "false" || text === "null" ? "atom" : "operatorKeyword";
      if (FUNCTION_SET.has(text) && stream.match(/^\s*(?=\()/, false))
        return "function(variableName)";
      return "variableName";
    }
    if (stream.match(/^(==|!=|<=|>=|[<>+\-*/%=])/)) return "operator";
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "//" } },
});

const fieldOptions = FIELD_CATALOG.map((field) => ({
  label: field.name,
  type: "property",
  detail: field.type,
  info: field.description,
}));
const functionOptions = FUNCTIONS.map((name) => ({
  label: name,
  type: "function",
  apply: `${name}(`,
}));
const commandOptions = COMMANDS.map((name) => ({ label: name, type: "keyword" }));
const parameterOptions = PARAMETERS.map((name) => ({ label: name, type: "keyword" }));
const keywordOptions = [...KEYWORDS].map((name) => ({ label: name, type: "keyword" }));

/** Commands right after `|` (or at the start), otherwise fields, functions and parameters. */
export function dqlCompletions(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[A-Za-z_][\w.]*/);
  const before = context.state.sliceDoc(0, word?.from ?? context.pos).replace(/\/\/[^\n]*/g, "");
  const afterPipe = /(^|\|)\s*$/.test(before);
  if (word === null && !context.explicit && !afterPipe) return null;
  return {
    from: word?.from ?? context.pos,
    options: afterPipe
      ? commandOptions
      : [...fieldOptions, ...functionOptions, ...parameterOptions, ...keywordOptions],
    validFor: /^[\w.]*$/,
  };
}
