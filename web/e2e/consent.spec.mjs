// Samtycke and Loggutdrag (issue 4, views 6 and 8): EB gives a consent to FK and FK gains access
// to the case; EB limits it and revokes it and FK loses access at once; the log extract lists
// FK's reads as disclosures under the consent's id, pages, and prints.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, logIn, viewDone, screenshot } from "./harness.mjs";

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

// A Halmstad person of the demo journal whom no consent in force lets FK see (bounded search
// over the unit's work list, through the API with EB's cookies).
async function personWithoutConsent(page) {
    const list = await page.request.get("/api/v1/worklist?scope=unit&limit=200");
    assert.equal(list.status(), 200);
    const ids = [...new Set((await list.json()).items.map((i) => i.person_id))];
    for (const id of ids.slice(0, 100)) {
        const answer = await (await page.request.get(`/api/v1/persons/${id}/consents`)).json();
        if (answer.can_see.length === 1 && answer.consents.length === 0) return { id, pnr: answer.person };
    }
    throw new Error("no Halmstad person without consents in the demo journal");
}

const fkStatus = async (fk, id) => (await fk.request.get(`/api/v1/persons/${id}`)).status();

test("EB gives, limits and revokes a consent; FK gains and loses access; the log extract shows the disclosures", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    const fk = await newPage(browser, server.url);
    await logIn(fk, "fk.handlaggare");
    const person = await personWithoutConsent(eb);
    assert.equal(await fkStatus(fk, person.id), 404, "FK sees nothing without a consent");

    await eb.goto(`/personer/${person.id}/samtycke`);
    await eb.getByRole("heading", { level: 1, name: "Samtycke" }).waitFor();
    assert.equal(await eb.getByTestId("consent-person").innerText(), `${person.pnr.slice(0, 8)}-${person.pnr.slice(8)}`);
    const canSee = eb.getByTestId("can-see").locator("li");
    assert.equal(await canSee.count(), 1);
    assert.match(await canSee.first().innerText(), /Ekonomiskt bistånd.*äger ärendet.*\(kommun 1380\)/);
    await viewDone(eb, "consent-01-none");

    // An empty form: each field says what is missing, before anything is sent.
    const give = eb.getByTestId("give-form");
    await give.getByRole("button", { name: "Registrera samtycket" }).click();
    await eb.getByTestId("give-error-parties").waitFor();
    assert.match(await eb.getByTestId("give-error-parties").innerText(), /Välj minst en part/);
    await viewDone(eb, "consent-02-empty");

    // The server's refusal of an end in the past, next to its field. By keyboard: Space ticks a
    // party, Enter in a text field sends the form.
    await give.getByLabel("Försäkringskassan").press("Space");
    await give.getByLabel("Regionen (hälso- och sjukvården)").press("Space");
    await give.getByLabel("Syfte").fill("Samordnad rehabilitering");
    await give.getByLabel("Gäller till (valfritt)").fill("2020-01-01");
    await give.getByLabel("Gäller till (valfritt)").press("Enter");
    await eb.getByTestId("give-error-until").filter({ hasText: "får inte vara före den dag samtycket gavs" }).waitFor();
    await viewDone(eb, "consent-03-until-refused");
    assert.equal(await fkStatus(fk, person.id), 404, "nothing was stored");

    await give.getByLabel("Gäller till (valfritt)").fill("");
    await give.getByRole("button", { name: "Registrera samtycket" }).click();
    await eb.getByTestId("consent-notice").filter({ hasText: "är registrerat" }).waitFor();
    await canSee.nth(2).waitFor();
    const parties = await eb.getByTestId("can-see").locator("li").evaluateAll((lis) => lis.map((li) => li.dataset.party));
    assert.deepEqual(parties, ["eb", "fk", "region"]);
    assert.match(await canSee.nth(1).innerText(), /Försäkringskassan.*Samordnad rehabilitering \(samtycke c-\w+, tills vidare\)/);
    const first = await eb.getByTestId("consents-in-force").locator("tbody tr").first().getAttribute("data-consent");
    await viewDone(eb, "consent-04-given");

    // FK may now read the case, under that consent; and sees who can see it (not the give form).
    assert.equal(await fkStatus(fk, person.id), 200);
    await fk.goto(`/personer/${person.id}/samtycke`);
    await fk.getByTestId("can-see").waitFor();
    assert.equal(await fk.getByTestId("give-form").count(), 0);
    await viewDone(fk, "consent-05-fk-sees");
    // Enough reads for the log extract to page (50 a page).
    for (let i = 0; i < 50; i++) assert.equal(await fkStatus(fk, person.id), 200);

    // Limit: the region leaves; an end in the past is refused next to its field first.
    await eb.getByRole("button", { name: `Begränsa samtycke ${first}` }).click();
    const limit = eb.getByTestId("limit-form");
    await limit.getByLabel("Nytt slutdatum (valfritt)").fill("2020-01-01");
    await limit.getByRole("button", { name: "Spara begränsningen" }).click();
    await eb.getByTestId("limit-error-until").filter({ hasText: "i dag eller senare" }).waitFor();
    await viewDone(eb, "consent-06-limit-refused");
    await limit.getByLabel("Nytt slutdatum (valfritt)").fill("");
    await limit.getByLabel("Regionen (hälso- och sjukvården)").press("Space");
    assert.equal(await limit.getByLabel("Regionen (hälso- och sjukvården)").isChecked(), false);
    await limit.getByRole("button", { name: "Spara begränsningen" }).click();
    await eb.getByTestId("consent-notice").filter({ hasText: "är begränsat" }).waitFor();
    // The list is read again after the notice: wait for the narrower consent to head it.
    await eb.waitForFunction((old) => {
        const row = document.querySelector("[data-test=consents-in-force] tbody tr");
        return row !== null && row.getAttribute("data-consent") !== old;
    }, first);
    const limited = await eb.getByTestId("consents-in-force").locator("tbody tr").first().getAttribute("data-consent");
    assert.notEqual(limited, first);
    assert.deepEqual(await eb.getByTestId("can-see").locator("li").evaluateAll((lis) => lis.map((li) => li.dataset.party)), ["eb", "fk"]);
    assert.match(await eb.getByTestId("consents-history").locator(`tr[data-consent="${first}"]`).innerText(), /Återkallat/);
    await viewDone(eb, "consent-07-limited");
    // The FHIR export link: the same two consents as Consent resources, the limited one active.
    const fhirLink = eb.getByRole("link", { name: "Ladda ner samtyckena som FHIR (JSON)" });
    assert.equal(await fhirLink.getAttribute("download"), "samtycken-fhir.json");
    const fhirAnswer = await eb.request.get(await fhirLink.getAttribute("href"));
    assert.equal(fhirAnswer.status(), 200);
    assert.match(fhirAnswer.headers()["content-type"], /^application\/fhir\+json/);
    const fhirBundle = await fhirAnswer.json();
    assert.equal(fhirBundle.resourceType, "Bundle");
    const fhirStatus = Object.fromEntries(fhirBundle.entry.map((e) => [e.resource.id, e.resource.status]));
    assert.deepEqual(fhirStatus, { [first]: "inactive", [limited]: "active" });
    assert.ok(!JSON.stringify(fhirBundle).includes(person.pnr), "no personnummer in the export");
    assert.equal(await fkStatus(fk, person.id), 200, "FK keeps access under the narrower consent");
    const region = await newPage(browser, server.url);
    await logIn(region, "region.rehab");
    assert.equal(await fkStatus(region, person.id), 404, "the region lost access at once");
    await region.context().close();

    // Revoke, after a confirmation.
    await eb.getByRole("button", { name: `Återkalla samtycke ${limited}` }).click();
    const dialog = eb.getByRole("dialog");
    await dialog.getByText("Återkalla samtycket?").waitFor();
    await viewDone(eb, "consent-08-revoke-confirm");
    await dialog.getByRole("button", { name: "Återkalla" }).click();
    await eb.getByTestId("consent-notice").filter({ hasText: "är återkallat" }).waitFor();
    // The notice comes first, the list read again after it: wait until only the owner is left.
    await eb.waitForFunction(() => document.querySelectorAll('[data-test="can-see"] li').length === 1);
    assert.equal(await eb.getByTestId("can-see").locator("li").count(), 1);
    await viewDone(eb, "consent-09-revoked");
    assert.equal(await fkStatus(fk, person.id), 404, "FK lost access at once");
    await fk.goto(`/personer/${person.id}/samtycke`);
    await fk.getByText("Uppgiften finns inte").waitFor();

    // The log extract: FK's reads are disclosures under the consents' ids, 50 a page.
    await eb.getByRole("link", { name: "Loggutdrag" }).click();
    await eb.getByRole("heading", { level: 1, name: "Loggutdrag" }).waitFor();
    const log = eb.getByTestId("log");
    await log.waitFor();
    const disclosure = log.locator(`tbody tr[data-action="read_person"][data-ground="consent:${first}"]`).first();
    const row = await disclosure.evaluate((tr) => [...tr.cells].map((c) => c.innerText.trim()));
    assert.match(row[1], /\S/, "who");
    assert.match(row[2], /Försäkringskassan/);
    assert.match(row[3], /Personlig handläggare FK/);
    assert.match(row[4], /Läste ärendet/);
    assert.equal(row[5], `Samtycke ${first}`);
    assert.equal(row[6], "Utlämnande till Försäkringskassan");
    assert.ok((await log.locator(`tbody tr[data-ground="consent:${limited}"]`).count()) >= 1, "a read under the limited consent");
    // The refused read after the revocation is there too, with no ground.
    assert.ok((await log.locator('tbody tr[data-action="read_person"][data-ground="none"]').count()) >= 1);
    assert.match(await eb.getByText("Sida 1 av").innerText(), /Sida 1 av [2-9]/);
    const visible = await log.locator("tbody tr:visible").count();
    assert.equal(visible, 50);
    await viewDone(eb, "log-01-extract");
    await eb.getByRole("button", { name: "Nästa" }).click();
    await eb.getByText("Sida 2 av").waitFor();
    await viewDone(eb, "log-02-page-2");

    // Only the disclosures.
    await eb.getByLabel("Visa bara utlämnanden").check();
    const grounds = await log.locator("tbody tr:visible").evaluateAll((trs) => trs.map((tr) => tr.dataset.ground));
    assert.ok(grounds.length > 0 && grounds.every((g) => g.startsWith("consent:")));
    await eb.getByLabel("Visa bara utlämnanden").uncheck();

    // Printing: the button prints, and the print media hides the menu and shows every entry.
    await eb.evaluate(() => {
        window.printed = 0;
        window.print = () => (window.printed += 1);
    });
    await eb.getByTestId("print").click();
    assert.equal(await eb.evaluate(() => window.printed), 1);
    await eb.emulateMedia({ media: "print" });
    assert.equal(await eb.locator("header.rv-header").isVisible(), false);
    assert.equal(await eb.getByTestId("print").isVisible(), false);
    assert.equal(await log.locator("tbody tr:visible").count(), await log.locator("tbody tr").count());
    await screenshot(eb, "log-03-print");
    await viewDone(eb, "log-03-print");
    await eb.emulateMedia({ media: "screen" });

    // FK may not take the extract (it is the owner's to give).
    await fk.goto(`/personer/${person.id}/logg`);
    await fk.getByText("Uppgiften finns inte").waitFor();
    await eb.context().close();
    await fk.context().close();
});
