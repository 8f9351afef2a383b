//! The exchange drawn as a sequence diagram: page script, browser and server
//! as three lifelines, one arrow a message with its CORS headers beneath, the
//! failing check marked where it happened. An SVG that scales to its width
//! (readable at 390 px), coloured by the page's theme (`currentColor` and
//! CSS classes), with the text equivalent for screen readers.

use corscope_engine::explain::sequence::{Party, Sequence};
use leptos::prelude::*;

// Whole numbers: a float in an attribute would pull Rust's float
// formatting into the first view's wasm (#18).
const WIDTH: i32 = 390;
const TOP: i32 = 34;
const LINE: i32 = 13;

fn x_of(p: Party) -> i32 {
    match p {
        Party::Script => 40,
        Party::Browser => 195,
        Party::Server => 350,
    }
}

/// Cuts a line to what fits between two lifelines.
fn fit(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(chars - 1).collect::<String>())
    }
}

#[component]
pub fn SequenceDiagram(sequence: Sequence, testid: &'static str, title: &'static str) -> impl IntoView {
    let text = sequence.text();
    let mut y = TOP + 10;
    let mut arrows = vec![];
    for (i, m) in sequence.messages.iter().enumerate() {
        let (x1, x2) = (x_of(m.from), x_of(m.to));
        let left = x1.min(x2);
        let span = (x1 - x2).abs();
        // A character of the label font is about 5.6 units wide.
        let chars = ((span - 8) * 10 / 56) as usize;
        let class = if m.failed.is_some() { "msg failed" } else { "msg" };
        let label_y = y;
        let arrow_y = y + 4;
        let head = if x2 > x1 { x2 - 7 } else { x2 + 7 };
        let points = format!("{x2},{arrow_y} {head},{} {head},{}", arrow_y - 4, arrow_y + 4);
        let mut lines = vec![];
        let mut ly = arrow_y + LINE;
        for l in &m.lines {
            lines.push(view! { <text x=left + 4 y=ly class="msg-line">{fit(l, chars)}</text> });
            ly += LINE;
        }
        if let Some(why) = &m.failed {
            lines.push(view! { <text x=left + 4 y=ly class="msg-fail">{fit(&format!("✗ {why}"), chars)}</text> });
            ly += LINE;
        }
        let full = std::iter::once(m.label.clone())
            .chain(m.lines.iter().cloned())
            .chain(m.failed.iter().map(|w| format!("✗ {w}")))
            .collect::<Vec<_>>()
            .join("\n");
        arrows.push(view! {
            <g class=class data-testid="sequence-message" data-from=m.from.name() data-to=m.to.name()
                data-hop=m.hop.to_string() data-failed=m.failed.is_some().to_string()>
                <title>{full}</title>
                <text x=left + 4 y=label_y class="msg-label">{fit(&format!("{}. {}", i + 1, m.label), chars)}</text>
                <line x1=x1 y1=arrow_y x2=x2 y2=arrow_y />
                <polygon points=points />
                {lines}
            </g>
        });
        y = ly + 12;
    }
    let height = y + 4;
    let lifelines = [Party::Script, Party::Browser, Party::Server].map(|p| {
        let x = x_of(p);
        view! {
            <g class="lifeline">
                <text x=x y=16 text-anchor="middle" class="party">{p.name()}</text>
                <line x1=x y1=TOP - 12 x2=x y2=height - 4 />
            </g>
        }
    });
    view! {
        <figure class="sequence" data-testid=testid>
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" aria-hidden="true" focusable="false">
                {lifelines}
                {arrows}
            </svg>
            <pre class="visually-hidden" data-testid=format!("{testid}-text")>{text}</pre>
        </figure>
    }
}
