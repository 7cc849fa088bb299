// Enkäter (issue 5 item 5): a paper answer entered by EB's caseworker, refused answers shown
// next to their field, the staff survey answered by FK's caseworker from the keyboard, and the
// results in Uppföljning (in full for EB's manager, small cells hidden for the förbund analyst),
// each checked against what the server stored and answers.
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

async function apiGet(page, path) {
    return page.evaluate(async (p) => (await fetch(p)).json(), path);
}
const survey = (results, name) => results.surveys.find((s) => s.survey === name);

// Picks a radio button of a question the way a user does: by clicking its label (FKUI draws
// its own circle over the input).
async function pick(scope, question, answer) {
    const radio = scope.getByRole("group", { name: question }).getByRole("radio", { name: answer, exact: true });
    await scope.locator(`label[for="${await radio.getAttribute("id")}"]`).click();
    assert.equal(await radio.isChecked(), true, `${answer} is chosen`);
}

test("EB's caseworker enters a paper answer to Indikatorer; bad answers are shown at their field", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    const before = survey(await apiGet(page, "/api/v1/report/surveys"), "indikatorer");
    await page.getByRole("link", { name: "Enkäter" }).click();
    await page.getByRole("heading", { level: 1, name: "Enkäter" }).waitFor();
    await viewDone(page, "surveys-01-start");

    await page.getByLabel("Enkät", { exact: true }).selectOption("indikatorer");
    await pick(page, /mer redo att kunna arbeta/, "Ja");
    await pick(page, /stor nytta/, "Nej");
    await viewDone(page, "surveys-02-paper-filled");
    await page.getByRole("button", { name: "Spara svaret" }).click();
    await page.getByTestId("paper-saved").filter({ hasText: "sparat utan namn" }).waitFor();
    await viewDone(page, "surveys-03-paper-saved");

    // The server counted it: one more answer, one more "ja" on the first question and one more
    // "nej" on the second; nobody answered the third here.
    const after = survey(await apiGet(page, "/api/v1/report/surveys"), "indikatorer");
    assert.equal(after.answers, before.answers + 1);
    assert.equal(after.questions[0].options[0].count, before.questions[0].options[0].count + 1);
    assert.equal(after.questions[1].options[1].count, before.questions[1].options[1].count + 1);
    assert.equal(after.questions[2].n, before.questions[2].n);

    const after0 = await apiGet(page, "/api/v1/report/surveys");
    // A participant answer with a personnummer that is not valid: the error is at the field.
    await page.getByLabel("Enkät", { exact: true }).selectOption("participant");
    await page.getByRole("textbox", { name: /^Personnummer/ }).fill("19850312-0000");
    await pick(page, /planeringen som gjordes/, "Bra");
    await page.getByRole("button", { name: "Spara svaret" }).click();
    await page.getByTestId("paper-person-error").filter({ hasText: "personnumret" }).waitFor();
    await viewDone(page, "surveys-04-paper-bad-person");
    // Nothing answered: refused before sending.
    await page.getByRole("textbox", { name: /^Personnummer/ }).fill("");
    await page.getByLabel("Enkät", { exact: true }).selectOption("staff");
    await page.getByRole("button", { name: "Spara svaret" }).click();
    await page.getByTestId("paper-failure").filter({ hasText: "minst en fråga" }).waitFor();
    // Neither refused answer was stored.
    const last = await apiGet(page, "/api/v1/report/surveys");
    assert.equal(survey(last, "participant").answers, survey(after0, "participant").answers);
    assert.equal(survey(last, "staff").answers, survey(after0, "staff").answers);
    await page.context().close();
});

