// Dashboard variables: `$Name` in a tile's DQL becomes a filter expression for the selected values (`true` for all).
// No imports: the template tests run this module under Node too.

export interface DashboardVariable {
  readonly name: string;
  readonly label: string;
  /** The DQL expression the variable filters on (a field, or e.g. an `if(…)`). */
  readonly expression: string;
  /** The expression is an array (container_image.tags): any element may match. */
  readonly array?: boolean;
  /** DQL whose first record holds the values (an array field such as `rawValues`, or one value per record). */
  readonly valuesQuery: string | readonly string[];
}

export type Selection = Readonly<Record<string, readonly string[]>>;

/** A DQL string literal. */
export const dqlString = (value: string): string =>
  `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`;

/** The boolean DQL a variable stands for, given its selected values (none selected means no filter). */
export function variableFilter(
  variable: DashboardVariable,
  selected: readonly string[] | undefined,
): string {
  if (selected === undefined || selected.length === 0) return "true";
  const values = `array(${selected.map(dqlString).join(", ")})`;
  return variable.array === true
    ? `iAny(in(${variable.expression}[], ${values}))`
    : `in(${variable.expression}, ${values})`;
}

/** Replaces every `$Name` of a declared variable (longest names first, whole words only). */
export function applyVariables(
  query: string,
  variables: readonly DashboardVariable[],
  selection: Selection,
): string {
  const byName = new Map(variables.map((variable) => [variable.name, variable]));
  return query.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => {
    const variable = byName.get(name);
    return variable === undefined ? whole : `(${variableFilter(variable, selection[name])})`;
  });
}

/** The values a variable offers, from its values query's result records. */
export function variableValues(records: readonly Record<string, unknown>[]): string[] {
  const first = records[0];
  if (first === undefined) return [];
  const list = Object.values(first).find((value) => Array.isArray(value));
  const raw = Array.isArray(list) ? list : records.map((record) => Object.values(record)[0]);
  return [...new Set(raw.filter((value) => value !== null && value !== undefined).map(String))];
}
