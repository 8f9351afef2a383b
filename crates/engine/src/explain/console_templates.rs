//! Every CORS console message corscope knows, once: the words each browser
//! prints (`shared/browser-console-messages.md`: Chromium's
//! `cors_error_string.cc`, Firefox's `security.properties`, WebKit's
//! `CrossOriginAccessControl.cpp`). [`super::console`] prints them for a
//! decision; [`crate::diagnose::console_message`] reads them back. A new
//! wording is a new row here, and both directions have it.

use crate::decision::Stage;
use serde::Serialize;

/// What a message says went wrong (one per reason, across browsers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    DisallowedByMode,
    InvalidResponse,
    WildcardOriginWithCredentials,
    MissingAllowOrigin,
    MultipleAllowOrigin,
    InvalidAllowOrigin,
    AllowOriginMismatch,
    OriginNotAllowed,
    InvalidAllowCredentials,
    CorsDisabledScheme,
    PreflightInvalidStatus,
    PreflightRedirect,
    InvalidAllowMethods,
    InvalidAllowHeaders,
    MethodNotAllowed,
    HeaderNotAllowed,
    AuthorizationNotCoveredByWildcard,
    RedirectContainsCredentials,
    RedirectNotCorsScheme,
    CorsDisabled,
    DidNotSucceed,
    OriginHeaderNotAdded,
    /// Local Network Access: the permission was denied (or not answered).
    LocalNetworkDenied,
    /// Local Network Access: the page is not a secure context.
    LocalNetworkInsecure,
    /// Safari: the page's origin is opaque (`null`: a file, a sandboxed frame).
    OpaqueOrigin,
}

/// Whose console printed the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageBrowser {
    Chromium,
    Firefox,
    Safari,
}

impl MessageBrowser {
    pub fn as_str(&self) -> &'static str {
        match self {
            MessageBrowser::Chromium => "Chromium",
            MessageBrowser::Firefox => "Firefox",
            MessageBrowser::Safari => "Safari",
        }
    }

    /// The engine's model for this browser.
    pub fn engine_browser(&self) -> crate::Browser {
        match self {
            MessageBrowser::Chromium => crate::Browser::Chromium,
            MessageBrowser::Firefox => crate::Browser::Firefox,
            MessageBrowser::Safari => crate::Browser::WebKit,
        }
    }
}

/// Chromium: when the reason follows [`CHROMIUM_PREFLIGHT_PREFIX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prefix {
    Always,
    /// When the failing check was the preflight's.
    InPreflight,
    Never,
}

/// One message. `{name}` marks a value (`value`, `method`, `name`, `token`,
/// `location`, `origin`, `status`); quotes are written as the browser prints
/// them (reading straightens them).
pub(crate) struct Template {
    pub printer: MessageBrowser,
    pub kind: Kind,
    /// The words that identify the message: reading needs all of them.
    pub text: &'static str,
    /// Printed after `text`; reading does not need it (pastes cut it off).
    pub tail: &'static str,
    pub stage: Stage,
    pub prefix: Prefix,
    /// Only read (an older wording): printing uses the kind's first row.
    pub read_only: bool,
}

pub(crate) const CHROMIUM_ENVELOPE: &str = "has been blocked by CORS policy: ";
/// Older Chromium envelopes: "XMLHttpRequest cannot load URL. reason",
/// "Fetch API cannot load URL. reason", "Failed to load URL: reason", with
/// "Origin 'X' is therefore not allowed access." and "The response had HTTP
/// status code N." in the reason.
pub(crate) const CHROMIUM_OLD_ENVELOPES: [(&str, &str); 3] = [
    ("XMLHttpRequest cannot load ", ". "),
    ("Fetch API cannot load ", ". "),
    ("Failed to load ", ": "),
];
pub(crate) const CHROMIUM_OLD_ORIGIN: (&str, &str) = ("Origin '", "' is therefore not allowed access");
pub(crate) const CHROMIUM_OLD_STATUS: &str = "The response had HTTP status code ";
/// Chromium before 2017 for fonts, images and scripts: "Font from origin 'U'
/// has been blocked from loading by Cross-Origin Resource Sharing policy: reason".
pub(crate) const CHROMIUM_OLD_LOADING: (&str, &str) = (
    " from origin '",
    "' has been blocked from loading by Cross-Origin Resource Sharing policy: ",
);
/// "Redirect from 'X' to 'Y' has been blocked by CORS policy: reason".
pub(crate) const CHROMIUM_REDIRECT_ENVELOPE: (&str, &str) = ("Redirect from '", "' to '");
pub(crate) const CHROMIUM_PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";
pub(crate) const FIREFOX_BLOCKED: &str = "Cross-Origin Request Blocked: ";
pub(crate) const FIREFOX_LEAD: &str = "The Same Origin Policy disallows reading the remote resource at ";
pub(crate) const FIREFOX_WARNING: &str = "Cross-Origin Request Warning";
pub(crate) const FIREFOX_WARNING_LEAD: &str = "The Same Origin Policy will disallow reading the remote resource at ";
pub(crate) const FIREFOX_REASON: &str = "(Reason: ";
pub(crate) const FIREFOX_LOCAL_NETWORK: &str = "Local Network Access ";
/// Firefox before 2016 gave advice instead of a reason.
pub(crate) const FIREFOX_OLD_ADVICE: &str =
    " This can be fixed by moving the resource to the same domain or enabling CORS";
