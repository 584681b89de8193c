//! The seeds' GIL claim as one run on this machine found it: the speedups it measured, the
//! cores and load it saw, and the verdict it computed (from the speedup file `threadlab run
//! <scenario>` wrote, for a scenario with a speedup summary). The report states no answer of
//! its own.

use maud::{Markup, html};

use threadlab_results::speedup::{SpeedupFile, Verdict};

/// The claim's section of one result set for `scenario`; "not run" where the run wrote no
/// verdict.
pub fn claim_part(scenario: &str, file: Option<&SpeedupFile>) -> Markup {
    let Some(f) = file else {
        return html! {
            p.not-run { "the seeds' GIL claim: not run (" code { "threadlab run " (scenario) } " records it; the full job runs it, the quick job does not)" }
        };
    };
    let x = |v: Option<f64>| v.map_or("not run".to_owned(), |v| format!("{v:.2}x"));
    let load = |l: Option<[f64; 3]>| l.map_or("unknown".to_owned(), |l| format!("{:.2}", l[0]));
    let class = match f.verdict {
        Verdict::Holds => "proved",
        Verdict::DoesNotHold => "bad",
        Verdict::Inconclusive => "not-run",
    };
    html! {
        p { b { "The seeds' GIL claim on this machine: " } span class=(class) { (f.verdict.word()) } }
        p { (f.line) }
        table {
            tr { th { "" } th { "Rust threads" } th { "Python threads" } th { "Python processes" } }
            tr {
                td { "computing work" }
                td { (x(f.rust_computing_threads)) }
                td { (x(f.python_computing_threads)) }
                td { (x(f.python_computing_processes)) }
            }
            tr {
                td { "waiting work" }
                td { (x(f.rust_waiting_threads)) }
                td { (x(f.python_waiting_threads)) }
                td.not-run { "-" }
            }
        }
        p.small {
            "Speedup over the sequential run of the same work, " (f.workers) " workers, "
            (f.tasks) " tasks of size " (f.task_size) ". Machine: " (f.cores) " cores, "
            (f.free_cores.map_or("free cores unknown".to_owned(), |c| format!("{c:.1} free on average")))
            ", " (f.noise.summary()) ", load " (load(f.load_at_start)) " at the start and "
            (load(f.load_at_end)) " at the end."
            @if let Some(note) = &f.python_note { " Python: " (note) "." }
            @if let Some(p) = &f.provenance { " Recorded " (p.recorded_at) " at " (p.commit_label()) "." }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_results::noise::Noise;

    #[test]
    fn the_claim_shows_the_runs_own_verdict_and_numbers_or_not_run() {
        let not_run = claim_part("io_vs_cpu", None).into_string();
        assert!(not_run.contains("not run") && not_run.contains("threadlab run io_vs_cpu"));
        let file = SpeedupFile {
            scenario: "io_vs_cpu".into(),
            workers: 2,
            tasks: 8,
            task_size: 30,
            cores: 2,
            load_at_start: Some([3.1, 2.0, 1.0]),
            load_at_end: Some([2.5, 2.0, 1.0]),
            noise: Noise::judge(Some(0.5), None, 4.0),
            free_cores: Some(1.0),
            rust_computing_threads: Some(1.05),
            rust_waiting_threads: Some(1.98),
            python_computing_threads: Some(0.97),
            python_computing_processes: Some(1.01),
            python_waiting_threads: Some(1.9),
            python_note: None,
            verdict: Verdict::Inconclusive,
            line: "inconclusive: only 1.0 of 2 cores were free".into(),
            provenance: None,
        };
        let page = claim_part("io_vs_cpu", Some(&file)).into_string();
        assert!(page.contains("inconclusive: only 1.0 of 2 cores were free"), "{page}");
        assert!(
            page.contains("1.05x") && page.contains("1.98x") && page.contains("0.97x"),
            "{page}"
        );
        assert!(page.contains("load 3.10 at the start"), "{page}");
    }
}
