//! An outcome in a learner's words: each scenario's outcome keys, the words `threadlab run`
//! prints for them and what they mean (`threadlab list`). The keys themselves stay as they
//! are: they are what the result files store.
//!
//! Each scenario's table is registered here by the scenario, as the event's offers are
//! ([`Scenario::offers`]), so that a scenario's declaration need not change for its words.

use super::{EventOffers, EventPart, Outcome, Scenario};

/// One outcome key in words.
#[derive(Debug, Clone, Copy)]
pub struct OutcomeWord {
    /// The key the outcome (and every result file) holds, e.g. `timed_out`.
    pub key: &'static str,
    /// What a run's output calls it, e.g. `timed waits that said "not set"`.
    pub words: &'static str,
    /// What it counts, in a sentence, for `threadlab list`.
    pub means: &'static str,
    /// How its value reads: a count, or (the event's offers) the parts it stands for.
    pub value: Value,
}

/// How an outcome value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A number, as it is.
    Count,
    /// [`EventOffers::bits`]: the parts' names.
    EventOffers,
}

/// A scenario's outcome in words: its counts, and its order where it records one.
#[derive(Debug, Clone, Copy)]
pub struct OutcomeWords {
    pub counts: &'static [OutcomeWord],
    /// What the outcome's order lists, where the scenario records one.
    pub order: Option<&'static str>,
}

impl Value {
    fn show(self, value: u64) -> String {
        match self {
            Value::Count => value.to_string(),
            Value::EventOffers => match EventOffers::from_bits(value) {
                Some(offers) if offers == EventOffers::NOTHING_MORE => {
                    "one set for one waiter, nothing more".to_owned()
                }
                Some(offers) => offers.parts().map(EventPart::slug).collect::<Vec<_>>().join(", "),
                None => format!("{value} (no parts give this number)"),
            },
        }
    }
}

impl OutcomeWords {
    /// The words for `key`, where this table has them.
    pub fn of(&self, key: &str) -> Option<&'static OutcomeWord> {
        self.counts.iter().find(|w| w.key == key)
    }
}

impl Scenario {
    /// This scenario's outcome words, where it has a table.
    pub fn outcome_words(&self) -> Option<&'static OutcomeWords> {
        TABLES.iter().find(|(scenario, _)| std::ptr::eq(*scenario, self)).map(|(_, words)| *words)
    }

    /// `outcome` as a run prints it: each count in words, in the table's order (a key with
    /// no words keeps its `key=value` form), then the order, where there is one.
    pub fn outcome_in_words(&self, outcome: &Outcome) -> String {
        let Some(table) = self.outcome_words() else {
            return outcome.to_string();
        };
        let mut parts: Vec<String> = table
            .counts
            .iter()
            .filter_map(|w| outcome.get(w.key).map(|v| format!("{}: {}", w.words, w.value.show(v))))
            .collect();
        parts.extend(
            outcome
                .counts
                .iter()
                .filter(|(key, _)| table.of(key).is_none())
                .map(|(key, value)| format!("{key}={value}")),
        );
        if let Some(order) = &outcome.order {
            let items: Vec<&str> =
                order.split(',').map(|item| table.of(item).map_or(item, |w| w.words)).collect();
            let what = table.order.unwrap_or("order");
            parts.push(format!("{what}: {}", items.join(", ")));
        }
        parts.join("; ")
    }
}

const fn count(key: &'static str, words: &'static str, means: &'static str) -> OutcomeWord {
    OutcomeWord { key, words, means, value: Value::Count }
}

static SPAWN_JOIN: OutcomeWords = OutcomeWords {
    counts: &[
        count("seen", "results seen", "results main collected, over every round"),
        count(
            "missing",
            "results never seen",
            "threads whose result main never saw in a round (a thread cut off before it \
             finished)",
        ),
        count("duplicates", "results seen twice", "results main saw more than once in a round"),
        count("wrong", "wrong results", "results that are not 2*i for any thread i"),
        count(
            "misnamed",
            "results on a wrongly named thread",
            "results that came from a thread not named for their task (strategies that name \
             their threads)",
        ),
        count(
            "blocking_joins",
            "joins of an unfinished thread",
            "joins a polling strategy made on a thread that had not finished (it promises to \
             join only finished ones)",
        ),
    ],
    order: None,
};

static SHARED_COUNTER: OutcomeWords = OutcomeWords {
    counts: &[count("total", "final total", "the counter's value once every thread has finished")],
    order: None,
};

static EVENT: OutcomeWords = OutcomeWords {
    counts: &[
        OutcomeWord {
            key: "offers",
            words: "parts offered",
            means: "the parts of Python's Event the strategy offers (the table above); a part \
                    it does not offer is not played",
            value: Value::EventOffers,
        },
        count("rounds", "rounds", "rounds the setter completed"),
        count("woken", "waits woken by set", "first waits of a round that returned its value"),
        count(
            "rewaits",
            "waits after set that returned at once",
            "second waits, after the event was set, that returned the same value",
        ),
        count(
            "timed_set",
            "timed waits set in time",
            "timed waits that returned the value in time",
        ),
        count(
            "cleared",
            "waits after clear woken by the next set",
            "waits on a cleared event that returned the next set's value",
        ),
        count(
            "timed_out",
            "timed waits that said \"not set\"",
            "timed waits on an event nobody set that returned \"not set\" (as they should)",
        ),
        count(
            "stale",
            "waits that got another value",
            "waits that returned a value other than the one they waited for",
        ),
        count(
            "hung",
            "waits that gave up",
            "waits that gave up: a lost wakeup, or a timed wait that ran out although set was \
             due",
        ),
    ],
    order: None,
};