/// Safari: "Cross-origin redirection to URL denied by Cross-Origin Resource Sharing policy: …".
pub(crate) const SAFARI_REDIRECTION: (&str, &str) = (
    "Cross-origin redirection to ",
    " denied by Cross-Origin Resource Sharing policy",
);
pub(crate) const SAFARI_FETCH: &str = "Fetch API cannot load ";
pub(crate) const SAFARI_XHR: &str = "XMLHttpRequest cannot load ";
pub(crate) const SAFARI_CHECKS: &str = " due to access control checks";

/// Chromium's advice after a wrong Allow-Origin. Chromium 156 no longer adds
/// ", or, if an opaque response serves your needs, set the request's mode to
/// 'no-cors' …" here, nor that advice after a missing Allow-Origin (checked
/// live: tests/e2e_console_text.rs). Tails are printed, not read, so older
/// pastes with the advice are still read.
macro_rules! valid_value_hint {
    () => {
        " Have the server send the header with a valid value."
    };
}

const SCHEMES: &str = ": http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted.";

const fn row(printer: MessageBrowser, kind: Kind, text: &'static str, tail: &'static str, stage: Stage) -> Template {
    Template {
        printer,
        kind,
        text,
        tail,
        stage,
        prefix: Prefix::Never,
        read_only: false,
    }
}

const fn chromium(kind: Kind, text: &'static str, tail: &'static str, stage: Stage, prefix: Prefix) -> Template {
    Template {
        prefix,
        ..row(MessageBrowser::Chromium, kind, text, tail, stage)
    }
}

const fn firefox(kind: Kind, text: &'static str, tail: &'static str, stage: Stage) -> Template {
    row(MessageBrowser::Firefox, kind, text, tail, stage)
}

const fn safari(kind: Kind, text: &'static str, tail: &'static str, stage: Stage) -> Template {
    row(MessageBrowser::Safari, kind, text, tail, stage)
}

const fn read_only(t: Template) -> Template {
    Template { read_only: true, ..t }
}

use Kind as K;
use Prefix::{Always, InPreflight, Never};
use Stage::{Preflight, Redirect, Request, Response};

