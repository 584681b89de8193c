// threadlab report: step through a counter-example. Each div.stepper holds its steps as
// table rows (tr[data-step]) carrying the source line they ran (data-line) and the shared
// values after them (data-values, one per line); this moves the highlight. Plain script,
// no library, works from file://.
"use strict";
document.querySelectorAll("div.stepper").forEach((stepper) => {
  const rows = [...stepper.querySelectorAll("tr[data-step]")];
  if (rows.length === 0) return;
  const pos = stepper.querySelector(".pos");
  const values = stepper.querySelector(".values");
  const lines = [...stepper.querySelectorAll(".src [data-line]")];
  let at = 0;
  const show = (n) => {
    at = Math.max(0, Math.min(rows.length - 1, n));
    const row = rows[at];
    rows.forEach((r, i) => r.classList.toggle("current", i === at));
    lines.forEach((l) => l.classList.toggle("current", l.dataset.line === row.dataset.line));
    const line = lines.find((l) => l.dataset.line === row.dataset.line);
    if (line) {
      const pre = line.closest("pre");
      pre.scrollTop = Math.max(0, line.offsetTop - pre.clientHeight / 3);
    }
    values.replaceChildren(...row.dataset.values.split("\n").map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    pos.textContent = `step ${at + 1} of ${rows.length}` +
      (row.classList.contains("sealed") ? " (sealed)" : "");
  };
  stepper.querySelector("button.prev").addEventListener("click", () => show(at - 1));
  stepper.querySelector("button.next").addEventListener("click", () => show(at + 1));
  stepper.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === "ArrowDown") show(at + 1);
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") show(at - 1);
    else return;
    e.preventDefault();
  });
  rows.forEach((r, i) => r.addEventListener("click", () => show(i)));
  show(0);
});
