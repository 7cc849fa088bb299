// Sök person, Registrera and Personen/ärendet (issue 4, views 3 and 4): register a new synthetic
// person, add a sick certificate, see the stance deadline and the 2-month line, take a stance,
// see the deadline met; errors next to the field (from the browser and from the server); a
// conflict with another user explained; registration by keyboard alone; search; another
// municipality's person is not found.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, logIn, viewDone, rattvag } from "./harness.mjs";

let server;
let browser;
let demo; // The demo journal's events (the same options as startServer's), to pick persons from.
before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const file = path.join(server.dir, "demo.jsonl");
    execFileSync(rattvag, ["demo", "--db", "", "--persons", "200", "--municipalities", "6", "--seed", "1", "--jsonl", file], {
        stdio: "ignore",
    });
    demo = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line));
});
after(async () => {
    await browser?.close();
    await server?.stop();
});

// Synthetic personnummer (serial 980–999, DOMAIN.md §8) that are not in the demo data.
function luhn(nine) {
    let sum = 0;
    for (let i = 0; i < 9; i++) {
        let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
        if (d > 9) d -= 9;
        sum += d;
    }
    return (10 - (sum % 10)) % 10;
}
let serial = 0;
function newPersonnummer() {
    const taken = new Set(demo.map((e) => e.person));
    for (let tries = 0; tries < 1000; tries++) {
        serial++;
        const year = 1975 + (serial % 20);
        const month = String(1 + (serial % 12)).padStart(2, "0");
        const day = String(1 + ((serial * 7) % 28)).padStart(2, "0");
        const nnn = String(980 + ((serial * 3 + process.pid) % 20));
        const nine = `${String(year).slice(2)}${month}${day}${nnn}`;
        const pnr = `${year}${month}${day}${nnn}${luhn(nine)}`;
        if (!taken.has(pnr)) {
            taken.add(pnr);
            return pnr;
        }
    }
    throw new Error("no free personnummer");
}
const dashed = (pnr) => `${pnr.slice(0, 8)}-${pnr.slice(8)}`;
const isoDay = (offset) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });
// Start + 2 calendar months, clamped to the month's end (DOMAIN.md §5.4), computed here on its own.
function plusTwoMonths(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    const month = m + 2;
    const year = y + Math.floor((month - 1) / 12);
    const mm = ((month - 1) % 12) + 1;
    const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
    return `${year}-${String(mm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

// The API from inside the page (its session cookie and CSRF token), for setting up and checking.
async function callApi(page, method, apiPath, body, headers = {}) {
    return page.evaluate(
        async ({ method, apiPath, body, headers }) => {
            const session = await (await fetch("/api/v1/session")).json();
            const answer = await fetch(`/api/v1${apiPath}`, {
                method,
                headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token, ...headers },
                body: body === undefined ? undefined : JSON.stringify(body),
            });
            const text = await answer.text();
            return { status: answer.status, etag: answer.headers.get("ETag"), body: text ? JSON.parse(text) : null };
        },
        { method, apiPath, body, headers },
    );
}

// Picks a radio button the way a user does: by clicking its label (FKUI draws its own circle).
async function choose(scope, name) {
    // Its name starts with the choice; an explanation may follow.
    const radio = scope.getByRole("radio", { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
    const id = await radio.getAttribute("id");
    await scope.locator(`label[for="${id}"]`).click();
    assert.equal(await radio.isChecked(), true, `${name} is chosen`);
}

async function registerByApi(page) {
    const pnr = newPersonnummer();
    const answer = await callApi(page, "POST", "/persons", { personnummer: pnr });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return { pnr, id: answer.body.id };
}

test("register a person, add a certificate, see the stance deadline and line, take a stance", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    const pnr = newPersonnummer();

    // Not there yet: the search says so.
    await page.getByRole("link", { name: "Sök person" }).click();
    await page.getByRole("heading", { level: 1, name: "Sök person" }).waitFor();
    await page.getByLabel("Personnummer").fill(dashed(pnr));
    await page.getByRole("button", { name: "Sök" }).click();
    await page.getByTestId("search-not-found").waitFor();
    await viewDone(page, "person-01-search-not-found");

    await page.getByRole("link", { name: "Registrera", exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: /Registrera/ }).waitFor();
    await viewDone(page, "person-02-register-form");
    await page.getByLabel("Personnummer").fill(pnr);
    await page.getByRole("button", { name: "Registrera" }).click();
    await page.waitForURL(/\/personer\/[^/?]+/);
    assert.ok(!page.url().includes(pnr.slice(0, 8)), "no personnummer in the URL");
    await page.getByTestId("person-notice").filter({ hasText: "registrerad" }).waitFor();
    assert.equal(await page.getByTestId("person-pnr").innerText(), dashed(pnr));
    await viewDone(page, "person-03-registered");
    const id = page.url().split("/personer/")[1].split(/[?#]/)[0];

    // A certificate from 20 days ago, 30 days long, 50 %.
    const from = isoDay(-20);
    const to = isoDay(10);
    await page.getByRole("combobox", { name: /^Händelse/ }).selectOption({ label: "Läkarintyg" });
    await page.getByLabel("Sjukskriven från och med").fill(from);
    await page.getByLabel("Sjukskriven till och med").fill(to);
    await choose(page, "50 %");
    await choose(page.getByTestId("event-form"), "Ja");
    await page.getByRole("button", { name: "Spara" }).click();
    await page.getByTestId("person-notice").filter({ hasText: "Läkarintyg" }).waitFor();

    // What the server stored: one spell with its stance due two months after its start.
    const stored = await callApi(page, "GET", `/persons/${id}`);
    assert.equal(stored.body.spells.length, 1);
    assert.equal(stored.body.spells[0].start, from);
    assert.equal(stored.body.spells[0].stance_due, plusTwoMonths(from));
    // …and what the view shows of it: the open deadline, the line on the axis, the table.
    const row = page.getByTestId("deadline-stance");
    assert.match(await row.innerText(), new RegExp(plusTwoMonths(from)));
    assert.match(await row.innerText(), /Öppen/);
    assert.equal(await page.getByTestId("stance-line").count(), 1);
    assert.match(await page.getByTestId("spell-table").innerText(), new RegExp(`${from} – ${to}`));
    assert.match(await page.getByTestId("timeline").innerText(), /Läkarintyg/);
    await viewDone(page, "person-04-certificate");

    // The deadline's action opens the stance form, which explains every direction.
    await page.getByTestId("act-stance").click();
    await page.getByRole("heading", { level: 3, name: "Ställningstagande" }).waitFor();
    for (const direction of ["Avvakta medicinsk behandling", "Kalla till SIP", "Annat"])
        await page.getByRole("radio", { name: direction }).waitFor({ state: "attached" });
    assert.match(await page.getByTestId("event-form").innerText(), /Försäkringskassan samordnar rehabiliteringen/);
    await viewDone(page, "person-05-stance-form");
    await choose(page, "Remiss till FK för samordnad rehabilitering");
    await page.getByRole("button", { name: "Spara" }).click();
    await page.getByTestId("person-notice").filter({ hasText: "Ställningstagande" }).waitFor();
    assert.match(await page.getByTestId("deadline-stance").innerText(), /Klar/);
    assert.equal(await page.getByTestId("stance-mark").count(), 1);
    const after = await callApi(page, "GET", `/persons/${id}`);
    assert.equal(after.body.spells[0].stance_direction, "fk_coordination");
    assert.equal(after.body.spells[0].stance_date, isoDay(0));
    await viewDone(page, "person-06-stance-taken");

    // Mitt arbete's link for a deadline opens the form that closes it.
    await page.goto(`/personer/${id}?atgard=certificate_running_out`);
    await page.getByRole("heading", { level: 3, name: "Läkarintyg" }).waitFor();
    await page.context().close();
});

test("a bad value is shown next to its field, from the browser and from the server", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    const { id } = await registerByApi(page);
    await page.goto(`/personer/${id}`);
    await page.getByRole("combobox", { name: /^Händelse/ }).selectOption({ label: "Läkarintyg" });

    // Empty and impossible values: FKUI's validation, before anything is sent.
    await page.getByLabel("Sjukskriven från och med").fill("2025-13-45");
    await page.getByRole("button", { name: "Spara" }).click();
    await page.getByText("Formuläret innehåller fel").waitFor();
    assert.match(await page.locator('label[for="ev-sick_certificate-from"]').innerText(), /felaktigt datum/);
    assert.match(await page.locator('label[for="ev-sick_certificate-to"]').innerText(), /Välj ett datum|Fyll i/);
    await viewDone(page, "person-07-client-errors");

    // Valid dates in the wrong order: only the server knows that rule; its answer names `to`.
    await page.getByLabel("Sjukskriven från och med").fill(isoDay(-3));
    await page.getByLabel("Sjukskriven till och med").fill(isoDay(-10));
    await choose(page, "100 %");
    await choose(page.getByTestId("event-form"), "Nej");
    await page.getByRole("button", { name: "Spara" }).click();
    await page.getByTestId("person-alert").waitFor();
    await page.locator('label[for="ev-sick_certificate-to"]').filter({ hasText: "Slutdatumet får inte vara före startdatumet" }).waitFor();
    await viewDone(page, "person-08-server-error");
    const stored = await callApi(page, "GET", `/persons/${id}`);
    assert.equal(stored.body.spells.length, 0, "nothing was stored");

    // Stance "Annat" without a note: the server's rule, shown at the note.
    await page.getByRole("combobox", { name: /^Händelse/ }).selectOption({ label: "Ställningstagande" });
    await choose(page, "Annat");
    await page.getByRole("button", { name: "Spara" }).click();
    await page.locator('label[for="ev-stance_taken-note"]').filter({ hasText: "Beskriv planeringen" }).waitFor();
    await page.context().close();
});

test("a change made by someone else meanwhile is explained, and the case reloaded", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    const { id } = await registerByApi(page);
    await page.goto(`/personer/${id}`);
    await page.getByRole("combobox", { name: /^Händelse/ }).selectOption({ label: "Kartläggningsmöte hållet" });

    // A colleague records an SGI check in another browser, after this page read the case.
    const other = await newPage(browser, server.url);
    await logIn(other, "eb.kontakt");
    const read = await callApi(other, "GET", `/persons/${id}`);
    const changed = await callApi(other, "POST", `/persons/${id}/events`, { type: "sgi_checked", date: isoDay(0), sgi: "zero" }, {
        "If-Match": read.etag,
    });
    assert.equal(changed.status, 201);
    await other.context().close();

    await page.getByRole("button", { name: "Spara" }).click();
    await page.getByTestId("person-alert").filter({ hasText: "Någon annan har ändrat ärendet" }).waitFor();
    // The view shows the colleague's change now, and the form is still there to save again.
    await page.getByTestId("fact-sgi").filter({ hasText: "nollplacerad" }).waitFor();
    assert.match(await page.getByTestId("timeline").innerText(), /SGI kontrollerad/);
    await viewDone(page, "person-09-conflict");
    await page.getByRole("button", { name: "Spara" }).click();
    await page.getByTestId("person-notice").filter({ hasText: "Kartläggningsmöte" }).waitFor();
    const stored = await callApi(page, "GET", `/persons/${id}`);
    assert.deepEqual(
        stored.body.events.map((e) => e.type).filter((t) => t === "sgi_checked" || t === "mapping_meeting_held").sort(),
        ["mapping_meeting_held", "sgi_checked"],
    );
    await page.context().close();
});

test("registration works with the keyboard alone, and the case can be assigned", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    await page.goto("/registrera");
    await page.getByRole("heading", { level: 1, name: /Registrera/ }).waitFor();
    const pnr = newPersonnummer();
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || "");
    // Tab from the top of the page to the personnummer field (a bounded walk).
    let steps = 0;
    while ((await focused()) !== "reg-pnr" && steps++ < 40) await page.keyboard.press("Tab");
    assert.equal(await focused(), "reg-pnr");
    await page.keyboard.type(pnr);
    await page.keyboard.press("Tab"); // the date of identification (today by default)
    assert.equal(await focused(), "reg-date");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "reg-eb-start");
    await page.keyboard.press("Tab"); // the source: a radio group, moved in with the arrow keys
    await page.keyboard.press("ArrowDown");
    assert.equal(await focused(), "reg-source-mapping");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "Registrera");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/personer\//);
    await page.getByTestId("person-pnr").filter({ hasText: dashed(pnr) }).waitFor();
    assert.match(await page.getByTestId("timeline").innerText(), /Kartläggning av ärendena/);
    // "Tilldela mig", by keyboard too.
    await page.getByTestId("assign-me").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("fact-assignee").filter({ hasText: "Eva Bergström" }).waitFor();
    await viewDone(page, "person-10-keyboard-registered");
    // Registering the same person again points to the case.
    await page.goto("/registrera");
    await page.getByLabel("Personnummer").fill(pnr);
    await page.getByRole("button", { name: "Registrera" }).click();
    await page.getByTestId("register-exists").getByRole("link", { name: "Öppna ärendet" }).waitFor();
    await viewDone(page, "person-11-already-registered");
    await page.context().close();
});

test("search finds the unit's person; another municipality's person is not found", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    const { pnr, id } = await registerByApi(page);
    await page.goto("/sok");
    // The 10-digit form is accepted too.
    await page.getByLabel("Personnummer").fill(`${pnr.slice(2, 8)}-${pnr.slice(8)}`);
    await page.getByRole("button", { name: "Sök" }).click();
    await page.waitForURL(new RegExp(`/personer/${id}$`));
    await page.getByTestId("person-pnr").filter({ hasText: dashed(pnr) }).waitFor();

    // A wrong check digit is caught in the browser.
    await page.goto("/sok");
    const wrong = `${pnr.slice(0, 11)}${(Number(pnr[11]) + 1) % 10}`;
    await page.getByLabel("Personnummer").fill(wrong);
    await page.getByRole("button", { name: "Sök" }).click();
    await page.locator('label[for="search-pnr"]').filter({ hasText: "Kolla att personnumret stämmer" }).waitFor();
    await viewDone(page, "person-12-search-bad-pnr");

    // A person of Laholm (1381) exists in the demo data, but Halmstad's EB sees nothing of it.
    const inHalmstad = new Set(demo.filter((e) => e.municipality === "1380").map((e) => e.person));
    const elsewhere = demo.find((e) => e.type === "target_group_identified" && !inHalmstad.has(e.person)).person;
    await page.getByLabel("Personnummer").fill(elsewhere);
    await page.getByRole("button", { name: "Sök" }).click();
    await page.getByTestId("search-not-found").waitFor();
    await viewDone(page, "person-13-other-municipality");
    // …nor can it register that person.
    await page.goto("/registrera");
    await page.getByLabel("Personnummer").fill(elsewhere);
    await page.getByRole("button", { name: "Registrera" }).click();
    await page.locator('label[for="reg-pnr"]').filter({ hasText: "kan inte registreras av din enhet" }).waitFor();
    // A case id of nothing the user may see: the same "not found".
    await page.goto("/personer/finns-inte");
    await page.getByTestId("person-not-found").waitFor();
    await viewDone(page, "person-14-not-found");
    await page.context().close();
});

test("FK sees the case under the person's consent and records only FK's events", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    const { pnr, id } = await registerByApi(eb);
    const consent = await callApi(eb, "POST", `/persons/${id}/consents`, { parties: ["fk"], purpose: "samordnad rehabilitering" });
    assert.equal(consent.status, 201, JSON.stringify(consent.body));

    const fk = await newPage(browser, server.url);
    await logIn(fk, "fk.handlaggare");
    await fk.goto("/sok");
    await fk.getByLabel("Personnummer").fill(pnr);
    await fk.getByRole("button", { name: "Sök" }).click();
    await fk.waitForURL(new RegExp(`/personer/${id}$`));
    await fk.getByTestId("fact-consents").filter({ hasText: "FK" }).waitFor();
    // FK's own event types only; the owner's tools are not offered.
    const offered = await fk.getByRole("combobox", { name: /^Händelse/ }).locator("option").allInnerTexts();
    assert.ok(offered.includes("SGI kontrollerad") && offered.includes("Beslut om förmån"), offered.join());
    assert.ok(!offered.includes("Ställningstagande") && !offered.includes("Läkarintyg"), offered.join());
    assert.equal(await fk.getByTestId("assign-me").count(), 0);
    assert.equal(await fk.getByRole("link", { name: "Loggutdrag" }).count(), 0);
    await fk.getByRole("combobox", { name: /^Händelse/ }).selectOption({ label: "SGI kontrollerad" });
    await choose(fk, "SGI finns");
    await fk.getByRole("button", { name: "Spara" }).click();
    await fk.getByTestId("person-notice").filter({ hasText: "SGI kontrollerad" }).waitFor();
    await viewDone(fk, "person-15-fk-with-consent");
    await fk.context().close();

    // The owner sees what FK recorded.
    await eb.goto(`/personer/${id}`);
    await eb.getByTestId("fact-sgi").filter({ hasText: "SGI finns" }).waitFor();
    await eb.context().close();
});

test("every event type's form is accepted by the server", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    const { id } = await registerByApi(page);
    await page.goto(`/personer/${id}`);
    const select = page.getByRole("combobox", { name: /^Händelse/ });
    await select.waitFor();
    const offered = (await select.locator("option").allInnerTexts()).filter((t) => t !== "Välj händelse");
    // In an order the case's rules allow (a callback needs its referral, an end its start…).
    const order = [
        "Kartläggningsmöte hållet", "Läkarintyg", "Ställningstagande", "Remiss till FK skickad", "FK har tagit återkontakt",
        "Samordnad rehabilitering påbörjad", "Avstämningsmöte hållet", "FK har bedömt om personen är redo",
        "Samordnad rehabilitering avslutad", "SIP-möte hållet", "Arbetsförmåga bedömd", "Ansökan om förmån",
        "Beslut om förmån", "SGI kontrollerad", "Identifierad i målgruppen", "Ekonomiskt bistånd avslutat",
        "Ekonomiskt bistånd påbörjat",
    ];
    // The consent view's, and Enkäter's (answers to a questionnaire are entered there).
    const elsewhere = ["Samtycke givet", "Samtycke återkallat", "Enkätsvar"];
    assert.deepEqual([...offered].sort(), [...order, ...elsewhere].sort(), "an EB caseworker records every type");
    const form = page.getByTestId("event-form");
    for (const type of order) {
        await select.selectOption({ label: type });
        await form.getByRole("heading", { level: 3, name: type }).waitFor();
        // Fill what the form asks, as a user would: the first choice of every group (choices
        // may reveal more fields, so look again), the first option of every list, dates today.
        for (let round = 0; round < 3; round++) {
            for (const input of await form.locator("fieldset").evaluateAll((sets) =>
                sets.map((s) => s.querySelector("input")?.id).filter((x) => x),
            )) {
                const box = form.locator(`#${input}`);
                if (!(await box.isChecked())) await form.locator(`label[for="${input}"]`).click();
            }
            for (const list of await form.locator("select").all()) {
                if (!(await list.inputValue())) await list.selectOption({ index: 1 });
            }
            for (const field of await form.locator('input[inputmode="numeric"]').all()) {
                if (!(await field.inputValue())) await field.fill(isoDay(0));
            }
        }
        if (type === "Ställningstagande") await form.getByLabel(/^Anteckning/).fill("Planeringen gjord tillsammans.");
        await form.getByRole("button", { name: "Spara" }).click();
        await page.getByTestId("person-notice").filter({ hasText: type }).waitFor();
    }
    const stored = await callApi(page, "GET", `/persons/${id}`);
    const types = new Set(stored.body.events.map((e) => e.type));
    assert.equal(types.size, order.length, [...types].join());
    await viewDone(page, "person-16-every-event");
    await page.context().close();
});
