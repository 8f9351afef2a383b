//! Local Network Access (WICG): a request from a page to a more private
//! address space — a public page to a local or loopback target — needs the
//! user's permission, asked by the browser; denied, the request fails before
//! anything is sent, and script sees a network error.
//! <https://wicg.github.io/local-network-access/#integration-fetch>
//!
//! Deliberate differences from the draft, from what the browsers here do
//! (tests/e2e_hosted.rs): only public → local and public → loopback are gated
//! (Chromium 156's code does not gate local → loopback); there is no
//! preflight: `Access-Control-Allow-Private-Network` (Private Network Access,
//! its predecessor) has no effect. `Browser::Spec` (the Fetch Standard alone)
//! does not apply it: it is not part of Fetch yet.

use super::main_fetch::HopState;
use super::request::Request;
use super::{End, Run};
use crate::decision::{Check, Failure, Outcome, Stage};
use crate::origin::web_url::Host;
use crate::origin::web_url::WebUrl;
use crate::origin::Origin;
use crate::scenario::{AddressSpace, Permission};
use std::net::IpAddr;

pub(crate) const SPEC_LNA: &str = "https://wicg.github.io/local-network-access/#integration-fetch";

/// The address space of an IP address: loopback (127/8, ::1), local (the
/// private, link-local and shared ranges, fc00::/7, fe80::/10) or public.
/// <https://wicg.github.io/local-network-access/#ip-address-space>
pub(crate) fn space_of_ip(ip: IpAddr) -> AddressSpace {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_loopback() {
                AddressSpace::Loopback
            } else if v4.is_private() || v4.is_link_local() || (a == 100 && (64..128).contains(&b)) {
                AddressSpace::Local
            } else {
                AddressSpace::Public
            }
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return space_of_ip(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            if v6.is_loopback() {
                AddressSpace::Loopback
            } else if (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80 {
                AddressSpace::Local
            } else {
                AddressSpace::Public
            }
        }
    }
}

/// The address space of a URL's host, before connecting: `localhost` and
/// `*.localhost` are loopback, `.local` names local, IP literals by range, and
/// other names where the scenario says they resolve (else public).
pub(crate) fn space_of_host(host: Option<Host<'_>>, resolves: &[(String, String)]) -> AddressSpace {
    match host {
        Some(Host::Ipv4(ip)) => space_of_ip(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => space_of_ip(IpAddr::V6(ip)),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                std::borrow::Cow::Owned(name.to_ascii_lowercase())
            } else {
                std::borrow::Cow::Borrowed(name)
            };
            if let Some(ip) = resolves
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(&name))
                .and_then(|(_, ip)| ip.parse::<IpAddr>().ok())
            {
                space_of_ip(ip)
            } else if name == "localhost" || name.ends_with(".localhost") {
                AddressSpace::Loopback
            } else if name.ends_with(".local") {
                AddressSpace::Local
            } else {
                AddressSpace::Public
            }
        }
        None => AddressSpace::Public,
    }
}

/// The address space of a URL's host as the browser sees it before
/// connecting (`None`: not a URL).
pub fn space_of_url(url: &str) -> Option<AddressSpace> {
    let url = WebUrl::parse(url.trim()).ok()?;
    Some(space_of_host(url.host(), &[]))
}

/// A URL whose host is a local IP literal or a `.local` name: known local
/// before any lookup.
pub(crate) fn is_local_literal(url: &WebUrl) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.trim_end_matches('.').to_ascii_lowercase().ends_with(".local"),
        host => space_of_host(host, &[]) == AddressSpace::Local,
    }
}

/// The page's address space: as the scenario says, else from its host.
pub(crate) fn page_space(run: &Run, page: &Origin) -> AddressSpace {
    if let Some(space) = run.scenario.network.page_space {
        return space;
    }
    match page {
        Origin::Tuple { .. } => space_of_host(page.url_host(), &run.scenario.network.resolves),
        Origin::Opaque { .. } => AddressSpace::Public,
    }
}

