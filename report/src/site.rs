//! The frame every page shares: its head (style, and the stepper's script where the page
//! has a stepper) and the navigation that links every page, index.html first.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::page::STYLE;
use crate::stepper::SCRIPT_FILE;

pub const INDEX: &str = "index.html";
pub const MACHINE: &str = "machine.html";
pub const PROOF: &str = "proof.html";
pub const SEEDS: &str = "seeds.html";

/// A scenario's page.
pub fn page_file(scenario: &str) -> String {
    format!("{scenario}.html")
}

/// A whole page: `here` names it in the navigation (a file name or a scenario's name).
pub fn page(title: &str, here: &str, body: Markup, script: bool) -> String {
    let link = |file: String, text: &str| {
        let current = file == here || file == page_file(here);
        html! { a.here[current] href=(file) { (text) } }
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                nav {
                    (link(INDEX.to_owned(), "the answer"))
                    @for s in scenarios::catalogue::reported() { (link(page_file(s.name), s.name)) }
                    (link(MACHINE.to_owned(), "machine"))
                    (link(PROOF.to_owned(), "cost of proof"))
                    (link(SEEDS.to_owned(), "seeds"))
                }
                (body)
                @if script { script src=(SCRIPT_FILE) {} }
            }
        }
    }
    .into_string()
}
