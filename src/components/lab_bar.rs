//! Which lab the page talks to. Served by the lab, the page uses it at once.
//! Hosted (GitHub Pages), it is paired with the user's lab by the link
//! `corscope-lab serve --hosted-page` prints (`?lab=ORIGIN#key=KEY`, kept in
//! localStorage), or by a typed address. Reaching a lab on loopback from a
//! public page needs the browser's Local Network Access permission, which the
//! browser asks for only from a user action: so the page connects on a click
//! unless the permission is already granted, and says why.

use crate::net::{self, GetError};
use crate::state::{expect_inspector, storage, Inspector, LabStatus};
use corscope_engine::lab::{lab_origin, Pairing, Refusal, SCENARIO_PATH};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where the pairing is remembered.
pub const PAIRING_KEY: &str = "corscope.lab.v1";

/// Where each browser lets a user allow Local Network Access for a site.
pub const HOW_TO_ALLOW_LNA: &str = concat!(
    "Chromium: the icon left of the address → Site settings → Local network access → Allow;",
    " Firefox: the permission icon in the address bar"
);

fn lna_denied() -> String {
    format!(
        "Your browser does not let this page reach apps on this device (Local Network Access is denied for this \
         site), so it cannot reach the lab. This is not a CORS failure. Allow it — {HOW_TO_ALLOW_LNA} — then press \
         Connect."
    )
}

fn remember(pairing: Option<&Pairing>) {
    let Some(s) = storage() else { return };
    let _ = match pairing.and_then(|p| serde_json::to_string(p).ok()) {
        Some(json) => s.set_item(PAIRING_KEY, &json),
        None => s.remove_item(PAIRING_KEY),
    };
}

fn remembered() -> Option<Pairing> {
    let raw = storage()?.get_item(PAIRING_KEY).ok()??;
    serde_json::from_str(&raw).ok()
}

/// The pairing in the page address; the key is taken out of the address bar.
fn pairing_from_address(inspector: &Inspector) -> Option<Pairing> {
    let location = web_sys::window()?.location();
    let (search, hash) = (location.search().ok()?, location.hash().ok()?);
    match Pairing::from_location(&search, &hash) {
        Ok(Some(p)) => {
            if p.key.is_some() {
                // The key stays in localStorage, not in the address (history, bookmarks, screenshots).
                let bare = format!("{}{search}", location.pathname().ok()?);
                if let Ok(history) = web_sys::window()?.history() {
                    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&bare));
                }
            }
            Some(p)
        }
        Ok(None) => None,
        Err(e) => {
            inspector
                .notice
                .set(Some(format!("The page address names a lab corscope cannot use: {e}")));
            None
        }
    }
}

/// At start: the paired lab (from the address or remembered), else the lab serving the page.
pub fn connect_at_start(inspector: Inspector) {
    let from_address = pairing_from_address(&inspector);
    if from_address.is_some() {
        remember(from_address.as_ref());
    }
    let Some(pairing) = from_address.or_else(remembered) else {
        spawn_local(async move {
            match net::lab_info(None).await {
                Ok(info) => {
                    use_lab(&inspector, info, String::new(), true);
                    inspector.lab.set(LabStatus::Own);
                }
                Err(_) => inspector.lab.set(LabStatus::Absent),
            }
        });
        return;
    };
    net::set_lab_key(pairing.key.clone());
    spawn_local(async move {
        match net::loopback_permission().await.as_deref() {
            // No such permission here (no Local Network Access), or already granted.
            None | Some("granted") => connect(inspector, pairing).await,
            Some("denied") => {
                inspector.lna_denied.set(true);
                inspector.lab.set(LabStatus::Problem(pairing, lna_denied()))
            }
            Some(_) => inspector.lab.set(LabStatus::NeedsClick(pairing)),
        }
    });
}

