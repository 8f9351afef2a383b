//! Every deliberate difference from the Fetch Standard, per browser, in one
//! table. The algorithms read these named facts and never test for a browser
//! themselves; [`Browser::Spec`] has every quirk off. A new difference is one
//! field here, its entry for each browser, and a test.
//!
//! "Live" below names the test that shows the behaviour in the real browser:
//! the live matrix is `tests/e2e_matrix.rs` (801 scenarios, known-difference
//! lists empty), the seed examples `crates/engine/tests/seed.rs` checked live
//! through the same matrix page.

use crate::decision::Browser;
use crate::scenario::CookieSetting;

/// What a browser does where it departs from the spec.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Quirks {
    /// Counts `Access-Control-Allow-Origin` lines and rejects more than one
    /// before anything else (the spec combines them with ", ").
    /// Firefox (all versions here, ESR 153): nsCORSListenerProxy.cpp
    /// CheckRequestApproved, "CORSMultipleAllowOriginNotAllowed";
    /// shared/browser-console-messages.md §2.1. Live: the matrix's repeated
    /// Allow-Origin rows.
    pub(crate) counts_allow_origin_lines: bool,
    /// Tells several values (a space or comma in the value) and a value that is
    /// no URL apart from a mismatch; the spec's check fails all three alike.
    /// Chromium (156 here): cors.cc CheckAccessInternal, `find_first_of(" ,")`,
    /// kInvalidAllowOriginValue. Only the failure reported (and so the console
    /// text) differs. Live: the matrix's list and no-scheme Allow-Origin rows.
    pub(crate) tells_allow_origin_values_apart: bool,
    /// Tells a list (a comma in the value) apart from a mismatch ("cannot
    /// contain more than one origin"); a value that is no URL is a mismatch.
    /// WebKit (WebCore CrossOriginAccessControl.cpp passesAccessControlCheck;
    /// WebKitGTK 2.50.6 here). Only the console text differs. Live:
    /// tests/e2e_console_text.rs ("two origins in one value").
    pub(crate) tells_allow_origin_lists_apart: bool,
    /// Checks a preflight's status before its CORS headers, and so reports a
    /// 404 without Allow-Origin as "Preflight response is not successful";
    /// the spec checks both, and Chromium and Firefox report the CORS check.
    /// WebKit (WebKitGTK 2.50.6). Only the failure reported differs. Live:
    /// tests/e2e_console_text.rs ("preflight answered 404").
    pub(crate) checks_preflight_status_first: bool,
    /// Keeps the request's headers when a 301, 302 or 303 turns it into a GET:
    /// the request-body headers (Content-Type and the other Content-*), which
    /// the spec removes, and `Origin`, which the spec sends on no same-origin
    /// GET. So a JSON POST redirected that way sends a preflight for `GET` with
    /// `Access-Control-Request-Headers: content-type` on a cross-origin next
    /// hop, and a same-origin one still says `Origin`. WebKitGTK 2.50.6
    /// (Safari's WebCore; not checked against CFNetwork). Live: the matrix's
    /// "redirect … POST json" rows and WPT's redirect-method and
    /// redirect-origin POST tests, in WebKit.
    pub(crate) keeps_body_headers_after_method_change: bool,
    /// Lets `Access-Control-Allow-Headers: *` cover Authorization (without
    /// credentials), with a console warning; the spec says `*` never covers it.
    /// Chromium 156 (deprecated since M97), Firefox ESR 153 (pref
    /// network.cors_preflight.authorization_covered_by_wildcard) and WebKitGTK
    /// 2.50.6 (no warning). Live: the seed's "Authorization header with
    /// Allow-Headers: *" example, allowed by all three.
    pub(crate) wildcard_covers_authorization: bool,
    /// The longest preflight cache lifetime, in seconds ("user agents may impose
    /// a limit"). Chromium: 7200 (preflight_result.cc kMaxTimeout); Firefox:
    /// 86400. Not shown live: seeing a cap means waiting past it (the preflight
    /// cache itself is shown live by tests/e2e_inspector.rs's Max-Age runs).
    pub(crate) max_age_cap: u64,
    /// Keeps preflighting every redirected hop of a request that needed a
    /// preflight as made, even once a 301/302/303 turned it into a simple GET.
    /// Firefox ESR 153; Chromium 156 follows the spec. Live: the matrix's
    /// redirect chains (POST with a custom header, 302 then GET).
    pub(crate) preflights_every_redirected_hop: bool,
    /// Sends and checks its preflights with the page's origin even after a
    /// redirect tainted the request (which itself then says `Origin: null`).
    /// Firefox ESR 153. Live: the matrix's cross-origin-to-cross-origin chains.
    pub(crate) preflight_keeps_page_origin: bool,
    /// Sends the preflight of a hop back on the page's own origin but does not
    /// check its answer. Firefox ESR 153. Live: the matrix's chains that
    /// redirect back to the page after a cross-origin hop.
    pub(crate) skips_same_origin_preflight_check: bool,
    /// Applies Local Network Access (WICG; not in the Fetch Standard): a public
    /// page needs the user's permission to reach local and loopback targets.
    /// Chromium since 142 (on by default), Firefox since 153 (ESR 153 here).
    /// Live: tests/e2e_hosted.rs (granted, denied, not answered; both browsers).
    pub(crate) local_network_access: bool,
    /// Refuses a local network request from a page that is not a secure
    /// context without asking. Chromium 156 (its console: "The request client
    /// is not a secure context and the resource is in more-private address
    /// space `loopback`."); Firefox ESR 153 asks an http page too, and its
    /// answer decides. Live: tests/e2e_lna_rules.rs (`http://public.test`
    /// made public, fetching loopback).
    pub(crate) local_network_needs_secure_context: bool,
    /// Does not block an https page's http request to a local IP literal or a
    /// `.local` name as mixed content (Chromium's console only warns "This
    /// content should also be served over HTTPS."): Local Network Access (the
    /// permission) decides instead. Chromium 156; Firefox ESR 153 blocks it,
    /// as the spec says. Live: tests/e2e_lna_rules.rs (`http://lab.local`
    /// resolving to the lab, from an https page; a public name stays blocked).
    pub(crate) local_network_relaxes_mixed_content: bool,
    /// Blocks an https page's `http://` request to loopback (localhost,
    /// `*.localhost`, 127.0.0.1, [::1]) as mixed content, where the spec (and
    /// Chromium and Firefox) count loopback as potentially trustworthy. So a
    /// hosted (https) corscope cannot reach a lab on `http://localhost` in
    /// WebKit: its console says "[blocked] The page at … requested insecure
    /// content from …", "Not allowed to request resource", then "Fetch API
    /// cannot load … due to access control checks.", and nothing is sent.
    /// WebKitGTK 2.50.6 (and Safari, as far as its users report; not checked
    /// here). Live: tests/e2e_https.rs in WebKit (every loopback name).
    pub(crate) loopback_http_is_mixed_content: bool,
    /// Joins the values of repeated request headers of one name ("a, b")
    /// before the CORS-safelist checks, as its `Headers` object sends them;
    /// the spec checks each entry of the header list (and so counts eight
    /// 128-byte `Accept` entries as safelisted, 1,024 bytes in all).
    /// Chromium 156 and Firefox ESR 153 (issue #16's WPT-derived set). Live:
    /// the matrix's repeated-request-header rows.
    pub(crate) joins_repeated_request_headers: bool,
    /// Ignores empty `Access-Control-Allow-Origin` and
    /// `Access-Control-Allow-Credentials` lines beside a non-empty one ('' then
    /// `*`, `*` then '', '' then the origin, '' then `true`: allowed; the spec
    /// joins them into ", *" and fails). Firefox ESR 153 (issue #16's
    /// WPT-derived set; Allow-Credentials found by the matrix). Live: the
    /// matrix's "empty response line" rows. Chromium 156 follows the spec.
    pub(crate) ignores_empty_cors_lines: bool,
    // How the response head is read off the wire (fetch/response_head.rs; the
    // spec there is RFC 9112). Chromium 156 and Firefox ESR 153, found with
    // the lab's raw writes. Live: the matrix's "raw bytes" rows (outcomes,
    // names) and tests/e2e_raw_wire.rs (the values read).
    /// Ends a field line at a bare CR too (RFC 9112 §2.2: the line is invalid).
    /// Chromium (http_util.cc AssembleRawHeaders treats "\r" as a line break).
    pub(crate) bare_cr_ends_line: bool,
    /// Joins a folded line with its leading whitespace as sent, where RFC 9112
    /// §5.2 replaces the obs-fold with SP ("a\n\t b" reads "a\t b"). Firefox.
    pub(crate) keeps_folded_whitespace: bool,
    /// Reads `Name : value` as `Name` (RFC 9112 §5.1 allows no whitespace
    /// before the colon; such a line is not a field). Chromium.
    pub(crate) trims_space_before_colon: bool,
    /// Skips CRs at the start of a value with the SP and HT before it (a CR
    /// further in still drops the line). Firefox.
    pub(crate) skips_leading_cr_in_values: bool,
    /// Reads a bare CR in a value as a space (the line stays; RFC 9112 §2.2
    /// allows a recipient to do so instead of rejecting it), then trims the
    /// value: "*\r" reads "*", "a\rb" reads "a b", "*\rX-A: 1" is no `*`.
    /// WebKitGTK 2.50.6 (libsoup; Safari reads heads with CFNetwork, which may
    /// differ). Live: the matrix's "raw bytes" rows and tests/e2e_raw_wire.rs in WebKit.
    pub(crate) bare_cr_reads_as_space: bool,
    // Cookies (cookies/: RFC 6265bis and CHIPS; each browser's third-party
    // policy is not standard at all). Found with the lab's cookie hosts; live:
    // tests/e2e_cookies.rs in each browser and setting.
    /// The third-party cookie setting a profile starts with (the spec has no
    /// such setting: `allowed`). Chromium 156 as WebDriver starts it: blocked
    /// (pref `profile.cookie_controls_mode` 1); Firefox ESR 153: partitioned
    /// (Total Cookie Protection, `network.cookie.cookieBehavior` 5); Safari:
    /// blocked (Intelligent Tracking Prevention) — the WebKitGTK test profile
    /// is `visited-only` (its default accept policy "no third party").
    pub(crate) cookie_setting: CookieSetting,
    /// Treats a cookie without `SameSite` as `None`: sent with cross-site
    /// requests and stored from cross-site answers. RFC 6265bis (-22 §5.7 step
    /// 18, §5.8.3 step 3) enforces its "Default" like `Lax`, as Chromium does
    /// (since 80). Firefox ESR 153 and WebKitGTK 2.50.6.
    pub(crate) cookie_unspecified_is_none: bool,
    /// Keeps a `SameSite=None` cookie without `Secure` (RFC 6265bis §5.7
    /// ignores it). WebKitGTK 2.50.6.
    pub(crate) cookie_none_without_secure_kept: bool,
    /// Stores a cookie with `Secure` (or a `__Host-`/`__Secure-` name, or
    /// `Partitioned`) only from an `https` answer: `http://localhost` and the
    /// other loopback names, which the spec lets count as secure, do not.
    /// WebKitGTK 2.50.6 drops them without a message.
    pub(crate) cookie_secure_needs_https: bool,
    /// Stores a `Strict` or `Lax` cookie from a cross-site answer (the spec
    /// ignores it). WebKitGTK 2.50.6, seen with third-party cookies allowed.
    pub(crate) cookie_same_site_not_checked_on_set: bool,
    /// Ignores `Partitioned` (no CHIPS): such a cookie is stored and sent as
    /// any other. WebKitGTK 2.50.6.
    pub(crate) cookie_ignores_partitioned: bool,
    /// With third-party cookies blocked, still stores and sends `Partitioned`
    /// ones, keyed to the top-level site (CHIPS). Chromium 156; Firefox ESR
    /// 153 (`cookieBehavior` 1) does not.
    pub(crate) cookie_blocked_keeps_partitioned: bool,
    /// Judges SameSite on a redirect chain as a whole: once a hop was
    /// cross-site to the page, a later same-site hop gets no `Lax` or
    /// `Strict` cookie (its console: "CookieBlockedCrossSiteRedirect"). RFC
    /// 6265bis -22 (§5.2) judges each hop's URL alone, as Chromium 156 does.
    /// Firefox ESR 153 and WebKitGTK 2.50.6. Live: tests/e2e_cookies.rs ("a
    /// cross-site redirect … back to a same-site host").
    pub(crate) cookie_same_site_counts_redirect_chain: bool,
    /// Also treats such a hop as third-party: no cookie at all goes with it
    /// when third-party cookies are blocked (Safari's tracking prevention),
    /// where Firefox still sends the hop's own first-party cookies.
    /// WebKitGTK 2.50.6. Live: tests/e2e_cookies.rs, the same case.
    pub(crate) cookie_third_party_counts_redirect_chain: bool,
    /// Judges SameSite on a hop back on the page's own origin by its URL
    /// alone again, despite `cookie_same_site_counts_redirect_chain` (with
    /// third-party cookies allowed, all its cookies go; with tracking
    /// prevention, none: the third-party rule still counts the chain).
    /// WebKitGTK 2.50.6. Live: the cookie corpus's "cross-site redirecting to
    /// same-host" in both settings (e2e_cookies).
    pub(crate) cookie_redirect_chain_ends_at_page_origin: bool,
    /// Decides same-site for cookies without the scheme: an http page and its
    /// https host are one site (RFC 6265bis §5.2 and Chromium: "schemeful",
    /// two sites). Firefox ESR 153 and WebKitGTK 2.50.6. Live: the cookie
    /// corpus's schemeful-same-site rows (e2e_cookies).
    pub(crate) cookie_same_site_ignores_scheme: bool,
}