/// Reading tries the rows of a browser in this order; the first match wins.
#[rustfmt::skip]
pub(crate) const TEMPLATES: &[Template] = &[
    // Chromium: the reason after "… has been blocked by CORS policy: ".
    chromium(K::DisallowedByMode, "Cross origin requests are not allowed by request mode.", "", Request, Never),
    read_only(chromium(K::InvalidResponse, "The response is invalid.", "", Preflight, Always)),
    chromium(K::WildcardOriginWithCredentials,
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*'",
        " when the request's credentials mode is 'include'.", Response, InPreflight),
    chromium(K::MissingAllowOrigin, "No 'Access-Control-Allow-Origin' header is present",
        " on the requested resource.",
        Response, InPreflight),
    chromium(K::MultipleAllowOrigin,
        "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one",
        concat!(" is allowed.", valid_value_hint!()),
        Response, InPreflight),
    chromium(K::InvalidAllowOrigin, "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.",
        valid_value_hint!(), Response, InPreflight),
    chromium(K::AllowOriginMismatch, "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal",
        concat!(" to the supplied origin.", valid_value_hint!()),
        Response, InPreflight),
    chromium(K::InvalidAllowCredentials,
        "The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be",
        " 'true' when the request's credentials mode is 'include'.", Response, InPreflight),
    chromium(K::CorsDisabledScheme, "Cross origin requests are only supported for protocol schemes", SCHEMES, Request, Never),
    chromium(K::PreflightInvalidStatus, "It does not have HTTP ok status.", "", Preflight, Always),
    chromium(K::PreflightRedirect, "Redirect is not allowed for a preflight request.", "", Preflight, Always),
    chromium(K::InvalidAllowMethods, "Cannot parse Access-Control-Allow-Methods",
        " response header field in preflight response.", Preflight, Never),
    chromium(K::InvalidAllowHeaders, "Cannot parse Access-Control-Allow-Headers",
        " response header field in preflight response.", Preflight, Never),
    chromium(K::MethodNotAllowed, "Method {method} is not allowed by Access-Control-Allow-Methods in preflight response.",
        "", Preflight, Never),
    chromium(K::HeaderNotAllowed,
        "Request header field {name} is not allowed by Access-Control-Allow-Headers in preflight response.",
        "", Preflight, Never),
    chromium(K::RedirectContainsCredentials, "Redirect location '{location}' contains a username and password",
        ", which is disallowed for cross-origin requests.", Redirect, Never),
    // Older Chromium wordings (before 2018-2019), still pasted everywhere: read only.
    read_only(chromium(K::PreflightInvalidStatus, "Response for preflight has invalid HTTP status code {status}", "",
        Preflight, Always)),
    read_only(chromium(K::PreflightInvalidStatus, "Response for preflight does not have HTTP ok status.", "",
        Preflight, Always)),
    read_only(chromium(K::PreflightRedirect, "Response for preflight is invalid (redirect)", "", Preflight, Always)),
    read_only(chromium(K::WildcardOriginWithCredentials,
        "A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true.",
        "", Response, InPreflight)),
    read_only(chromium(K::InvalidAllowCredentials,
        "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '{value}'.", "",
        Response, InPreflight)),
    read_only(chromium(K::InvalidResponse, "Received an invalid response.", "", Preflight, Always)),
    read_only(chromium(K::InvalidResponse, "Invalid response.", "", Preflight, Always)),
    // Chromium's deprecation warning (before it became an error; `[Deprecation]` in the console).
    read_only(chromium(K::AuthorizationNotCoveredByWildcard, "will not be covered by the wildcard symbol (*)", "",
        Preflight, Never)),
    // Fetch API's own checks (before 2017): the mode, and a scheme fetch() has no handler for.
    read_only(chromium(K::DisallowedByMode,
        "Request mode is \"same-origin\" but the URL's origin is not same as the request origin {origin}", "",
        Request, Never)),
    read_only(chromium(K::CorsDisabledScheme, "URL scheme \"{scheme}\" is not supported.", "", Request, Never)),
    read_only(chromium(K::RedirectNotCorsScheme,
        "Redirect location '{location}' has a disallowed scheme for cross-origin requests.", "", Redirect, Never)),
    read_only(chromium(K::PreflightRedirect, "The request was redirected to '{location}', which is disallowed for cross-origin requests that require preflight.",
        "", Preflight, Always)),
    // Local Network Access (Chromium 142+; `cors_error_string.cc`; the first checked here, tests/e2e_hosted.rs).
    chromium(K::LocalNetworkDenied, "Permission was denied for this request to access the `{space}` address space.",
        "", Request, Never),
    chromium(K::LocalNetworkInsecure,
        "The request client is not a secure context and the resource is in more-private address space `{space}`.",
        "", Request, Never),
    // Firefox: the reason after "(Reason: ".
    read_only(firefox(K::AuthorizationNotCoveredByWildcard,
        "When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered.",
        " To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).",
        Preflight)),
    firefox(K::CorsDisabled, "CORS disabled)", ".", Request),
    firefox(K::DidNotSucceed, "CORS request did not succeed)", ". Status code: {status}.", Request),
    firefox(K::OriginHeaderNotAdded, "CORS header ‘Origin’ cannot be added)", ".", Request),
    firefox(K::PreflightRedirect, "CORS request external redirect not allowed)", ".", Preflight),
    firefox(K::CorsDisabledScheme, "CORS request not http)", ".", Request),
    firefox(K::MissingAllowOrigin, "CORS header ‘Access-Control-Allow-Origin’ missing)", ". Status code: {status}.", Response),
    firefox(K::MultipleAllowOrigin, "Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)", ".", Response),
    firefox(K::AllowOriginMismatch, "CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’)", ".", Response),
    firefox(K::WildcardOriginWithCredentials,
        "Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)", ".", Response),
    firefox(K::MethodNotAllowed, "Did not find method in CORS header ‘Access-Control-Allow-Methods’)", ".", Preflight),
    firefox(K::InvalidAllowCredentials, "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)", ".", Response),
    firefox(K::PreflightInvalidStatus, "CORS preflight response did not succeed)", ". Status code: {status}.", Preflight),
    read_only(firefox(K::PreflightInvalidStatus, "CORS preflight channel did not succeed)", ".", Preflight)),
    firefox(K::InvalidAllowMethods, "invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Methods’)", ".", Preflight),
    firefox(K::InvalidAllowHeaders, "invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Headers’)", ".", Preflight),
    firefox(K::HeaderNotAllowed,
        "header ‘{name}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)",
        ".", Preflight),
    read_only(firefox(K::HeaderNotAllowed, "missing token ‘{name}’ in CORS header ‘Access-Control-Allow-Headers’", "", Preflight)),
    // Firefox's Local Network Access lines (ESR 153's necko.properties, read from its omni.ja here):
    // a line of their own, not a "(Reason: …)"; read only: the web console showed
    // "CORS request did not succeed" for a refusal here (tests/e2e_hosted.rs, WebDriver BiDi).
    read_only(firefox(K::LocalNetworkDenied, concat!(
        "Local Network Access permission required: top-level site “{page}”, initiator “{initiator}”,",
        " attempting to access target “{target}” ({address}:{port}) via {via}. Secure context: {secure}"), "", Request)),
    read_only(firefox(K::LocalNetworkDenied, concat!(
        "Local Network Access detected: top-level site “{page}”, initiator “{initiator}”,",
        " accessing target “{target}” ({address}:{port}) via {via}. Secure context: {secure}, prompt action: {action}"),
        "", Request)),
    // Safari / WebKit (WebCore's CrossOriginAccessControl.cpp): read anywhere in
    // the text; printed as the reason line before "Fetch API cannot load URL due
    // to access control checks." (checked live in WebKitGTK 2.50: tests/e2e_console_text.rs).
    safari(K::WildcardOriginWithCredentials, "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true", ".", Response),
    safari(K::MultipleAllowOrigin, "Access-Control-Allow-Origin cannot contain more than one origin", ".", Response),
    safari(K::OriginNotAllowed, "Origin {origin} is not allowed by Access-Control-Allow-Origin", ". Status code: {status}", Response),
    safari(K::InvalidAllowCredentials, "Credentials flag is true, but Access-Control-Allow-Credentials is not", " \"true\".", Response),
    safari(K::PreflightInvalidStatus, "Preflight response is not successful", ". Status code: {status}", Preflight),
    safari(K::RedirectNotCorsScheme, "not allowed to follow a cross-origin CORS redirection with non CORS scheme", "", Redirect),
    safari(K::RedirectContainsCredentials, "redirection URL {location} has credentials", "", Redirect),
    safari(K::MethodNotAllowed, "Method {method} is not allowed by Access-Control-Allow-Methods", ".", Preflight),
    safari(K::HeaderNotAllowed, "Request header field {name} is not allowed by Access-Control-Allow-Headers", ".", Preflight),
    // WebKit's preflight cache (CrossOriginPreflightResultCache.cpp) and loader
    // (DocumentThreadableLoader.cpp): read only, not yet checked live here.
    read_only(safari(K::InvalidAllowMethods, "Header Access-Control-Allow-Methods has an invalid value: {token}", "", Preflight)),
    read_only(safari(K::InvalidAllowHeaders, "Header Access-Control-Allow-Headers has an invalid value: {token}", "", Preflight)),
    read_only(safari(K::DisallowedByMode, "Cross origin requests are not allowed when using same-origin fetch mode.", "", Request)),
    read_only(safari(K::RedirectNotCorsScheme, "Redirection to URL with a scheme that is not HTTP(S).", "", Redirect)),
    // Older WebKit (DocumentThreadableLoader, SecurityOrigin): a page opened from a file.
    read_only(safari(K::CorsDisabledScheme, "Cross origin requests are only supported for HTTP.", "", Request)),
    read_only(safari(K::OpaqueOrigin, "Cannot make any requests from null.", "", Request)),
];

