// What an AMQP link address names: $cbs, $management, a hub, a partition sender, or a consumer-group receiver.

/** A parsed link address. */
export type LinkAddress =
  | { readonly kind: "cbs" }
  | { readonly kind: "management" }
  | { readonly kind: "hub"; readonly hub: string }
  | { readonly kind: "partition"; readonly hub: string; readonly partitionId: string }
  | {
      readonly kind: "consumer";
      readonly hub: string;
      readonly consumerGroup: string;
      readonly partitionId: string;
    }
  | { readonly kind: "unknown"; readonly address: string };

/**
 * Parses an address as the SDK sends it (`<hub>`, `<hub>/Partitions/<id>`,
 * `<hub>/ConsumerGroups/<group>/Partitions/<id>`, `$cbs`, `$management`, `<hub>/$management`);
 * a leading `amqp[s]://host/` or `sb://host/` is ignored, keywords are case-insensitive.
 */
export function parseLinkAddress(address: string | undefined): LinkAddress {
  const raw = address ?? "";
  const path = raw.replace(/^[a-z]+:\/\/[^/]*\//i, "").replace(/^\/+/, "");
  const parts = path.split("/");
  const last = parts.at(-1)?.toLowerCase();
  if (last === "$cbs" && parts.length === 1) return { kind: "cbs" };
  if (last === "$management" && parts.length <= 2) return { kind: "management" };
  const [hub, first, second, third, fourth] = parts;
  if (hub === undefined || hub === "") return { kind: "unknown", address: raw };
  if (parts.length === 1) return { kind: "hub", hub };
  if (parts.length === 3 && first?.toLowerCase() === "partitions" && second) {
    return { kind: "partition", hub, partitionId: second };
  }
  if (
    parts.length === 5 &&
    first?.toLowerCase() === "consumergroups" &&
    second &&
    third?.toLowerCase() === "partitions" &&
    fourth
  ) {
    return { kind: "consumer", hub, consumerGroup: second, partitionId: fourth };
  }
  return { kind: "unknown", address: raw };
}
