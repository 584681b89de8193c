//! Which parts of Python's `Event` each strategy offers, for the scenario whose strategies
//! differ in that (the catalogue's [`Scenario::offers`]): a small table in its section.

use scenarios::Scenario;
use scenarios::catalogue::EventPart;

/// The table: a column per part, a row per strategy.
pub struct OffersTable {
    /// Each part's name and what it promises.
    pub parts: Vec<(&'static str, &'static str)>,
    pub rows: Vec<OffersRow>,
}

pub struct OffersRow {
    pub strategy: &'static str,
    /// One per part, in `parts` order.
    pub offered: Vec<bool>,
}

/// The table for `scenario`; `None` where its strategies declare no offers.
pub fn offers_table(scenario: &Scenario) -> Option<OffersTable> {
    if !scenario.has_offers() {
        return None;
    }
    let parts = EventPart::ALL.iter().map(|p| (p.slug(), p.meaning())).collect();
    let rows = scenario
        .strategies
        .iter()
        .map(|strategy| {
            let offers = scenario.offers(strategy).unwrap_or_default();
            OffersRow {
                strategy: strategy.name,
                offered: EventPart::ALL.iter().map(|p| offers.has(*p)).collect(),
            }
        })
        .collect();
    Some(OffersTable { parts, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_has_a_row_per_strategy_and_other_scenarios_none() {
        let event = scenarios::scenario("event").unwrap();
        let table = offers_table(event).expect("the event declares offers");
        assert_eq!(table.rows.len(), event.strategies.len());
        let condvar = table.rows.iter().find(|r| r.strategy == "condvar").unwrap();
        assert!(condvar.offered.iter().all(|o| *o), "condvar offers everything");
        let channel = table.rows.iter().find(|r| r.strategy == "channel").unwrap();
        assert!(!channel.offered.iter().all(|o| *o), "a channel cannot be cleared");
        assert!(offers_table(scenarios::scenario("shared_counter").unwrap()).is_none());
    }

    #[test]
    fn the_section_shows_a_row_per_strategy_with_its_parts() {
        let event = scenarios::scenario("event").unwrap();
        let html = crate::sections::offers(&offers_table(event).unwrap()).into_string();
        for strategy in event.strategies {
            assert!(html.contains(&format!("<code>{}</code>", strategy.name)), "{html}");
        }
        for part in EventPart::ALL {
            let meaning = part.meaning().replace('"', "&quot;");
            assert!(html.contains(part.slug()) && html.contains(&meaning), "{html}");
        }
        assert!(html.matches("<tr>").count() == event.strategies.len() + 1, "{html}");
    }
}