const SPEC: Quirks = Quirks {
    counts_allow_origin_lines: false,
    tells_allow_origin_values_apart: false,
    tells_allow_origin_lists_apart: false,
    checks_preflight_status_first: false,
    keeps_body_headers_after_method_change: false,
    wildcard_covers_authorization: false,
    max_age_cap: u64::MAX,
    preflights_every_redirected_hop: false,
    preflight_keeps_page_origin: false,
    skips_same_origin_preflight_check: false,
    local_network_access: false,
    local_network_needs_secure_context: false,
    local_network_relaxes_mixed_content: false,
    loopback_http_is_mixed_content: false,
    joins_repeated_request_headers: false,
    ignores_empty_cors_lines: false,
    bare_cr_ends_line: false,
    keeps_folded_whitespace: false,
    trims_space_before_colon: false,
    skips_leading_cr_in_values: false,
    bare_cr_reads_as_space: false,
    cookie_setting: CookieSetting::Allowed,
    cookie_unspecified_is_none: false,
    cookie_none_without_secure_kept: false,
    cookie_secure_needs_https: false,
    cookie_same_site_not_checked_on_set: false,
    cookie_ignores_partitioned: false,
    cookie_blocked_keeps_partitioned: false,
    cookie_same_site_counts_redirect_chain: false,
    cookie_third_party_counts_redirect_chain: false,
    cookie_redirect_chain_ends_at_page_origin: false,
    cookie_same_site_ignores_scheme: false,
};

