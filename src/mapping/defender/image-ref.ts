// Finds a record's container image (registry, repository, digest, tags) among the places Defender puts it.
import type { ImageRef } from "./parsed-record.js";
import { distinctTexts, list, text } from "./read-keys.js";
import { missing, RecordRejection } from "./rejection.js";

/** Parts of an image reference `<registry>/<repository>@<digest>` (either part may be absent). */
export interface ReferenceParts {
  readonly registry?: string;
  readonly repository?: string;
  readonly digest?: string;
}

/**
 * Splits a pullable reference (`myreg.azurecr.io/team/app@sha256:…`).
 * @example parseImageReference("r.io/a/b@sha256:00") // → { registry: "r.io", repository: "a/b", digest: "sha256:00" }
 */
export function parseImageReference(reference: string | undefined): ReferenceParts {
  if (reference === undefined) return {};
  const at = reference.indexOf("@");
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const digest = at >= 0 ? text(reference.slice(at + 1)) : undefined;
  const slash = name.indexOf("/");
  if (slash <= 0) return { digest };
  const host = name.slice(0, slash);
  if (!looksLikeHost(host)) return { digest };
  return { registry: host.toLowerCase(), repository: text(name.slice(slash + 1)), digest };
}

/** Reads `/repositories/<repo>/images/sha256:<d>` (2023 ACR resource ids). */
export function parseRepositoryPath(id: string | undefined): ReferenceParts {
  if (id === undefined) return {};
  const match = /\/repositor(?:y|ies)\/(.+?)\/(?:images|imageDigest)\/([^/]+)/i.exec(id);
  if (match === null) return {};
  return { repository: match[1], digest: match[2] };
}

/** ACR login server from an ARM id `…/registries/<name>/…`. */
export function registryFromArmId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const match = /\/registries\/([^/{}\s]+)/i.exec(id);
  return match?.[1] === undefined ? undefined : `${match[1].toLowerCase()}.azurecr.io`;
}

/** Tags from an array or a JSON array inside a string. */
export function readTags(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return distinctTexts(value);
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed === "") return [];
    if (!trimmed.startsWith("[")) return distinctTexts(trimmed.split(","));
    try {
      return distinctTexts(list(JSON.parse(trimmed)));
    } catch {
      throw new RecordRejection(
        "invalid_value",
        "tags",
        `tags is not a JSON array: ${trimmed.slice(0, 80)}`,
      );
    }
  }
  return undefined;
}

/** Candidate values for each part, in order of preference, with the field each came from. */
export interface ImageCandidates {
  readonly registry: readonly (string | undefined)[];
  readonly repository: readonly (string | undefined)[];
  readonly digest: readonly (string | undefined)[];
  readonly tags?: readonly string[];
  /** Field paths named in the rejection when a part is missing. */
  readonly fields: {
    readonly registry: string;
    readonly repository: string;
    readonly digest: string;
  };
}

/** Picks the first candidate of each part; rejects the record naming the field when one is missing. */
export function resolveImage(candidates: ImageCandidates): ImageRef {
  const digest = candidates.digest.find((value) => value !== undefined);
  if (digest === undefined)
    throw missing(candidates.fields.digest, "no image digest in the record");
  const registry = candidates.registry.find((value) => value !== undefined);
  if (registry === undefined)
    throw missing(candidates.fields.registry, "no registry host in the record");
  const repository = candidates.repository.find((value) => value !== undefined);
  if (repository === undefined)
    throw missing(candidates.fields.repository, "no repository in the record");
  const host = registry.toLowerCase();
  const tags = candidates.tags;
  return tags === undefined
    ? { registry: host, repository, digest }
    : { registry: host, repository, digest, tags };
}

function looksLikeHost(segment: string): boolean {
  return segment.includes(".") || segment.includes(":") || segment === "localhost";
}
