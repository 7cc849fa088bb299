// Uppföljning (issue 4, view 7): the follow-up of DOMAIN.md §9 for a date, as the EB manager of
// a municipality (in full) and as the förbund analyst (small cells suppressed): tables, charts
// with their data tables, another date, and the CSV and XLSX downloads checked against the API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
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

// One file of a zip archive (the .xlsx), found through the central directory.
function unzip(buffer, wanted) {
    const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const entries = buffer.readUInt16LE(end + 10);
    let at = buffer.readUInt32LE(end + 16);
    for (let i = 0; i < entries; i++) {
        const method = buffer.readUInt16LE(at + 10);
        const size = buffer.readUInt32LE(at + 20);
        const nameLength = buffer.readUInt16LE(at + 28);
        const extra = buffer.readUInt16LE(at + 30);
        const comment = buffer.readUInt16LE(at + 32);
        const local = buffer.readUInt32LE(at + 42);
        const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
        if (name === wanted) {
            const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
            const data = buffer.subarray(start, start + size);
            return (method === 8 ? inflateRawSync(data) : data).toString("utf8");
        }
        at += 46 + nameLength + extra + comment;
    }
    throw new Error(`${wanted} is not in the archive`);
}

// The first sheet's cell C<row> (the cohort column) of the row whose column A is `name`.
function cohortInSheet(xlsx, name) {
    const strings = [...unzip(xlsx, "xl/sharedStrings.xml").matchAll(/<si>.*?<t[^>]*>(.*?)<\/t>.*?<\/si>/gs)].map((m) => m[1]);
    const sheet = unzip(xlsx, "xl/worksheets/sheet1.xml");
    for (const row of sheet.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/gs)) {
        const a = /<c r="A\d+"[^>]*t="s"[^>]*><v>(\d+)<\/v>/.exec(row[2]);
        if (a && strings[Number(a[1])] === name) {
            const c = /<c r="C\d+"[^>]*>(?:<v>([^<]*)<\/v>)?/.exec(row[2]);
            return c?.[1] === undefined ? null : Number(c[1]);
        }
    }
    return undefined;
}

async function apiGet(page, path) {
    return page.evaluate(async (p) => (await fetch(p)).json(), path);
}

async function show(page, date) {
    await page.getByLabel(/Datum för ögonblicksbilden/).fill(date);
    await page.getByLabel(/Datum för ögonblicksbilden/).press("Enter"); // The form submits from the keyboard.
    await page.getByTestId("report-summary").filter({ hasText: date }).waitFor();
    await page.getByTestId("chart-over-time").waitFor();
}

async function download(page, testId) {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
    return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test("the manager of EB Halmstad sees the municipality in full, changes the date and downloads CSV and XLSX", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "eb.chef");
    await page.getByRole("link", { name: "Uppföljning" }).click();
    await page.getByRole("heading", { level: 1, name: "Uppföljning" }).waitFor();
    await show(page, "2026-10-01");
    const api = await apiGet(page, "/api/v1/report?as_of=2026-10-01");
    const cohort = api.municipalities["1380"].cohort;
    assert.ok(cohort > 0);
    // The table of the group holds the API's figures: one column, Halmstad.
    const group = page.getByTestId("table-group");
    assert.deepEqual(await group.locator("thead th").allInnerTexts(), ["Uppgift", "Halmstad"]);
    const firstRow = await group.locator("tbody tr").first().locator("td").innerText();
    assert.equal(firstRow, String(cohort));
    // The series over time and its table agree with the API; the chart is drawn.
    const series = await apiGet(page, "/api/v1/report/over-time?as_of=2026-10-01&months=24");
    const lastStock = await page.getByTestId("table-over-time").locator("tbody tr").last().locator("td").nth(2).innerText();
    assert.equal(lastStock, String(series.municipalities["1380"].stock.at(-1)));
    assert.ok((await page.getByTestId("chart-over-time").boundingBox()).height > 100);
    const exits = await page.getByTestId("table-exits").locator("tbody tr").last().locator("td").innerText();
    assert.equal(exits, String(api.municipalities["1380"].exited_eb.total));
    assert.equal(await page.getByTestId("suppression-note").count(), 0, "nothing is hidden from the owner");
    await viewDone(page, "report-01-manager");

    // Another date: the figures follow it.
    await show(page, "2025-10-01");
    const earlier = await apiGet(page, "/api/v1/report?as_of=2025-10-01");
    assert.equal(await group.locator("tbody tr").first().locator("td").innerText(), String(earlier.municipalities["1380"].cohort));
    await viewDone(page, "report-02-manager-earlier");

    const csv = await download(page, "download-csv");
    assert.equal(csv.name, "uppfoljning-2025-10-01.csv");
    const lines = csv.bytes.toString("utf8").trim().split("\r\n");
    assert.equal(lines[0].split(",")[2], "cohort");
    assert.equal(lines[1].split(",").slice(0, 3).join(","), `1380,2025-10-01,${earlier.municipalities["1380"].cohort}`);
    const xlsx = await download(page, "download-xlsx");
    assert.equal(xlsx.name, "uppfoljning-2025-10-01.xlsx");
    assert.equal(cohortInSheet(xlsx.bytes, "1380"), earlier.municipalities["1380"].cohort);
    await page.context().close();
});