/// Firefox in its other languages: the header names, quoted values and URL
/// stay as in English, the words around them are translated. These are the
/// translated words that tell the reasons apart where no header name does,
/// for every locale Firefox ESR 153 ships (its `security.properties`, read
/// from Debian's `firefox-esr-l10n-*` language packs: a word or two of each
/// message, never the sentence).
pub(crate) const FIREFOX_LOCALIZED_LEADS: &[&str] = &[
    "'aton",
    "ablokován",
    "aizturēts",
    "bhacadh",
    "bllokua",
    "bloca",
    "blocada",
    "blocade",
    "Blocage",
    "blocat",
    "blocate",
    "Blocatge",
    "blocată",
    "Bloccata",
    "bloccata",
    "Bloccà",
    "Blocked",
    "blockerad",
    "blockiert",
    "blocâ",
    "blokeatuta",
    "blokeret",
    "blokiran",
    "blokita",
    "blokkearre",
    "blokkert",
    "blokkolva",
    "bloklandi",
    "bloquead",
    "bloqueada",
    "bloqueado",
    "Bloqueouse",
    "bloķē",
    "bị chặn",
    "Cuireadh cosc",
    "Diblokir",
    "Disekat",
    "Ditolak",
    "engellendi",
    "faddaama",
    "gagayandi",
    "geblokkeerd",
    "Hinarang",
    "jokopyre",
    "liegts",
    "Lokað",
    "lokiwe",
    "ojejokóma",
    "oñembotove",
    "Rhwystrwyd",
    "stanket",
    "Užblokuota",
    "woko",
    "wḥel",
    "zablokovaná",
    "Zablokowano",
    "zablokowało",
    "zablokěrowało",
    "zavrnjena",
    "Əngəlləndi",
    "Αποκλείστηκε",
    "блокиран",
    "Блокирана",
    "блокталды",
    "заблакаваны",
    "заблокирован",
    "заблоковано",
    "манъ карда шуд",
    "Спиране",
    "գելափակված",
    "بلاک شدہ",
    "بلاک کر",
    "رد کر",
    "مسدود شد",
    "کی درخواست کریں",
    "अडवण्यात आली",
    "अवरुद्ध",
    "बाधित",
    "বাধাগ্রস্থ",
    "ব্লককৃত",
    "ਪਾਬੰਦੀ",
    "અવરોધિત",
    "నిరోధించబడింది",
    "ಪ್ರತಿಬಂಧಿತವಾಗಿದೆ",
    "ถูกปิดกั้น",
    "ပိတ်ထား",
    "შეიზღუდა",
    "ទប់",
    "ᱟᱠᱚᱴ ᱮᱱᱟ",
    "ブロック",
    "ブロックしました",
    "已封鎖",
    "已拦截",
    "차단",
];
/// Words saying several Allow-Origin headers were sent.
pub(crate) const FIREFOX_LOCALIZED_MULTIPLE: &[&str] = &[
    "Berbilang",
    "Birden fazla",
    "CORS lies",
    "diverses",
    "fleire",
    "Fler",
    "flere",
    "hainbat",
    "Jalajöj",
    "lluosog",
    "maraming",
    "margir",
    "mba’eita",
    "meardere",
    "meerdere",
    "meetele",
    "mehrere",
    "moltipla",
    "multipel",
    "multipla",
    "Multiple",
    "multiple",
    "multipli",
    "multiplis",
    "multiplu",
    "múltiples",
    "múltiplos",
    "neleistina",
    "Nhiều",
    "no esta permitido",
    "nur ein",
    "plirs",
    "plurajn",
    "plusieurs",
    "powtórzenie",
    "prus de",
    "samo ena",
    "shumëfishta",
    "több",
    "ur yettwasireg ara",
    "viaceré",
    "Višestruki CORS",
    "vários cabeçalhos",
    "vícenásobná",
    "Wjacora",
    "Wěcejrazowa",
    "Çoxlu",
    "πολλαπλού",
    "Бірнеше",
    "множество",
    "неколико",
    "несколько",
    "Численні",
    "шматлікія",
    "якчанд",
    "մի քանի",
    "چندین",
    "ہک کنوں زیادہ",
    "ਕਈ",
    "બહુવિધ",
    "หลายอัน",
    "მრავალი",
    "ᱠᱟᱨᱚᱬ: ᱟᱭᱢᱟᱸ",
    "多个",
    "多個",
    "複数",
    "複数の",
    "여러개의",
];
/// Words saying a token is invalid (in Allow-Methods or Allow-Headers).
pub(crate) const FIREFOX_LOCALIZED_INVALID: &[&str] = &[
    "arameɣtu",
    "baliogabea",
    "direizh",
    "engagunyaziswanga",
    "geçersiz",
    "gollataa",
    "i pavlefshëm",
    "Invalid",
    "invalid",
    "invalid token",
    "invalide",
    "inválido",
    "không hợp lệ",
    "neamhbhailí",
    "nederīga",
    "neispravan",
    "neispravan token",
    "neplatný",
    "netinkamas",
    "nevalid",
    "nevalida ĵetono",
    "neveljaven",
    "nieprawidłowy token",
    "njepłaćiwy token",
    "njepłaśiwy token",
    "no bon",
    "no valit",
    "no válido",
    "no és vàlid",
    "non valido",
    "non vàlidu",
    "non válido",
    "noto‘g‘ri",
    "nunvalid",
    "ogiltigt",
    "okel ta pa",
    "ongeldig",
    "pe atir",
    "rehe‘ỹ",
    "səhv",
    "tammaasa laybante",
    "teste invalido",
    "tidak sah",
    "tidak valid",
    "tocyn annilys",
    "ugyldig",
    "ugyldigt",
    "ungültig",
    "ungültiges Token",
    "érvénytelen",
    "Ógilt",
    "ûnjildich token",
    "μη έγκυρο",
    "невалиден токен",
    "недапушчальны токен",
    "недійсний",
    "неисправан",
    "некорректный",
    "нодурусти",
    "қате",
    "անվավեր",
    "غلط ٹوکن",
    "نامعتبر",
    "کالعدم",
    "अवैध",
    "टोकन",
    "টোকেন",
    "ਨਾ-ਵਾਜਬ ਟੋਕਨ",
    "અમાન્ય ટોકન",
    "చెల్లని",
    "ತಪ್ಪಾದ",
    "ไม่ถูกต้อง",
    "არასწორი",
    "មិន\u{200B}ត្រឹមត្រូវ",
    "ᱵᱷᱩᱞ",
    "不正",
    "不正なトークン",
    "无效",
    "無效",
    "유효하지 않은",
];
/// The preflight failed (no header named).
pub(crate) const FIREFOX_LOCALIZED_PREFLIGHT: &[&str] = &[
    "antaŭkontrola",
    "comprovação",
    "előzetes",
    "mbohovái",
    "OPTIONS",
    "pirmsdrukas",
    "praluncur",
    "pre-verificacion",
    "pre-verification",
    "Preflight",
    "preflight",
    "preizkusni",
    "preliminare",
    "previa ao voo",
    "priešsiuntiminė",
    "probni pregled",
    "pré-vérification",
    "reflight",
    "respuesta CORS no tuvo",
    "rhagflaenol",
    "usenqed uzwir",
    "verificación previa",
    "verificare prealabilă",
    "προκαταρκτικού ελέγχου",
    "перадпалётны",
    "پری فلائٹ",
    "წინასწარი",
    "ᱯᱨᱤᱯᱷᱭᱟᱭᱤᱴ",
    "プリフライト",
    "预检",
    "사전 점검",
];
/// An external redirect was refused.
pub(crate) const FIREFOX_LOCALIZED_REDIRECT: &[&str] = &[
    "adheñchañ diavaez",
    "ailgyfeirio allanol",
    "awelleh azɣaray",
    "chuyển hướng",
    "dalejpósrědnjenje",
    "dalesposrědkowanje",
    "dirotament esterni",
    "ekstera redirekto",
    "Eksterno preusmjeravanje",
    "external redirect",
    "externé presmerovanie",
    "Externí přesměrování",
    "hala semula",
    "išorinis nukreipimas",
    "kanpoko berbideratzerik",
    "külső átirányítása",
    "omdirigering",
    "omleiding",
    "omlieding",
    "pengalihan eksternal",
    "przekierowanie",
    "redireccion",
    "redireccionamiento externo",
    "redirecció externa",
    "redirección",
    "Redirección externa",
    "redirección externa",
    "redirecionamento externo",
    "redirect",
    "redirection",
    "redirection externe",
    "redirects",
    "redirecționarea",
    "redireçion",
    "renviament",
    "ridrejtim",
    "ruk'utuj ruchojmirisaxik",
    "tiindtingol",
    "torrare a indiritzare",
    "utanaðkomandi framsendingu",
    "Weiterleitung",
    "yönlendirmesine",
    "yönləndirməsinə",
    "zunanja preusmeritev",
    "ñemondojey",
    "ārējā pārvirzīšana",
    "εξωτερική ανακατεύθυνση",
    "вонкавае перанакіраванне",
    "външно пренасочване",
    "перенаправление",
    "перенаправлення",
    "равонаи берунии",
    "спољашњу редирекцију",
    "қайта бағдарлау",
    "վերահղումը",
    "تغییر مسیر",
    "ری ڈائریکٹ",
    "ਬਾਹਰੀ ਰੀ-ਡਾਇਰੈਕਟ",
    "બાહ્ય રીડાયરેક્ટ",
    "เปลี่ยนเส้นทาง",
    "გადამისამართება",
    "ᱵᱟᱦᱨᱮ ᱨᱤᱰᱟᱭᱨᱮᱠᱴ",
    "リダイレクト",
    "外部リダイレクト",
    "重定向",
    "重導",
    "리다이렉트",
];
/// CORS is switched off.
pub(crate) const FIREFOX_LOCALIZED_DISABLED: &[&str] = &[
    "avslått",
    "ayakwazi kusebenza",
    "chupül",
    "deactivà",
    "deaktiveret",
    "deaktiviert",
    "deaktivēts",
    "desactivado",
    "desactivat",
    "desactivau",
    "desativado",
    "desgaituta",
    "deshabilitado",
    "devre dışı",
    "dezactivat",
    "dinonaktifkan",
    "dinyahdayakan",
    "disabilitât",
    "disabled",
    "disactivate",
    "disativadu",
    "disattivato",
    "diweredekaet",
    "dizativou",
    "désactivé",
    "díchumasaithe",
    "inaktiverad",
    "inhabilitat",
    "išjungtas",
    "kijuko",
    "kikapcsolva",
    "malaktiva",
    "n' ka kay",
    "Naka-disable",
    "onemogočen",
    "onemogućen",
    "o‘chirilgan",
    "sönülüdür",
    "uitgeschakeld",
    "ulac aqeṛṛu",
    "vypnutý",
    "vô hiệu hóa",
    "wedi ei analluogi",
    "wyłączone",
    "znjemóžnjeny",
    "znjemóžnjony",
    "à comas",
    "çaktivizuar",
    "ñemongepyre",
    "ñifaa",
    "óvirkt",
    "útskeakele",
    "απενεργοποιήθηκε",
    "адключана",
    "вимкнено",
    "изключен",
    "онемогућен",
    "отключён",
    "сөндірулі",
    "ғайрифаъол",
    "անջատված",
    "غیر فعال",
    "غیرفعال",
    "अक्षम",
    "निष्क्रिय केले",
    "বন্ধ রয়েছে",
    "ਅਸਮਰੱਥ",
    "અક્ષમ",
    "అచేతనమైవుంది",
    "ನಿಷ್ಕ್ರಿಯಗೊಳಿಸಲಾಗಿದೆ",
    "ปิดใช้งาน",
    "გამორთულია",
    "បាន\u{200B}បិទ",
    "ᱵᱚᱸᱫ",
    "が無効",
    "已停用",
    "未启用",
    "無効",
    "비활성화",
];
/// The request is not http.
pub(crate) const FIREFOX_LOCALIZED_NOT_HTTP: &[&str] = &[
    "betg http",
    "bukan http",
    "Chan e http",
    "ekki http",
    "ez da http",
    "geen http",
    "hindi http",
    "http deyil",
    "http değil",
    "http emas",
    "http njeje",
    "http емес",
    "HTTP نہیں",
    "http نیست",
    "http کائنی",
    "http अनुरोध नहीं",
    "http নয়",
    "http ਨਹੀਂ",
    "HTTP નથી",
    "http కాదు",
    "http ಆಗಿಲ್ಲ",
    "http ᱵᱟᱝ",
    "http でない",
    "http가 아닌",
    "ikke http",
    "ikkje http",
    "inne niż HTTP",
    "inte http",
    "jo http",
    "không http",
    "kungekhona ihttp",
    "man http ta",
    "manti http",
    "n'eo ket http",
    "n'utilise pas HTTP",
    "nav http",
    "ne estas http",
    "ne http",
    "nem HTTP",
    "není http",
    "net http",
    "ni http",
    "nicht http",
    "nid http",
    "nie je http",
    "nije http",
    "njejo http",
    "no dopre http",
    "no es http",
    "no est http",
    "no http",
    "no ye http",
    "no és http",
    "non http",
    "non é http",
    "not http",
    "nu este http",
    "não http",
    "não é http",
    "ní http",
    "pas HTTP",
    "pas http",
    "pe http",
    "rehe’ỹ HTTP",
    "ulac aqeṛṛu",
    "wonaa http",
    "«http» иҷро нашуд",
    "δεν έχει http",
    "не е http",
    "не по http",
    "не-http",
    "није http",
    "ոչ http",
    "एचटीटीपी नाही",
    "ไม่ใช่ http",
    "არაა http",
    "មិន\u{200B}មាន http",
    "不是 http",
    "未使用 http",
];
/// The Origin header could not be added: its name, quoted.
pub(crate) const FIREFOX_LOCALIZED_ORIGIN_HEADER: &[&str] = &["Origin", "origin", "Origen"];