const CHROMIUM: Quirks = Quirks {
    tells_allow_origin_values_apart: true,
    wildcard_covers_authorization: true,
    max_age_cap: 7200,
    local_network_access: true,
    local_network_needs_secure_context: true,
    local_network_relaxes_mixed_content: true,
    joins_repeated_request_headers: true,
    bare_cr_ends_line: true,
    trims_space_before_colon: true,
    cookie_setting: CookieSetting::Blocked,
    cookie_blocked_keeps_partitioned: true,
    ..SPEC
};

/// WebKitGTK 2.50.6 here (Safari's WebCore CORS code over libsoup; Safari uses
/// CFNetwork, which may read response heads differently: the raw-bytes rows
/// are WebKitGTK's). Each field is checked live by the same tests as the
/// other browsers' (the Matrix in WebKit: tests/e2e_matrix.rs).
const WEBKIT: Quirks = Quirks {
    tells_allow_origin_lists_apart: true,
    checks_preflight_status_first: true,
    keeps_body_headers_after_method_change: true,
    wildcard_covers_authorization: true,
    // Joins repeated request headers before the safelist checks, as the
    // others do (the matrix's repeated-request-header rows in WebKit).
    joins_repeated_request_headers: true,
    // The matrix's "raw bytes" rows in WebKitGTK, and tests/e2e_raw_wire.rs.
    bare_cr_reads_as_space: true,
    loopback_http_is_mixed_content: true,
    // WebCore CrossOriginPreflightResultCache: at most 600 s (not shown live,
    // as for the others).
    max_age_cap: 600,
    // Safari's default (tracking prevention); WebKitGTK starts `visited-only`.
    cookie_setting: CookieSetting::Blocked,
    cookie_unspecified_is_none: true,
    cookie_none_without_secure_kept: true,
    cookie_secure_needs_https: true,
    cookie_same_site_not_checked_on_set: true,
    cookie_ignores_partitioned: true,
    cookie_same_site_counts_redirect_chain: true,
    cookie_third_party_counts_redirect_chain: true,
    cookie_redirect_chain_ends_at_page_origin: true,
    cookie_same_site_ignores_scheme: true,
    ..SPEC
};

