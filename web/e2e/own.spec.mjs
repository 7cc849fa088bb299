// Mina sidor (issue 5 item 3): the person logs in with their own account (apart from staff),
// reads their consents, takes one back after a confirmation and the party loses access at once,
// reads who has read about them (printable); another person's id is denied and logged; a staff
// session reaches nothing of Mina sidor; the caseworker creates an account and the person
// chooses a password with the one-time code.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, logIn, viewDone, password } from "./harness.mjs";

// The demo persons with an account for Mina sidor (README "Demo logins").
const alva = "19600101-9873";
const bo = "19600101-9907";

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

// A staff page's CSRF token and a JSON call with it, through the context's own cookies.
async function staffCall(page, method, path, data) {
    const csrf = (await (await page.request.get("/api/v1/session")).json()).csrf_token;
    return page.request.fetch(`/api/v1${path}`, { method, headers: { "X-CSRF-Token": csrf }, data });
}
async function caseIdOf(page, pnr) {
    const r = await staffCall(page, "POST", "/persons/search", { personnummer: pnr });
    return r.status() === 200 ? (await r.json()).id : null;
}

async function ownLogIn(page, pnr) {
    await page.goto("/mina-sidor");
    await page.waitForURL(/\/mina-sidor\/logga-in/);
    await page.getByRole("heading", { level: 1, name: "Logga in på Mina sidor" }).waitFor();
    // By keyboard: the fields in order, Enter sends.
    await page.getByLabel("Personnummer").fill(pnr);
    await page.keyboard.press("Tab");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/mina-sidor");
}

