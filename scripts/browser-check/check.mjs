// Load reports/index.html in headless Chromium, take a screenshot, and fail if the page has
// no chart, an image that did not render, or an error in the console.
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
  await page.screenshot({ path: shot_path, fullPage: true });
  console.log(`${charts.length} charts rendered; screenshot: ${shot_path}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(`browser check: ${p}`);
  process.exit(1);
}
