//! The seeds table as `threadlab seeds` prints it: one summary line per row, then each
//! row in full (what the seed shows, the command, what each side saw, the verdict, the
//! times, and where threadlab differs).

use threadlab_results::seeds::{Match, SeedRowResult, SeedsFile, SideRun, Times};

/// The whole table.
pub fn table(file: &SeedsFile) -> String {
    let python = file
        .python_version
        .as_deref()
        .map_or_else(|| "Python: not run (no interpreter)".to_owned(), |v| format!("Python {v}"));
    let mut out = format!(
        "threadlab seeds: {} seed programs; {python}; the seeds' sleeps x {}\nmachine: {}\n\
         times: the first run of each side, its timed region only (Python's interpreter \
         start-up excluded); PY/RUST only where both time the same work: the median over the \
         runs the row's times line names, with their spread\n\n",
        file.rows.len(),
        file.time_scale,
        file.machine.summary()
    );
    out += &format!(
        "{:<10} {:<13} {:>11} {:>11} {:>9}  COMMAND\n",
        "ROW", "OUTCOME", "THREADLAB", "PYTHON", "PY/RUST"
    );
    for row in &file.rows {
        let ratio = match &row.times {
            Times::Compared { python_over_rust, .. } => format!("x{python_over_rust:.1}"),
            Times::NotCompared { .. } => "-".to_owned(),
        };
        out += &format!(
            "{:<10} {:<13} {:>11} {:>11} {:>9}  {}\n",
            id(row),
            row.verdict.word(),
            side_time(&row.rust),
            side_time(&row.python),
            ratio,
            row.command
        );
    }
    for row in &file.rows {
        out += &format!("\n{}  {}\n", id(row), row.title);
        out += &format!("  the seed shows:  {}\n", row.shows);
        out += &format!("  threadlab:       {}\n", row.command);
        out += &format!("  threadlab saw:   {}\n", side(&row.rust));
        out += &format!("  Python saw:      {}\n", side(&row.python));
        out += &format!("  outcome:         {}\n", verdict(&row.verdict));
        out += &format!("  times:           {}\n", times(row));
        if !row.differs.is_empty() {
            out += &format!("  differs:         {}\n", row.differs);
        }
        for error in &row.seed_errors {
            out += &format!("  the seed errs:   {error}\n");
        }
    }
    out
}

/// `001-5`.
pub fn id(row: &SeedRowResult) -> String {
    format!("{}-{}", row.seed, row.example)
}

fn millis(seconds: f64) -> String {
    format!("{:.3} ms", seconds * 1e3)
}

fn side_time(side: &SideRun) -> String {
    match side {
        SideRun::Ran { seconds: Some(s), .. } => millis(*s),
        SideRun::Ran { seconds: None, .. } => "untimed".to_owned(),
        other => other.word().to_owned(),
    }
}

/// What one side saw, its time, or why it has nothing.
pub fn side(side: &SideRun) -> String {
    match side {
        SideRun::Ran { observed, seconds, .. } => match seconds {
            Some(s) => format!("{observed} ({})", millis(*s)),
            None => observed.clone(),
        },
        SideRun::NotRun { reason } => format!("not run: {reason}"),
        SideRun::Failed { reason } => format!("FAILED: {reason}"),
    }
}

/// The verdict with what was compared, or why they differ or were not compared.
pub fn verdict(verdict: &Match) -> String {
    match verdict {
        Match::Same { compared } => format!("same outcome ({} equal)", compared.join(", ")),
        Match::Differs { reason } => format!("DIFFERS: {reason}"),
        Match::NotCompared { reason } => format!("not compared: {reason}"),
    }
}

/// Both times and their ratio, or why they are not compared.
pub fn times(row: &SeedRowResult) -> String {
    match &row.times {
        Times::Compared { python_over_rust, runs, spread } => {
            let over = match spread {
                Some([low, high]) => {
                    format!("the median of {runs} runs of each side, from x{low:.1} to x{high:.1}")
                }
                None => "one run each: no spread measured".to_owned(),
            };
            format!(
                "Python {}, threadlab {} (first runs): Python takes x{python_over_rust:.1} as \
                 long ({over})",
                side_time(&row.python),
                side_time(&row.rust)
            )
        }
        Times::NotCompared { reason } => format!("not compared: {reason}"),
    }
}