test("the person logs in, takes a consent back and the party loses access; the log says who read", async () => {
    const person = await newPage(browser, server.url);
    await person.goto("/mina-sidor");
    await person.waitForURL(/\/mina-sidor\/logga-in/);
    await person.getByRole("heading", { level: 1, name: "Logga in på Mina sidor" }).waitFor();
    // No staff menu on Mina sidor.
    assert.equal(await person.getByRole("navigation", { name: "Huvudmeny" }).count(), 0);
    await viewDone(person, "own-01-login");

    // A wrong password: said plainly, nothing more.
    await person.getByLabel("Personnummer").fill(alva);
    await person.getByLabel("Lösenord").fill("inte mitt lösenord alls");
    await person.getByRole("button", { name: "Logga in" }).click();
    await person.getByTestId("own-login-failure").waitFor();
    assert.equal(await person.getByTestId("own-login-failure").innerText(), "Personnumret eller lösenordet stämmer inte.");
    await viewDone(person, "own-02-wrong");

    await ownLogIn(person, alva);
    await person.getByRole("heading", { level: 1, name: "Hej Alva!" }).waitFor();
    // Alva has a plan (SIP) and a meeting in the demo (own-plan.spec.mjs walks them).
    // The sections appear once each has been asked whether it has something for her.
    await person.getByTestId("own-sections").getByRole("heading", { name: "Vem har läst om mig" }).waitFor();
    assert.deepEqual(await person.getByTestId("own-sections").getByRole("heading").allInnerTexts(), [
        "Min plan",
        "Mina möten",
        "Mina samtycken",
        "Vem har läst om mig",
    ]);
    await viewDone(person, "own-03-home");

    // FK reads Alva's case under her consent.
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    const fk = await newPage(browser, server.url);
    await logIn(fk, "fk.handlaggare");
    const id = await caseIdOf(eb, alva);
    assert.ok(id);
    assert.equal((await fk.request.get(`/api/v1/persons/${id}`)).status(), 200, "FK reads under the consent");

    await person.getByRole("navigation", { name: "Mina sidor" }).getByRole("link", { name: "Mina samtycken" }).click();
    await person.getByRole("heading", { level: 1, name: "Mina samtycken" }).waitFor();
    const canSee = await person.getByTestId("own-can-see").innerText();
    assert.match(canSee, /Försäkringskassan, eftersom du har gett ett samtycke/);
    await viewDone(person, "own-04-consents");

    // Every consent in force, taken back after a confirmation (bounded: the demo has few).
    for (let round = 0; round < 5; round++) {
        const revoke = person.getByRole("button", { name: /^Ta tillbaka samtycket till/ });
        if ((await revoke.count()) === 0) break;
        await revoke.first().click();
        const dialog = person.getByRole("dialog");
        await dialog.getByRole("heading", { name: "Vill du ta tillbaka samtycket?" }).waitFor();
        assert.match(await dialog.innerText(), /får då inte längre se ditt ärende/);
        if (round === 0) await viewDone(person, "own-05-confirm");
        await dialog.getByRole("button", { name: "Ja, ta tillbaka" }).click();
        await person.getByTestId("own-revoked").waitFor();
        if (round === 0) await viewDone(person, "own-06-revoked");
        await person.getByTestId("own-revoked").waitFor({ state: "attached" });
        await person.waitForFunction(() => !document.querySelector("[role=dialog]"));
    }
    await person.getByTestId("own-none").waitFor();
    assert.equal(await person.getByTestId("own-can-see").locator("li").count(), 1, "only the EB unit sees the case now");
    // At once: FK no longer reads the case, and EB's timeline has the revocation.
    assert.equal((await fk.request.get(`/api/v1/persons/${id}`)).status(), 404);
    const events = (await (await eb.request.get(`/api/v1/persons/${id}`)).json()).events.map((e) => e.type);
    assert.ok(events.includes("consent_revoked"));
    await viewDone(person, "own-07-none-left");

    // Who has read about Alva: FK's read under the consent, EB's, her own.
    await person.getByRole("link", { name: "Vem har läst om mig" }).first().click();
    await person.getByRole("heading", { level: 1, name: "Vem har läst om mig" }).waitFor();
    const log = person.getByTestId("own-log");
    await log.getByRole("row").nth(1).waitFor();
    const text = await log.innerText();
    assert.match(text, /Fatima Karlsson \(demo\)[\s\S]*Försäkringskassan[\s\S]*Läste ditt ärende[\s\S]*Ditt samtycke/);
    assert.match(text, /Du själv[\s\S]*Du tog tillbaka ett samtycke/);
    assert.doesNotMatch(text, /read_person|consent:|ownership/, "plain Swedish, no codes");
    await viewDone(person, "own-08-log");
    // Printable: the header is not printed.
    await person.emulateMedia({ media: "print" });
    assert.equal(await person.locator("header").isVisible(), false);
    await person.emulateMedia({ media: "screen" });

    // Logging out ends the session.
    await person.getByTestId("own-logout").click();
    await person.waitForURL(/\/mina-sidor\/logga-in\?utloggad=1/);
    assert.equal((await person.request.get("/api/v1/own/consents")).status(), 401);
});