/// Chromium's Private (now Local) Network Access reasons: how each starts,
/// and what it means. corscope reads them; the engine does not model them.
#[rustfmt::skip]
pub(crate) const CHROMIUM_PRIVATE_NETWORK: &[(&str, &str)] = &[
    ("Requests to internal network resources are not allowed from non-secure contexts",
        "a page that is not a secure context may not reach an internal (private) network address (CORS-RFC1918, 2017)"),
    ("Request had a target IP address space of",
        "the request's declared target address space did not match the address it reached"),
    ("Request had no target IP address space, yet the resource is in address space",
        "the request declared no target address space but reached a private one"),
    ("No 'Access-Control-Allow-Private-Network' header was present",
        "the preflight answer lacks Access-Control-Allow-Private-Network: true"),
    ("The 'Access-Control-Allow-Private-Network' header in the preflight response",
        "Access-Control-Allow-Private-Network in the preflight answer is not 'true'"),
    ("No 'Private-Network-Access-Id' header was present",
        "the preflight answer lacks Private-Network-Access-Id (permission prompt experiment)"),
    ("No 'Private-Network-Access-Name' header was present",
        "the preflight answer lacks Private-Network-Access-Name (permission prompt experiment)"),
    ("Unable to ask for permission to access the",
        "the browser could not ask the user for permission to reach the local network"),
    ("'Access-Control-Allow-External' header",
        "the preflight answer lacks Access-Control-Allow-External: true (CORS-RFC1918, the predecessor of Private Network Access)"),
];

