//! Lessons: every concept of the article corscope grew from
//! (`shared/seed-article.md`), each as a short text in the page's own words,
//! a scenario that shows it, a "try this" change that flips what happens
//! (the outcome, the preflight or what script may read), and the fix. Lessons
//! are data: adding one is adding an entry to [`LESSONS`]; the tests check
//! that each parses, that its change flips it in both browsers, natively
//! here and live in tests/e2e_lessons.rs.

use crate::scenario::{parse_scenario, Scenario};

/// One lesson. `scenario` and `changed` are scenario files (JSON).
#[derive(Clone, Copy, Debug)]
pub struct Lesson {
    /// Its link: `#lesson=ID`.
    pub id: &'static str,
    /// The part of the article it belongs to.
    pub topic: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    pub scenario: &'static str,
    /// What to change, in words.
    pub try_this: &'static str,
    /// The scenario after that change.
    pub changed: &'static str,
    /// What fixes the problem the lesson shows (or why nothing needs fixing).
    pub fix: &'static str,
    /// With a lab, the page also has the lab send the request server to
    /// server (as Postman or curl would) and shows both answers side by side.
    pub server_to_server: bool,
}

impl Lesson {
    /// The browsers in which "try this" changes what happens: all three,
    /// except for a lesson about a browser difference, where only the
    /// browsers it names change (the others show the same before and after).
    pub fn flips_in(&self) -> &'static [crate::Browser] {
        use crate::Browser::*;
        match self.id {
            // Firefox and Safari send a cookie without SameSite cross-site anyway.
            "lax-by-default" => &[Chromium],
            // Firefox partitions the cookie either way; Safari blocks it either way.
            "partitioned-cookies" => &[Chromium],
            _ => &[Chromium, Firefox, WebKit],
        }
    }

    /// A lesson about cookies: it runs live on the lab's cookie hosts
    /// (tests/e2e_cookies.rs), where the browser holds its cookies.
    pub fn about_cookies(&self) -> bool {
        self.topic == "Cookies"
    }

    /// The lesson's scenario (`None` only if the entry is broken; tests forbid it).
    pub fn scenario(&self) -> Option<Scenario> {
        parse_scenario(self.scenario).ok()
    }

    /// The scenario after "try this".
    pub fn changed(&self) -> Option<Scenario> {
        parse_scenario(self.changed).ok()
    }
}

