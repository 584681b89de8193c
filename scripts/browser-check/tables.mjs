// Runs in the page: every table's rows must span as many columns as its header row, with
// rowspan and colspan counted (a cell spanning rows occupies its column in the rows below).
// Returns one line per row that does not.
export function tableProblems() {
  const problems = [];
  document.querySelectorAll("table").forEach((table, t) => {
    const name = table.id ? `#${table.id}` : `table ${t + 1} (${table.className || "no class"})`;
    const rows = [...table.rows];
    if (rows.length === 0) return;
    // taken[r] = columns already occupied in row r by cells spanning down from above.
    const taken = rows.map(() => new Set());
    const widths = rows.map((row, r) => {
      let col = 0;
      for (const cell of row.cells) {
        while (taken[r].has(col)) col++;
        for (let dr = 0; dr < cell.rowSpan && r + dr < rows.length; dr++)
          for (let dc = 0; dc < cell.colSpan; dc++) taken[r + dr].add(col + dc);
        col += cell.colSpan;
      }
      return taken[r].size === 0 ? 0 : Math.max(...taken[r]) + 1;
    });
    widths.forEach((w, r) => {
      if (w !== widths[0] || taken[r].size !== w) {
        const id = rows[r].id ? ` (${rows[r].id})` : "";
        problems.push(`${name} row ${r + 1}${id} spans ${taken[r].size} of ${w} columns, its header ${widths[0]}`);
      }
    });
  });
  return problems;
}
