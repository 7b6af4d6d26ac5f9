// The web app in headless Chromium against a real, seeded server: sign in, settings, notebook errors and rows, dashboards.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_LAUNCH, ensureWebBuild, startUiServer, type UiServer } from "./ui-server.js";

const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");

const share = (query: string) => `/notebook#q=${Buffer.from(query, "utf8").toString("base64url")}`;

describe("web app", { timeout: 60_000 }, () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureWebBuild();
    [server, browser] = await Promise.all([startUiServer(), chromium.launch(CHROMIUM_LAUNCH)]);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("asks for a token, rejects a wrong one, and signs in with a valid one", async () => {
    await page.goto(`${server.url}/`);
    await page
      .getByLabel("API token")
      .fill("vgl_0000000000000000.wrongwrongwrongwrongwrongwrongwrongwrongwro");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("invalid or revoked");
    await shot("01-sign-in");
    await page.getByLabel("API token").fill(server.adminToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Microsoft Defender for Cloud" }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === "vigil_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Strict");
  });

  it("shows the Defender settings page with the ingest chart, the empty connections state and templates", async () => {
    await page.getByText("No connections yet").waitFor();
    await page.locator(".chart svg").first().waitFor();
    // The keyboard picks a point in time: the tooltip shows it, the slider names it for screen readers.
    const scrub = page.getByRole("slider", { name: "Ingested events over time: point in time" });
    await scrub.focus();
    await page.keyboard.press("ArrowLeft");
    const tooltip = page.getByRole("tooltip");
    await tooltip.waitFor();
    expect(await scrub.getAttribute("aria-valuetext")).toContain(
      (await tooltip.locator(".tooltip-time").textContent()) ?? "no tooltip time",
    );
    await scrub.blur();
    await tooltip.waitFor({ state: "detached" });
    expect(await page.getByRole("heading", { name: "Try our templates" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Configure new connection" }).first().click();
    const commands = await page.getByLabel("Azure setup commands", { exact: true }).textContent();
    expect(commands).toContain(
      "az eventhubs namespace create --resource-group 'vigil-rg' --name 'vigil-defender-ns'",
    );
    expect(commands).toContain("az security automation create");
    await page.getByLabel("Event Hubs namespace").fill("contoso-sec");
    expect(await page.getByLabel("Azure setup commands", { exact: true }).textContent()).toContain(
      "--name 'contoso-sec'",
    );
    await shot("02-settings-new-connection");
    await page.getByRole("button", { name: "Cancel" }).click();
    await shot("02-settings");
  });

  it("underlines a query error at its position, then runs a correct query into rows", async () => {
    await page.goto(`${server.url}${share("fetch security.events | sumarize count()")}`);
    await page.locator(".cm-content").click();
    await page.keyboard.press("Control+Enter");
    await page.locator(".query-error").waitFor();
    expect(await page.locator(".query-error").textContent()).toMatch(/Line 1, column \d+/);
    await page.locator(".cm-lintRange-error").first().waitFor();
    expect(await page.locator(".cm-lintRange-error").first().textContent()).toContain("sumarize");
    await shot("03-notebook-error");

    await page.goto(
      `${server.url}${share('fetch security.events | filter event.type == "VULNERABILITY_FINDING" | fields timestamp, vulnerability.id, dt.security.risk.level, container_image.repository')}`,
    );
    await page.getByRole("button", { name: "Run" }).click();
    await page.locator(".rt-row").first().waitFor();
    expect(await page.getByTestId("result-meta").textContent()).toMatch(/\d+ records/);
    expect(await page.locator(".rt-head").allTextContents()).toContain("vulnerability.id");
    // Virtualized: far fewer rows in the DOM than in the result.
    expect(await page.locator(".rt-row").count()).toBeLessThan(80);
    await page.locator(".rt-head", { hasText: "vulnerability.id" }).click();
    const header = page.getByRole("columnheader", { name: "vulnerability.id", exact: true });
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("ascending");
    await shot("03-notebook-rows");

    // The keyboard alone: sort from the header's button, widen the column with its slider, scroll the rows.
    const sortButton = header.getByRole("button");
    await sortButton.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => header.getAttribute("aria-sort")).toBe("descending");
    const width = async () => (await header.boundingBox())?.width ?? 0;
    const before = await width();
    await page.getByRole("slider", { name: "Width of vulnerability.id" }).focus();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press("ArrowRight");
    await expect.poll(width).toBeGreaterThan(before + 20);
    // From the header, the keyboard scrolls the rows: End reaches the last record, still virtualized.
    const table = page.locator(".result-table");
    expect(await table.evaluate((element) => element.scrollTop)).toBe(0);
    const rowCount = Number(await table.locator("table").getAttribute("aria-rowcount"));
    expect(rowCount).toBeGreaterThan(80);
    await sortButton.focus();
    await page.keyboard.press("End");
    await expect
      .poll(() => page.locator(".rt-row").last().getAttribute("aria-rowindex"))
      .toBe(String(rowCount));
    expect(await page.locator(".rt-row").count()).toBeLessThan(80);
  });

  it("fills every tile of the vulnerability dashboard and updates them when a variable changes", async () => {
    await page.goto(`${server.url}/dashboards/container-vulnerability-findings`);
    const tiles = page.locator("[data-tile]");
    await expect.poll(() => tiles.count()).toBeGreaterThan(10);
    await expect
      .poll(() => page.locator('[data-tile][data-state="loading"]').count(), { timeout: 30_000 })
      .toBe(0);
    const failed = await page.locator('[data-tile][data-state="error"]').allTextContents();
    expect(failed).toEqual([]);
    const high = page.locator('[data-tile="high"] .single-number');
    const before = Number((await high.textContent())?.replaceAll(/\D/g, ""));
    expect(before).toBeGreaterThan(0);
    await page.locator("[data-tile=recent-findings] .rt-row").first().waitFor();
    await shot("04-dashboard-vulnerabilities");

    await page.locator('details[data-variable="RiskLevel"] summary').click();
    await page.getByRole("checkbox", { name: "CRITICAL" }).check();
    await expect
      .poll(async () => (await high.textContent())?.trim(), { timeout: 20_000 })
      .toBe("0");
    expect(
      Number(
        (await page.locator('[data-tile="critical"] .single-number').textContent())?.replaceAll(
          /\D/g,
          "",
        ),
      ),
    ).toBeGreaterThan(0);
    await page.locator('details[data-variable="RiskLevel"] summary').click();
    await shot("05-dashboard-variable");
  });

  it("fills the scan coverage dashboard", async () => {
    await page.goto(`${server.url}/dashboards/container-scan-coverage`);
    await expect.poll(() => page.locator("[data-tile]").count()).toBeGreaterThan(5);
    await expect
      .poll(() => page.locator('[data-tile][data-state="loading"]').count(), { timeout: 30_000 })
      .toBe(0);
    expect(await page.locator('[data-tile][data-state="error"]').allTextContents()).toEqual([]);
    await shot("06-dashboard-scan-coverage");
  });
});
