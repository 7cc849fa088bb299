// Inloggning, the session-expiry flow, logout, and Mitt arbete (issue 4, views 1 and 2).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, logIn, viewDone, password } from "./harness.mjs";

let server;
let browser;
before(async () => {
    server = await startServer();
    browser = await launchBrowser();
});
after(async () => {
    await browser?.close();
    await server?.stop();
});

test("a wrong password is refused with a message, then the right one logs in", async () => {
    const page = await newPage(browser, server.url);
    await page.goto("/");
    await page.waitForURL(/\/logga-in/);
    await viewDone(page, "login-01-form");
    // An empty form: the fields name what is missing, before anything is sent.
    await page.getByRole("button", { name: "Logga in" }).click();
    await assert.doesNotReject(page.getByText("Formuläret innehåller fel").waitFor());
    await viewDone(page, "login-02-empty");
    await page.getByLabel("Användarnamn").fill("eb.handlaggare");
    await page.getByLabel("Lösenord").fill("fel-lösenord");
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.getByRole("alert").filter({ hasText: "Fel användarnamn, lösenord eller kod" }).waitFor();
    await viewDone(page, "login-03-wrong");
    await page.getByLabel("Lösenord").fill(password);
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.waitForURL(/\/mitt-arbete/); // EB starts on its work
    await page.getByRole("heading", { level: 1, name: "Mitt arbete" }).waitFor();
    assert.match(await page.getByTestId("who").innerText(), /Eva Bergström/);
    await page.context().close();
});

test("Mitt arbete lists the unit's deadlines, most urgent first, each with its action", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    await page.getByTestId("scope-unit").click();
    await page.getByTestId("worklist").waitFor();
    const rows = page.getByTestId("worklist").locator("tbody tr");
    assert.ok((await rows.count()) > 0, "the demo unit has deadlines");
    // Overdue before open, and within each, the earliest due date first (DOMAIN.md §6).
    const cells = await rows.evaluateAll((trs) =>
        trs.map((tr) => ({ status: tr.cells[2].innerText.trim(), due: tr.cells[3].innerText.slice(0, 10) })),
    );
    const rank = (s) => (s === "Försenad" ? 0 : 1);
    for (let i = 1; i < cells.length; i++) {
        const a = cells[i - 1];
        const b = cells[i];
        assert.ok(rank(a.status) < rank(b.status) || (rank(a.status) === rank(b.status) && a.due <= b.due), `row ${i} out of order`);
    }
    for (const action of await rows.locator("td:nth-child(6)").allInnerTexts()) assert.ok(action.trim().length > 0);
    await viewDone(page, "work-01-unit");
    await page.context().close();
});

test("an ended session sends the user to the login page, saying so, and back again", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    await page.getByTestId("scope-unit").click();
    await page.getByTestId("worklist").waitFor();
    // The session ends on the server (as after the idle timeout): drop the cookie.
    await page.context().clearCookies();
    await page.getByTestId("scope-mine").click();
    await page.waitForURL(/\/logga-in/);
    await page.getByTestId("login-notice").filter({ hasText: "Din session har gått ut" }).waitFor();
    // A fresh form: no error before the user has typed anything.
    assert.equal(await page.getByText("Fyll i text").count(), 0);
    await viewDone(page, "login-04-expired");
    await page.getByLabel("Användarnamn").fill("eb.handlaggare");
    await page.getByLabel("Lösenord").fill(password);
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.waitForURL(/\/mitt-arbete\?lista=mina/);
    await page.context().close();
});

test("logout ends the session on the server", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    const cookies = await page.context().cookies();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/logga-in\?utloggad=1/);
    await page.getByTestId("login-notice").filter({ hasText: "Du är utloggad" }).waitFor();
    // The old cookie no longer opens anything.
    const other = await newPage(browser, server.url);
    await other.context().addCookies(cookies);
    const answer = await other.request.get(`${server.url}/api/v1/session`);
    assert.equal(answer.status(), 401);
    await other.context().close();
    await page.context().close();
});