test("another person's id is denied and logged; a staff session reaches nothing of Mina sidor", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    // A consent of Bo's whose id Alva has not: EB records it for Bo.
    const boId = await caseIdOf(eb, bo);
    const given = await staffCall(eb, "POST", `/persons/${boId}/consents`, { parties: ["af"], purpose: "arbetsträning" });
    assert.equal(given.status(), 201);
    const bosConsent = (await given.json()).consent_id;

    const alvaPage = await newPage(browser, server.url);
    await ownLogIn(alvaPage, alva);
    const csrf = (await (await alvaPage.request.get("/api/v1/own/session")).json()).csrf_token;
    const denied = await alvaPage.request.delete(`/api/v1/own/consents/${bosConsent}`, { headers: { "X-CSRF-Token": csrf } });
    assert.equal(denied.status(), 404);
    // Bo's consent holds.
    const bos = await (await eb.request.get(`/api/v1/persons/${boId}/consents`)).json();
    assert.ok(bos.consents.find((c) => c.consent_id === bosConsent).in_force);
    // Logged, and Alva sees it in her own log.
    await alvaPage.goto("/mina-sidor/vem-har-last");
    await alvaPage.getByTestId("own-log").getByRole("row").nth(1).waitFor();
    const row = alvaPage.getByTestId("own-log").getByRole("row").filter({ hasText: "Du försökte öppna något som inte är ditt" });
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /Nekades/);
    await viewDone(alvaPage, "own-09-denied-logged");
    // EB's log extract of Alva has it too, in the staff's words.
    const alvaId = await caseIdOf(eb, alva);
    const staffLog = await (await eb.request.get(`/api/v1/persons/${alvaId}/log`)).json();
    assert.ok(staffLog.entries.some((e) => e.action === "own_denied" && e.outcome === "denied" && e.party === "person"));

    // The staff session on Mina sidor: not logged in there, nothing of the person's answered.
    assert.equal((await eb.request.get("/api/v1/own/consents")).status(), 401);
    assert.equal((await eb.request.get("/api/v1/own/log")).status(), 401);
    await eb.goto("/mina-sidor/samtycken");
    await eb.waitForURL(/\/mina-sidor\/logga-in/);
    // And the person's session on staff routes.
    assert.equal((await alvaPage.request.get(`/api/v1/persons/${alvaId}`)).status(), 401);
    assert.equal((await alvaPage.request.get("/api/v1/session")).status(), 401);
});

test("the caseworker creates an account; the person chooses a password with the code", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    // A Halmstad person of the work list without an account (bounded).
    const list = await (await eb.request.get("/api/v1/worklist?scope=unit&limit=50")).json();
    let target = null;
    for (const item of list.items.slice(0, 50)) {
        const account = await (await eb.request.get(`/api/v1/persons/${item.person_id}/own-account`)).json();
        if (account.account === null) {
            target = item;
            break;
        }
    }
    assert.ok(target, "a person without an account");
    await eb.goto(`/personer/${target.person_id}`);
    const panel = eb.getByTestId("own-account");
    await panel.getByRole("heading", { name: "Mina sidor för personen" }).waitFor();
    await panel.getByLabel(/Tilltalsnamn/).fill("Dana");
    await panel.getByRole("button", { name: "Skapa konto" }).click();
    await panel.getByTestId("own-account-code").waitFor();
    const code = /Engångskod: ([A-Z0-9-]{14})/.exec(await panel.getByTestId("own-account-code").innerText())[1];
    assert.match(await panel.getByTestId("own-account-status").innerText(), /har inte loggat in ännu/);
    await viewDone(eb, "own-10-caseworker-code");

    const person = await newPage(browser, server.url);
    await person.goto("/mina-sidor/logga-in");
    await person.getByRole("button", { name: /Första gången/ }).click();
    await person.getByLabel("Personnummer").fill(target.personnummer);
    await person.getByLabel("Kod från din handläggare").fill(code.toLowerCase());
    await person.getByLabel("Välj ett lösenord").fill("mitt eget långa lösenord");
    await person.getByLabel("Skriv lösenordet en gång till").fill("mitt eget långa lösenord!");
    await person.getByRole("button", { name: "Spara lösenord och logga in" }).click();
    await person.getByTestId("own-password-problem").waitFor();
    await viewDone(person, "own-11-activate-mismatch");
    await person.getByLabel("Skriv lösenordet en gång till").fill("mitt eget långa lösenord");
    await person.getByRole("button", { name: "Spara lösenord och logga in" }).click();
    await person.waitForURL((url) => url.pathname === "/mina-sidor");
    await person.getByRole("heading", { level: 1, name: "Hej Dana!" }).waitFor();
    await viewDone(person, "own-12-activated");
    // The code is used up: the caseworker sees the account activated.
    await eb.reload();
    await eb.getByTestId("own-account-status").waitFor();
    assert.match(await eb.getByTestId("own-account-status").innerText(), /har valt lösenord/);
});
