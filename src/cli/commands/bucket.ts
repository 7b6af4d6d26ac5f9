// `vigil bucket` and `vigil route`: buckets with retention, and the routing rules that fill them; through the running server when there is one.
import { type Command, InvalidArgumentError } from "commander";
import type { Bucket } from "../../store/buckets.js";
import { ROUTING_OPERATORS, type RoutingOperator, type RoutingRule } from "../../store/routing.js";
import { write } from "../output.js";
import { callServer, type ServerFlags } from "../server-client.js";
import {
  addServerOptions,
  addStoreOption,
  type StoreOptions,
  withServerOrStore,
} from "../store-option.js";
import type { CliIo } from "./map.js";

type Options = StoreOptions & ServerFlags;

const wholeNumber = (what: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError(`must be a whole number${what}`);
  return parsed;
};
const days = wholeNumber(" of days");

// One formatter per output: the direct path and the path through the server print the same text.
const formatBucket = (b: Bucket) =>
  `${b.name.padEnd(40)} ${String(b.retentionDays).padStart(5)} days${b.builtIn ? "  built-in" : ""}${b.displayName ? `  ${b.displayName}` : ""}\n`;
const formatBucketCreated = (b: Bucket) => `created bucket ${b.name} (${b.retentionDays} days)\n`;
const formatBucketUpdated = (b: Bucket) => `updated bucket ${b.name} (${b.retentionDays} days)\n`;
const formatBucketDeleted = (name: string, deletedEvents: number) =>
  `deleted bucket ${name} and its ${deletedEvents} events\n`;
const formatRule = (rule: RoutingRule) =>
  `${rule.position}\t${rule.name}\t${rule.field} ${rule.operator} ${JSON.stringify(rule.values)} → ${rule.bucket}\n`;
const formatRuleAdded = (rule: RoutingRule) =>
  `added rule ${rule.name} at position ${rule.position}\n`;
const formatRuleRemoved = (name: string) => `removed rule ${name}\n`;

function addTarget(command: Command, scope: "read" | "write"): Command {
  return addServerOptions(addStoreOption(command), `storage:buckets:${scope}`);
}

const path = (collection: string, name: string) =>
  `/api/v1/${collection}/${encodeURIComponent(name)}`;

