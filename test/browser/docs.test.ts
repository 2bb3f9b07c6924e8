import { mkdir, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { tempDataDir } from "../support/local-api";
import { ensureChromium, INSTALL_TIMEOUT_MS, launchChromium, type Browser } from "./chromium";

/**
 * The interactive API reference in a real browser (Chromium or Chrome, see chromium.ts) driven by playwright-core
 * against the local server (real handler modules, embedded store, development issuer). A user's
 * path through Swagger UI: open /api/v1/docs, authorize with a token, try "Create a bucket" and
 * "List all buckets", read the rendered responses.
 */

const SCREENSHOT = fileURLToPath(new URL("../../test-results/docs-page.png", import.meta.url));
const FAILURE_SCREENSHOT = fileURLToPath(new URL("../../test-results/docs-page-failure.png", import.meta.url));

/** Bounded waits for page elements and API round trips (a cold page parses a 1.7 MB bundle). */
const UI_TIMEOUT_MS = 15_000;
const STEP_TIMEOUT_MS = 30_000;

/** Valid S3 name (lowercase letters, digits, hyphens; 3–63), unique per run. */
const bucket = `docs-ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

let dataDir: { dir: string; remove(): Promise<void> } | undefined;
let server: LocalServer | undefined;
let browser: Browser | undefined;
let page: Page;
let origin: string;
let token: string;
let screenshotSaved = false;
/** Why the browser or server could not be started; every test reports it (failed, never skipped). */
let setupError: unknown;

/** Everything the page did, checked at the end. */
const requests: { url: string; method: string; authorization: string | undefined }[] = [];
const consoleErrors: string[] = [];
const pageErrors: string[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
}, INSTALL_TIMEOUT_MS + 60_000);

/** Vitest marks the tests of a failed beforeAll "skipped": fail each of them with the cause instead. */
function requireSetUp(): void {
  if (setupError) throw setupError;
}

async function setUp(): Promise<void> {
  await ensureChromium();
  dataDir = await tempDataDir();
  server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir: dataDir.dir, auth: "dev" });
  origin = new URL(server.url).origin;
  // Short-lived: the token is visible on the page (curl example) while the test runs.
  token = await server.devIssuer!.mint({ lifetimeSeconds: 300 });

  browser = await launchChromium();
  const { context } = browser;
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  context.on("request", (request) => {
    requests.push({ url: request.url(), method: request.method(), authorization: request.headers()["authorization"] });
  });
  // The CSP report event, forwarded out of the page through a binding (works under the page's CSP).
  await context.exposeFunction("__reportCspViolation", (text: string) => cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
}

afterAll(async () => {
  try {
    if (!screenshotSaved && page && !page.isClosed()) {
      await mkdir(dirname(FAILURE_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: FAILURE_SCREENSHOT, fullPage: true, timeout: 10_000 }).catch(() => undefined);
    }
  } finally {
    await browser?.close();
    await server?.close();
    await dataDir?.remove();
  }
}, 30_000);

function operation(id: "createBucket" | "listBuckets"): Locator {
  return page.locator(`#operations-Buckets-${id}`);
}

/** Swagger UI's rendering of the live response: status cell and the pretty-printed JSON body. */
async function renderedResponse(op: Locator): Promise<{ status: string; body: unknown }> {
  const row = op.locator(".live-responses-table tbody tr.response");
  const status = (await row.locator(".response-col_status").innerText()).trim();
  const body = await row.locator(".response-col_description .highlight-code pre").innerText();
  return { status, body: JSON.parse(body) as unknown };
}

async function execute(op: Locator, path: string, method: string): Promise<void> {
  // try-it-out is on by default (tryItOutEnabled): its button would toggle it off, so only Execute.
  // Swagger UI sends documented query defaults (max_buckets=1000), so the query is not compared.
  const answered = page.waitForResponse((res) => res.url().split("?")[0] === `${origin}${path}` && res.request().method() === method, {
    timeout: UI_TIMEOUT_MS,
  });
  await op.locator("button.execute").click();
  await answered;
  await op.locator(".live-responses-table tbody .response-col_status").waitFor();
}

