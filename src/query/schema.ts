// The fields a pipeline stage provides: the catalog for security.events (open: undeclared fields readable), else exactly what commands produce.
import { FIELD_CATALOG, FIELDS_BY_NAME } from "../model/field-catalog.js";
import { fieldType, type ValueType } from "./types.js";

export interface SchemaColumn {
  readonly name: string;
  readonly type: ValueType;
  /** A stored event field: left out of a result record when null (the event does not carry it). */
  readonly sparse: boolean;
}

export interface Schema {
  readonly columns: readonly SchemaColumn[];
  /** Undeclared fields may be read (from the events' `extra` JSON). True until fields/summarize/… close it. */
  readonly open: boolean;
}

/** What `fetch security.events` provides. */
export const EVENTS_SCHEMA: Schema = {
  columns: FIELD_CATALOG.map((field) => ({
    name: field.name,
    type: fieldType(field.type),
    sparse: true,
  })),
  open: true,
};

export function findColumn(schema: Schema, name: string): SchemaColumn | undefined {
  return schema.columns.find((column) => column.name === name);
}

/** Replaces same-named columns in place and appends new ones. */
export function withColumns(schema: Schema, added: readonly SchemaColumn[]): Schema {
  const columns = [...schema.columns];
  for (const column of added) {
    const index = columns.findIndex((c) => c.name === column.name);
    if (index >= 0) columns[index] = column;
    else columns.push(column);
  }
  return { columns, open: schema.open };
}

/** Whether `name` is a declared catalog field. */
export function isCatalogField(name: string): boolean {
  return FIELDS_BY_NAME.has(name);
}

/** `container_image.*` → a matcher (only `*` is special). */
export function wildcardMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes("*")) return (name) => name === pattern;
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return (name) => regex.test(name);
}
