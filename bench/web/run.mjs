// The web application's speed targets of issue 4, measured in Debian's Chromium (headless, on
// loopback), with a baseline in the same run (docs/BENCHMARKS.md, "Targets of issue 4"):
//   1. JavaScript and CSS of the whole application, gzipped (target < 200 KB), and what the
//      first view loads;
//   2. the first view interactive (target < 1 s): the login page, and Mitt arbete of a
//      logged-in user with its data, from navigation start in a fresh browser context (empty
//      cache);
//   3. the case list of 1,000+ rows (Mitt arbete, the unit's whole list) rendered (target
//      < 300 ms): from the data in hand to the rows built and laid out (the view's User Timing
//      measure rv-worklist-render), and from the click on "Visa alla" to rows on screen, also
//      as CPU time of the page's main thread (Chromium's ThreadTime metric).
// Baseline: the same rows as a plain server-rendered HTML table (no script at all), served by
// the same server from the same directory: its navigation-to-load time in the same minutes.
//
// Usage: node bench/web/run.mjs [RUNS]   (make bench-web; needs build/rattvag and web/dist)
import { createRequire } from "node:module";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir, cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(path.join(root, "web/package.json"));
const { chromium } = require("playwright-core");

const runs = Number(process.argv[2] ?? 7);
const rattvag = process.env.RATTVAG ?? path.join(root, "build/rattvag");
const dist = path.join(root, "web/dist");
const persons = Number(process.env.BENCH_PERSONS ?? 9000);
const password = "demo-lösenord-2026";

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (bytes) => (bytes / 1024).toFixed(1);

// 1. Sizes of what the build ships.
function walk(dir) {
    return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? walk(full) : [full];
    });
}
const shipped = walk(dist).filter((f) => /\.(js|css)$/.test(f));
const sizes = shipped.map((f) => {
    const raw = readFileSync(f);
    return { file: path.relative(dist, f), raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
});
const totalGz = sizes.reduce((n, s) => n + s.gz, 0);

// The dataset and the server, on a copy of web/dist with the baseline page added later.
const work = mkdtempSync(path.join(tmpdir(), "rattvag-bench-web-"));
const db = path.join(work, "journal.db");
const web = path.join(work, "web");
cpSync(dist, web, { recursive: true });
execFileSync(rattvag, ["demo", "--db", db, "--persons", String(persons), "--municipalities", "6", "--seed", "1", "--users"], {
    stdio: ["ignore", "ignore", "inherit"],
});

async function startServer() {
    const server = spawn(rattvag, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--web", web], { stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise((resolve, reject) => {
        let seen = "";
        server.stdout.on("data", (c) => {
            seen += c;
            const m = /listening on (http:\/\/\S+)/.exec(seen);
            if (m) resolve(m[1]);
        });
        server.on("exit", (code) => reject(new Error(`server exited ${code}`)));
        setTimeout(() => reject(new Error("server did not start")), 15000);
    });
    return { server, url };
}

const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
});

