// SIP (issue 5 item 1): EB calls a SIP from the person's case, fills in the plan and saves it as
// a new version (refused fields shown first), compares the versions and reads an old one; a
// stale save is refused; AF, invited without the person's consent, sees the invitation and no
// personal data; FK, under a consent, reads the demo's SIP with its two versions.
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

// A Halmstad person of the demo journal without any consent (bounded search over the unit's work
// list, through the API with EB's cookies).
async function personWithoutConsent(page) {
    const list = await page.request.get("/api/v1/worklist?scope=unit&limit=200");
    assert.equal(list.status(), 200);
    const ids = [...new Set((await list.json()).items.map((i) => i.person_id))];
    for (const id of ids.slice(0, 100)) {
        const answer = await (await page.request.get(`/api/v1/persons/${id}/consents`)).json();
        if (answer.consents.length === 0) return { id, pnr: answer.person };
    }
    throw new Error("no Halmstad person without consents in the demo journal");
}

const isoDay = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test("EB calls a SIP, saves the plan as version 2 and compares; AF without consent sees only the invitation", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    const person = await personWithoutConsent(eb);

    // From the case to the person's SIPs.
    await eb.goto(`/personer/${person.id}`);
    await eb.getByTestId("sip-link").click();
    await eb.getByRole("heading", { level: 1, name: "SIP – samordnad individuell plan" }).waitFor();
    await eb.getByTestId("call-form").waitFor();
    await viewDone(eb, "sip-01-person-sips");

    // An empty call: both fields say what is missing.
    const call = eb.getByTestId("call-form");
    await call.getByRole("button", { name: "Kalla till SIP" }).click();
    await eb.getByTestId("call-error-title").waitFor();
    await eb.getByTestId("call-error-invited").waitFor();
    await viewDone(eb, "sip-02-call-empty");

    // A personnummer in the title is refused by the server (invited parties see the title). By
    // keyboard: Space ticks a party, Enter in the title sends the form.
    await call.getByLabel("Försäkringskassan").press("Space");
    await call.getByLabel("Arbetsförmedlingen").press("Space");
    await call.getByLabel("Rubrik").fill(`SIP för ${person.pnr.slice(0, 8)}-${person.pnr.slice(8)}`);
    await call.getByLabel("Rubrik").press("Enter");
    await eb.getByTestId("call-error-title").filter({ hasText: "får inte innehålla namn, personnummer" }).waitFor();
    await viewDone(eb, "sip-03-title-refused");

    await call.getByLabel("Rubrik").fill("SIP kring arbete och hälsa");
    await call.getByLabel("Rubrik").press("Enter");
    await eb.waitForURL(/\/sip\/sip-[0-9a-f]+/);
    await eb.getByRole("heading", { level: 1, name: "SIP kring arbete och hälsa" }).waitFor();
    await eb.getByTestId("sip-notice").waitFor();
    const sipId = new URL(eb.url()).pathname.split("/").pop();
    await viewDone(eb, "sip-04-called");

    // Edit: a goal in the person's words and an intervention; an end before the start is refused.
    await eb.getByTestId("edit-sip").click();
    const form = eb.getByTestId("edit-form");
    await form.getByTestId("add-goal").click();
    await form.getByLabel("Mål 1 (g1)").fill("Jag vill orka gå till gymmet två gånger i veckan.");
    await form.getByTestId("add-intervention").click();
    const iv = form.getByTestId("intervention-0");
    await iv.getByLabel("Beskrivning av insats 1").fill("Arbetsförmågebedömning vid Arbetsmarknadscenter");
    await iv.getByLabel("Ansvarig huvudman").selectOption("ame");
    await iv.getByLabel("Kontaktperson").fill("Amir Mehdi");
    await iv.getByLabel("Startdatum").fill(isoDay(7));
    await iv.getByLabel("Slutdatum (valfritt)").fill(isoDay(1));
    await iv.getByLabel("Mål som insatsen hör till").selectOption("g1");
    await form.getByLabel("Samordnare", { exact: true }).fill("Eva Bergström");
    await form.getByLabel("Uppföljning").fill(isoDay(90));
    await form.getByLabel("Överenskommen den (tomt: utkast)").fill(isoDay(0));
    await form.getByLabel(/Personen samtycker till planen/).press("Space");
    assert.equal(await form.getByLabel(/Personen samtycker till planen/).isChecked(), true);
    await form.getByLabel("Kommentar till versionen").fill("Överenskommen på SIP-mötet");
    await form.getByRole("button", { name: "Spara som ny version" }).click();
    await eb.getByTestId("edit-errors").filter({ hasText: "Insats 1: Slutdatumet får inte vara före startdatumet." }).waitFor();
    assert.match(await eb.getByTestId("intervention-0-error").innerText(), /Slutdatumet får inte vara före startdatumet/);
    await viewDone(eb, "sip-05-edit-refused");
    assert.equal((await (await eb.request.get(`/api/v1/sips/${sipId}`)).json()).versions.length, 1, "nothing was saved");

    await iv.getByLabel("Slutdatum (valfritt)").fill(isoDay(63));
    await form.getByRole("button", { name: "Spara som ny version" }).click();
    await eb.getByTestId("sip-notice").filter({ hasText: "Version 2 är sparad" }).waitFor();
    await eb.getByTestId("sip-plan").waitFor();
    // What the server stored is what was typed.
    const stored = await (await eb.request.get(`/api/v1/sips/${sipId}`)).json();
    assert.equal(stored.latest.number, 2);
    assert.equal(stored.latest.comment, "Överenskommen på SIP-mötet");
    assert.equal(stored.latest.plan.goals[0].text, "Jag vill orka gå till gymmet två gånger i veckan.");
    assert.deepEqual(
        [stored.latest.plan.interventions[0].responsible, stored.latest.plan.interventions[0].end, stored.latest.plan.interventions[0].goal_id],
        ["ame", isoDay(63), "g1"],
    );
    assert.equal(stored.latest.plan.agreed_on, isoDay(0));
    assert.match(await eb.getByTestId("sip-interventions").innerText(), /Arbetsmarknadsenheten.*Amir Mehdi/s);
    assert.equal(await eb.getByTestId("sip-versions").locator("tbody tr").count(), 2);
    await viewDone(eb, "sip-06-saved");

    // The plan to take home: the PDF link downloads version 2 with the person's own words.
    const [pdf] = await Promise.all([eb.waitForEvent("download"), eb.getByTestId("sip-pdf").click()]);
    const pdfFile = path.join(server.dir, "sip-e2e.pdf");
    await pdf.saveAs(pdfFile);
    assert.equal(readFileSync(pdfFile).subarray(0, 5).toString("latin1"), "%PDF-");
    const pdfText = execFileSync("pdftotext", ["-enc", "UTF-8", pdfFile, "-"], { encoding: "utf8", timeout: 30_000 });
    assert.match(pdfText, /gymmet/);
    assert.match(pdfText, /Sida 1 av/);
    const [fhir] = await Promise.all([eb.waitForEvent("download"), eb.getByTestId("sip-fhir").click()]);
    const fhirFile = path.join(server.dir, "sip-e2e.json");
    await fhir.saveAs(fhirFile);
    const bundle = JSON.parse(readFileSync(fhirFile, "utf8"));
    assert.equal(bundle.resourceType, "Bundle");
    assert.ok(bundle.entry.some((e) => e.resource.resourceType === "CarePlan" && e.resource.meta.versionId === "2"));

    // The comparison of versions 1 and 2 (chosen by default): what was added, in words.
    await eb.getByTestId("compare-form").getByRole("button", { name: "Jämför" }).click();
    const changes = eb.getByTestId("sip-changes");
    await changes.waitFor();
    const rows = await changes.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.dataset.kind, tr.innerText]));
    assert.ok(rows.some(([kind, text]) => kind === "added" && /Tillagt/.test(text) && /Mål g1/.test(text) && /gymmet/.test(text)));
    assert.ok(rows.some(([kind, text]) => kind === "added" && /Insats i1/.test(text)));
    assert.ok(rows.some(([kind, text]) => kind === "changed" && /Ändrat/.test(text) && /Samordnare/.test(text) && /Eva Bergström/.test(text)));
    await viewDone(eb, "sip-07-compare");

    // Version 1 as it was: unchanged by the newer one.
    await eb.getByRole("button", { name: "Visa version 1" }).click();
    await eb.getByTestId("older-version").waitFor();
    assert.match(await eb.getByTestId("sip-plan").innerText(), /Inga mål ännu/);
    await viewDone(eb, "sip-08-version-1");

    // A save based on version 2 after someone saved version 3 is refused, and nothing is lost.
    await eb.getByRole("button", { name: "Visa den senaste" }).click();
    await eb.getByTestId("edit-sip").click();
    const csrf = (await (await eb.request.get("/api/v1/session")).json()).csrf_token;
    const other = await eb.request.post(`/api/v1/sips/${sipId}/versions`, {
        headers: { "X-CSRF-Token": csrf, "If-Match": '"2"', "Content-Type": "application/json", Origin: server.url },
        data: { ...stored.latest.plan, comment: "Ändrad på annat håll" },
    });
    assert.equal(other.status(), 201);
    await form.getByLabel("Kommentar till versionen").fill("Min ändring");
    await form.getByRole("button", { name: "Spara som ny version" }).click();
    await eb.getByTestId("edit-errors").filter({ hasText: "Någon annan har sparat en nyare version" }).waitFor();
    await viewDone(eb, "sip-09-conflict");
    assert.equal((await (await eb.request.get(`/api/v1/sips/${sipId}`)).json()).versions.length, 3);

    // AF is invited but has no consent: the invitation, and nothing of the person or the plan.
    const af = await newPage(browser, server.url);
    await logIn(af, "af.handlaggare");
    await af.getByRole("link", { name: "SIP", exact: true }).click();
    await af.getByRole("heading", { level: 1, name: "SIP-inbjudningar" }).waitFor();
    const row = af.getByTestId("sip-invitations").locator("tbody tr", { hasText: "SIP kring arbete och hälsa" }).first();
    assert.match(await row.innerText(), /Endast inbjudan \(inget samtycke\)/);
    await viewDone(af, "sip-10-af-invitations");
    await row.getByRole("link").click();
    await af.getByTestId("sip-invitation").waitFor();
    await af.getByTestId("no-consent-note").waitFor();
    const text = await af.locator("main").innerText();
    for (const secret of [person.pnr.slice(0, 8), "gymmet", "Amir Mehdi", "Eva Bergström", person.id])
        assert.equal(text.includes(secret), false, `AF sees ${secret}`);
    assert.equal(await af.getByTestId("sip-plan").count(), 0);
    await viewDone(af, "sip-11-af-invitation");
    await eb.context().close();
    await af.context().close();
});

test("FK, under the person's consent, reads the demo SIP and what changed between its two versions", async () => {
    const fk = await newPage(browser, server.url);
    await logIn(fk, "fk.handlaggare");
    await fk.goto("/sip-inbjudningar");
    const row = fk.getByTestId("sip-invitations").locator('tbody tr[data-access="full"]').first();
    await row.waitFor();
    assert.match(await row.innerText(), /Samtycke finns/);
    await row.getByRole("link").click();
    await fk.getByTestId("sip-plan").waitFor();
    assert.equal(await fk.getByTestId("sip-versions").locator("tbody tr").count(), 2);
    assert.match(await fk.getByTestId("sip-goals").innerText(), /egna|Jag vill/);
    await viewDone(fk, "sip-12-fk-plan");
    // By keyboard: focus the comparison's button and press Enter.
    await fk.getByTestId("compare-form").getByRole("button", { name: "Jämför" }).focus();
    await fk.keyboard.press("Enter");
    const changes = fk.getByTestId("sip-changes");
    await changes.waitFor();
    assert.ok((await changes.locator('tbody tr[data-kind="added"]').count()) >= 3);
    await viewDone(fk, "sip-13-fk-compare");
    await fk.context().close();
});