/// Whether a request from `page` to `target` is a local network request.
fn gated(page: AddressSpace, target: AddressSpace) -> bool {
    page == AddressSpace::Public && target != AddressSpace::Public
}

/// The Local Network Access check for one hop, before anything is sent.
pub(crate) fn check(run: &mut Run, request: &Request, state: &HopState) -> Result<(), End> {
    let quirks = run.browser.quirks();
    if !quirks.local_network_access {
        return Ok(());
    }
    let target = space_of_host(state.current.host(), &run.scenario.network.resolves);
    if target == AddressSpace::Public {
        // Nothing is more public: never gated (the common case, decided without the page's space).
        return Ok(());
    }
    let page = page_space(run, &request.page_origin);
    if !gated(page, target) {
        if target != AddressSpace::Public {
            run.trace
                .record(state.index, SPEC_LNA, Check::LocalNetworkAccess, true, || {
                    (
                        format!("page {page}, target {target}"),
                        format!("a {page} page may reach the {target} address space without asking"),
                    )
                });
        }
        return Ok(());
    }
    let insecure = !request.page_origin.is_potentially_trustworthy();
    let (index, space) = (state.index, target.to_string());
    if insecure && quirks.local_network_needs_secure_context {
        run.trace.record(index, SPEC_LNA, Check::LocalNetworkAccess, false, || {
            (
                format!("page {page} (not a secure context), target {target}"),
                format!(
                    "a public page that is not a secure context (http:) may not reach the {target} address space: the browser refuses without asking; serve the page over https"
                ),
            )
        });
        return Err(End::failed(
            Outcome::Blocked,
            Stage::Request,
            Failure::LocalNetworkAccess {
                space,
                insecure_page: true,
            },
        ));
    }
    let permission = run.scenario.network.permission;
    let passed = permission == Permission::Granted;
    run.trace.record(index, SPEC_LNA, Check::LocalNetworkAccess, passed, || {
        let asked = format!(
            "a public page reaching the {target} address space needs the user's Local Network Access permission"
        );
        let outcome = match permission {
            Permission::Granted => "granted: the request goes out, and CORS applies as usual (Access-Control-Allow-Private-Network has no effect)",
            Permission::Denied => "denied: the request fails before anything is sent; script sees a network error",
            Permission::Prompt => "not answered: the request waits for the prompt and fails if it is dismissed (headless browsers dismiss it)",
        };
        (format!("page {page}, target {target}, permission {permission}"), format!("{asked}; {outcome}"))
    });
    if passed {
        return Ok(());
    }
    Err(End::failed(
        Outcome::Blocked,
        Stage::Request,
        Failure::LocalNetworkAccess {
            space,
            insecure_page: false,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(url: &str) -> AddressSpace {
        space_of_host(
            crate::origin::web_url::WebUrl::parse(url).unwrap().host(),
            &[("printer.lan".into(), "192.168.1.9".into())],
        )
    }

    #[test]
    fn hosts_and_addresses_fall_in_their_spaces() {
        use AddressSpace::*;
        for (url, want) in [
            ("http://localhost:8081/", Loopback),
            ("http://api.localhost/", Loopback),
            ("http://127.8.0.1/", Loopback),
            ("http://[::1]/", Loopback),
            ("http://[::ffff:127.0.0.1]/", Loopback),
            ("http://10.1.2.3/", Local),
            ("http://172.16.0.1/", Local),
            ("http://172.32.0.1/", Public),
            ("http://192.168.1.1/", Local),
            ("http://169.254.1.1/", Local),
            ("http://100.64.0.1/", Local),
            ("http://100.128.0.1/", Public),
            ("http://[fd00::1]/", Local),
            ("http://[fe80::1]/", Local),
            ("http://nas.local/", Local),
            ("http://printer.lan/", Local),
            ("https://example.com/", Public),
            ("http://8.8.8.8/", Public),
        ] {
            assert_eq!(space(url), want, "{url}");
        }
        assert!(gated(Public, Loopback) && gated(Public, Local));
        assert!(!gated(Local, Loopback) && !gated(Loopback, Loopback) && !gated(Public, Public));
    }
}
