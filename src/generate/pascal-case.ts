// Re-keys a sub-assessment line into the PascalCase-with-`$type` form some exports use; values unchanged.

/**
 * A camelCase object key, and whether an object value follows. In valid JSON a `"` followed by
 * `[a-z][A-Za-z0-9]*":` can only be a key: quotes inside strings are escaped, and a string value
 * is never followed by a colon.
 */
const CAMEL_KEY = /"([a-z])([A-Za-z0-9]*)":(\{?)/g;

/** `$type` tags Defender writes on known objects, by their PascalCased key. */
const FIXED_TAGS: Readonly<Record<string, string>> = {
  SubAssessmentEventDataEnrichment: "subAssessmentEventDataEnrichment",
  SecurityEventDataEnrichment: "subAssessmentEventDataEnrichment",
  Properties: "response/subAssessmentProperties",
  Status: "status",
};

/** The same sub-assessment record (one JSON object line) with every key PascalCased and `$type` tags. */
export function pascalCaseLine(line: string): string {
  const source = /"resourceDetails":\{[^{}]*?"source":"([A-Za-z]+)"/.exec(line)?.[1] ?? "Azure";
  const assessed = /"assessedResourceType":"([A-Za-z]+)"/.exec(line)?.[1] ?? "General";
  const tags: Readonly<Record<string, string>> = {
    ...FIXED_TAGS,
    ResourceDetails: `resourceDetails/${source.toLowerCase()}`,
    AdditionalData: `additionalData/${assessed.charAt(0).toLowerCase()}${assessed.slice(1)}`,
  };
  const body = line.replace(CAMEL_KEY, (_match, first: string, rest: string, brace: string) => {
    const key = `${first.toUpperCase()}${rest}`;
    const tag = brace === "" ? undefined : tags[key];
    return tag === undefined ? `"${key}":${brace}` : `"${key}":{"$type":"${tag}",`;
  });
  return `{"$type":"subAssessmentEvent",${body.slice(1)}`;
}