const FIREFOX: Quirks = Quirks {
    counts_allow_origin_lines: true,
    wildcard_covers_authorization: true,
    max_age_cap: 86400,
    preflights_every_redirected_hop: true,
    preflight_keeps_page_origin: true,
    skips_same_origin_preflight_check: true,
    local_network_access: true,
    joins_repeated_request_headers: true,
    ignores_empty_cors_lines: true,
    keeps_folded_whitespace: true,
    skips_leading_cr_in_values: true,
    cookie_setting: CookieSetting::Partitioned,
    cookie_unspecified_is_none: true,
    cookie_same_site_counts_redirect_chain: true,
    cookie_same_site_ignores_scheme: true,
    ..SPEC
};

impl Browser {
    /// This browser's departures from the spec.
    pub(crate) fn quirks(self) -> &'static Quirks {
        match self {
            Browser::Chromium => &CHROMIUM,
            Browser::Firefox => &FIREFOX,
            Browser::WebKit => &WEBKIT,
            Browser::Spec => &SPEC,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_has_no_quirks() {
        assert_eq!(Browser::Spec.quirks(), &SPEC);
        assert_ne!(Browser::Chromium.quirks(), &SPEC);
        assert_ne!(Browser::Firefox.quirks(), &SPEC);
        assert_ne!(Browser::WebKit.quirks(), &SPEC);
    }
}
