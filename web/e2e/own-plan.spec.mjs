// Mina sidor (issue 5 items 3 and 5): the demo person with a SIP reads "Min plan" (her own goals
// first, who does what, the next follow-up, the plan to print), "Mina möten" (the coming meeting
// first, who comes), and after an avstämningsmöte answers "Frågor till dig" by keyboard; the
// answer is stored in her case; another person's plan id is denied and logged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, logIn, viewDone, password } from "./harness.mjs";

const alva = "19600101-9873"; // Demo person of Halmstad with a SIP and a meeting.

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

async function staffCall(page, method, path, data, headers = {}) {
    const csrf = (await (await page.request.get("/api/v1/session")).json()).csrf_token;
    return page.request.fetch(`/api/v1${path}`, { method, headers: { "X-CSRF-Token": csrf, ...headers }, data });
}
async function caseIdOf(page, pnr) {
    const r = await staffCall(page, "POST", "/persons/search", { personnummer: pnr });
    return r.status() === 200 ? (await r.json()).id : null;
}
async function ownLogIn(page, pnr) {
    await page.goto("/mina-sidor");
    await page.waitForURL(/\/mina-sidor\/logga-in/);
    await page.getByLabel("Personnummer").fill(pnr);
    await page.getByLabel("Lösenord").fill(password);
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.waitForURL((url) => url.pathname === "/mina-sidor");
}

test("the person reads her plan and her meetings, and prints the plan", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    const id = await caseIdOf(eb, alva);
    assert.ok(id);
    const sips = await (await eb.request.get(`/api/v1/persons/${id}/sips`)).json();
    assert.ok(sips.items.length >= 1);
    const staffPlan = await (await eb.request.get(`/api/v1/sips/${sips.items[0].id}`)).json();

    const person = await newPage(browser, server.url);
    await ownLogIn(person, alva);
    await person.getByRole("heading", { level: 1, name: "Hej Alva!" }).waitFor();
    await person.getByTestId("own-sections").getByRole("link", { name: "Min plan" }).click();
    await person.getByRole("heading", { level: 1, name: "Min plan" }).waitFor();
    await person.getByTestId("own-goals").waitFor();
    // Her goals, in her own words, as the staff stored them, first.
    const goals = await person.getByTestId("own-goals").getByRole("listitem").allInnerTexts();
    assert.deepEqual(goals, staffPlan.latest.plan.goals.map((g) => g.text));
    const firstHeadings = await person.getByRole("heading", { level: 2 }).allInnerTexts();
    assert.equal(firstHeadings[0], "Mina mål");
    // Who does what: every intervention of the latest version.
    assert.equal(
        await person.getByTestId("own-interventions").getByRole("article").count(),
        staffPlan.latest.plan.interventions.length,
    );
    if (staffPlan.latest.plan.follow_up)
        assert.match(await person.getByTestId("own-follow-up").innerText(), new RegExp(staffPlan.latest.plan.follow_up));
    await viewDone(person, "own-plan-01-plan");

    // The plan to print: a PDF of her own plan.
    const href = await person.getByTestId("own-plan-pdf").getAttribute("href");
    const pdf = await person.request.get(href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()["content-type"], "application/pdf");
    assert.equal((await pdf.body()).subarray(0, 5).toString(), "%PDF-");

    // An earlier version, from the list of versions, by keyboard.
    if (staffPlan.versions.length > 1) {
        const link = person.getByTestId("own-versions").getByRole("link", { name: "Version 1" });
        await link.focus();
        await person.keyboard.press("Enter");
        await person.waitForURL(/version=1/);
        await person.getByText("det finns en nyare version").waitFor();
        await viewDone(person, "own-plan-02-version-1");
    }

    // Mina möten: the coming meeting first, plain words.
    await person.getByRole("navigation", { name: "Mina sidor" }).getByRole("link", { name: "Mina möten" }).click();
    await person.getByRole("heading", { level: 1, name: "Mina möten" }).waitFor();
    const coming = person.getByTestId("own-upcoming").getByRole("article");
    await coming.first().waitFor();
    const staffMeetings = await (await eb.request.get(`/api/v1/persons/${id}/meetings`)).json();
    const planned = staffMeetings.meetings.filter((m) => m.status === "planned" && m.date >= staffMeetings.as_of);
    assert.equal(await coming.count(), planned.length);
    assert.match(await coming.first().innerText(), /klockan/);
    await viewDone(person, "own-plan-03-meetings");

    // Another person's plan by changing the id: denied like a missing one, and logged.
    const foreign = await person.request.get("/api/v1/own/sips/sip-0000000000000000");
    assert.equal(foreign.status(), 404);
    const log = await (await person.request.get("/api/v1/own/log")).json();
    assert.ok(log.entries.some((e) => e.what === "Du försökte öppna något som inte är ditt"));
    assert.ok(log.entries.some((e) => e.what === "Du skrev ut din plan"));
});