/// Takes a lab's info: `home` is where it is read (`""`: this page's own
/// origin). Only the lab's own page may use its same-origin page (which
/// answers the app origin alone); a paired page leaves that origin out. The
/// cookie hosts serve both: their cookie page tells the page that registered
/// the run (with the key) what script saw.
fn use_lab(inspector: &Inspector, info: corscope_engine::lab::LabInfo, home: String, own: bool) {
    let their_frame = info.frame.clone();
    net::set_cookie_hosts(info.cookie_hosts);
    let frame = their_frame.clone().filter(|_| own);
    let origins = info
        .origins
        .into_iter()
        .map(|o| o.origin)
        .filter(|o| own || their_frame.as_deref() != Some(o.as_str()))
        .collect();
    inspector.lab_home.set(home);
    inspector.lab_frame.set(frame);
    use_origins(inspector, origins);
}

fn use_origins(inspector: &Inspector, origins: Vec<String>) {
    if inspector.url.get_untracked().is_empty() {
        if let Some(first) = origins.first() {
            inspector.url.set(format!("{first}{SCENARIO_PATH}"));
        }
    }
    inspector.lab_origins.set(origins);
}

/// Reads the paired lab's info (the browser may ask for Local Network Access now).
async fn connect(inspector: Inspector, pairing: Pairing) {
    inspector.lab.set(LabStatus::Connecting(pairing.clone()));
    net::set_lab_key(pairing.key.clone());
    let lab = pairing.lab.clone();
    let status = match net::lab_info(Some(&lab)).await {
        Ok(info) => {
            use_lab(&inspector, info, lab.clone(), false);
            inspector.lna_denied.set(false);
            LabStatus::Connected(pairing)
        }
        Err(GetError::Unreachable(_)) => {
            let https_page = web_sys::window()
                .and_then(|w| w.location().protocol().ok())
                .is_some_and(|p| p == "https:");
            let why = if net::loopback_permission().await.as_deref() == Some("denied") {
                inspector.lna_denied.set(true);
                lna_denied()
            } else if https_page
                && lab.starts_with("http:")
                && inspector.browser.get_untracked() == corscope_engine::Browser::WebKit
            {
                // Checked live (quirks.rs loopback_http_is_mixed_content).
                format!(
                    "Safari (WebKit) blocks an https page's requests to {lab} as mixed content, so this page cannot \
                     reach the lab. Open the lab's own page instead: {lab}/ (it has everything this page has)."
                )
            } else {
                format!(
                    "The lab at {lab} did not answer. Is `corscope-lab serve` running on this machine? \
                     (If the browser asked whether this page may reach apps on this device, it needs \"Allow\".)"
                )
            };
            LabStatus::Problem(pairing, why)
        }
        Err(GetError::Status(status, body)) => {
            let why = serde_json::from_str::<Refusal>(&body)
                .map(|r| format!("The lab at {lab} refused: {}.", r.refused))
                .unwrap_or_else(|_| format!("The lab at {lab} answered {status}: is it corscope-lab?"));
            LabStatus::Problem(pairing, why)
        }
        Err(GetError::Other(e)) => LabStatus::Problem(pairing, e),
    };
    inspector.lab.set(status);
}

/// A typed lab address: a whole pairing link, or an address (the key kept
/// when it is the same lab).
fn typed_pairing(text: &str, current: Option<&Pairing>) -> Result<Pairing, String> {
    // A link: its query names the lab, its fragment the key.
    let link = text.trim();
    if link.contains("://") {
        let (before_fragment, fragment) = link.split_once('#').unwrap_or((link, ""));
        let query = before_fragment.split_once('?').map_or("", |(_, q)| q);
        if let Some(p) = Pairing::from_location(query, fragment)? {
            return Ok(p);
        }
    }
    let lab = lab_origin(text)?;
    let key = current.filter(|p| p.lab == lab).and_then(|p| p.key.clone());
    Ok(Pairing { lab, key })
}

