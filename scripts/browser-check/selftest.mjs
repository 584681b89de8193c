// Proves the table check can fail: copies the report, deletes the last cell of the first
// verdict-matrix row it finds (a `tr id="row-..."`), runs check.mjs on the copy, and fails
// unless that check fails naming the short row.
// Usage: node selftest.mjs <report dir>
import { cpSync, readdirSync, readFileSync, writeFileSync, rmSync, mkdtempSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const [dir] = process.argv.slice(2);
if (!dir) { console.error("usage: node selftest.mjs <report dir>"); process.exit(2); }
const copy = mkdtempSync(join(tmpdir(), "threadlab-report-selftest-"));
try {
  cpSync(dir, copy, { recursive: true, filter: (p) => !p.endsWith(".png") });
  let cut = null;
  for (const file of readdirSync(copy).filter((f) => f.endsWith(".html"))) {
    const html = readFileSync(join(copy, file), "utf8");
    const start = html.indexOf('<tr id="row-');
    if (start < 0) continue;
    const end = html.indexOf("</tr>", start);
    const last = html.lastIndexOf("<td", end);
    writeFileSync(join(copy, file), html.slice(0, last) + html.slice(end));
    cut = `${file}: ${html.slice(start + 8, html.indexOf('"', start + 8))}`;
    break;
  }
  if (!cut) { console.error("selftest: no verdict-matrix row in the report"); process.exit(1); }
  const check = join(dirname(fileURLToPath(import.meta.url)), "check.mjs");
  const run = spawnSync("node", [check, join(copy, "index.html"), join(copy, "shot.png")], { encoding: "utf8" });
  const caught = run.status === 1 && /row \d+ \(row-[^)]*\) spans/.test(run.stderr);
  if (!caught) {
    console.error(`selftest: the check did not fail on a matrix row short of a cell (${cut}); exit ${run.status}`);
    console.error(run.stderr);
    process.exit(1);
  }
  console.log(`selftest: with one cell cut from ${cut}, the check fails: ${run.stderr.split("\n").find((l) => /spans/.test(l))}`);
} finally {
  rmSync(copy, { recursive: true, force: true });
}