let { server, url } = await startServer();
const results = { login: [], work: [], listRender: [], listTotal: [], listCpu: [], baseline: [], baselineCpu: [], rows: 0, firstLoadGz: 0 };
try {
    // A session for the logged-in measurements, and the rows of the baseline page.
    const setup = await browser.newContext({ locale: "sv-SE", baseURL: url });
    const login = await setup.request.post("/api/v1/session", { data: { username: "eb.chef", password } });
    if (login.status() !== 200) throw new Error(`login ${login.status()}`);
    const cookies = await setup.cookies();
    const rows = [];
    for (let offset = 0; ; offset += 500) {
        const page = await (await setup.request.get(`/api/v1/worklist?scope=unit&limit=500&offset=${offset}`)).json();
        rows.push(...page.items);
        if (rows.length >= page.total || page.items.length === 0) break;
    }
    results.rows = rows.length;
    const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
    writeFileSync(
        path.join(web, "baseline.html"),
        `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Baslinje</title></head><body><h1>Baslinje</h1><table><thead><tr><th>Personnummer</th><th>Tidsfrist</th><th>Status</th><th>Senast</th><th>Ansvarig</th><th>Åtgärd</th></tr></thead><tbody>` +
            rows.map((r) => `<tr><td><a href="/personer/${escape(r.person_id)}">${escape(r.personnummer)}</a></td><td>${escape(r.kind)}</td><td>${escape(r.status)}</td><td>${escape(r.due)}</td><td>${escape(r.responsible)}</td><td>${escape(r.action)}</td></tr>`).join("") +
            `</tbody></table></body></html>`,
    );
    await setup.close();
    // The server reads its files at start: restart it to serve the baseline page.
    server.kill("SIGTERM");
    await new Promise((r) => server.on("exit", r));
    ({ server, url } = await startServer());

    for (let i = 0; i < runs; i++) {
        // The login page, cold: navigation start → the app mounted and the form's button there.
        {
            const context = await browser.newContext({ locale: "sv-SE", baseURL: url });
            const page = await context.newPage();
            await page.goto("/logga-in");
            await page.waitForSelector("[data-test=login-submit]:not([disabled])");
            await page.waitForFunction(() => performance.getEntriesByName("rv-first-view").length > 0);
            results.login.push(await page.evaluate(() => performance.now()));
            if (i === 0)
                results.firstLoadGz = await page.evaluate(() =>
                    performance
                        .getEntriesByType("resource")
                        .filter((e) => /\.(js|css)$/.test(new URL(e.name).pathname))
                        .reduce((n, e) => n + e.encodedBodySize, 0),
                );
            await context.close();
        }
        // Mitt arbete, logged in, cold: → the first page of the list on screen.
        {
            const context = await browser.newContext({ locale: "sv-SE", baseURL: url });
            await context.addCookies(cookies.map((c) => ({ ...c })));
            const page = await context.newPage();
            await page.goto("/mitt-arbete?lista=enhet");
            await page.waitForSelector("[data-test=worklist] tbody tr");
            results.work.push(await page.evaluate(() => performance.now()));
            // The whole list (1,000+ rows) on one page, by the view's own link (in-app navigation):
            // wall time, and the CPU time of the page's main thread (Chromium's ThreadTime
            // metric), which the machine's other load changes much less.
            const cdp = await context.newCDPSession(page);
            await cdp.send("Performance.enable");
            const cpu = async () => (await cdp.send("Performance.getMetrics")).metrics.find((x) => x.name === "ThreadTime").value * 1000;
            const cpuBefore = await cpu();
            const clicked = await page.evaluate(() => {
                performance.clearMarks();
                performance.clearMeasures();
                return performance.now();
            });
            await page.locator("[data-test=show-all]").click();
            await page.waitForFunction(() => performance.getEntriesByName("rv-worklist-render").length > 0, null, { timeout: 30000 });
            results.listCpu.push((await cpu()) - cpuBefore);
            const m = await page.evaluate((t0) => ({
                render: performance.getEntriesByName("rv-worklist-render")[0].duration,
                total: performance.now() - t0,
                rows: document.querySelectorAll("[data-test=worklist] tbody tr").length,
            }), clicked);
            if (m.rows !== results.rows) throw new Error(`rendered ${m.rows} rows, expected ${results.rows}`);
            results.listRender.push(m.render);
            results.listTotal.push(m.total);
            await context.close();
        }
        // Baseline: the same rows as plain HTML, cold: navigation start → load event.
        {
            const context = await browser.newContext({ locale: "sv-SE", baseURL: url });
            const page = await context.newPage();
            const cdp = await context.newCDPSession(page);
            await cdp.send("Performance.enable");
            const cpu = async () => (await cdp.send("Performance.getMetrics")).metrics.find((x) => x.name === "ThreadTime").value * 1000;
            const cpuBefore = await cpu();
            await page.goto("/baseline.html", { waitUntil: "load" });
            results.baseline.push(await page.evaluate(() => { void document.body.offsetHeight; return performance.now(); }));
            results.baselineCpu.push((await cpu()) - cpuBefore);
            await context.close();
        }
    }
} finally {
    await browser.close();
    server.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
}

const report = {
    date: new Date().toISOString(),
    machine: `${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`,
    dataset: `rattvag demo --persons ${persons} --municipalities 6 --seed 1 --users; eb.chef's unit list`,
    runs,
    rows: results.rows,
    jsCssGzKb: Number(kb(totalGz)),
    firstViewTransferKb: Number(kb(results.firstLoadGz)),
    loginInteractiveMs: median(results.login),
    workFirstViewMs: median(results.work),
    listRenderMs: median(results.listRender),
    listNavigationToRowsMs: median(results.listTotal),
    listMainThreadCpuMs: median(results.listCpu),
    baselinePlainHtmlMs: median(results.baseline),
    baselineMainThreadCpuMs: median(results.baselineCpu),
    ratioListToBaseline: median(results.listTotal) / median(results.baseline),
    ratioListCpuToBaselineCpu: median(results.listCpu) / median(results.baselineCpu),
    perRun: results,
    files: sizes.sort((a, b) => b.gz - a.gz).slice(0, 8),
};
console.log(JSON.stringify(report, null, 2));
console.log(`
| measure | median of ${runs} | target |
|---|---|---|
| JS + CSS of the whole application, gzip -9 | ${kb(totalGz)} KB | < 200 KB |
| transferred for the login view (gzip) | ${kb(results.firstLoadGz)} KB | |
| login view interactive (navigation → form ready) | ${report.loginInteractiveMs.toFixed(0)} ms | < 1,000 ms |
| Mitt arbete, logged in (navigation → first 50 rows) | ${report.workFirstViewMs.toFixed(0)} ms | < 1,000 ms |
| list of ${results.rows} rows: data → rows built and laid out | ${report.listRenderMs.toFixed(0)} ms | < 300 ms |
| list of ${results.rows} rows: click → rows (3 API pages fetched, built, laid out) | ${report.listNavigationToRowsMs.toFixed(0)} ms | |
| the same, CPU time of the page's main thread | ${report.listMainThreadCpuMs.toFixed(0)} ms | |
| baseline: the same rows as plain HTML (navigation → load) | ${report.baselinePlainHtmlMs.toFixed(0)} ms | |
| baseline, CPU time of the main thread | ${report.baselineMainThreadCpuMs.toFixed(0)} ms | |
| ratio ours / plain HTML: wall time; main-thread CPU | ${report.ratioListToBaseline.toFixed(2)}; ${report.ratioListCpuToBaselineCpu.toFixed(2)} | |`);
