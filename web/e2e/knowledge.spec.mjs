// Kunskapsbank (issue 4, view 9): the method's flowchart drawn from the server's rules with its
// text version, the forms and brochures, and the contact list — read-only for a caseworker,
// editable by an administrator (a bad address is refused next to its field, a good one is stored
// and then seen by the caseworker).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, logIn, viewDone } from "./harness.mjs";

let server;
let browser;
before(async () => {
    server = await startServer({ persons: 20 });
    browser = await launchBrowser();
});
after(async () => {
    await browser?.close();
    await server?.stop();
});

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const cap = (text) => text.charAt(0).toLocaleUpperCase("sv-SE") + text.slice(1);

async function api(page, path) {
    const answer = await page.request.get(`${server.url}/api/v1${path}`);
    assert.equal(answer.status(), 200, path);
    return answer.json();
}

test("a caseworker sees the flowchart, its text version, the forms and the contacts, read-only", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    await page.getByRole("link", { name: "Kunskapsbank" }).click();
    await page.getByRole("heading", { level: 1, name: "Kunskapsbank" }).waitFor();
    await page.getByTestId("flowchart").waitFor();
    const method = await api(page, "/method");
    assert.ok(method.steps.length >= 9);
    const chart = page.getByTestId("flowchart");
    const text = page.getByTestId("method-text");
    for (const step of method.steps) {
        // Every step the API names is a node of the chart and an item of the text version.
        await chart.getByRole("button", { name: new RegExp(`^Steg ${step.number}: ${escape(cap(step.title))}`) }).waitFor();
        await text.getByRole("heading", { name: `${step.number}. ${cap(step.title)}` }).waitFor();
    }
    // Every direction of the stance is explained in the text version.
    const directions = await page.getByTestId("directions").locator("li").allInnerTexts();
    assert.equal(directions.length, method.directions.length);
    for (const d of method.directions) assert.ok(directions.some((t) => t.startsWith(d.title)), d.title);
    await viewDone(page, "knowledge-01-method");
    // The deadline rules and who records what, from the same answer.
    await page.getByRole("link", { name: "Tidsfrister och vem som registrerar" }).click();
    await page.getByTestId("deadline-rules").waitFor();
    assert.equal(await page.getByTestId("deadline-rules").locator("tbody tr").count(), method.deadlines.length);
    for (const d of method.deadlines) await page.getByTestId("deadline-rules").getByRole("rowheader", { name: d.title }).waitFor();
    assert.equal(await page.getByTestId("recorded-by").locator("tbody tr").count(), method.transitions.length);
    await viewDone(page, "knowledge-02-deadlines");
    // Forms and brochures: what each is for and where in the method; the referral is done here.
    await page.getByRole("link", { name: "Blanketter och broschyrer" }).click();
    const documents = page.getByTestId("documents");
    await documents.getByRole("heading", { name: /Underlag från socialtjänsten till läkare/ }).waitFor();
    await documents.getByText("Steg 4: Ställningstagande").first().waitFor();
    await documents.getByRole("link", { name: "Skriv en remiss till FK" }).waitFor();
    await viewDone(page, "knowledge-03-documents");
    // The contacts, read-only.
    await page.getByRole("link", { name: "Kontaktlista" }).click();
    const { contacts, editable } = await api(page, "/contacts");
    assert.equal(editable, false);
    assert.ok(contacts.length > 0, "the demo has contacts");
    const fk = contacts.find((c) => c.party === "fk" && c.mailbox);
    await page.getByRole("row", { name: new RegExp(escape(fk.name)) }).getByRole("link", { name: fk.mailbox }).waitFor();
    assert.equal(await page.getByTestId("contact-add").count(), 0);
    assert.equal(await page.getByRole("button", { name: /^Ändra / }).count(), 0);
    assert.equal(await page.getByRole("button", { name: /^Ta bort / }).count(), 0);
    await viewDone(page, "knowledge-04-contacts");
    await page.context().close();
});

