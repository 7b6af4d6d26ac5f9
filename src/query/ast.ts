// The DQL syntax tree: expressions and typed commands, every node with its source span.

/** A point in the query text (offset 0-based; line and column 1-based). */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface Span {
  readonly start: Position;
  readonly end: Position;
}

interface Node {
  readonly span: Span;
}

export interface StringLiteral extends Node {
  readonly kind: "string";
  readonly value: string;
}
export interface NumberLiteral extends Node {
  readonly kind: "number";
  readonly value: number;
  /** Written without a fraction or exponent: a DQL long. */
  readonly integer: boolean;
}
export interface BooleanLiteral extends Node {
  readonly kind: "boolean";
  readonly value: boolean;
}
export interface NullLiteral extends Node {
  readonly kind: "null";
}
/** `30s`, `5m`, `24h`, `7d`: kept in nanoseconds, like Grail durations. */
export interface DurationLiteral extends Node {
  readonly kind: "duration";
  readonly nanos: number;
  readonly text: string;
}
/** A field name (`finding.id`, or backticked `` `Risk score` ``), or `*`-wildcards in field lists. */
export interface FieldRef extends Node {
  readonly kind: "field";
  readonly name: string;
  readonly backticked: boolean;
}
/** `tags[0]`: an array element (0-based). */
export interface IndexAccess extends Node {
  readonly kind: "index";
  readonly target: Expr;
  readonly index: Expr;
}
/** `r[field]`: a record member. */
export interface MemberAccess extends Node {
  readonly kind: "member";
  readonly target: Expr;
  readonly key: string;
}
/** `tags[]`: each element, inside `iAny` / `iAll`. */
export interface Iterate extends Node {
  readonly kind: "iterate";
  readonly target: Expr;
}
export interface Call extends Node {
  readonly kind: "call";
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Argument[];
}
export type BinaryOp =
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "and"
  | "or"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%";
export interface Binary extends Node {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}
export interface Unary extends Node {
  readonly kind: "unary";
  readonly op: "-" | "not";
  readonly operand: Expr;
}
/** `{a, b = x, direction: "descending"}`: a list in braces (field lists, value sets, sort specs). */
export interface Curly extends Node {
  readonly kind: "curly";
  readonly items: readonly Argument[];
}
/** `[fetch …]`: a subquery (lookup, join, append). */
export interface Subquery extends Node {
  readonly kind: "subquery";
  readonly query: Query;
}

export type Expr =
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | NullLiteral
  | DurationLiteral
  | FieldRef
  | IndexAccess
  | MemberAccess
  | Iterate
  | Call
  | Binary
  | Unary
  | Curly
  | Subquery;

/** One item of an argument list: `value`, `alias = value`, `param: value`, `value desc`. */
export interface Argument extends Node {
  readonly kind: "argument";
  readonly param?: string;
  readonly alias?: string;
  /** The alias as written (backticks kept out), with its span. */
  readonly aliasSpan?: Span;
  readonly value: Expr;
  readonly order?: "asc" | "desc";
}

/** `name = expr` or a bare expression whose name is its text. */
export interface Assignment extends Node {
  readonly name: string;
  readonly expr: Expr;
  /** Whether the name was written (`name = expr`) rather than derived from the text. */
  readonly explicit: boolean;
}

export interface SortKey extends Node {
  readonly expr: Expr;
  readonly descending: boolean;
}

export interface FetchCommand extends Node {
  readonly kind: "fetch";
  readonly source: string;
  readonly from?: Expr;
  readonly to?: Expr;
  readonly timeframe?: Expr;
  readonly buckets?: readonly StringLiteral[];
}
export interface FilterCommand extends Node {
  readonly kind: "filter" | "filterOut";
  readonly condition: Expr;
}
export interface FieldsCommand extends Node {
  readonly kind: "fields" | "fieldsAdd";
  readonly fields: readonly Assignment[];
}
/** `fieldsKeep` / `fieldsRemove`: names, possibly with `*` wildcards. */
export interface FieldsSelectCommand extends Node {
  readonly kind: "fieldsKeep" | "fieldsRemove";
  readonly patterns: readonly FieldRef[];
}
export interface FieldsRenameCommand extends Node {
  readonly kind: "fieldsRename";
  readonly renames: readonly {
    readonly to: string;
    readonly from: FieldRef;
    readonly span: Span;
  }[];
}
export interface SummarizeCommand extends Node {
  readonly kind: "summarize";
  readonly aggregations: readonly Assignment[];
  readonly by: readonly Assignment[];
}
export interface SortCommand extends Node {
  readonly kind: "sort";
  readonly keys: readonly SortKey[];
}
export interface LimitCommand extends Node {
  readonly kind: "limit";
  readonly count: NumberLiteral;
}
export interface DedupCommand extends Node {
  readonly kind: "dedup";
  readonly keys: readonly Assignment[];
  readonly sort: readonly SortKey[];
}
export interface MakeTimeseriesCommand extends Node {
  readonly kind: "makeTimeseries";
  readonly aggregations: readonly Assignment[];
  readonly by: readonly Assignment[];
  readonly time?: Expr;
  readonly interval?: DurationLiteral;
  readonly bins?: NumberLiteral;
  readonly from?: Expr;
  readonly to?: Expr;
}
export interface ExpandCommand extends Node {
  readonly kind: "expand";
  readonly field: FieldRef;
  readonly alias?: string;
}
export interface LookupCommand extends Node {
  readonly kind: "lookup";
  readonly subquery: Query;
  readonly sourceField: FieldRef;
  readonly lookupField: FieldRef;
  readonly prefix: string;
}
export interface JoinCommand extends Node {
  readonly kind: "join";
  readonly subquery: Query;
  readonly on: readonly { readonly left: FieldRef; readonly right: FieldRef }[];
  readonly joinKind: "inner" | "leftOuter";
  readonly fields?: readonly FieldRef[];
  readonly prefix: string;
}
export interface AppendCommand extends Node {
  readonly kind: "append";
  readonly subquery: Query;
}
/** `parse field, "JSON:name"`: the one parse pattern supported. */
export interface ParseCommand extends Node {
  readonly kind: "parse";
  readonly source: Expr;
  readonly target: string;
}

export type Command =
  | FetchCommand
  | FilterCommand
  | FieldsCommand
  | FieldsSelectCommand
  | FieldsRenameCommand
  | SummarizeCommand
  | SortCommand
  | LimitCommand
  | DedupCommand
  | MakeTimeseriesCommand
  | ExpandCommand
  | LookupCommand
  | JoinCommand
  | AppendCommand
  | ParseCommand;

export interface Query extends Node {
  readonly kind: "query";
  readonly commands: readonly Command[];
}
