// Kartläggning (issue 4, view 4): an EB caseworker uploads a JSON Lines or CSV file, sees every
// bad line before anything is stored, corrects the file and confirms; the persons are then in
// the journal (checked through the API from the browser).
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

// A synthetic personnummer (serial 980–999) with its Luhn check digit.
function personnummer(date, serial) {
    const digits = `${date.slice(2)}${serial}`;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
        let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
        if (d > 9) d -= 9;
        sum += d;
    }
    return `${date}${serial}${(10 - (sum % 10)) % 10}`;
}

// Whether the server finds the person, asked from the logged-in browser (its cookie and CSRF token).
async function found(page, pnr) {
    return page.evaluate(async (p) => {
        const s = await (await fetch("/api/v1/session")).json();
        const r = await fetch("/api/v1/persons/search", {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-CSRF-Token": s.csrf_token },
            body: JSON.stringify({ personnummer: p }),
        });
        return r.status;
    }, pnr);
}

async function choose(page, name, mimeType, text) {
    await page.getByLabel("Välj fil").setInputFiles({ name, mimeType, buffer: Buffer.from(text, "utf8") });
}

test("a JSON Lines file with a bad line is refused whole; corrected, it is stored after confirmation", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    await page.getByRole("link", { name: "Kartläggning" }).click();
    await page.getByRole("heading", { level: 1, name: "Kartläggning" }).waitFor();
    await viewDone(page, "import-01-start");

    const a = personnummer("19590312", "981");
    const b = personnummer("19620704", "992");
    const lines = (extent) =>
        [
            { type: "eb_period_started", person: a, date: "2025-01-10", municipality: "1380" },
            { type: "target_group_identified", person: a, date: "2025-02-01", municipality: "1380", source: "mapping" },
            { type: "eb_period_started", person: b, date: "2025-01-12", municipality: "1380" },
            { type: "target_group_identified", person: b, date: "2025-02-01", municipality: "1380", source: "mapping" },
            { type: "sick_certificate", person: b, date: "2025-02-03", from: "2025-02-03", to: "2025-04-30", extent, supports_reduced_capacity: true },
        ]
            .map((o) => JSON.stringify(o))
            .join("\n") + "\n";
    await choose(page, "kartlaggning.jsonl", "application/x-ndjson", lines(60));
    const problems = page.getByTestId("problem-table");
    await problems.waitFor();
    const rows = await problems.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
    assert.equal(rows.length, 1);
    assert.equal(rows[0][0], "5"); // The line…
    assert.equal(rows[0][1], "extent"); // …its field…
    assert.ok(rows[0][2].length > 5, "…and the server's reason");
    assert.match(await page.getByTestId("problem-summary").innerText(), /1 fel/);
    await viewDone(page, "import-02-bad-line");
    // Nothing of the file is stored: neither person exists.
    assert.equal(await found(page, a), 404);
    assert.equal(await found(page, b), 404);

    await choose(page, "kartlaggning.jsonl", "application/x-ndjson", lines(50));
    await page.getByTestId("checked").waitFor();
    assert.equal(await page.getByTestId("checked-lines").innerText(), "5");
    assert.equal(await page.getByTestId("checked-persons").innerText(), "2");
    assert.equal(await page.getByTestId("checked-events").innerText(), "5");
    await viewDone(page, "import-03-checked");
    assert.equal(await found(page, a), 404, "the check alone stores nothing");
    // Confirm with the keyboard.
    await page.getByTestId("confirm").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("stored").waitFor();
    assert.match(await page.getByTestId("stored").innerText(), /5 händelser för 2 personer har sparats/);
    await viewDone(page, "import-04-stored");
    assert.equal(await found(page, a), 200);
    assert.equal(await found(page, b), 200);
    await page.context().close();
});

test("a CSV file as Excel saves it: bad cells named by line and column, then stored", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.handlaggare");
    await page.goto("/kartlaggning");
    await page.getByRole("heading", { level: 1, name: "Kartläggning" }).waitFor();
    // The template is offered for download and is a CSV file of the format.
    const template = await page.evaluate(async () => (await fetch("/kartlaggning-mall.csv")).text());
    assert.match(template, /^\uFEFF?type;person;date/);

    const c = personnummer("19570923", "985");
    const csv = (sgi) =>
        "\uFEFFtype;person;date;municipality;source;sgi;note\r\n" +
        `eb_period_started;${c.slice(0, 8)}-${c.slice(8)};2025-03-03;1380;;;\r\n` +
        `target_group_identified;${c};2025-03-10;1380;caseworker;;\r\n` +
        `sgi_checked;${c};2025-03-11;;;${sgi};\r\n`;
    await choose(page, "kartlaggning.csv", "text/csv", csv("noll"));
    const problems = page.getByTestId("problem-table");
    await problems.waitFor();
    const rows = await problems.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((cell) => cell.innerText.trim())));
    assert.deepEqual(rows.map((r) => r.slice(0, 3)), [["4", "6", "sgi"]]); // Line, column, field.
    await viewDone(page, "import-05-csv-bad-cell");
    assert.equal(await found(page, c), 404);

    await choose(page, "kartlaggning.csv", "text/csv", csv("zero"));
    await page.getByTestId("checked").waitFor();
    assert.equal(await page.getByTestId("checked-events").innerText(), "3");
    await page.getByTestId("confirm").click();
    await page.getByTestId("stored").waitFor();
    await viewDone(page, "import-06-csv-stored");
    assert.equal(await found(page, c), 200);
    await page.context().close();
});