#[component]
pub fn LabBar() -> impl IntoView {
    let inspector = expect_inspector();
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let connect_to = move |pairing: Pairing| {
        remember(Some(&pairing));
        spawn_local(connect(inspector, pairing));
    };
    let on_connect = move |_| {
        error.set(None);
        let text = typed.get_untracked();
        let current = inspector.lab.get_untracked().pairing().cloned();
        if text.trim().is_empty() {
            match current {
                Some(p) => connect_to(p),
                None => error.set(Some("Type the lab's address, e.g. http://localhost:8081".into())),
            }
            return;
        }
        match typed_pairing(&text, current.as_ref()) {
            Ok(p) => connect_to(p),
            Err(e) => error.set(Some(e)),
        }
    };
    let forget = move |_| {
        remember(None);
        net::set_lab_key(None);
        net::set_cookie_hosts(None);
        inspector.lab_origins.set(vec![]);
        inspector.lab_frame.set(None);
        inspector.lab.set(LabStatus::Absent);
    };
    let status = move || {
        let lab = inspector.lab.get();
        match &lab {
            LabStatus::Looking => "Looking for a lab…".to_string(),
            LabStatus::Own => "Lab: this page is served by corscope-lab; its origins are the run targets.".into(),
            LabStatus::Absent => concat!(
                "No lab: runs reach only servers that allow this page, and the prediction explains the answers typed",
                " in “Server answers”. To run real cross-origin requests and see what the browser sent, start",
                " `corscope-lab serve --hosted-page <this page's address>` on your machine and open the link it prints."
            )
            .into(),
            LabStatus::NeedsClick(p) => format!(
                "The lab at {} is paired with this page. Press Connect: your browser will ask whether this page may \
                 reach apps on this device (Local Network Access). corscope needs that only to reach the lab on your \
                 machine.",
                p.lab
            ),
            LabStatus::Connecting(p) => format!("Connecting to the lab at {}…", p.lab),
            LabStatus::Connected(p) => format!(
                "Lab: connected to {} ({} origins).",
                p.lab,
                inspector.lab_origins.get().len()
            ),
            LabStatus::Problem(_, why) => why.clone(),
        }
    };
    let paired = move || inspector.lab.get().pairing().is_some();
    let show_form = move || !matches!(inspector.lab.get(), LabStatus::Own | LabStatus::Connected(_));
    view! {
        <section class="lab-bar" aria-label="Lab">
            <p data-testid="lab-status" data-state=move || inspector.lab.get().word() role="status">{status}</p>
            <div class="row buttons">
                <Show when=show_form>
                    <label>"Lab address "
                        <input data-testid="lab-address" placeholder="http://localhost:8081"
                            prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                    </label>
                </Show>
                <Show when=move || !matches!(inspector.lab.get(), LabStatus::Own | LabStatus::Connected(_) | LabStatus::Connecting(_))>
                    <button data-testid="lab-connect" on:click=on_connect>"Connect"</button>
                </Show>
                <Show when=paired>
                    <button class="secondary" data-testid="lab-forget" on:click=forget>"Forget this lab"</button>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="lab-error">{e}</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_address_keeps_the_key_of_the_same_lab_only() {
        let current = Pairing {
            lab: "http://localhost:8081".into(),
            key: Some("k".into()),
        };
        let same = typed_pairing("localhost:8081", Some(&current)).unwrap();
        assert_eq!(same.key.as_deref(), Some("k"));
        let other = typed_pairing("http://127.0.0.1:8081", Some(&current)).unwrap();
        assert_eq!(other.key, None);
        let link = typed_pairing(
            "https://u.github.io/corscope/?lab=http%3A%2F%2F127.0.0.1%3A9#key=z",
            None,
        )
        .unwrap();
        assert_eq!(
            (link.lab.as_str(), link.key.as_deref()),
            ("http://127.0.0.1:9", Some("z"))
        );
        assert!(typed_pairing("https://example.com", None).is_err());
    }
}