test("the förbund analyst sees every municipality with small cells hidden, in the page and the downloads", async () => {
    const page = await newPage(browser, server.url);
    await logIn(page, "forbund.analys");
    await page.waitForURL(/\/uppfoljning/); // The analyst starts on the follow-up.
    await page.getByRole("heading", { level: 1, name: "Uppföljning" }).waitFor();
    await show(page, "2026-10-01");
    const api = await apiGet(page, "/api/v1/report?as_of=2026-10-01");
    assert.ok(api.suppressed.length > 0, "the demo has small cells");
    const heads = await page.getByTestId("table-group").locator("thead th").allInnerTexts();
    assert.equal(heads.length, Object.keys(api.municipalities).length + 2); // Label, each municipality, total.
    assert.equal(heads.at(-1), "Totalt");
    await page.getByTestId("suppression-note").waitFor();
    // The hidden cells show "..": as many in the group table as the API hides there.
    const cells = await page.getByTestId("table-group").locator("tbody td").allInnerTexts();
    const hiddenInTable = api.suppressed.filter((p) => /\/(cohort|snapshot|during_period|se_or_ae_granted_share)/.test(p)).length;
    assert.equal(cells.filter((c) => c === "..").length, hiddenInTable);
    // Flows of other municipalities are withheld; the stock of the förbund is shown.
    const overTime = page.getByTestId("table-over-time").locator("tbody tr").last().locator("td");
    assert.equal(await overTime.nth(0).innerText(), "..");
    assert.match(await overTime.nth(2).innerText(), /^\d+$/);
    await viewDone(page, "report-03-analyst");

    // One municipality of the förbund.
    await page.getByLabel("Kommun", { exact: true }).selectOption("1381");
    await page.getByTestId("show").click();
    await page.getByTestId("report-summary").filter({ hasText: "Laholm" }).waitFor();
    assert.deepEqual(await page.getByTestId("table-group").locator("thead th").allInnerTexts(), ["Uppgift", "Laholm"]);
    await viewDone(page, "report-04-analyst-laholm");

    const csv = await download(page, "download-csv");
    const laholm = await apiGet(page, "/api/v1/report?as_of=2026-10-01&municipalities=1381");
    const row = csv.bytes.toString("utf8").split("\r\n")[1].split(",");
    assert.equal(row[0], "1381");
    assert.equal(row[3], laholm.municipalities["1381"].snapshot.se_granted === null ? ".." : String(laholm.municipalities["1381"].snapshot.se_granted));
    const xlsx = await download(page, "download-xlsx");
    assert.equal(cohortInSheet(xlsx.bytes, "1381"), laholm.municipalities["1381"].cohort);
    await page.context().close();
});