describe("docs page (Swagger UI) in chromium", () => {
  it("renders the reference from the served OpenAPI document", { timeout: STEP_TIMEOUT_MS }, async () => {
    requireSetUp();
    const response = await page.goto(`${origin}/api/v1/docs`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe("rahcp S3 Buckets API reference");
    await operation("listBuckets").waitFor();
    await expect(operation("listBuckets").locator(".opblock-summary-description").innerText()).resolves.toBe("List all buckets");
    await expect(operation("createBucket").locator(".opblock-summary-description").innerText()).resolves.toBe("Create a bucket");
    expect(requests.some((r) => r.url === `${origin}/api/v1/openapi.json`)).toBe(true);
  });

  it("authorizes with a token from the development issuer", { timeout: STEP_TIMEOUT_MS }, async () => {
    requireSetUp();
    const openDialog = page.locator(".auth-wrapper button.authorize");
    await expect(openDialog.getAttribute("class")).resolves.toContain("unlocked");
    await openDialog.click();
    const modal = page.locator(".modal-ux");
    // Two ways in: the OAuth2 client credentials flow (listing the scopes) and a pasted bearer token.
    const oauth2 = modal.locator(".auth-container", { hasText: "oauth2 (OAuth2, clientCredentials)" });
    await expect(oauth2.innerText()).resolves.toContain("buckets:admin");
    const bearer = modal.locator(".auth-container", { hasText: "bearerAuth" });
    await bearer.locator("input").fill(token);
    await bearer.locator("button.authorize").click();
    await bearer.locator("h6", { hasText: "Authorized" }).waitFor();
    await modal.locator("button.btn-done").first().click();
    await modal.waitFor({ state: "detached" });
    await expect(openDialog.getAttribute("class")).resolves.toMatch(/\blocked\b/);
    // Session-only: nothing of the token is stored in the browser.
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }) + JSON.stringify({ ...window.sessionStorage }));
    expect(stored).not.toContain(token.slice(-20));
    expect(stored).not.toContain("authorized");
  });

  it("executes \"Create a bucket\": 201 and the created bucket rendered", { timeout: STEP_TIMEOUT_MS }, async () => {
    requireSetUp();
    const op = operation("createBucket");
    await op.locator(".opblock-summary").click();
    await op.locator("textarea.body-param__text").fill(JSON.stringify({ bucket }));
    await execute(op, "/api/v1/buckets", "POST");

    const rendered = await renderedResponse(op);
    expect(rendered.status).toBe("201");
    expect(rendered.body).toEqual({ status: "created", bucket });
    // The page sent the token it was given (the 201 also proves the server accepted it).
    const post = requests.find((r) => r.method === "POST" && r.url === `${origin}/api/v1/buckets`);
    expect(post?.authorization === `Bearer ${token}`).toBe(true);
  });

  it("executes \"List all buckets\": 200 with the new bucket rendered", { timeout: STEP_TIMEOUT_MS }, async () => {
    requireSetUp();
    const op = operation("listBuckets");
    await op.locator(".opblock-summary").click();
    await execute(op, "/api/v1/buckets", "GET");

    const rendered = await renderedResponse(op);
    expect(rendered.status).toBe("200");
    const listed = rendered.body as { buckets: { name: string; creation_date: string | null }[] };
    expect(listed.buckets.map((b) => b.name)).toContain(bucket);
    const created = listed.buckets.find((b) => b.name === bucket);
    expect(Number.isNaN(Date.parse(created?.creation_date ?? ""))).toBe(false);

    // Artifact: the whole page with Authorize locked and both live results. The documented
    // (example) responses and the schema list are hidden first: expanded, they make the picture
    // 10,000 px tall. Through the CSSOM, which the page's CSP allows (an injected <style> it blocks).
    await page.evaluate((selector) => {
      for (const element of document.querySelectorAll<HTMLElement>(selector)) element.style.display = "none";
    }, "table.responses-table:not(.live-responses-table), section.models");
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await rm(FAILURE_SCREENSHOT, { force: true });
    await page.screenshot({
      path: SCREENSHOT,
      fullPage: true,
      // The curl example repeats the bearer token: keep it out of the artifact.
      mask: [page.locator(".curl-command")],
      maskColor: "#3b4151",
    });
    screenshotSaved = true;
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(10_000);
  });

  it("forgets the token when the page reloads (session-only, persistAuthorization off)", { timeout: STEP_TIMEOUT_MS }, async () => {
    requireSetUp();
    await page.reload({ waitUntil: "load" });
    await operation("listBuckets").waitFor();
    await expect(page.locator(".auth-wrapper button.authorize").getAttribute("class")).resolves.toContain("unlocked");
  });

  it("loaded and called nothing but its own origin, with no console errors or CSP violations", () => {
    requireSetUp();
    expect(requests.length).toBeGreaterThan(5); // page, CSS, bundle, initializer, document, API calls
    const elsewhere = requests.filter((r) => new URL(r.url).origin !== origin).map((r) => r.url);
    expect(elsewhere).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