test("FK's caseworker answers the staff survey from the keyboard; EB's manager sees it in Uppföljning", async () => {
    const fk = await newPage(browser, server.url);
    await logIn(fk, "fk.handlaggare");
    await fk.getByRole("link", { name: "Enkäter" }).click();
    await fk.getByRole("heading", { level: 2, name: /ditt eget svar/ }).waitFor();
    const chef = await newPage(browser, server.url);
    await logIn(chef, "eb.chef");
    const before = survey(await apiGet(chef, "/api/v1/report/surveys"), "staff");

    // Submitting without a municipality: FK serves several, so it must be chosen.
    const own = fk.getByTestId("own-form");
    await own.getByRole("group", { name: /kontakten mellan Försäkringskassan/ }).getByRole("radio", { name: "Bra", exact: true }).focus();
    await fk.keyboard.press("Space");
    await own.getByRole("button", { name: "Skicka mitt svar" }).focus();
    await fk.keyboard.press("Enter");
    await own.getByText("Välj kommun.").waitFor();
    await viewDone(fk, "surveys-05-own-needs-municipality");
    await own.getByLabel(/^Kommun/).selectOption("1380");
    await own.getByRole("button", { name: "Skicka mitt svar" }).focus();
    await fk.keyboard.press("Enter");
    await fk.getByTestId("own-saved").waitFor();
    await viewDone(fk, "surveys-06-own-saved");
    // Once a year: a second answer is refused, with the reason in words.
    await fk.reload();
    await own.getByRole("group", { name: /kontakten mellan Försäkringskassan/ }).getByRole("radio", { name: "Dåligt", exact: true }).focus();
    await fk.keyboard.press("Space");
    await own.getByLabel(/^Kommun/).selectOption("1380");
    await own.getByRole("button", { name: "Skicka mitt svar" }).click();
    await fk.getByTestId("own-failure").filter({ hasText: "redan svarat" }).waitFor();
    await viewDone(fk, "surveys-07-own-twice");
    await fk.context().close();

    const after = survey(await apiGet(chef, "/api/v1/report/surveys"), "staff");
    assert.equal(after.answers, before.answers + 1);
    assert.equal(after.questions[0].options[0].count, before.questions[0].options[0].count + 1);

    // Uppföljning shows the table per question with the API's figures.
    await chef.getByRole("link", { name: "Uppföljning" }).click();
    const row = chef.getByTestId("survey-row-staff-contact");
    await row.waitFor();
    assert.equal(await row.locator("td").first().innerText(), String(after.questions[0].n));
    const share = after.questions[0].share_positive;
    assert.equal((await row.getByTestId("share").innerText()).trim(), `${(share * 100).toFixed(1).replace(".", ",")} %`);
    // Indikatorer: each target's verdict as a badge with words.
    const indikatorer = survey(await apiGet(chef, "/api/v1/report/surveys"), "indikatorer");
    for (const q of indikatorer.questions) {
        const met = await chef.getByTestId(`survey-row-indikatorer-${q.id}`).getByTestId("met").innerText();
        assert.equal(met.trim(), q.met === null ? "Inga svar" : q.met ? "Uppfyllt" : "Inte uppfyllt");
    }
    await chef.getByTestId("survey-results").scrollIntoViewIfNeeded();
    await viewDone(chef, "surveys-07-results-manager");
    await chef.context().close();
});

test("the förbund analyst sees the results with small cells hidden", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "forbund.analys");
    await page.waitForURL(/\/uppfoljning/);
    await page.getByTestId("survey-results").waitFor();
    await page.getByTestId("survey-row-staff-contact").waitFor();
    const api = await apiGet(page, "/api/v1/report/surveys");
    assert.ok(Array.isArray(api.suppressed));
    // Every hidden option count shows as "..", as many as the API hides.
    const hiddenCounts = api.suppressed.filter((p) => /\/options\/\d+\/count$/.test(p)).length;
    const texts = await page.getByTestId("survey-results").locator(".rv-option").allInnerTexts();
    assert.equal(texts.filter((t) => t.endsWith(": ..")).length, hiddenCounts);
    await viewDone(page, "surveys-08-results-analyst");
    // Analysts enter no answers: no menu item.
    assert.equal(await page.getByRole("link", { name: "Enkäter" }).count(), 0);
    await page.context().close();
});
