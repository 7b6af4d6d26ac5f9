// Settings › Microsoft Defender for Cloud in headless Chromium against a real server consuming the local Event Hubs
// stand-in: create a connection through the dialog (tested first), watch its events and the ingest chart fill,
// pause, resume, delete with the server's Azure clean-up commands, and the server's error for a wrong string.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventHubProducerClient } from "@azure/event-hubs";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/api/server.js";
import { ServerConfigSchema } from "../../src/config/server-config.js";
import { startEventHubsEmulator } from "../../src/dev/event-hubs-emulator/index.js";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { CHROMIUM_LAUNCH, ensureWebBuild } from "./ui-server.js";

const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");
const HUB = "defender-export";
const NAME = "defender-e2e";
const RECORDS = 200;

type Emulator = Awaited<ReturnType<typeof startEventHubsEmulator>>;

interface ConnectionJson {
  id: string;
  name: string;
  status: string;
  eventsLast24h: number;
  partitions: { lastCheckpointedSequenceNumber?: number }[];
}

describe("Settings › Microsoft Defender for Cloud with the Event Hubs stand-in", {
  timeout: 60_000,
}, () => {
  let emulator: Emulator;
  let server: RunningServer;
  let token: string;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const connections = async (): Promise<ConnectionJson[]> => {
    const response = await fetch(`${server.url}/api/v1/connections`, {
      headers: { authorization: `Api-Token ${token}` },
    });
    return ((await response.json()) as { connections: ConnectionJson[] }).connections;
  };
  const row = (): Locator => page.locator("table.connections tbody tr", { hasText: NAME });
  const openForm = async () => {
    await page.getByRole("button", { name: "Configure new connection" }).first().click();
    await page.getByRole("button", { name: "Next: connect Vigil" }).click();
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureWebBuild();
    // Connection secrets are encrypted with this key: it must be set before the server starts.
    process.env.VIGIL_SECRET_KEY = randomBytes(32).toString("base64");
    const dataDir = mkdtempSync(join(tmpdir(), "vigil-ui-eh-"));
    const config = ServerConfigSchema.parse({
      port: 0,
      dataDir,
      logLevel: "silent",
      connectionReconcileIntervalMs: 300,
      eventHubsUpdateIntervalMs: 500,
      maintenanceIntervalMinutes: 0,
    });
    [emulator, browser] = await Promise.all([
      startEventHubsEmulator({ port: 0, hubs: [{ name: HUB, partitions: 2 }] }),
      chromium.launch(CHROMIUM_LAUNCH),
    ]);
    server = await startServer(config, () => new Date(), false);
    token = readFileSync(join(dataDir, "admin-token"), "utf8").trim();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await emulator?.stop();
  });

  it("signs in, tests and creates a connection to the stand-in, and lists it as running", async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Microsoft Defender for Cloud" }).waitFor();
    await page.getByText("No connections yet").waitFor();

    await openForm();
    const dialog = page.getByRole("dialog", { name: "Configure new connection" });
    await dialog.getByLabel("Connection name").fill(NAME);
    await dialog
      .getByLabel("Connection string", { exact: true })
      .fill(emulator.connectionString(HUB));
    // Step 1's names carried over: the hub and Vigil's own consumer group.
    expect(await dialog.getByLabel("Event hub").inputValue()).toBe(HUB);
    expect(await dialog.getByLabel("Consumer group").inputValue()).toBe("vigil");
    await dialog.getByLabel("Start from").selectOption("earliest");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await expect
      .poll(() => dialog.getByRole("status").textContent(), { timeout: 20_000 })
      .toBe("Connected: the event hub has 2 partitions.");
    await shot("10-connection-tested");

    await dialog.getByRole("button", { name: "Create connection" }).click();
    await dialog.waitFor({ state: "hidden", timeout: 20_000 });
    await row().waitFor();
    expect(await row().locator(".badge").textContent()).toBe("Running");
    expect(await row().textContent()).toContain(`${HUB} · vigil`);
    const [created] = await connections();
    expect(created).toMatchObject({ name: NAME, status: "running", startPosition: "earliest" });
  });

  it("shows the connection's events and fills the ingest chart as Defender records arrive", async () => {
    const producer = new EventHubProducerClient(emulator.connectionString(HUB));
    let batch = await producer.createBatch();
    for (const record of generateDefenderRecords({ records: RECORDS, seed: 3 })) {
      if (!batch.tryAdd({ body: Buffer.from(record.line) })) {
        await producer.sendBatch(batch);
        batch = await producer.createBatch();
        batch.tryAdd({ body: Buffer.from(record.line) });
      }
    }
    await producer.sendBatch(batch);
    await producer.close();

    // Every record checkpointed: the server's count is final, and the table (polling) must show it.
    let stored = 0;
    await expect
      .poll(
        async () => {
          const [connection] = await connections();
          stored = connection?.eventsLast24h ?? 0;
          return (connection?.partitions ?? []).reduce(
            (sum, p) => sum + (p.lastCheckpointedSequenceNumber ?? -1) + 1,
            0,
          );
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(RECORDS);
    expect(stored).toBeGreaterThan(RECORDS);
    const events = row().locator("td.num").first();
    await expect
      .poll(async () => Number((await events.textContent())?.replaceAll(/\D/g, "")), {
        timeout: 20_000,
      })
      .toBe(stored);
    await row()
      .getByRole("button", { name: /2 partitions, lag 0/ })
      .click();
    expect(await row().locator("table.mini tbody tr").count()).toBe(2);

    const chart = page.getByRole("img", { name: "Ingested events over time" });
    await chart.waitFor({ timeout: 20_000 });
    // Hover the latest bucket: the tooltip names the connection and its events there.
    const box = await chart.boundingBox();
    if (box === null) throw new Error("the chart has no box");
    await page.mouse.move(box.x + box.width - 14, box.y + box.height / 2);
    const tooltip = page.getByRole("tooltip");
    await tooltip.waitFor();
    const latest = new RegExp(`${NAME}: ([\\d,.\\s]+)`).exec((await tooltip.textContent()) ?? "");
    expect(Number(latest?.[1]?.replaceAll(/\D/g, ""))).toBeGreaterThan(0);
    await shot("11-connection-ingesting");
    await page.mouse.move(0, 0);
  });

  it("pauses and resumes the connection from the table", async () => {
    await row().getByRole("button", { name: "Pause" }).click();
    await expect
      .poll(() => row().locator(".badge").textContent(), { timeout: 15_000 })
      .toBe("Paused");
    expect((await connections())[0]?.status).toBe("paused");
    await shot("12-connection-paused");
    await row().getByRole("button", { name: "Resume" }).click();
    await expect
      .poll(() => row().locator(".badge").textContent(), { timeout: 15_000 })
      .toBe("Running");
    await row().getByRole("button", { name: "Pause" }).waitFor();
    // The resumed consumer reclaims its partitions first: the API says running once it has.
    await expect
      .poll(async () => (await connections())[0]?.status, { timeout: 30_000 })
      .toBe("running");
  });

  it("deletes it, shows the server's Azure clean-up commands, and the empty state again", async () => {
    await row().getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: `Delete connection “${NAME}”` });
    await confirm.waitFor();
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === "DELETE" && r.url().includes("/api/v1/connections/"),
      ),
      confirm.getByRole("button", { name: "Delete connection" }).click(),
    ]);
    const { azureCleanup } = (await response.json()) as { azureCleanup: string[] };
    expect(azureCleanup.length).toBeGreaterThan(2);
    const done = page.getByRole("dialog", { name: `Connection “${NAME}” deleted` });
    const commands = done.getByLabel("Azure clean-up commands", { exact: true });
    await commands.waitFor();
    expect(await commands.textContent()).toBe(azureCleanup.join("\n"));
    expect(await commands.textContent()).toContain("--eventhub-name defender-export --name vigil");
    await done.getByLabel("Resource group").fill("security-rg");
    expect(await commands.textContent()).toContain("--resource-group security-rg");
    expect(await commands.textContent()).not.toContain("<resource-group>");
    await shot("13-connection-deleted");
    await done.getByRole("button", { name: "Done" }).click();
    await page.getByText("No connections yet").waitFor();
    expect(await connections()).toEqual([]);
  });

  it("shows the server's error for a connection string that does not reach the hub", async () => {
    await openForm();
    const dialog = page.getByRole("dialog", { name: "Configure new connection" });
    // Malformed: the form says what a connection string looks like before asking the server.
    await dialog.getByLabel("Connection string", { exact: true }).fill("Endpoint=nonsense");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await dialog.getByText("Paste the whole string").waitFor();

    await dialog
      .getByLabel("Connection string", { exact: true })
      .fill(emulator.connectionString("no-such-hub"));
    await dialog.getByLabel("Event hub").fill("no-such-hub");
    const alert = dialog.getByRole("alert");
    // The server's own message, word for word: first from the test, then from create (which tests too).
    for (const [button, path] of [
      ["Test connection", "/api/v1/connections/test"],
      ["Create connection", "/api/v1/connections"],
    ] as const) {
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().method() === "POST" && new URL(r.url()).pathname === path,
          { timeout: 25_000 },
        ),
        dialog.getByRole("button", { name: button }).click(),
      ]);
      expect(response.status()).toBe(400);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toMatch(/^cannot reach event hub no-such-hub on localhost: /);
      await expect.poll(() => alert.textContent()).toBe(error.message);
    }
    await shot("14-connection-wrong-string");
    expect(await connections()).toEqual([]);
  });
});
