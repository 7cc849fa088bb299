// Remiss till FK and FK-brevlåda (issue 4, view 5): EB sends an anonymous referral (a valid
// personnummer is refused, a name warns while typing and must be confirmed), FK sees it in its
// mailbox with the due day in working days and records the callback, EB sees it called back,
// and links it to the named case once the person has consented to FK.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
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

// Synthetic (serial 980–999) and Luhn-valid: the server must refuse it in a referral.
const validPnr = "19850312-9804";

test("an anonymous referral: refused with a personnummer, warned about a name, sent, called back by FK, linked", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    await eb.getByRole("link", { name: "Remiss till FK" }).click();
    await eb.getByRole("heading", { level: 1, name: "Remiss till FK" }).waitFor();
    await eb.getByTestId("sent-referrals").or(eb.getByText("Enheten har inte skickat några remisser")).waitFor();
    await viewDone(eb, "referral-01-form");

    const form = eb.getByTestId("referral-form");
    const description = form.getByLabel("Beskrivning");
    const check = eb.getByTestId("personal-data-check");
    // A personnummer: the check says so while typing, and the server refuses the send.
    await description.fill(`Gäller ${validPnr}, sjukskriven sedan två år utan SGI.`);
    await check.getByText("Kan inte skickas").waitFor();
    assert.match(await check.innerText(), new RegExp(`Ett personnummer: ”${validPnr}”`));
    await form.getByLabel("Telefon").fill("035-13 70 00");
    await form.getByRole("button", { name: "Skicka till FK" }).click();
    await eb.getByTestId("error-description").filter({ hasText: "innehåller ett personnummer" }).waitFor();
    await viewDone(eb, "referral-02-personnummer-refused");

    // A name: a warning while typing; the send asks for a confirmation.
    const named = "Vi har träffat Anna Svensson, 40 år, sjukskriven i två år utan SGI. Behöver råd om sjukpenning.";
    await description.fill(named);
    await check.getByText("Troligen ett namn: ”Anna Svensson”").waitFor();
    assert.equal(await eb.getByTestId("error-description").count(), 0, "the old error went with the text");
    await viewDone(eb, "referral-03-name-warning");
    await form.getByRole("button", { name: "Skicka till FK" }).click();
    await eb.getByTestId("error-description").filter({ hasText: "kan innehålla personuppgifter" }).waitFor();
    await viewDone(eb, "referral-04-confirm-needed");
    // Better: take the name out. By keyboard from the text to the send button.
    const anonymous = "Kvinna, 40 år, sjukskriven i två år utan SGI. Behöver råd om sjukpenning.";
    await description.fill(anonymous);
    await eb.waitForFunction(() => !document.querySelector('[data-test="personal-data-check"] li'));
    await description.focus();
    for (let i = 0; i < 12; i++) {
        const focused = await eb.evaluate(() => document.activeElement?.getAttribute("data-test"));
        if (focused === "referral-send") break;
        await eb.keyboard.press("Tab");
    }
    assert.equal(await eb.evaluate(() => document.activeElement?.getAttribute("data-test")), "referral-send");
    await eb.keyboard.press("Enter");
    const sent = eb.getByTestId("referral-sent");
    await sent.waitFor();
    const due = await eb.getByTestId("referral-due").innerText();
    assert.match(due, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(await sent.innerText(), /arbetsdag|i dag/);
    await viewDone(eb, "referral-05-sent");
    const row = eb.getByTestId("sent-referrals").locator("tbody tr", { hasText: anonymous });
    await row.waitFor();
    const id = await row.getAttribute("data-referral");
    assert.match(await row.innerText(), /Väntar på återkontakt/);

    // FK: the mailbox, per municipality, with the due day and the working days left.
    const fk = await newPage(browser, server.url);
    await logIn(fk, "fk.handlaggare");
    await fk.waitForURL(/\/brevlada/);
    const item = fk.locator(`tr[data-referral="${id}"]`);
    await item.waitFor();
    assert.equal(await fk.locator(`[data-municipality="1380"] tr[data-referral="${id}"]`).count(), 1);
    assert.match(await fk.locator('[data-municipality="1380"] h2').innerText(), /Halmstad \(1380\)/);
    const cells = await item.evaluate((tr) => [...tr.cells].map((c) => c.innerText.trim()));
    assert.ok(cells[0].startsWith(due), "the due day EB was told");
    assert.match(cells[0], /arbetsdag|i dag/);
    assert.match(cells[1], /Väntar på återkontakt/);
    assert.equal(cells[3], anonymous);
    assert.match(cells[4], /Eva Bergström/);
    assert.match(cells[4], /035-13 70 00/);
    // Overdue ones before open ones, by due day within each (the server's order).
    const order = await fk.locator('[data-municipality="1380"] tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({ status: tr.cells[1].innerText.trim(), due: tr.cells[0].innerText.slice(0, 10) })),
    );
    for (let i = 1; i < order.length; i++) {
        const rank = (s) => (s.startsWith("Försenad") ? 0 : 1);
        const [a, b] = [order[i - 1], order[i]];
        assert.ok(rank(a.status) < rank(b.status) || (rank(a.status) === rank(b.status) && a.due <= b.due), `row ${i} out of order`);
    }
    await viewDone(fk, "mailbox-01-queue");

    await item.getByRole("button", { name: /Registrera återkontakt/ }).click();
    const dialog = fk.getByRole("dialog");
    await dialog.getByText("Registrera återkontakt?").waitFor();
    await viewDone(fk, "mailbox-02-confirm");
    await dialog.getByRole("button", { name: "Registrera" }).click();
    await fk.getByTestId("mailbox-notice").filter({ hasText: "är registrerad" }).waitFor();
    assert.equal(await item.count(), 0, "called back ones are hidden by default");
    await fk.getByText("Visa även remisser med återkontakt tagen").click();
    await item.waitFor();
    assert.match(await item.innerText(), /Återkontakt tagen/);
    await viewDone(fk, "mailbox-03-called-back");

    // EB sees it called back.
    await eb.reload();
    const called = eb.locator(`tr[data-referral="${id}"]`);
    await called.waitFor();
    assert.match(await called.innerText(), /Återkontakt tagen/);
    await viewDone(eb, "referral-06-called-back");

    // Linking needs the person's consent to FK: first refused, then (after a consent) done.
    const list = await (await eb.request.get("/api/v1/worklist?scope=unit&limit=200")).json();
    let person = null;
    for (const personId of [...new Set(list.items.map((i) => i.person_id))].slice(0, 100)) {
        const answer = await (await eb.request.get(`/api/v1/persons/${personId}/consents`)).json();
        if (answer.consents.length === 0) {
            person = { id: personId, pnr: answer.person };
            break;
        }
    }
    assert.ok(person, "a Halmstad person without consents");
    const pnr = `${person.pnr.slice(0, 8)}-${person.pnr.slice(8)}`;
    await called.getByRole("button", { name: /Koppla remissen/ }).click();
    const link = eb.getByTestId("link-form");
    await link.getByLabel("Personnummer").fill(pnr);
    await link.getByRole("button", { name: "Koppla" }).click();
    await eb.getByTestId("link-error").filter({ hasText: "inget samtycke" }).waitFor();
    await viewDone(eb, "referral-07-link-no-consent");
    // FK still sees nothing of the person.
    assert.equal(await fk.reload().then(() => fk.locator(`tr[data-referral="${id}"] [data-test="person-link"]`).count()), 0);

    await eb.goto(`/personer/${person.id}/samtycke`);
    const give = eb.getByTestId("give-form");
    await give.getByLabel("Försäkringskassan").press("Space");
    await give.getByLabel("Syfte").fill("Samordnad rehabilitering");
    await give.getByRole("button", { name: "Registrera samtycket" }).click();
    await eb.getByTestId("consent-notice").waitFor();
    await eb.goto("/remiss");
    await eb.locator(`tr[data-referral="${id}"]`).getByRole("button", { name: /Koppla remissen/ }).click();
    await eb.getByTestId("link-form").getByLabel("Personnummer").fill(pnr);
    await eb.getByTestId("link-form").getByRole("button", { name: "Koppla" }).click();
    await eb.getByTestId("link-notice").waitFor();
    await eb.locator(`tr[data-referral="${id}"]`).getByRole("link", { name: "Kopplad – öppna" }).waitFor();
    await viewDone(eb, "referral-08-linked");
    // The callback went into the case too.
    const caseAnswer = await (await eb.request.get(`/api/v1/persons/${person.id}`)).text();
    assert.ok(caseAnswer.includes(id), "the referral's events are in the case");

    // FK now sees the way to the case, while the consent is in force.
    await fk.reload();
    await fk.getByText("Visa även remisser med återkontakt tagen").click();
    const personLink = fk.locator(`tr[data-referral="${id}"]`).getByTestId("person-link");
    await personLink.waitFor();
    assert.equal(await personLink.getAttribute("href"), `/personer/${person.id}`);
    await viewDone(fk, "mailbox-04-linked");
    assert.equal((await fk.request.get(`/api/v1/persons/${person.id}`)).status(), 200);
    await eb.context().close();
    await fk.context().close();
});

test("a role without a function mailbox is told so and has no menu entry for it", async () => {
    const region = await newPage(browser, server.url);
    await logIn(region, "region.rehab");
    await region.goto("/brevlada");
    await region.getByRole("heading", { level: 1, name: "FK-brevlåda" }).waitFor();
    await region.getByText("Du har inte behörighet").waitFor();
    await viewDone(region, "mailbox-05-no-mailbox");
    assert.equal(await region.getByRole("link", { name: "FK-brevlåda" }).count(), 0, "not in the region's menu");
    await region.context().close();
});
