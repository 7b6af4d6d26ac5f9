// bucket, route and maintain while a real `vigil serve` process holds the DuckDB file: they go through it and print
// exactly what the same commands print on a store opened directly (no server).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, startServe } from "../helpers/cli-process.js";

const STEPS: ReadonlyArray<{
  args: string[];
  code: number;
  stdout: string | RegExp;
  stderr?: string | RegExp;
}> = [
  {
    args: ["bucket", "create", "team_a", "--retention-days", "30", "--display-name", "Team A"],
    code: 0,
    stdout: "created bucket team_a (30 days)\n",
  },
  {
    args: ["bucket", "update", "team_a", "--retention-days", "90"],
    code: 0,
    stdout: "updated bucket team_a (90 days)\n",
  },
  {
    args: ["bucket", "list"],
    code: 0,
    stdout:
      /^default_securityevents +365 days {2}built-in {2}Default security events\nteam_a +90 days {2}Team A\n$/,
  },
  {
    args: [
      "route",
      "add",
      "acr-team-a",
      "--field",
      "container_image.registry",
      "--operator",
      "equals",
      "--value",
      "teama.azurecr.io",
      "--bucket",
      "team_a",
    ],
    code: 0,
    stdout: "added rule acr-team-a at position 0\n",
  },
  {
    args: [
      "route",
      "add",
      "acr-prefix",
      "--field",
      "container_image.registry",
      "--operator",
      "starts_with",
      "--value",
      "team",
      "--value",
      "tm",
      "--bucket",
      "team_a",
      "--position",
      "5",
    ],
    code: 0,
    stdout: "added rule acr-prefix at position 5\n",
  },
  {
    args: ["route", "list"],
    code: 0,
    stdout:
      '0\tacr-team-a\tcontainer_image.registry equals ["teama.azurecr.io"] → team_a\n5\tacr-prefix\tcontainer_image.registry starts_with ["team","tm"] → team_a\n',
  },
  {
    args: ["bucket", "delete", "team_a", "--yes"],
    code: 1,
    stdout: "",
    stderr:
      /^vigil: bucket team_a is the target of routing rule\(s\) (acr-team-a, acr-prefix|acr-prefix, acr-team-a): remove them first \(BUCKET_IN_USE\)\n$/,
  },
  { args: ["route", "remove", "acr-team-a"], code: 0, stdout: "removed rule acr-team-a\n" },
  {
    args: ["route", "remove", "acr-team-a"],
    code: 1,
    stdout: "",
    stderr: "vigil: no routing rule named acr-team-a (RULE_NOT_FOUND)\n",
  },
  { args: ["route", "remove", "acr-prefix"], code: 0, stdout: "removed rule acr-prefix\n" },
  {
    args: ["bucket", "delete", "team_a", "--yes"],
    code: 0,
    stdout: "deleted bucket team_a and its 0 events\n",
  },
  {
    args: ["maintain"],
    code: 0,
    stdout:
      "retention: 0 events and 0 findings deleted in 1 batches\nsnapshots: 0 runs completed, 0 findings resolved as absent\n",
  },
  {
    args: ["maintain", "--quiet-hours", "12"],
    code: 0,
    stdout:
      "retention: 0 events and 0 findings deleted in 1 batches\nsnapshots: 0 runs completed, 0 findings resolved as absent\n",
  },
];

describe("bucket, route and maintain with a running vigil serve", () => {
  it("go through the server that holds the DuckDB file and print what the direct path prints", async () => {
    const served = mkdtempSync(join(tmpdir(), "vigil-served-"));
    const direct = mkdtempSync(join(tmpdir(), "vigil-direct-"));
    const env = (dataDir: string): NodeJS.ProcessEnv => ({
      ...process.env,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_STORE: "",
      VIGIL_URL: "",
      VIGIL_TOKEN: "",
    });
    const server = await startServe({
      dataDir: served,
      args: ["--log-level", "warn"],
      env: env(served),
    });
    try {
      const { url, token } = server;

      // The server holds the file: opening it from another process is refused (what these verbs hit before).
      const locked = await cli(
        ["bucket", "list", "--store", join(served, "vigil.duckdb")],
        env(direct),
      );
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(/is open in another process/);

      for (const step of STEPS) {
        const [through, alone] = await Promise.all([
          cli(step.args, env(served)),
          cli(step.args, env(direct)),
        ]);
        const what = `vigil ${step.args.join(" ")}`;
        expect(through, what).toEqual(alone);
        expect(through.code, `${what}: ${through.stderr}`).toBe(step.code);
        if (typeof step.stdout === "string") expect(through.stdout, what).toBe(step.stdout);
        else expect(through.stdout, what).toMatch(step.stdout);
        if (step.stderr instanceof RegExp) expect(through.stderr, what).toMatch(step.stderr);
        else expect(through.stderr, what).toBe(step.stderr ?? "");
        if (step.args.join(" ") === "route list" && through.stdout !== "") {
          // The rules are in the server's store, the one the process holds.
          const answer = await fetch(`${url}/api/v1/routing-rules`, {
            headers: { authorization: `Api-Token ${token}` },
          });
          expect(
            ((await answer.json()) as { rules: { name: string }[] }).rules.map((r) => r.name),
          ).toEqual(["acr-team-a", "acr-prefix"]);
        }
      }

      // --url with a token that lacks the scope: the server's refusal, not a store opened behind its back.
      const created = await fetch(`${url}/api/v1/tokens`, {
        method: "POST",
        headers: { authorization: `Api-Token ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "reader", scopes: ["storage:buckets:read"] }),
      });
      const reader = ((await created.json()) as { token: string }).token;
      const refused = await cli(["maintain", "--url", url, "--token", reader], env(direct));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        "vigil: the server answered 403: the token lacks the scope storage:buckets:write\n",
      );
      expect(
        (await cli(["bucket", "list", "--url", url, "--token", reader], env(direct))).code,
      ).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.stderr()).not.toMatch(/Error/);

    // Without the server, the same verbs open its store directly.
    const after = await cli(["bucket", "list"], env(served));
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^default_securityevents +365 days {2}built-in/);
    expect(after.stdout).not.toMatch(/team_a/);
  }, 600_000);
});