/// The row a browser prints for `kind`.
pub(crate) fn printed(printer: MessageBrowser, kind: Kind) -> Option<&'static Template> {
    TEMPLATES
        .iter()
        .find(|t| t.printer == printer && t.kind == kind && !t.read_only)
}

/// The rows a browser's message is read with, in order.
pub(crate) fn read(printer: MessageBrowser) -> impl Iterator<Item = &'static Template> {
    TEMPLATES.iter().filter(move |t| t.printer == printer)
}

/// `template` with each `{name}` replaced by its value in `values` (a name
/// without a value is left as written).
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + len];
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[open..=open + len]),
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Curly quotes straight, as reading compares them.
pub(crate) fn straighten(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '′' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

/// The values of `template`'s placeholders when `text` (straightened) says
/// it: at its start (`anchored`) or anywhere. Each value runs to the first
/// occurrence of the words after it.
pub(crate) fn capture(template: &Template, text: &str, anchored: bool) -> Option<Vec<(&'static str, String)>> {
    let (first, _) = split_placeholder(template.text);
    let first = straighten(first);
    if anchored {
        return text
            .starts_with(&first)
            .then(|| capture_from(template, text, first.len()))
            .flatten();
    }
    // Anywhere: the first place where it matches with values free of white
    // space ("Cross-Origin Resource Sharing policy: Origin X is …" is read at
    // its second "Origin "), else the first place it matches at all.
    let matches: Vec<_> = text
        .match_indices(first.as_str())
        .filter_map(|(i, _)| capture_from(template, text, i + first.len()))
        .collect();
    let tidy = matches
        .iter()
        .position(|values| values.iter().all(|(_, v)| !v.contains(char::is_whitespace)));
    let mut matches = matches;
    match tidy {
        Some(i) => Some(matches.swap_remove(i)),
        None => matches.into_iter().next(),
    }
}

/// The values of `template`'s placeholders in `text` from byte `at`, just
/// after the template's first words.
fn capture_from(template: &Template, text: &str, mut at: usize) -> Option<Vec<(&'static str, String)>> {
    let (_, mut rest) = split_placeholder(template.text);
    let mut values = vec![];
    while let Some((name, after)) = rest {
        let (literal, next) = split_placeholder(after);
        let literal = straighten(literal);
        let len = if literal.is_empty() {
            text.len() - at
        } else {
            text[at..].find(&literal)?
        };
        values.push((name, text[at..at + len].to_string()));
        at += len + literal.len();
        rest = next;
    }
    Some(values)
}

/// The words before the first `{name}`, and that name with what follows it.
fn split_placeholder(words: &'static str) -> (&'static str, Option<(&'static str, &'static str)>) {
    match words.find('{').zip(words.find('}')) {
        Some((open, close)) if open < close => (&words[..open], Some((&words[open + 1..close], &words[close + 1..]))),
        _ => (words, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_a_browser_prints_has_one_printed_row() {
        for printer in [MessageBrowser::Chromium, MessageBrowser::Firefox] {
            let kinds: Vec<Kind> = read(printer).filter(|t| !t.read_only).map(|t| t.kind).collect();
            for (i, k) in kinds.iter().enumerate() {
                assert!(!kinds[i + 1..].contains(k), "{printer:?} prints {k:?} twice");
            }
        }
    }

    #[test]
    fn filled_text_is_captured_back() {
        for t in TEMPLATES {
            let values = [
                ("value", "https://a.example, https://b.example"),
                ("method", "DELETE"),
                ("name", "x-token"),
                ("token", "PUT;"),
                ("location", "https://u:p@b.example/"),
                ("origin", "https://a.example"),
                ("status", "404"),
                ("space", "loopback"),
                ("page", "https://u.github.io"),
                ("initiator", "https://u.github.io"),
                ("target", "localhost"),
                ("address", "127.0.0.1"),
                ("port", "8081"),
                ("via", "http"),
                ("secure", "true"),
                ("action", "deny"),
                ("scheme", "file"),
            ];
            let text = straighten(&fill(&format!("{}{}", t.text, t.tail), &values));
            let got = capture(t, &text, true).unwrap_or_else(|| panic!("{text}"));
            for (name, value) in got {
                let want = values.iter().find(|(n, _)| *n == name).unwrap().1;
                assert_eq!(value, want, "{}", t.text);
            }
            assert!(capture(t, &format!("x {text}"), true).is_none());
            assert!(capture(t, &format!("x {text}"), false).is_some());
        }
    }

    #[test]
    fn a_missing_word_is_no_match() {
        let t = printed(MessageBrowser::Chromium, Kind::MethodNotAllowed).unwrap();
        assert!(capture(t, "Method PUT is not allowed by Access-Control-Allow-Methods.", true).is_none());
        assert_eq!(fill("a {x} b {y}", &[("x", "1")]), "a 1 b {y}");
    }
}
