//! The same-origin / same-site table: editable pairs of origins, every verdict
//! and reason computed by the engine.

use corscope_engine::{compare, Origin};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
struct Pair {
    id: u32,
    a: RwSignal<String>,
    b: RwSignal<String>,
}

/// The seed's five examples, then the tricky ones.
pub const DEFAULT_PAIRS: &[(&str, &str)] = &[
    ("https://example.com", "https://example.com/tutorial"),
    ("https://example.com", "http://example.com"),
    ("https://example.com", "https://api.example.com"),
    ("https://example.com", "https://example.com:8080"),
    ("https://example.com", "https://example.org"),
    ("https://example.com:443", "https://example.com"),
    ("http://localhost:8080", "http://127.0.0.1:8080"),
    ("https://bücher.example", "https://xn--bcher-kva.example"),
    ("https://example.com.", "https://example.com"),
    ("file:///home/me/index.html", "file:///home/me/index.html"),
    ("data:text/html,<p>hi</p>", "https://example.com"),
    ("blob:https://example.com/4a1c-77", "https://example.com"),
    ("https://alice.github.io", "https://bob.github.io"),
];

#[component]
fn PairRow(pair: Pair, on_remove: Callback<u32>) -> impl IntoView {
    let Pair { id, a, b } = pair;
    let inspector = crate::state::expect_inspector();
    let verdict = Memo::new(move |_| {
        inspector.psl_ready.track();
        match (Origin::parse(&a.get()), Origin::parse(&b.get())) {
            (Ok(x), Ok(y)) => Ok(compare(&x, &y)),
            (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
        }
    });
    let yes_no = |v: bool| if v { "yes" } else { "no" };
    view! {
        <tr data-testid="origin-row">
            <td><input aria-label="First origin or URL" data-testid="origin-a" prop:value=move || a.get() on:input=move |ev| a.set(event_target_value(&ev)) /></td>
            <td><input aria-label="Second origin or URL" data-testid="origin-b" prop:value=move || b.get() on:input=move |ev| b.set(event_target_value(&ev)) /></td>
            {move || match verdict.get() {
                Ok(c) => view! {
                    <td><code data-testid="serialized">{c.a.clone()}" · "{c.b.clone()}</code></td>
                    <td data-testid="same-origin" class=if c.same_origin { "yes" } else { "no" }>{yes_no(c.same_origin)}</td>
                    <td data-testid="same-site" class=if c.same_site { "yes" } else { "no" }>{yes_no(c.same_site)}</td>
                    <td data-testid="reason">{c.same_origin_reason.clone()}"; "{c.same_site_reason.clone()}</td>
                }.into_any(),
                Err(e) => view! { <td colspan="4" class="error" data-testid="origin-error">{e}</td> }.into_any(),
            }}
            <td><button class="secondary" data-testid="origin-remove" aria-label="Remove this row" on:click=move |_| on_remove.run(id)>"×"</button></td>
        </tr>
    }
}

#[component]
pub fn OriginTable() -> impl IntoView {
    let pairs = RwSignal::new(
        DEFAULT_PAIRS
            .iter()
            .enumerate()
            .map(|(i, (a, b))| Pair {
                id: i as u32,
                a: RwSignal::new(a.to_string()),
                b: RwSignal::new(b.to_string()),
            })
            .collect::<Vec<_>>(),
    );
    let next = RwSignal::new(DEFAULT_PAIRS.len() as u32);
    let remove = Callback::new(move |id: u32| pairs.update(|p| p.retain(|x| x.id != id)));
    let add = move |_| {
        let id = next.get_untracked();
        next.set(id + 1);
        pairs.update(|p| {
            p.push(Pair {
                id,
                a: RwSignal::new("https://".into()),
                b: RwSignal::new("https://".into()),
            })
        });
    };
    view! {
        <section class="panel" id="reference" aria-labelledby="origins-title" data-testid="origin-panel">
            <h2 id="origins-title">"Which origins are the same?"</h2>
            <div class="scroll">
                <table class="origins">
                    <thead><tr><th>"A"</th><th>"B"</th><th>"Serialized"</th><th>"Same origin"</th><th>"Same site"</th><th>"Why"</th><th></th></tr></thead>
                    <tbody>
                        <For each=move || pairs.get() key=|p| p.id children=move |p| view! { <PairRow pair=p on_remove=remove /> } />
                    </tbody>
                </table>
            </div>
            <button class="secondary" data-testid="origin-add" on:click=add>"Add a row"</button>
        </section>
    }
}
