// Load reports/index.html in headless Chromium, take a screenshot of the whole page and one
// of its first screen (1280x900), and fail if the page has no chart, an image that did not
// render, an error in the console, a verdict grid that does not start on the first screen
// or misses a strategy of the verdict matrix, or a loom-refuted strategy without its
// counter-example.
// Usage: node check.mjs <index.html> <screenshot.png>
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [page_path, shot_path] = process.argv.slice(2);
if (!page_path || !shot_path) {
  console.error("usage: node check.mjs <index.html> <screenshot.png>");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed to load ${r.url()}`));
  await page.goto(pathToFileURL(resolve(page_path)).href, { waitUntil: "load" });
  const charts = await page.$$eval("img.chart", (imgs) =>
    imgs.map((i) => ({ src: i.getAttribute("src"), ok: i.complete && i.naturalWidth > 0 })));
  if (charts.length === 0) problems.push("the page has no chart");
  for (const c of charts) if (!c.ok) problems.push(`chart did not render: ${c.src}`);
  const grid = await page.evaluate(() => {
    const table = document.querySelector("table.grid");
    if (!table) return null;
    const cells = [...table.querySelectorAll("a.cell")];
    const rows = [...document.querySelectorAll("tr[id^='row-']")].map((r) => r.id);
    const linked = cells.map((a) => a.getAttribute("href").slice(1));
    return {
      top: table.getBoundingClientRect().top + window.scrollY,
      missing: rows.filter((id) => !linked.includes(id)),
      dangling: linked.filter((id) => !document.getElementById(id)),
      refuted: cells.filter((a) => a.querySelector("span.mark.refuted[title^='loom']")).length,
      traces: document.querySelectorAll("details pre.trace").length,
      cells: cells.length,
    };
  });
  if (!grid) problems.push("the page has no verdict grid");
  else {
    if (grid.top >= 900) problems.push(`the verdict grid starts at ${grid.top}px, below the first screen`);
    if (grid.cells === 0) problems.push("the verdict grid has no strategy");
    for (const id of grid.missing) problems.push(`the verdict grid has no cell for ${id}`);
    for (const id of grid.dangling) problems.push(`a grid cell links to a missing row: ${id}`);
    if (grid.traces < grid.refuted)
      problems.push(`${grid.refuted} strategies refuted by loom but only ${grid.traces} counter-examples in the page`);
  }
  await page.screenshot({ path: shot_path, fullPage: true });
  const first = shot_path.replace(/\.png$/, "") + "-first-screen.png";
  await page.screenshot({ path: first });
  console.log(`${charts.length} charts rendered; verdict grid: ${grid ? grid.cells : 0} strategies, ` +
    `${grid ? grid.traces : 0} counter-examples; screenshots: ${shot_path}, ${first}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(`browser check: ${p}`);
  process.exit(1);
}