test("the flowchart is used with the keyboard: one tab stop, arrows move, Enter shows the step", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    await page.goto("/kunskapsbank");
    await page.getByTestId("flowchart").waitFor();
    // From the help text just above the chart, Tab reaches the first step.
    await page.locator("#flodesschema-hjalp").click();
    await page.keyboard.press("Tab");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.id);
    assert.match(await focused(), /^Steg 1: /);
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    assert.match(await focused(), /^Steg 4: Ställningstagande/);
    await page.keyboard.press("Enter");
    // The step is selected in the chart, and the text version shows it with focus.
    assert.equal(await focused(), "metod-steg-stance");
    await page.locator("#metod-steg-stance.rv-step--selected").waitFor();
    assert.equal(await page.locator('[data-step="stance"][role="button"]').getAttribute("aria-pressed"), "true");
    await viewDone(page, "knowledge-05-keyboard");
    // Back into the chart: still one tab stop, on the step last used; End goes to the last step.
    await page.keyboard.press("Shift+Tab");
    assert.match(await focused(), /^Steg 4: /);
    await page.keyboard.press("End");
    assert.match(await focused(), /^Steg 9: /);
    await page.keyboard.press("Home");
    assert.match(await focused(), /^Steg 1: /);
    await page.context().close();
});

test("an administrator edits a contact: a bad address is refused at its field, a good one is stored", async () => {
    const admin = await newPage(browser, server.url);
    await logIn(admin, "admin");
    await admin.waitForURL(/\/kunskapsbank/); // The administrator's home.
    await admin.getByRole("link", { name: "Kontaktlista" }).click();
    await admin.getByRole("heading", { level: 2, name: "Kontaktlista" }).waitFor();
    const { contacts, editable } = await api(admin, "/contacts");
    assert.equal(editable, true);
    const fk = contacts.find((c) => c.party === "fk" && c.mailbox);
    await admin.getByRole("button", { name: `Ändra ${fk.name}` }).click();
    const form = admin.getByTestId("contact-form");
    await form.waitFor();
    assert.equal(await admin.getByLabel("Funktionsbrevlåda (valfri)").inputValue(), fk.mailbox);
    await viewDone(admin, "knowledge-06-edit");

    // Not an address at all: refused in the browser, at the field.
    const mailbox = admin.getByLabel("Funktionsbrevlåda (valfri)");
    await mailbox.fill("samordning-hos-fk");
    await form.getByRole("button", { name: "Spara" }).click();
    await form.getByText("Formuläret innehåller fel").waitFor();
    assert.equal(await mailbox.getAttribute("aria-invalid"), "true");
    await viewDone(admin, "knowledge-07-refused-in-browser");

    // An address without a domain: the browser lets it through, the server refuses it, and the
    // refusal is shown at the field it names.
    await mailbox.fill("samordning@fk");
    await form.getByRole("button", { name: "Spara" }).click();
    await admin.getByTestId("contact-failure").filter({ hasText: "Funktionsbrevlådan ska vara en e-postadress" }).waitFor();
    // FKUI shows a field's error in its label, so it is read with the field.
    await admin.locator('label[for="kontakt-brevlada"]').getByText("Funktionsbrevlådan ska vara en e-postadress").waitFor();
    assert.equal(await mailbox.getAttribute("aria-invalid"), "true");
    const unchanged = (await api(admin, "/contacts")).contacts.find((c) => c.id === fk.id);
    assert.equal(unchanged.mailbox, fk.mailbox, "nothing was stored");
    await viewDone(admin, "knowledge-08-refused-by-server");

    await mailbox.fill("nollplacerade@fk.example.se");
    await admin.getByLabel("Telefon (valfri)").fill("070-174 06 99");
    await form.getByRole("button", { name: "Spara" }).click();
    await admin.getByTestId("contact-saved").filter({ hasText: "är sparad" }).waitFor();
    await admin.getByRole("row", { name: new RegExp(escape(fk.name)) }).getByRole("link", { name: "nollplacerade@fk.example.se" }).waitFor();
    await viewDone(admin, "knowledge-09-saved");

    // The caseworker sees the new address.
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    await eb.goto("/kunskapsbank?del=kontakter");
    const row = eb.getByRole("row", { name: new RegExp(escape(fk.name)) });
    await row.getByRole("link", { name: "nollplacerade@fk.example.se" }).waitFor();
    await row.getByRole("link", { name: "070-174 06 99" }).waitFor();
    await eb.context().close();
    await admin.context().close();
});