static SEMAPHORE: OutcomeWords = OutcomeWords {
    counts: &[
        count("entries", "entries", "times a worker got in"),
        count("max_inside", "most inside at once", "the most workers ever inside at once"),
    ],
    order: None,
};

static THREAD_POOL: OutcomeWords = OutcomeWords {
    counts: &[
        count("mapped", "map results", "results map returned"),
        count(
            "mapped_in_order",
            "map results right and in input order",
            "results that are f(x) in the slot of their input x",
        ),
        count("ran_once", "tasks run once", "submitted tasks that ran exactly once"),
        count("never_ran", "tasks never run", "submitted tasks that never ran"),
        count("ran_twice_or_more", "tasks run twice or more", "submitted tasks that ran again"),
        count("threads_started", "threads started", "threads the pool started"),
        count(
            "threads_expected",
            "threads the pool should start",
            "threads its size says the pool starts for this run",
        ),
        count(
            "threads_running_after_shutdown",
            "threads still running after shutdown",
            "threads the pool started that were still running when shutdown returned",
        ),
    ],
    order: Some("the results map returned, in order"),
};

static TIMER: OutcomeWords = OutcomeWords {
    counts: &[
        count("fired", "fired", "timers not cancelled that ran once"),
        count("cancelled", "cancelled in time", "timers whose cancel came in time: never ran"),
        count(
            "fired-cancel-too-late",
            "fired (its cancel too late)",
            "timers cancelled too late (cancel said so, or had already seen it start): ran once",
        ),
        count(
            "fired-after-cancel-returned",
            "fired after cancel returned",
            "timers that started after cancel had returned: Python's cancel promises nothing \
             more, so this is allowed there",
        ),
        count(
            "RAN-AFTER-CANCEL",
            "ran although cancel said it would not",
            "timers whose cancel said \"cancelled\", yet whose action ran: the bug",
        ),
        count("RAN-TWICE", "ran twice", "timers whose action ran more than once"),
        count("MISSED", "never ran, not cancelled", "timers not cancelled whose action never ran"),
        count("fired_early", "fired before their time", "timers whose action ran before its delay"),
    ],
    order: Some("each timer"),
};

static IO_VS_CPU: OutcomeWords = OutcomeWords {
    counts: &[
        count("tasks_done", "tasks done", "tasks that returned a result"),
        count(
            "checksum",
            "checksum",
            "the results summed (wrapping), to compare with the expected sum",
        ),
        count(
            "steps_per_task",
            "computing steps per task",
            "steps of computing work in each task (0: the waiting job)",
        ),
    ],
    order: None,
};

static INTERLEAVING: OutcomeWords = OutcomeWords {
    counts: &[
        count("whole_lines", "whole lines", "lines printed whole"),
        count("torn_lines", "torn lines", "lines with another line's piece inside them"),
        count(
            "out_of_order",
            "lines out of order",
            "whole lines that came before an earlier line of the same thread",
        ),
    ],
    order: Some("each line's thread (~: torn)"),
};

/// Each scenario and its words.
static TABLES: &[(&Scenario, &OutcomeWords)] = &[
    (&crate::spawn_join::SCENARIO, &SPAWN_JOIN),
    (&crate::shared_counter::SCENARIO, &SHARED_COUNTER),
    (&crate::event::SCENARIO, &EVENT),
    (&crate::semaphore::SCENARIO, &SEMAPHORE),
    (&crate::thread_pool::SCENARIO, &THREAD_POOL),
    (&crate::timer::SCENARIO, &TIMER),
    (&crate::io_vs_cpu::SCENARIO, &IO_VS_CPU),
    (&crate::interleaving::SCENARIO, &INTERLEAVING),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Every key a strategy's outcome holds has words, every word is some outcome's key, and
    /// the order has words exactly where an outcome records one: run at the loom sizes.
    #[test]
    fn every_outcome_key_of_every_strategy_has_words_and_no_word_is_left_over() {
        for scenario in crate::catalogue() {
            let table = scenario.outcome_words().unwrap_or_else(|| panic!("{}", scenario.name));
            let (mut keys, mut ordered) = (BTreeSet::new(), false);
            for strategy in scenario.strategies {
                let (run, _) = scenario.run_checked(strategy, &scenario.loom.params);
                keys.extend(run.outcome.counts.keys().copied());
                ordered |= run.outcome.order.is_some();
                let said = scenario.outcome_in_words(&run.outcome);
                assert!(!said.contains('='), "{}/{}: {said}", scenario.name, strategy.name);
            }
            let words: BTreeSet<&str> = table.counts.iter().map(|w| w.key).collect();
            assert_eq!(keys, words, "{}", scenario.name);
            assert_eq!(ordered, table.order.is_some(), "{}", scenario.name);
        }
    }

    #[test]
    fn offers_read_as_parts_and_a_key_without_words_keeps_its_form() {
        let event = &crate::event::SCENARIO;
        let said = event.outcome_in_words(
            &Outcome::default().with("offers", EventOffers::ALL.bits()).with("odd", 2),
        );
        assert_eq!(said, "parts offered: many-waiters, stays-set, clear, timed-wait; odd=2");
        let timer = &crate::timer::SCENARIO;
        let mut outcome = Outcome::default().with("RAN-AFTER-CANCEL", 1);
        outcome.order = Some("fired,RAN-AFTER-CANCEL".into());
        assert_eq!(
            timer.outcome_in_words(&outcome),
            "ran although cancel said it would not: 1; each timer: fired, ran although cancel \
             said it would not"
        );
    }
}
