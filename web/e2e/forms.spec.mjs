// Blanketter (issue 5 item 4): the owning EB caseworker fills in a form in the person view and
// downloads it as a PDF (checked with pdftotext: the written text and the journal's data are in
// it); the server's refusal of a field is shown next to that field; the referral summary is
// offered only under a consent covering FK; other parties see no forms panel. Every form made
// is in the person's log extract.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startServer, launchBrowser, newPage, logIn, viewDone } from "./harness.mjs";

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

// Halmstad persons of the demo journal (bounded search over the unit's work list, through the
// API with EB's cookies): one whom a consent in force covering FK lets FK see, and one without.
async function persons(page) {
    const list = await page.request.get("/api/v1/worklist?scope=unit&limit=200");
    assert.equal(list.status(), 200);
    const ids = [...new Set((await list.json()).items.map((i) => i.person_id))];
    let withFk = null;
    let withoutFk = null;
    for (const id of ids.slice(0, 120)) {
        const answer = await (await page.request.get(`/api/v1/persons/${id}/consents`)).json();
        const fk = answer.can_see.some((c) => c.party === "fk");
        if (fk && !withFk) withFk = { id, pnr: answer.person };
        if (!fk && !withoutFk) withoutFk = { id, pnr: answer.person };
        if (withFk && withoutFk) return { withFk, withoutFk };
    }
    throw new Error("the demo journal lacks a Halmstad person with or without a consent covering FK");
}

// The PDF of a download: its bytes start as a PDF and pdftotext reads its text.
async function pdfText(download) {
    const file = path.join(server.dir, download.suggestedFilename());
    await download.saveAs(file);
    assert.equal(readFileSync(file).subarray(0, 5).toString("latin1"), "%PDF-");
    return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8", timeout: 30_000 });
}

const formatted = (pnr) => `${pnr.slice(0, 8)}-${pnr.slice(8)}`;

test("EB fills in the contact plan by keyboard and downloads it as a PDF; a refused field is marked", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    const { withoutFk } = await persons(eb);
    await eb.goto(`/personer/${withoutFk.id}`);
    await eb.getByRole("heading", { level: 1, name: /Ärendet/ }).waitFor();
    const panel = eb.getByTestId("forms-panel");
    await panel.getByRole("heading", { name: "Blanketter" }).waitFor();
    await viewDone(eb, "forms-01-panel");

    await panel.getByLabel(/^Blankett/).selectOption("kontaktplan");
    await panel.getByRole("heading", { name: "Kontaktplan" }).waitFor();
    // Nothing filled in: FKUI names the missing fields before anything is sent.
    await panel.getByLabel(/^Handläggare/).fill("");
    await panel.getByRole("button", { name: "Skapa PDF" }).click();
    await eb.getByText("Formuläret innehåller fel").waitFor();
    await viewDone(eb, "forms-02-empty");

    // By keyboard: type into each field, Tab to the next.
    await panel.getByLabel("Personens namn").focus();
    await eb.keyboard.type("Åsa Öberg-Ängström");
    await eb.keyboard.press("Tab");
    await eb.keyboard.type("035-13 70 00");
    await panel.getByLabel("Så här håller vi kontakt").fill("Vi ringer varandra varannan vecka; besök på kontoret en gång i månaden.");
    await panel.getByLabel("Hur ofta").fill("Varannan vecka");
    const next = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await panel.getByLabel(/^Nästa kontakt(?!:)/).fill(next);
    await panel.getByLabel(/^Handläggare/).fill("Eva Ek");
    // A phone number the browser lets through but the server refuses: marked at its field.
    await panel.getByLabel("Telefon till handläggaren").fill("ring växeln");
    await panel.getByRole("button", { name: "Skapa PDF" }).click();
    await eb.getByTestId("form-alert").filter({ hasText: "Rätta det markerade fältet" }).waitFor();
    await eb.getByText("Skriv ett telefonnummer med siffror.").waitFor();
    await viewDone(eb, "forms-03-phone-refused");

    await panel.getByLabel("Telefon till handläggaren").fill("035-13 70 00");
    const downloading = eb.waitForEvent("download");
    await panel.getByLabel("Hur ofta").press("Enter");
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^kontaktplan-\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = await pdfText(download);
    for (const part of ["Kontaktplan", "Åsa Öberg-Ängström", formatted(withoutFk.pnr), "Varannan vecka", next, "Sida 1 av"])
        assert.ok(text.includes(part), `${part} in the PDF:\n${text}`);
    await eb.getByTestId("form-notice").filter({ hasText: "Blanketten är skapad" }).waitFor();
    await viewDone(eb, "forms-04-downloaded");

    // Without a consent covering FK the referral summary is not offered.
    await panel.getByLabel(/^Blankett/).selectOption("remissammanfattning");
    await eb.getByTestId("form-consent-missing").waitFor();
    assert.equal(await panel.getByRole("button", { name: "Skapa PDF" }).isDisabled(), true);
    await viewDone(eb, "forms-05-no-consent");

    // The form made is in the person's log extract.
    const log = await (await eb.request.get(`/api/v1/persons/${withoutFk.id}/log`)).json();
    assert.ok(log.entries.some((e) => e.action === "form:kontaktplan" && e.outcome === "allowed"));
    await eb.context().close();
});