/// The lesson with this id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// Every lesson, in the order of the article.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "same-origin-path",
        topic: "Same origin",
        title: "The path does not make another origin",
        text: "An origin is a scheme, a host and a port — nothing else. A page on https://example.com that fetches https://example.com/tutorial stays on its own origin, whatever the path or the query: no CORS check happens and script reads everything.",
        scenario: r#"{"page":"https://example.com","request":{"url":"https://example.com/tutorial"},"server":{"response":{"status":200,"headers":[["X-Total","3"]]}}}"#,
        try_this: "Fetch https://api.example.com/tutorial instead: a different host, so a different origin, and this server sends no CORS headers.",
        changed: r#"{"page":"https://example.com","request":{"url":"https://api.example.com/tutorial"},"server":{"response":{"status":200,"headers":[["X-Total","3"]]}}}"#,
        fix: "Nothing to fix on the same origin. For api.example.com the server must send Access-Control-Allow-Origin: https://example.com.",
        server_to_server: false,
    },
    Lesson {
        id: "same-origin-scheme",
        topic: "Same origin",
        title: "http and https are two origins",
        text: "The scheme is part of the origin. http://example.com and https://example.com are different origins even on the same host, so a request from one to the other is cross-origin and needs the server's permission.",
        scenario: r#"{"page":"http://example.com","request":{"url":"https://example.com/data"},"server":{"response":{"status":200,"headers":[]}}}"#,
        try_this: "Have the server allow the page's origin: Access-Control-Allow-Origin: http://example.com.",
        changed: r#"{"page":"http://example.com","request":{"url":"https://example.com/data"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","http://example.com"]]}}}"#,
        fix: "Serve the page and the API over the same scheme (https), or allow the page's exact origin.",
        server_to_server: false,
    },
    Lesson {
        id: "same-origin-subdomain",
        topic: "Same origin",
        title: "A subdomain is another origin",
        text: "api.example.com and example.com share a site but not an origin. Cookies may flow between them; responses do not, unless the API allows the page's origin.",
        scenario: r#"{"page":"https://example.com","request":{"url":"https://api.example.com/v1/me"},"server":{"response":{"status":200,"headers":[]}}}"#,
        try_this: "Answer with Access-Control-Allow-Origin: https://example.com.",
        changed: r#"{"page":"https://example.com","request":{"url":"https://api.example.com/v1/me"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://example.com"]]}}}"#,
        fix: "Allow https://example.com on api.example.com (exactly, or from an allowlist).",
        server_to_server: false,
    },
    Lesson {
        id: "same-origin-port",
        topic: "Same origin",
        title: "Another port is another origin",
        text: "https://example.com means port 443. The same host on port 8080 is a different origin, so the browser checks CORS headers before script sees the answer.",
        scenario: r#"{"page":"https://example.com","request":{"url":"https://example.com:8080/data"},"server":{"response":{"status":200,"headers":[]}}}"#,
        try_this: "Allow the page's origin in the answer from port 8080.",
        changed: r#"{"page":"https://example.com","request":{"url":"https://example.com:8080/data"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://example.com"]]}}}"#,
        fix: "Access-Control-Allow-Origin: https://example.com on the server at :8080.",
        server_to_server: false,
    },
    Lesson {
        id: "same-origin-domain",
        topic: "Same origin",
        title: "Another domain is another origin (and another site)",
        text: "example.org is neither the same origin nor the same site as example.com. Only the server at example.org can let the page read its answers.",
        scenario: r#"{"page":"https://example.com","request":{"url":"https://example.org/feed"},"server":{"response":{"status":200,"headers":[]}}}"#,
        try_this: "Let example.org allow everyone: Access-Control-Allow-Origin: *.",
        changed: r#"{"page":"https://example.com","request":{"url":"https://example.org/feed"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
        fix: "The owner of example.org must allow your origin (or *); the page alone cannot.",
        server_to_server: false,
    },
    Lesson {
        id: "how-cors-works",
        topic: "How CORS works",
        title: "The preflight, then the request",
        text: "For a request that could change something — here a PUT with JSON — the browser first asks with OPTIONS: may this origin send this method and these headers? Only if the answer allows them does the real request go out, and its answer must allow the origin again.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"PUT","headers":[["Content-Type","application/json"]],"body":"{}"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Allow-Headers","Content-Type"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Drop Access-Control-Allow-Methods from the preflight answer: PUT is no longer allowed, and the PUT is never sent.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"PUT","headers":[["Content-Type","application/json"]],"body":"{}"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Headers","Content-Type"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Answer OPTIONS with 2xx, the origin, the methods and the headers the page uses.",
        server_to_server: false,
    },
    Lesson {
        id: "how-simple-still-checked",
        topic: "How CORS works",
        title: "A simple request goes out at once, and its answer is still checked",
        text: "A GET with only safelisted headers needs no permission in advance: the browser sends it straight away, the server does its work and answers. Only then does the browser look for Access-Control-Allow-Origin, and without it script is told nothing — not even the status.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/news"},"server":{"response":{"status":200,"headers":[["Content-Type","application/json"]]}}}"#,
        try_this: "Answer with Access-Control-Allow-Origin: https://app.example.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/news"},"server":{"response":{"status":200,"headers":[["Content-Type","application/json"],["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "The answer itself must allow the origin, preflight or not.",
        server_to_server: false,
    },
    Lesson {
        id: "how-actual-checked-again",
        topic: "How CORS works",
        title: "After the preflight, the answer is checked again",
        text: "A preflight that allows everything is only half of it. The real request then goes out — here a DELETE the server carries out — and its answer must allow the origin once more. A server that adds CORS headers only to OPTIONS answers does the work and still leaves script with an error.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"DELETE"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","DELETE"]]},"response":{"status":204,"headers":[]}}}"#,
        try_this: "Add Access-Control-Allow-Origin: https://app.example to the DELETE's answer too.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"DELETE"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","DELETE"]]},"response":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Send the CORS headers on every answer, not only on OPTIONS.",
        server_to_server: false,
    },
    Lesson {
        id: "header-allow-origin",
        topic: "Response headers",
        title: "Access-Control-Allow-Origin: who may read",
        text: "This one header decides whether script on another origin may read the answer. It holds one origin, exactly as the browser sends it in Origin, or * for anyone.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/list"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example/"]]}}}"#,
        try_this: "Remove the trailing slash: an origin has no path, so https://app.example/ never matches.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/list"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Send the origin exactly: scheme, host, port, no slash.",
        server_to_server: false,
    },
    Lesson {
        id: "header-allow-methods",
        topic: "Response headers",
        title: "Access-Control-Allow-Methods: which methods",
        text: "GET, HEAD and POST never need it. Any other method must be listed in the preflight answer (exactly, case included), or the browser stops before sending.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"DELETE"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","GET, POST"]]},"response":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "List DELETE: Access-Control-Allow-Methods: GET, POST, DELETE.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"DELETE"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","GET, POST, DELETE"]]},"response":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "List every method the page uses in the preflight answer.",
        server_to_server: false,
    },
    Lesson {
        id: "header-allow-headers",
        topic: "Response headers",
        title: "Access-Control-Allow-Headers: which request headers",
        text: "A header outside the small safelist (Accept, Accept-Language, Content-Language, simple Content-Type values, Range) must be allowed by name in the preflight answer. Names are compared without case.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/orders","headers":[["X-Request-Id","42"]]},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Allow it: Access-Control-Allow-Headers: x-request-id.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/orders","headers":[["X-Request-Id","42"]]},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Headers","x-request-id"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Name each custom header in Access-Control-Allow-Headers.",
        server_to_server: false,
    },
    Lesson {
        id: "header-allow-credentials",
        topic: "Response headers",
        title: "Access-Control-Allow-Credentials: cookies too",
        text: "With credentials: 'include' the browser sends cookies, and then lets script read the answer only if it says Access-Control-Allow-Credentials: true (and names the origin exactly).",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/me","credentials":"include"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Add Access-Control-Allow-Credentials: true.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/me","credentials":"include"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        fix: "Access-Control-Allow-Credentials: true with the exact origin (never *).",
        server_to_server: false,
    },
    Lesson {
        id: "header-expose-headers",
        topic: "Response headers",
        title: "Access-Control-Expose-Headers: what script may read",
        text: "Even an allowed answer shows script only a few headers (Content-Type, Content-Length, Cache-Control, …). Anything else — a pagination count, a request id — must be exposed by name.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/list"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["X-Total-Count","120"]]}}}"#,
        try_this: "Expose it: Access-Control-Expose-Headers: X-Total-Count.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/list"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Expose-Headers","X-Total-Count"],["X-Total-Count","120"]]}}}"#,
        fix: "List the headers script needs in Access-Control-Expose-Headers.",
        server_to_server: false,
    },
    Lesson {
        id: "header-max-age",
        topic: "Response headers",
        title: "Access-Control-Max-Age: how long a preflight counts",
        text: "A preflight answer may be cached for Max-Age seconds (browsers cap it: Chromium at 2 hours, Firefox at 24, Safari / WebKit at 10 minutes), so repeated requests skip the OPTIONS round trip. It never allows more than the answer itself does: here the preflight still fails.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"PATCH"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Max-Age","600"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Allow PATCH in the same cached answer: Access-Control-Allow-Methods: PATCH.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"PATCH"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PATCH"],["Access-Control-Max-Age","600"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Max-Age saves round trips; the allow headers decide.",
        server_to_server: false,
    },
    Lesson {
        id: "react-localhost",
        topic: "Common scenarios",
        title: "A React app on localhost:3000 calls an API on localhost:5000",
        text: "Both are localhost, but the ports differ, so the app and the API are different origins. An API without CORS middleware answers, and the browser hides the answer.",
        scenario: r#"{"page":"http://localhost:3000","request":{"url":"http://localhost:5000/api/todos"},"server":{"response":{"status":200,"headers":[["Content-Type","application/json"]]}}}"#,
        try_this: "Add the CORS middleware's header for the dev origin: Access-Control-Allow-Origin: http://localhost:3000.",
        changed: r#"{"page":"http://localhost:3000","request":{"url":"http://localhost:5000/api/todos"},"server":{"response":{"status":200,"headers":[["Content-Type","application/json"],["Access-Control-Allow-Origin","http://localhost:3000"]]}}}"#,
        fix: "In Express: app.use(cors({ origin: 'http://localhost:3000' })), or proxy /api through the dev server.",
        server_to_server: false,
    },
    Lesson {
        id: "subdomain-api",
        topic: "Common scenarios",
        title: "example.com calls api.example.com",
        text: "The site and its API share a domain but not an origin. The API must name the site in Access-Control-Allow-Origin — exactly, or by checking the request's Origin against an allowlist. Naming the bare domain is not enough.",
        scenario: r#"{"page":"https://example.com","request":{"url":"https://api.example.com/v1/products"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","example.com"]]}}}"#,
        try_this: "Send the whole origin, scheme included: https://example.com.",
        changed: r#"{"page":"https://example.com","request":{"url":"https://api.example.com/v1/products"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://example.com"]]}}}"#,
        fix: "Access-Control-Allow-Origin: https://example.com (with Vary: Origin if it comes from an allowlist).",
        server_to_server: false,
    },
    Lesson {
        id: "public-api",
        topic: "Common scenarios",
        title: "A public third-party API",
        text: "An API you do not run decides alone whether pages may read it. Many public APIs send Access-Control-Allow-Origin: * — fine for public data, without cookies.",
        scenario: r#"{"page":"https://myblog.example","request":{"url":"https://api.weather.example/today"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
        try_this: "Ask with cookies (credentials: 'include'): * no longer counts.",
        changed: r#"{"page":"https://myblog.example","request":{"url":"https://api.weather.example/today","credentials":"include"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
        fix: "Call a public API without credentials; if it sends no CORS headers, call it from your own server.",
        server_to_server: false,
    },
    Lesson {
        id: "express-snippet",
        topic: "Common scenarios",
        title: "The article's Express snippet, as written",
        text: "The Express middleware in the article names one origin, https://example.com, and allows credentials. Run from a React dev server on http://localhost:3000, it answers everything — and the browser compares https://example.com with the page's origin and blocks. (Choose the Express snippet under Server answers to see all it sends.)",
        scenario: r#"{"page":"http://localhost:3000","request":{"url":"http://localhost:5000/api/todos","credentials":"include"},"server":{"response":{"status":200,"headers":[["X-Powered-By","Express"],["Access-Control-Allow-Origin","https://example.com"],["Access-Control-Allow-Methods","GET, POST, PUT, DELETE, OPTIONS"],["Access-Control-Allow-Headers","Content-Type, Authorization"],["Access-Control-Allow-Credentials","true"],["Content-Type","application/json; charset=utf-8"]]}}}"#,
        try_this: "Put the page's origin in the snippet: res.setHeader('Access-Control-Allow-Origin', 'http://localhost:3000').",
        changed: r#"{"page":"http://localhost:3000","request":{"url":"http://localhost:5000/api/todos","credentials":"include"},"server":{"response":{"status":200,"headers":[["X-Powered-By","Express"],["Access-Control-Allow-Origin","http://localhost:3000"],["Access-Control-Allow-Methods","GET, POST, PUT, DELETE, OPTIONS"],["Access-Control-Allow-Headers","Content-Type, Authorization"],["Access-Control-Allow-Credentials","true"],["Content-Type","application/json; charset=utf-8"]]}}}"#,
        fix: "Name the origins you serve (from a list, with Vary: Origin); a copied snippet names someone else's.",
        server_to_server: false,
    },
    Lesson {
        id: "php-snippet",
        topic: "Common scenarios",
        title: "The article's PHP snippet, as written",
        text: "The PHP lines send Access-Control-Allow-Origin: * and allow GET, POST and Content-Type. PHP runs the script for OPTIONS too, so the preflight gets a 200 with the same headers. A JSON POST passes; a PUT does not, because PUT is not in the list.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/notes.php","method":"POST","headers":[["Content-Type","application/json"]],"body":"{}"},"server":{"preflight":{"status":200,"headers":[["X-Powered-By","PHP/8.2.31"],["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Methods","GET, POST, OPTIONS"],["Access-Control-Allow-Headers","Content-Type"],["Content-type","text/html; charset=UTF-8"]]},"response":{"status":200,"headers":[["X-Powered-By","PHP/8.2.31"],["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Methods","GET, POST, OPTIONS"],["Access-Control-Allow-Headers","Content-Type"],["Content-type","text/html; charset=UTF-8"]]}}}"#,
        try_this: "Send it as PUT: not in Access-Control-Allow-Methods, so the preflight fails.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/notes.php","method":"PUT","headers":[["Content-Type","application/json"]],"body":"{}"},"server":{"preflight":{"status":200,"headers":[["X-Powered-By","PHP/8.2.31"],["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Methods","GET, POST, OPTIONS"],["Access-Control-Allow-Headers","Content-Type"],["Content-type","text/html; charset=UTF-8"]]},"response":{"status":200,"headers":[["X-Powered-By","PHP/8.2.31"],["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Methods","GET, POST, OPTIONS"],["Access-Control-Allow-Headers","Content-Type"],["Content-type","text/html; charset=UTF-8"]]}}}"#,
        fix: "header('Access-Control-Allow-Methods: GET, POST, PUT, OPTIONS'); and answer OPTIONS without running the rest of the script.",
        server_to_server: false,
    },
    Lesson {
        id: "server-or-browser",
        topic: "FAQ",
        title: "Is CORS a server problem or a browser problem?",
        text: "Both, in a way: the browser enforces it, the server decides it. Here the POST (a form-like text/plain body) reaches the server, which stores the note and answers 201 — the browser then hides that answer from script because it carries no permission. Nothing was blocked on the network.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/notes","method":"POST","headers":[["Content-Type","text/plain"]],"body":"remember the milk"},"server":{"response":{"status":201,"headers":[["Location","/v1/notes/9"]]}}}"#,
        try_this: "Have the server add Access-Control-Allow-Origin: https://app.example to its answer.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/notes","method":"POST","headers":[["Content-Type","text/plain"]],"body":"remember the milk"},"server":{"response":{"status":201,"headers":[["Location","/v1/notes/9"],["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Fix it on the server: only its headers can grant access.",
        server_to_server: false,
    },
    Lesson {
        id: "postman",
        topic: "FAQ",
        title: "It works in Postman but not in the browser",
        text: "Postman, curl and your own backend are not browsers: they send the request, get the answer and show it. A browser gets exactly the same answer — and, because it carries no Access-Control-Allow-Origin, keeps it from the page's script. With a lab, Send it both ways has the lab send the request server to server beside the browser's fetch().",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/todos"},"server":{"response":{"status":200,"headers":[["Content-Type","application/json"]],"body":"[{\"id\":1,\"title\":\"Write the report\"}]"}}}"#,
        try_this: "Add Access-Control-Allow-Origin: * to the answer: now the browser hands it over too.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/todos"},"server":{"response":{"status":200,"headers":[["Content-Type","application/json"],["Access-Control-Allow-Origin","*"]],"body":"[{\"id\":1,\"title\":\"Write the report\"}]"}}}"#,
        fix: "The server must send CORS headers; Postman working only shows that the server answers.",
        server_to_server: true,
    },
    Lesson {
        id: "wildcard-credentials",
        topic: "FAQ",
        title: "A wildcard does not work with credentials",
        text: "Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true is refused by every browser: a credentialed answer must name the one origin it trusts.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/me","credentials":"include"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        try_this: "Name the origin instead of *.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/me","credentials":"include"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        fix: "Reflect the request's Origin only if it is on your allowlist, with Vary: Origin.",
        server_to_server: false,
    },
    Lesson {
        id: "preflight-simple-get",
        topic: "What triggers a preflight",
        title: "GET with simple headers: no preflight",
        text: "A GET or HEAD with only safelisted headers goes straight out; only its answer is checked.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/list","headers":[["Accept","application/json"]]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Add a custom header (X-Trace: 1): now the browser asks first, and this server does not answer OPTIONS.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/list","headers":[["Accept","application/json"],["X-Trace","1"]]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Keep to safelisted headers, or answer the preflight.",
        server_to_server: false,
    },
    Lesson {
        id: "preflight-form-post",
        topic: "What triggers a preflight",
        title: "POST as a form or plain text: no preflight",
        text: "A POST whose Content-Type is application/x-www-form-urlencoded, multipart/form-data or text/plain is what an HTML form could send anyway, so no preflight.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/notes","method":"POST","headers":[["Content-Type","text/plain"]],"body":"hello"},"server":{"response":{"status":201,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Send it as JSON (Content-Type: application/json): a preflight is needed, and none is answered.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/notes","method":"POST","headers":[["Content-Type","application/json"]],"body":"{}"},"server":{"response":{"status":201,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Answer the preflight (Allow-Headers: Content-Type), or send a simple content type.",
        server_to_server: false,
    },
    Lesson {
        id: "preflight-json-post",
        topic: "What triggers a preflight",
        title: "POST with a JSON body: a preflight",
        text: "application/json is not one of the three form content types, so a JSON POST is preflighted: the browser asks with OPTIONS whether Content-Type may be sent. This server allows it, so the POST follows.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/notes","method":"POST","headers":[["Content-Type","application/json"]],"body":"{}"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Headers","Content-Type"]]},"response":{"status":201,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Send the same body as text/plain: no preflight at all.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/notes","method":"POST","headers":[["Content-Type","text/plain"]],"body":"{}"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Headers","Content-Type"]]},"response":{"status":201,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Allow Content-Type in the preflight answer (text/plain avoids the round trip, but hides what the body is).",
        server_to_server: false,
    },
    Lesson {
        id: "preflight-custom-header",
        topic: "What triggers a preflight",
        title: "A custom header: a preflight",
        text: "Any header outside the safelist — an API key, X-Requested-With — makes the browser ask first. Most servers without CORS middleware answer OPTIONS with 404 or 405, and the GET never leaves the browser.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/quotes","headers":[["X-Api-Key","k-123"]]},"server":{"preflight":{"status":405,"headers":[]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
        try_this: "Drop the header (send the key another way): a simple GET, no preflight.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/quotes"},"server":{"preflight":{"status":405,"headers":[]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}"#,
        fix: "Answer OPTIONS with Access-Control-Allow-Headers: X-Api-Key, or keep to safelisted headers.",
        server_to_server: false,
    },
    Lesson {
        id: "preflight-authorization",
        topic: "What triggers a preflight",
        title: "An Authorization header: a preflight",
        text: "Authorization is never safelisted: a request carrying it is preflighted, and the preflight answer must allow it by name (even * does not cover it in the spec, though Chromium, Firefox and Safari / WebKit still let it).",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/me","headers":[["Authorization","Bearer abc"]]},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Headers","Authorization"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Forget it in Access-Control-Allow-Headers.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/v1/me","headers":[["Authorization","Bearer abc"]]},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Headers","Content-Type"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Access-Control-Allow-Headers: Authorization on the preflight answer.",
        server_to_server: false,
    },
    Lesson {
        id: "simple-vs-preflighted",
        topic: "FAQ",
        title: "Simple or preflighted: the same server, two fates",
        text: "A server that only adds Access-Control-Allow-Origin to its answers works for simple requests and fails every preflighted one: the OPTIONS request reaches a route that does not exist. Here a GET works; the same URL with PUT does not.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7"},"server":{"preflight":{"status":404,"headers":[]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Make it a PUT: now the browser asks first, and the 404 answer to OPTIONS stops it.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"PUT","body":"x"},"server":{"preflight":{"status":404,"headers":[]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "Answer OPTIONS on every route the page calls (CORS middleware does it before routing).",
        server_to_server: false,
    },
    Lesson {
        id: "preflight-put-delete",
        topic: "What triggers a preflight",
        title: "PUT, PATCH and DELETE: always a preflight",
        text: "Only GET, HEAD and POST are safelisted methods. Any other method is preflighted, whatever its headers, and must be listed in Access-Control-Allow-Methods.",
        scenario: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"PATCH","body":"x"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PATCH"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        try_this: "Send it as a POST instead: a safelisted method, no preflight.",
        changed: r#"{"page":"https://app.example","request":{"url":"https://api.example/items/7","method":"POST","body":"x"},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PATCH"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}"#,
        fix: "List the methods in the preflight answer; POST with a simple body needs no preflight.",
        server_to_server: false,
    },
    Lesson {
        id: "dev-proxy",
        topic: "FAQ",
        title: "Fixing it from the frontend: a development proxy",
        text: "You cannot make a browser skip CORS, but a dev server (Vite, Create React App) can forward /api to the real API: the page then calls its own origin, which needs no CORS at all.",
        scenario: r#"{"page":"http://localhost:5173","request":{"url":"http://localhost:5173/api/todos"},"server":{"response":{"status":200,"headers":[["Content-Type","application/json"]]}}}"#,
        try_this: "Call the API directly (http://localhost:8000/api/todos) instead of through the proxy.",
        changed: r#"{"page":"http://localhost:5173","request":{"url":"http://localhost:8000/api/todos"},"server":{"response":{"status":200,"headers":[["Content-Type","application/json"]]}}}"#,
        fix: "In development, proxy; in production, serve the API on the same origin or allow the app's origin.",
        server_to_server: false,
    },    Lesson {
        id: "cookie-not-sent",
        topic: "Cookies",
        title: "CORS is fixed, but the cookie never arrives",
        text: "The server allows the page's exact origin with credentials, and script reads the answer — yet the session cookie, set when the user visited api.example, does not go with the request. Sending a cookie is decided apart from CORS: api.example is another site than shop.example, so its cookie is a third-party cookie, and Chromium (as shipped here), Firefox (partitioned) and Safari (tracking prevention) keep it back.",
        scenario: r#"{"page":"https://shop.example","request":{"url":"https://api.example/me","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; SameSite=None; Secure","url":"https://api.example/"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        try_this: "Serve the API on the page's site, as api.shop.example, and set the cookie there.",
        changed: r#"{"page":"https://shop.example","request":{"url":"https://api.shop.example/me","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; SameSite=None; Secure","url":"https://api.shop.example/"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        fix: "Put the API on the page's site (api.shop.example), or proxy it through the page's origin; SameSite=None; Secure alone does not help where third-party cookies are blocked. The cookie fix lists each option with the browsers it works in.",
        server_to_server: false,
    },
    Lesson {
        id: "same-site-subdomain",
        topic: "Cookies",
        title: "Same-site is not same-origin: sub-domains",
        text: "api.shop.example and shop.example are two origins — CORS applies between them — but one site: they share the registrable domain shop.example. A cookie's SameSite is about sites, so even a SameSite=Strict cookie of api.shop.example goes with this cross-origin request.",
        scenario: r#"{"page":"https://shop.example","request":{"url":"https://api.shop.example/me","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; SameSite=Strict; Secure","url":"https://api.shop.example/"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        try_this: "Move the API to another site, api.example: the Strict cookie stays home.",
        changed: r#"{"page":"https://shop.example","request":{"url":"https://api.example/me","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; SameSite=Strict; Secure","url":"https://api.example/"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        fix: "Keep the page and the API on one site when they share a session cookie.",
        server_to_server: false,
    },
    Lesson {
        id: "same-site-ports",
        topic: "Cookies",
        title: "Same-site is not same-origin: ports",
        text: "A port makes another origin but never another site, and cookies ignore ports altogether: the cookie the login page on shop.example set goes to the API on shop.example:5000 — a cross-origin request that still needs the server's CORS answer, with Strict cookies included.",
        scenario: r#"{"page":"https://shop.example","request":{"url":"https://shop.example:5000/me","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; SameSite=Strict; Secure","url":"https://shop.example/"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        try_this: "Call the API without credentials: fetch's default (same-origin) sends no cookie to another origin.",
        changed: r#"{"page":"https://shop.example","request":{"url":"https://shop.example:5000/me"},"cookies":{"held":[{"set_cookie":"sid=1; SameSite=Strict; Secure","url":"https://shop.example/"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        fix: "Another port needs CORS (the exact origin and Access-Control-Allow-Credentials: true) and credentials: 'include', but no SameSite change.",
        server_to_server: false,
    },
    Lesson {
        id: "lax-by-default",
        topic: "Cookies",
        title: "No SameSite means Lax (in Chromium and the spec)",
        text: "A cookie set without SameSite is treated as SameSite=Lax by Chromium and by RFC 6265bis: it does not go with a cross-site fetch, even where third-party cookies are allowed (this scenario allows them). Firefox and Safari still send such a cookie when their setting lets third-party cookies through.",
        scenario: r#"{"page":"https://shop.example","request":{"url":"https://api.example/me","credentials":"include"},"cookies":{"setting":"allowed","held":[{"set_cookie":"sid=1; Secure","url":"https://api.example/"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        try_this: "Set the cookie with SameSite=None; Secure.",
        changed: r#"{"page":"https://shop.example","request":{"url":"https://api.example/me","credentials":"include"},"cookies":{"setting":"allowed","held":[{"set_cookie":"sid=1; SameSite=None; Secure","url":"https://api.example/"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        fix: "A cookie meant for cross-site requests says SameSite=None; Secure (and then meets each browser's third-party setting).",
        server_to_server: false,
    },
    Lesson {
        id: "partitioned-cookies",
        topic: "Cookies",
        title: "Partitioned cookies: one jar per top-level site",
        text: "A cookie set by api.example's answer to a fetch from shop.example is third-party. With Partitioned (CHIPS) Chromium keeps it even with third-party cookies blocked — in a jar of shop.example only, so it comes back on the next fetch from shop.example and never from another site. Firefox partitions every third-party cookie; Safari ignores the attribute and blocks it.",
        scenario: r#"{"page":"https://shop.example","request":{"url":"https://api.example/me","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; SameSite=None; Secure; Partitioned","url":"https://api.example/login","via":"fetch","from":"https://shop.example"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        try_this: "Drop Partitioned: Chromium then blocks the cookie as third-party (Firefox partitions it anyway).",
        changed: r#"{"page":"https://shop.example","request":{"url":"https://api.example/me","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; SameSite=None; Secure","url":"https://api.example/login","via":"fetch","from":"https://shop.example"}]},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        fix: "For an embedded or cross-site API that only needs state per top-level site, set SameSite=None; Secure; Partitioned from its credentialed answer.",
        server_to_server: false,
    },
    Lesson {
        id: "preflight-no-cookies",
        topic: "Cookies",
        title: "The preflight never carries cookies",
        text: "A PUT with credentials is preflighted, and the OPTIONS request goes without cookies, whatever the credentials mode. A server whose login check answers it 401 fails the preflight, and the PUT — which would have carried the session cookie — is never sent.",
        scenario: r#"{"page":"https://shop.example","request":{"url":"https://api.shop.example/cart","method":"PUT","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; Secure","url":"https://api.shop.example/"}]},"server":{"preflight":{"status":401,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        try_this: "Answer OPTIONS before the login check: 204 with the CORS headers and Access-Control-Allow-Methods: PUT.",
        changed: r#"{"page":"https://shop.example","request":{"url":"https://api.shop.example/cart","method":"PUT","credentials":"include"},"cookies":{"held":[{"set_cookie":"sid=1; Secure","url":"https://api.shop.example/"}]},"server":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"],["Access-Control-Allow-Methods","PUT"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"]]}}}"#,
        fix: "Let OPTIONS through the authentication middleware; check the session on the request itself.",
        server_to_server: false,
    },
    Lesson {
        id: "set-cookie-unreadable",
        topic: "Cookies",
        title: "Script cannot read Set-Cookie",
        text: "Set-Cookie is a forbidden response header: no Access-Control-Expose-Headers makes it readable, on any origin. The browser stores the cookie (credentials permitting); script never sees the line. A token script must read goes in the body or in an exposed header of your own.",
        scenario: r#"{"page":"https://shop.example","request":{"url":"https://api.shop.example/login","method":"POST","body":"u","credentials":"include"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"],["Access-Control-Expose-Headers","Set-Cookie"],["Set-Cookie","sid=1; Secure; HttpOnly"]]}}}"#,
        try_this: "Send the value in a header of your own and expose that: X-Session.",
        changed: r#"{"page":"https://shop.example","request":{"url":"https://api.shop.example/login","method":"POST","body":"u","credentials":"include"},"server":{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://shop.example"],["Access-Control-Allow-Credentials","true"],["Access-Control-Expose-Headers","X-Session"],["X-Session","1"],["Set-Cookie","sid=1; Secure; HttpOnly"]]}}}"#,
        fix: "Read the session from the cookie on the server; expose what script needs under another name.",
        server_to_server: false,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{decide, Browser};

    /// What "try this" may flip: the outcome, the preflight, what script
    /// reads, the cookies that go.
    fn seen(s: &Scenario, b: Browser) -> (crate::Outcome, bool, Vec<String>, Vec<Option<String>>) {
        let d = decide(s, b);
        let cookies = d
            .sent
            .iter()
            .filter(|r| !r.preflight)
            .map(|r| r.cookie.clone())
            .collect();
        (d.outcome, d.preflight, d.exposed, cookies)
    }

    #[test]
    fn every_lesson_parses_and_its_change_flips_it_in_every_browser() {
        let mut ids = std::collections::BTreeSet::new();
        for l in LESSONS {
            assert!(ids.insert(l.id), "{}: a second lesson with this id", l.id);
            let (a, b) = (l.scenario().expect(l.id), l.changed().expect(l.id));
            for browser in [Browser::Chromium, Browser::Firefox, Browser::WebKit] {
                if l.flips_in().contains(&browser) {
                    assert_ne!(
                        seen(&a, browser),
                        seen(&b, browser),
                        "{} in {browser}: try this changes nothing",
                        l.id
                    );
                } else {
                    assert_eq!(seen(&a, browser), seen(&b, browser), "{} in {browser}", l.id);
                }
            }
            assert!(
                l.text.len() > 60 && !l.try_this.is_empty() && !l.fix.is_empty(),
                "{}",
                l.id
            );
        }
        assert!(LESSONS.len() >= 30);
        assert_eq!(lesson("dev-proxy").map(|l| l.topic), Some("FAQ"));
    }
}