test("after an avstämningsmöte the person answers the questions by keyboard", async () => {
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    const id = await caseIdOf(eb, alva);
    const person = await newPage(browser, server.url);
    await ownLogIn(person, alva);
    // Nothing to answer yet: no section.
    assert.equal(await person.getByTestId("own-sections").getByRole("link", { name: "Frågor till dig" }).count(), 0);

    // The caseworker holds an avstämningsmöte with Alva today and records the minutes.
    const today = new Date().toISOString().slice(0, 10);
    const scheduled = await staffCall(eb, "POST", `/persons/${id}/meetings`, {
        kind: "avstamningsmote",
        date: today,
        time: "00:00",
        duration_minutes: 60,
        place: "Försäkringskassan, Halmstad",
        invited: ["fk"],
    });
    assert.equal(scheduled.status(), 201, await scheduled.text());
    const meeting = (await scheduled.json()).id;
    const held = await staffCall(eb, "POST", `/meetings/${meeting}/minutes`, { attendees: ["eb", "fk"], decisions: ["Alva provar arbetsträning."] }, { "If-Match": '"1"' });
    assert.equal(held.status(), 201, await held.text());

    await person.goto("/mina-sidor");
    await person.getByTestId("own-sections").getByRole("link", { name: "Frågor till dig" }).click();
    await person.getByRole("heading", { level: 1, name: "Frågor till dig" }).waitFor();
    const form = person.getByTestId("own-survey-participant");
    await form.waitFor();
    assert.match(await person.getByTestId("own-survey-privacy-participant").innerText(), /Vem ser dina svar\?.*sparas i ditt ärende/s);
    await viewDone(person, "own-plan-04-questions");

    // Sending nothing: said plainly, next to the form.
    await form.getByRole("button", { name: "Skicka svaren" }).click();
    await person.getByTestId("own-survey-error-participant").waitFor();
    await viewDone(person, "own-plan-05-nothing-chosen");

    // By keyboard: the first option of each question with Space, then Enter on the button.
    await form.getByLabel("Bra").focus();
    await person.keyboard.press("Space");
    await form.getByLabel("Ja", { exact: true }).focus();
    await person.keyboard.press("Space");
    await form.getByRole("button", { name: "Skicka svaren" }).focus();
    await person.keyboard.press("Enter");
    await person.getByTestId("own-survey-sent").waitFor();
    await person.getByTestId("own-no-surveys").waitFor();
    await viewDone(person, "own-plan-06-sent");

    // The answer is in her case, as the caseworker sees it.
    const c = await (await eb.request.get(`/api/v1/persons/${id}`)).json();
    const answers = c.events.filter((e) => e.type === "survey_answered");
    assert.equal(answers.length, 1);
    assert.deepEqual(answers[0].answers, { planning: "good", cooperation: "yes" });
    // The held meeting shows its decision in Mina möten, with no notes.
    await person.goto("/mina-sidor/moten");
    await person.getByTestId("own-earlier-meetings").getByText("Alva provar arbetsträning.").waitFor();

    // An intervention of her plan is done: the Indikatorer questions open, anonymous.
    const sips = await (await eb.request.get(`/api/v1/persons/${id}/sips`)).json();
    const sip = await (await eb.request.get(`/api/v1/sips/${sips.items[0].id}`)).json();
    const plan = structuredClone(sip.latest.plan);
    plan.interventions[0].status = "done";
    plan.interventions[0].end = plan.interventions[0].end ?? plan.interventions[0].start;
    const saved = await staffCall(eb, "POST", `/sips/${sip.id}/versions`, { ...plan, comment: "Insatsen är klar." }, { "If-Match": `"${sip.latest.number}"` });
    assert.equal(saved.status(), 201, await saved.text());
    await person.goto("/mina-sidor/fragor");
    const anonymous = person.getByTestId("own-survey-indikatorer");
    await anonymous.waitFor();
    assert.match(await person.getByTestId("own-survey-privacy-indikatorer").innerText(), /Du är anonym\..*utan ditt namn/s);
    await viewDone(person, "own-plan-07-anonymous");
    for (const question of await anonymous.getByRole("group").all()) {
        await question.getByLabel("Ja").focus();
        await person.keyboard.press("Space");
    }
    await anonymous.getByRole("button", { name: "Skicka svaren" }).click();
    await person.getByTestId("own-survey-sent").waitFor();
    // Stored without her: her case still holds the one participant answer only.
    const after = await (await eb.request.get(`/api/v1/persons/${id}`)).json();
    assert.equal(after.events.filter((e) => e.type === "survey_answered").length, 1);
});
