// Möten (issue 5 item 2): booking a meeting from the case, the invitation an invited party without
// consent sees (no personal data), answering it by keyboard, the calendar file, and minutes whose
// meeting becomes an event of the case.
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

const personnummerShape = /\b\d{8}-?\d{4}\b/;

test("EB books a meeting from the case, records its minutes, and the meeting becomes an event", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    await page.getByRole("link", { name: "Möten", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Möten" }).waitFor();
    const upcoming = page.getByTestId("meetings-upcoming").locator("tbody tr");
    await upcoming.first().waitFor();
    assert.ok((await upcoming.count()) >= 1, "the demo unit has called meetings");
    // The owner sees whom each meeting is about.
    assert.match(await upcoming.first().innerText(), personnummerShape);
    await viewDone(page, "meetings-01-list-eb");

    await upcoming.first().getByRole("link").click();
    await page.getByTestId("meeting-facts").waitFor();
    await viewDone(page, "meetings-02-meeting-eb");
    await page.getByTestId("meeting-person").click();
    await page.getByTestId("meetings-panel").waitFor();
    const rowsBefore = await page.getByTestId("meetings").locator("tbody tr").count();

    // A SIP of the person (called through the API), for the SIP-möte to be about.
    const personId = new URL(page.url()).pathname.split("/").pop();
    const called = await page.evaluate(async (personId) => {
        const session = await (await fetch("/api/v1/session")).json();
        const answer = await fetch(`/api/v1/persons/${personId}/sips`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token },
            body: JSON.stringify({ title: "SIP inför mötet", invited: ["fk", "region"] }),
        });
        return { status: answer.status, body: await answer.json() };
    }, personId);
    assert.equal(called.status, 201, JSON.stringify(called.body));

    // Book a SIP-möte today about that SIP. A personnummer in the invitation's message is refused
    // at the field.
    await page.getByTestId("meeting-book").click();
    await page.getByLabel("Typ av möte").selectOption("sip_mote");
    await page.getByLabel("SIP som mötet gäller").selectOption(called.body.id);
    await page.getByLabel("Starttid").fill("08:00");
    await page.getByLabel("Plats").fill("Stadshuset, rum 4");
    await page.getByLabel("Försäkringskassan").press("Space");
    await page.getByLabel("Regionen (hälso- och sjukvården)").press("Space");
    await page.getByLabel("Meddelande i kallelsen").fill("Gäller 19850312-9804");
    await page.getByTestId("meeting-save").click();
    await page.getByTestId("meeting-error-message").waitFor();
    assert.match(await page.getByTestId("meeting-error-message").innerText(), /personnummer/);
    await viewDone(page, "meetings-03-form-error");
    await page.getByLabel("Meddelande i kallelsen").fill("Vi ses i receptionen.");
    await page.getByTestId("meeting-save").click();
    await page.getByTestId("meetings-notice").getByText("är bokat").waitFor();
    const rows = page.getByTestId("meetings").locator("tbody tr");
    assert.equal(await rows.count(), rowsBefore + 1);
    await viewDone(page, "meetings-04-booked");

    // Open it and record the minutes: the meeting is held, its decisions kept.
    const booked = rows.filter({ hasText: "Stadshuset, rum 4" });
    await booked.getByRole("link", { name: "SIP-möte" }).click();
    await page.getByTestId("minutes-form").waitFor();
    // The meeting leads to its SIP.
    assert.equal(
        await page.getByTestId("meeting-sip-link").getAttribute("href"),
        `/sip/${called.body.id}`,
    );
    await page.getByTestId("minutes-form").getByLabel("Försäkringskassan").press("Space");
    await page.getByLabel("Anteckningar").fill("Planen gicks igenom tillsammans.");
    await page.getByLabel("Beslut 1").fill("Regionen bokar läkarbesök.");
    await page.getByTestId("decision-add").click();
    await page.getByLabel("Beslut 2").fill("Ny SIP om en månad.");
    await page.getByTestId("minutes-save").click();
    await page.getByTestId("meeting-notice").getByText("Protokollet är sparat").waitFor();
    assert.equal(await page.getByTestId("meeting-status").innerText(), "Hållet");
    assert.deepEqual(await page.getByTestId("meeting-decisions").locator("li").allInnerTexts(), [
        "Regionen bokar läkarbesök.",
        "Ny SIP om en månad.",
    ]);
    await viewDone(page, "meetings-05-minutes");

    // The case's timeline has the meeting as an event, with the parties that took part.
    await page.getByTestId("meeting-person").click();
    const timeline = page.getByTestId("timeline");
    await timeline.waitFor();
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date());
    const held = timeline.locator("li").filter({ hasText: "SIP-möte hållet" }).filter({ hasText: today });
    assert.equal(await held.count(), 1);
    assert.match(await held.innerText(), /FK/);
    await page.context().close();
});

