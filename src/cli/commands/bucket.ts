// `vigil bucket` and `vigil route`: buckets with retention, and the routing rules that fill them.
import { type Command, InvalidArgumentError } from "commander";
import { ROUTING_OPERATORS, type RoutingOperator } from "../../store/routing.js";
import { write } from "../output.js";
import { addStoreOption, type StoreOptions, withStore } from "../store-option.js";
import type { CliIo } from "./map.js";

const days = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError("must be a whole number of days");
  return parsed;
};

export function registerBucket(program: Command, io: CliIo): void {
  const bucket = program
    .command("bucket")
    .description(
      "List, create, update and delete buckets (where events are stored, and for how long).",
    );
  addStoreOption(bucket.command("list").description("List buckets.")).action(
    async (options: StoreOptions) => {
      process.exitCode = await withStore(options, io, async ({ events: store }) => {
        for (const b of await store.listBuckets()) {
          await write(
            io.stdout,
            `${b.name.padEnd(40)} ${String(b.retentionDays).padStart(5)} days${b.builtIn ? "  built-in" : ""}${b.displayName ? `  ${b.displayName}` : ""}\n`,
          );
        }
        return 0;
      });
    },
  );
  addStoreOption(
    bucket
      .command("create")
      .description(
        "Create a custom bucket: 3-100 characters of a-z 0-9 _ -, starting with a letter, not default_ or dt_.",
      )
      .argument("<name>")
      .requiredOption("--retention-days <n>", "1 to 3657", days)
      .option("--display-name <text>"),
  ).action(
    async (
      name: string,
      options: StoreOptions & { retentionDays: number; displayName?: string },
    ) => {
      process.exitCode = await withStore(options, io, async ({ events: store }) => {
        const created = await store.createBucket(name, options.retentionDays, options.displayName);
        await write(io.stdout, `created bucket ${created.name} (${created.retentionDays} days)\n`);
        return 0;
      });
    },
  );
  addStoreOption(
    bucket
      .command("update")
      .description("Change a bucket's retention or display name.")
      .argument("<name>")
      .option("--retention-days <n>", "1 to 3657", days)
      .option("--display-name <text>"),
  ).action(
    async (
      name: string,
      options: StoreOptions & { retentionDays?: number; displayName?: string },
    ) => {
      process.exitCode = await withStore(options, io, async ({ events: store }) => {
        const updated = await store.updateBucket(name, {
          retentionDays: options.retentionDays,
          displayName: options.displayName,
        });
        await write(io.stdout, `updated bucket ${updated.name} (${updated.retentionDays} days)\n`);
        return 0;
      });
    },
  );
  addStoreOption(
    bucket
      .command("delete")
      .description("Delete a custom bucket and its events (built-in buckets cannot be deleted).")
      .argument("<name>")
      .requiredOption("--yes", "confirm deleting the bucket's events"),
  ).action(async (name: string, options: StoreOptions) => {
    process.exitCode = await withStore(options, io, async ({ events: store }) => {
      const { deletedEvents } = await store.deleteBucket(name);
      await write(io.stdout, `deleted bucket ${name} and its ${deletedEvents} events\n`);
      return 0;
    });
  });

  const route = program
    .command("route")
    .description(
      "Routing rules: a condition on an event field sends matching events to a bucket (first match wins).",
    );
  addStoreOption(
    route.command("list").description("List routing rules in the order they run."),
  ).action(async (options: StoreOptions) => {
    process.exitCode = await withStore(options, io, async ({ events: store }) => {
      for (const rule of await store.listRoutingRules()) {
        await write(
          io.stdout,
          `${rule.position}\t${rule.name}\t${rule.field} ${rule.operator} ${JSON.stringify(rule.values)} → ${rule.bucket}\n`,
        );
      }
      return 0;
    });
  });
  addStoreOption(
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
      .option("--position <n>", "run order (lower first)", days),
  ).action(
    async (
      name: string,
      options: StoreOptions & {
        field: string;
        operator: RoutingOperator;
        value: string[];
        bucket: string;
        position?: number;
      },
    ) => {
      process.exitCode = await withStore(options, io, async ({ events: store }) => {
        const rule = await store.addRoutingRule({
          name,
          field: options.field,
          operator: options.operator,
          values: options.value,
          bucket: options.bucket,
          position: options.position,
        });
        await write(io.stdout, `added rule ${rule.name} at position ${rule.position}\n`);
        return 0;
      });
    },
  );
  addStoreOption(
    route.command("remove").description("Remove a routing rule.").argument("<name>"),
  ).action(async (name: string, options: StoreOptions) => {
    process.exitCode = await withStore(options, io, async ({ events: store }) => {
      await store.removeRoutingRule(name);
      await write(io.stdout, `removed rule ${name}\n`);
      return 0;
    });
  });
}
