// What every end-to-end test shares: a fresh demo journal and `rattvag serve --web` on a free
// loopback port, Debian's Chromium through playwright-core (no browser is downloaded), login
// as a demo user, axe-core on every view, a screenshot of every step.
//
// Environment (set by ctest, CMakeLists.txt): RATTVAG (the binary), RATTVAG_WEB (web/dist),
// E2E_OUT (where screenshots go; default web/e2e/screenshots).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium, selectors } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

// The views mark what tests look for with data-test="…".
selectors.setTestIdAttribute("data-test");

const here = path.dirname(fileURLToPath(import.meta.url));
export const rattvag = process.env.RATTVAG ?? path.resolve(here, "../../build/rattvag");
export const webDist = process.env.RATTVAG_WEB ?? path.resolve(here, "../dist");
export const outDir = process.env.E2E_OUT ?? path.resolve(here, "screenshots");
export const password = "demo-lösenord-2026";

// A demo journal (`rattvag demo --users`: every role's demo user, README) and the server on it.
// Returns { url, dir, db, stop() }. The server is killed by stop(), and at the latest after
// `limitSeconds` so that a hung test cannot leave it behind.
export async function startServer({ persons = 200, limitSeconds = 300 } = {}) {
    const dir = mkdtempSync(path.join(tmpdir(), "rattvag-e2e-"));
    const db = path.join(dir, "journal.db");
    execFileSync(rattvag, ["demo", "--db", db, "--persons", String(persons), "--municipalities", "6", "--seed", "1", "--users"], {
        stdio: ["ignore", "ignore", "inherit"],
    });
    const server = spawn(rattvag, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--web", webDist], {
        stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise((resolve, reject) => {
        let seen = "";
        const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 15_000);
        server.stdout.on("data", (chunk) => {
            seen += chunk;
            const match = /listening on (http:\/\/[^\s]+)/.exec(seen);
            if (match) {
                clearTimeout(timer);
                resolve(match[1]);
            }
        });
        server.on("exit", (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
    });
    const killer = setTimeout(() => server.kill("SIGKILL"), limitSeconds * 1000);
    killer.unref();
    return {
        url,
        dir,
        db,
        async stop() {
            clearTimeout(killer);
            if (server.exitCode === null) {
                const exited = new Promise((resolve) => server.on("exit", resolve));
                server.kill("SIGTERM");
                await exited;
            }
            rmSync(dir, { recursive: true, force: true });
        },
    };
}

// Debian's Chromium, headless, with the flags this machine needs (no network but loopback).
export async function launchBrowser() {
    return chromium.launch({
        executablePath: "/usr/bin/chromium",
        headless: true,
        args: [
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
        ],
    });
}

// A page in a Swedish browser context of its own (its own cookies: one user per context).
export async function newPage(browser, baseURL) {
    const context = await browser.newContext({ locale: "sv-SE", timezoneId: "Europe/Stockholm", baseURL });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
        // A 4xx the test provokes is logged by Chromium as a failed resource; that is expected.
        if (message.type() === "error" && !/Failed to load resource/.test(message.text())) problems.push(message.text());
    });
    page.problems = problems;
    return page;
}

export async function logIn(page, username) {
    await page.goto("/logga-in");
    await page.getByLabel("Användarnamn").fill(username);
    await page.getByLabel("Lösenord").fill(password);
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/logga-in"));
}

// axe-core with the WCAG 2.1 A and AA rules on the page as it is now: no violation allowed.
export async function checkAccessibility(page, view) {
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const found = results.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("; ")}`,
    );
    assert.deepEqual(found, [], `axe found violations on ${view}`);
    return results.passes.length;
}

export async function screenshot(page, name) {
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
}

// Everything a view step checks: no script error, axe clean, a screenshot.
export async function viewDone(page, name) {
    await screenshot(page, name);
    await checkAccessibility(page, name);
    assert.deepEqual(page.problems, [], `errors in the browser console on ${name}`);
}