test("an invited party without consent sees the invitation without personal data and answers it", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "fk.handlaggare");
    await page.getByRole("link", { name: "Möten", exact: true }).click();
    const invitations = page.getByTestId("meetings-invitations").locator("tbody tr");
    await invitations.first().waitFor();
    // The demo's SIP-möte is about a person no consent covers: no personnummer on the list.
    const sip = invitations.filter({ hasText: "Visas med samtycke" }).filter({ hasText: "SIP-möte" }).first();
    await sip.waitFor();
    assert.doesNotMatch(await sip.innerText(), personnummerShape);
    await viewDone(page, "meetings-06-list-fk");

    await sip.getByRole("link").click();
    await page.getByTestId("invitation-only").waitFor();
    const url = new URL(page.url());
    const meetingId = url.pathname.split("/").pop();
    assert.equal(await page.getByTestId("meeting-person").count(), 0, "no way to the case");
    assert.doesNotMatch(await page.locator("main").innerText(), personnummerShape);
    const api = await page.request.get(`/api/v1/meetings/${meetingId}`);
    assert.equal(api.status(), 200);
    const body = await api.json();
    assert.equal(body.access, "invitation");
    assert.equal("person_id" in body, false);
    assert.equal("minutes" in body, false);
    await viewDone(page, "meetings-07-invitation-fk");

    // The calendar file: an iCalendar request without the person.
    const ics = await page.request.get(await page.getByTestId("meeting-ics").getAttribute("href"));
    assert.equal(ics.status(), 200);
    assert.match(ics.headers()["content-type"], /^text\/calendar/);
    const text = await ics.text();
    assert.match(text, /BEGIN:VCALENDAR/);
    assert.match(text, /METHOD:REQUEST/);
    assert.match(text, /SUMMARY:SIP-möte/);
    assert.match(text, /DTSTART;TZID=Europe\/Stockholm:/);
    assert.doesNotMatch(text, /\d{12}|\d{8}-\d{4}/);

    // Answer by keyboard: the radio with Space, Tab to the comment, Enter sends.
    await page.getByLabel("Vi kommer", { exact: true }).focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "answer-comment");
    await page.keyboard.type("Handläggaren kommer.");
    await page.keyboard.press("Enter");
    await page.getByTestId("meeting-notice").getByText("Ditt svar är sparat").waitFor();
    assert.match(await page.getByTestId("invitation-fk").innerText(), /Kommer(?! inte)/);
    await viewDone(page, "meetings-08-answered");
    await page.context().close();

    // The caller sees the answer, who gave it and the comment.
    const eb = await newPage(browser, server.url);
    await logIn(eb, "eb.handlaggare");
    await eb.goto(`/moten/${meetingId}`);
    const row = eb.getByTestId("invitation-fk");
    await row.waitFor();
    const seen = await row.innerText();
    assert.match(seen, /Kommer(?! inte)/);
    assert.match(seen, /Fatima Karlsson/);
    assert.match(seen, /Handläggaren kommer\./);
    await viewDone(eb, "meetings-09-answer-seen");
    await eb.context().close();
});