test("EB makes the läkarunderlag and the referral summary under a consent; FK sees no forms", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    const { withFk } = await persons(eb);
    await eb.goto(`/personer/${withFk.id}`);
    const panel = eb.getByTestId("forms-panel");
    await panel.getByLabel(/^Blankett/).selectOption("lakarunderlag");
    await panel.getByLabel("Personens namn").fill("Örjan Åkesson");
    await panel.getByLabel("Planerade aktiviteter").fill("Arbetsträning i kommunens café, tre förmiddagar i veckan.");
    await panel.getByLabel("Svårigheter att delta").fill("Yrsel när han står länge.");
    await panel.getByLabel(/^Handläggare/).fill("Eva Ek");
    await panel.getByLabel("Telefon till handläggaren").fill("035-13 70 00");
    await viewDone(eb, "forms-06-lakarunderlag");
    let downloading = eb.waitForEvent("download");
    await panel.getByRole("button", { name: "Skapa PDF" }).click();
    let text = await pdfText(await downloading);
    for (const part of ["Underlag från socialtjänsten till läkare", "Örjan Åkesson", formatted(withFk.pnr), "Yrsel när han står länge.",
        "Läkarens bedömning"])
        assert.ok(text.includes(part), `${part} in the PDF:\n${text}`);

    await panel.getByLabel(/^Blankett/).selectOption("remissammanfattning");
    await panel.getByLabel("Telefon till handläggaren").fill("035-13 70 00");
    await panel.getByLabel("Behov av samordning").fill("Behöver stöd från både vården och Försäkringskassan.");
    downloading = eb.waitForEvent("download");
    await panel.getByRole("button", { name: "Skapa PDF" }).click();
    text = await pdfText(await downloading);
    for (const part of ["Sammanfattning till Försäkringskassan", "samtycke", formatted(withFk.pnr), "Behöver stöd från både vården"])
        assert.ok(text.includes(part), `${part} in the PDF:\n${text}`);
    await viewDone(eb, "forms-07-summary");
    await eb.context().close();

    // FK reads the case under the consent but makes no forms: no panel, and the server refuses.
    const fk = await newPage(browser, server.url);
    await logIn(fk, "fk.handlaggare");
    await fk.goto(`/personer/${withFk.id}`);
    await fk.getByRole("heading", { level: 1, name: /Ärendet/ }).waitFor();
    assert.equal(await fk.getByTestId("forms-panel").count(), 0);
    await fk.context().close();
});