export function registerBucket(program: Command, io: CliIo): void {
  const bucket = program
    .command("bucket")
    .description(
      "List, create, update and delete buckets (where events are stored, and for how long).",
    );
  addTarget(bucket.command("list").description("List buckets."), "read").action(
    async (options: Options) => {
      const print = async (buckets: readonly Bucket[]) => {
        for (const b of buckets) await write(io.stdout, formatBucket(b));
      };
      await withServerOrStore(
        options,
        io,
        async (server) =>
          print(
            (await callServer<{ buckets: Bucket[] }>(server, "GET", "/api/v1/buckets")).buckets,
          ),
        async ({ events }) => print(await events.listBuckets()),
      );
    },
  );
  addTarget(
    bucket
      .command("create")
      .description(
        "Create a custom bucket: 3-100 characters of a-z 0-9 _ -, starting with a letter, not default_ or dt_.",
      )
      .argument("<name>")
      .requiredOption("--retention-days <n>", "1 to 3657", days)
      .option("--display-name <text>"),
    "write",
  ).action(
    async (name: string, options: Options & { retentionDays: number; displayName?: string }) => {
      await withServerOrStore(
        options,
        io,
        async (server) => {
          const created = await callServer<Bucket>(server, "POST", "/api/v1/buckets", {
            name,
            retentionDays: options.retentionDays,
            displayName: options.displayName,
          });
          await write(io.stdout, formatBucketCreated(created));
        },
        async ({ events }) => {
          const created = await events.createBucket(
            name,
            options.retentionDays,
            options.displayName,
          );
          await write(io.stdout, formatBucketCreated(created));
        },
      );
    },
  );
  addTarget(
    bucket
      .command("update")
      .description("Change a bucket's retention or display name.")
      .argument("<name>")
      .option("--retention-days <n>", "1 to 3657", days)
      .option("--display-name <text>"),
    "write",
  ).action(
    async (name: string, options: Options & { retentionDays?: number; displayName?: string }) => {
      const change = { retentionDays: options.retentionDays, displayName: options.displayName };
      await withServerOrStore(
        options,
        io,
        async (server) =>
          write(
            io.stdout,
            formatBucketUpdated(
              await callServer<Bucket>(server, "PATCH", path("buckets", name), change),
            ),
          ),
        async ({ events }) =>
          write(io.stdout, formatBucketUpdated(await events.updateBucket(name, change))),
      );
    },
  );
  addTarget(
    bucket
      .command("delete")
      .description("Delete a custom bucket and its events (built-in buckets cannot be deleted).")
      .argument("<name>")
      .requiredOption("--yes", "confirm deleting the bucket's events"),
    "write",
  ).action(async (name: string, options: Options) => {
    const print = ({ deletedEvents }: { deletedEvents: number }) =>
      write(io.stdout, formatBucketDeleted(name, deletedEvents));
    await withServerOrStore(
      options,
      io,
      async (server) =>
        print(await callServer<{ deletedEvents: number }>(server, "DELETE", path("buckets", name))),
      async ({ events }) => print(await events.deleteBucket(name)),
    );
  });

  const route = program
    .command("route")
    .description(
      "Routing rules: a condition on an event field sends matching events to a bucket (first match wins).",
    );
  addTarget(
    route.command("list").description("List routing rules in the order they run."),
    "read",
  ).action(async (options: Options) => {
    const print = async (rules: readonly RoutingRule[]) => {
      for (const rule of rules) await write(io.stdout, formatRule(rule));
    };
    await withServerOrStore(
      options,
      io,
      async (server) =>
        print(
          (await callServer<{ rules: RoutingRule[] }>(server, "GET", "/api/v1/routing-rules"))
            .rules,
        ),
      async ({ events }) => print(await events.listRoutingRules()),
    );
  });
  addTarget(
    route
      .command("add")
      .description("Add a routing rule.")
      .argument("<name>")
      .requiredOption("--field <field>", "event field, e.g. container_image.registry")
      .requiredOption("--operator <op>", ROUTING_OPERATORS.join(" | "), (value) => {
        if (!ROUTING_OPERATORS.includes(value as RoutingOperator))
          throw new InvalidArgumentError(`must be one of ${ROUTING_OPERATORS.join(", ")}`);
        return value;
      })
      .option(
        "--value <v>",
        "value to compare with (repeatable)",
        (value: string, all: string[]) => [...all, value],
        [] as string[],
      )
      .requiredOption("--bucket <name>", "target bucket")
      .option("--position <n>", "run order (lower first)", wholeNumber("")),
    "write",
  ).action(
    async (
      name: string,
      options: Options & {
        field: string;
        operator: RoutingOperator;
        value: string[];
        bucket: string;
        position?: number;
      },
    ) => {
      const rule = {
        name,
        field: options.field,
        operator: options.operator,
        values: options.value,
        bucket: options.bucket,
        ...(options.position === undefined ? {} : { position: options.position }),
      };
      await withServerOrStore(
        options,
        io,
        async (server) =>
          write(
            io.stdout,
            formatRuleAdded(
              await callServer<RoutingRule>(server, "POST", "/api/v1/routing-rules", rule),
            ),
          ),
        async ({ events }) => write(io.stdout, formatRuleAdded(await events.addRoutingRule(rule))),
      );
    },
  );
  addTarget(
    route.command("remove").description("Remove a routing rule.").argument("<name>"),
    "write",
  ).action(async (name: string, options: Options) => {
    await withServerOrStore(
      options,
      io,
      async (server) => {
        await callServer(server, "DELETE", path("routing-rules", name));
        await write(io.stdout, formatRuleRemoved(name));
      },
      async ({ events }) => {
        await events.removeRoutingRule(name);
        await write(io.stdout, formatRuleRemoved(name));
      },
    );
  });
}
