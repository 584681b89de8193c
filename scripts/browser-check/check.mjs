// Load the generated report in headless Chromium, page by page from index.html through its
// links, and fail on: a console error, a request that did not load or left the machine, a
// broken internal link (a missing file or a missing #id), a page without a link back to
// index.html, a table row that spans more or fewer columns than its header (rowspan and
// colspan counted), a chart that did not render, and per page its first-screen checks: the
// index's verdict grid and one recommendation line per scenario on the first screen, each
// scenario page's title and verdicts. On a scenario page each counter-example stepper is
// clicked forward: its highlighted step, source line and shared values must change.
// Writes a first-screen screenshot per page beside <screenshot.png>.
// Usage: node check.mjs <index.html> <screenshot.png>
import { chromium } from "playwright-core";
import { pathToFileURL, fileURLToPath } from "node:url";
import { resolve, dirname, basename } from "node:path";
import { existsSync } from "node:fs";
import { tableProblems } from "./tables.mjs";

const [page_path, shot_path] = process.argv.slice(2);
if (!page_path || !shot_path) {
  console.error("usage: node check.mjs <index.html> <screenshot.png>");
  process.exit(2);
}
const root = dirname(resolve(page_path));
const shot = (name) => shot_path.replace(/\.png$/, "") + `-${name.replace(/\.html$/, "")}.png`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
const summary = [];
// Fragments other pages link to, checked when their page loads: page -> [{id, from}].
const wanted = new Map();
const queue = [basename(page_path)];
const seen = new Set(queue);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  while (queue.length) {
    const name = queue.shift();
    const say = (p) => problems.push(`${name}: ${p}`);
    const page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") say(`console: ${m.text()}`); });
    page.on("pageerror", (e) => say(`page error: ${e.message}`));
    page.on("requestfailed", (r) => say(`failed to load ${r.url()}`));
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) say(`network request: ${r.url()}`); });
    await page.goto(pathToFileURL(resolve(root, name)).href, { waitUntil: "load" });

    await page.screenshot({ path: shot(name) });
    const facts = await page.evaluate(() => ({
      ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
      links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
      charts: [...document.querySelectorAll("img.chart")].map((i) => ({ src: i.getAttribute("src"), ok: i.complete && i.naturalWidth > 0 })),
      title: document.querySelector("h1")?.textContent ?? "",
      answer: (() => {
        const a = document.getElementById("answer");
        return a ? { top: a.getBoundingClientRect().top + window.scrollY, text: a.textContent.length } : null;
      })(),
    }));
    // Each page's first screen answers its own question: its #answer starts on it.
    if (!facts.answer) say("no #answer on the page");
    else if (facts.answer.top >= 900) say(`its answer (#answer) starts at ${facts.answer.top}px, below the first screen`);
    else if (facts.answer.text === 0) say("its answer (#answer) is empty");
    for (const p of await page.evaluate(tableProblems)) say(p);
    for (const c of facts.charts) if (!c.ok) say(`chart did not render: ${c.src}`);
    for (const { id, from } of wanted.get(name) ?? []) if (!facts.ids.includes(id)) problems.push(`${from}: broken link to ${name}#${id}`);
    wanted.delete(name);
    if (name !== "index.html" && !facts.links.some((h) => h.split("#")[0] === "index.html"))
      say("no link back to index.html");
    for (const href of facts.links) {
      if (/^[a-z]+:/i.test(href)) { if (!href.startsWith("file:")) say(`link leaves the machine: ${href}`); continue; }
      const [file, id] = href.split("#");
      if (file === "") { if (id && !facts.ids.includes(id)) say(`broken link to #${id}`); continue; }
      const target = fileURLToPath(new URL(file, pathToFileURL(resolve(root, name))));
      if (!existsSync(target)) { say(`broken link to ${href}`); continue; }
      if (dirname(target) === root && target.endsWith(".html")) {
        const page_name = basename(target);
        if (id) wanted.set(page_name, [...(wanted.get(page_name) ?? []), { id, from: name }]);
        if (!seen.has(page_name)) { seen.add(page_name); queue.push(page_name); }
      }
    }

    if (name === "index.html") {
      const grid = await page.evaluate(() => {
        const table = document.querySelector("table.grid");
        if (!table) return null;
        const rows = [...table.querySelectorAll("tr[data-scenario]")].map((r) => r.dataset.scenario);
        const lines = [...document.querySelectorAll(".recommend[data-scenario]")];
        return {
          top: table.getBoundingClientRect().top + window.scrollY,
          rows,
          cells: table.querySelectorAll("a.cell").length,
          lines: lines.map((l) => ({ scenario: l.dataset.scenario, top: l.getBoundingClientRect().top + window.scrollY, text: l.textContent })),
        };
      });
      if (!grid) say("the page has no verdict grid");
      else {
        if (grid.top >= 900) say(`the verdict grid starts at ${grid.top}px, below the first screen`);
        if (grid.cells === 0) say("the verdict grid has no strategy");
        for (const s of grid.rows) {
          const line = grid.lines.find((l) => l.scenario === s);
          if (!line) say(`no recommendation line for ${s}`);
          else if (line.top >= 900) say(`the recommendation line for ${s} starts at ${line.top}px, below the first screen`);
        }
        summary.push(`index.html: grid of ${grid.cells} strategies, ${grid.lines.length} recommendation lines`);
      }
    }

    const steppers = await page.$$("div.stepper");
    const moved = [];
    for (const stepper of steppers) {
      const state = () => stepper.evaluate((s) => ({
        step: s.querySelector("tr.current")?.dataset.step ?? null,
        line: s.querySelector(".src .current")?.dataset.line ?? null,
        values: s.querySelector(".values")?.textContent ?? null,
        sealed: s.querySelectorAll("tr.sealed").length,
      }));
      const before = await state();
      await (await stepper.$("button.next")).click();
      const after = await state();
      const label = await stepper.getAttribute("data-strategy");
      if (before.step === null || after.step === null) say(`stepper ${label}: no highlighted step`);
      else if (before.step === after.step) say(`stepper ${label}: next did not move the highlighted step`);
      if (before.line === null || after.line === null) say(`stepper ${label}: no highlighted source line`);
      if (before.values === null) say(`stepper ${label}: no shared values`);
      if (before.sealed === 0) say(`stepper ${label}: no step marked as sealing the violation`);
      // One step changes the line and the values somewhere: step until both have.
      let line_moved = before.line !== after.line, values_moved = before.values !== after.values, now = after;
      for (let i = 0; i < 64 && !(line_moved && values_moved); i++) {
        await stepper.press("ArrowRight");
        const next = await state();
        if (next.step === now.step) break;
        now = next;
        line_moved ||= now.line !== before.line;
        values_moved ||= now.values !== before.values;
      }
      if (!line_moved) say(`stepper ${label}: the highlighted source line never moved`);
      if (!values_moved) say(`stepper ${label}: the shared values never changed`);
      const short = (l) => (l ?? "none").split("/").pop();
      moved.push(`${label}: next moved step ${before.step} -> ${after.step}; by step ${now.step} the line ` +
        `${short(before.line)} -> ${short(now.line)}, values ${values_moved ? "changed" : "unchanged"}`);
    }
    const refuted = await page.$$eval("tr[data-refuted]", (rows) => rows.map((r) => r.dataset.strategy));
    for (const s of refuted)
      if (!(await page.$(`div.stepper[data-strategy="${s}"]`))) say(`refuted strategy ${s} has no counter-example stepper`);
    if (steppers.length) summary.push(`${name}: steppers ${moved.join("; ")}`);
    summary.push(`${name}: "${facts.title.trim()}", ${facts.charts.length} charts, ${facts.links.length} links`);
    await page.close();
  }
  for (const [name, ids] of wanted) for (const { id, from } of ids) problems.push(`${from}: broken link to ${name}#${id}`);
} finally {
  await browser.close();
}
for (const s of summary) console.log(s);
console.log(`${seen.size} pages checked; first-screen screenshots: ${shot("*")}`);
if (problems.length) {
  for (const p of problems) console.error(`browser check: ${p}`);
  process.exit(1);
}
