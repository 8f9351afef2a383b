//! A request copied from DevTools — "Copy as cURL" (bash, with `$'…'`
//! quoting; cmd, with `^"…^"`), "Copy as PowerShell" (`Invoke-WebRequest`)
//! or "Copy as fetch" (browser and Node.js shapes) — read into a scenario's request and page origin, with what had to
//! be guessed said (`shared/CAPTURES.md`). Server answers are not in a copy:
//! the scenario has none (a lab probes the real ones). Anything not
//! understood is refused, naming it.

use crate::origin::Origin;
use crate::scenario::{CredentialsMode, RequestSpec, Scenario};
use std::fmt;

/// A copied request, as a scenario to explain (answers empty) and its guesses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopiedRequest {
    pub scenario: Scenario,
    /// What the copy did not say and the scenario assumes.
    pub assumptions: Vec<String>,
}

/// Why a copy could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotACopy(pub String);

impl fmt::Display for NotACopy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotACopy {}

/// Whether the text looks like a copied request (cURL, PowerShell or fetch).
pub fn looks_like_copy(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("curl ")
        || t.starts_with("curl.exe ")
        || t.starts_with("fetch(")
        || t.starts_with("await fetch(")
        || is_powershell(t)
}

fn is_powershell(t: &str) -> bool {
    t.starts_with("Invoke-WebRequest") || t.starts_with("Invoke-RestMethod") || t.starts_with("$session")
}

/// What a copy says, before it becomes a scenario.
struct Copy {
    url: String,
    method: Option<String>,
    headers: Vec<(String, String)>,
    body: Option<String>,
    cookies: bool,
    credentials: Option<CredentialsMode>,
    referrer: Option<String>,
}

/// Reads a "Copy as cURL" or "Copy as fetch" text. `fallback_page` is the
/// page origin assumed when the copy names none.
pub fn parse_copied_request(text: &str, fallback_page: &str) -> Result<CopiedRequest, NotACopy> {
    let t = text.trim();
    let copy = if t.starts_with("curl") {
        parse_curl(t)?
    } else if t.starts_with("fetch(") || t.starts_with("await fetch(") {
        parse_fetch(t)?
    } else if is_powershell(t) {
        parse_powershell(t)?
    } else {
        return Err(NotACopy(
            "not a copied request: paste DevTools' \"Copy as cURL\" (it starts with curl), \"Copy as PowerShell\" (Invoke-WebRequest) or \"Copy as fetch\" (fetch(…))".into(),
        ));
    };
    Ok(into_scenario(copy, fallback_page))
}

/// Splits a shell command line into words: '…', "…" with backslash escapes,
/// bash's $'…' (ANSI-C: \n \t \\ \' \xHH \uHHHH), backslash-newline
/// continuations, and cmd's ^-escapes (`^"…^"`).
fn words(text: &str) -> Result<Vec<String>, NotACopy> {
    let cmd = text.contains("^\"");
    let mut out = vec![];
    let mut word: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '^' if cmd => {
                // cmd: ^ escapes the next character; ^ before a line break continues the line.
                match chars.next() {
                    Some('\n') | Some('\r') => {}
                    Some('"') => {
                        // ^"…^" quotes a word: read to the next ^" (inner ^\^" is a literal ").
                        let w = word.get_or_insert_with(String::new);
                        loop {
                            match chars.next() {
                                None => return Err(NotACopy("a ^\"…^\" value is not closed".into())),
                                Some('^') => match chars.next() {
                                    Some('"') => break,
                                    Some('\\') if chars.peek() == Some(&'^') => {
                                        chars.next();
                                        if chars.next() == Some('"') {
                                            w.push('"');
                                        }
                                    }
                                    Some(other) => w.push(other),
                                    None => return Err(NotACopy("a ^\"…^\" value is not closed".into())),
                                },
                                Some(other) => w.push(other),
                            }
                        }
                    }
                    Some(other) => word.get_or_insert_with(String::new).push(other),
                    None => {}
                }
            }
            '\\' if !cmd => match chars.next() {
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(other) => word.get_or_insert_with(String::new).push(other),
                None => {}
            },
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(other) => w.push(other),
                        None => return Err(NotACopy("a '…' value is not closed".into())),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => w.push('\n'),
                            Some('t') => w.push('\t'),
                            Some('r') => w.push('\r'),
                            Some('x') => {
                                let hex: String = (0..2).filter_map(|_| chars.next()).collect();
                                let b = u8::from_str_radix(&hex, 16)
                                    .map_err(|_| NotACopy(format!("bad \\x{hex} in $'…'")))?;
                                w.push(char::from(b));
                            }
                            Some('u') => {
                                let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                                let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                                w.push(c.ok_or_else(|| NotACopy(format!("bad \\u{hex} in $'…'")))?);
                            }
                            Some(other) => w.push(other),
                            None => return Err(NotACopy("a $'…' value is not closed".into())),
                        },
                        Some(other) => w.push(other),
                        None => return Err(NotACopy("a $'…' value is not closed".into())),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if !cmd => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => w.push(e),
                            Some(other) => {
                                w.push('\\');
                                w.push(other);
                            }
                            None => return Err(NotACopy("a \"…\" value is not closed".into())),
                        },
                        Some(other) => w.push(other),
                        None => return Err(NotACopy("a \"…\" value is not closed".into())),
                    }
                }
            }
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    out.push(w);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    Ok(out)
}

fn parse_curl(text: &str) -> Result<Copy, NotACopy> {
    let words = words(text)?;
    let mut args = words.into_iter().skip(1).peekable();
    let mut copy = Copy {
        url: String::new(),
        method: None,
        headers: vec![],
        body: None,
        cookies: false,
        credentials: None,
        referrer: None,
    };
    let mut unknown = vec![];
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| NotACopy(format!("{flag} needs a value")));
        match arg.as_str() {
            "-H" | "--header" => {
                let line = value(&arg)?;
                let Some((name, v)) = line.split_once(':') else {
                    return Err(NotACopy(format!("the header '{line}' has no ':'")));
                };
                copy.headers.push((name.trim().to_string(), v.trim().to_string()));
            }
            "-X" | "--request" => copy.method = Some(value(&arg)?),
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--data-urlencode" => {
                copy.body = Some(value(&arg)?)
            }
            "-b" | "--cookie" => {
                value(&arg)?;
                copy.cookies = true;
            }
            "-e" | "--referer" => copy.referrer = Some(value(&arg)?),
            "-A" | "--user-agent" => {
                value(&arg)?;
            }
            "--url" => copy.url = value(&arg)?,
            "--compressed" | "-s" | "--silent" | "-i" | "--include" | "-k" | "--insecure" | "-L" | "--location"
            | "-v" | "--verbose" | "--http1.1" | "--http2" | "-g" | "--globoff" => {}
            a if a.starts_with('-') => unknown.push(a.to_string()),
            _ if copy.url.is_empty() => copy.url = arg.clone(),
            _ => unknown.push(arg.clone()),
        }
    }
    if !unknown.is_empty() {
        return Err(NotACopy(format!(
            "the cURL command has what corscope does not understand: {}",
            unknown.join(" ")
        )));
    }
    if copy.url.is_empty() {
        return Err(NotACopy("the cURL command names no URL".into()));
    }
    Ok(copy)
}

/// A PowerShell token.
#[derive(Debug, PartialEq)]
enum Ps {
    Param(String),
    Str(String),
    Word(String),
    HashStart,
    HashEnd,
    Eq,
}

/// Splits PowerShell into tokens: "…" with backtick escapes (`` `" `` `` `n ``
/// `` `$ `` …) and `""`, '…' with `''`, `@{` `}` `=`, parameters, and words;
/// a backtick at the end of a line continues it; `;`, `(` and `)` separate.
fn ps_tokens(text: &str) -> Result<Vec<Ps>, NotACopy> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' if chars.get(i + 1).is_some_and(|n| *n == '\n' || *n == '\r') => i += 2,
            c if c.is_whitespace() || matches!(c, ';' | '(' | ')' | ',') => i += 1,
            '@' if chars.get(i + 1) == Some(&'{') => {
                out.push(Ps::HashStart);
                i += 2;
            }
            '}' => {
                out.push(Ps::HashEnd);
                i += 1;
            }
            '=' => {
                out.push(Ps::Eq);
                i += 1;
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    let Some(&c) = chars.get(i) else {
                        return Err(NotACopy("a PowerShell string is not closed".into()));
                    };
                    match c {
                        '`' => {
                            let e = *chars.get(i + 1).unwrap_or(&'`');
                            s.push(match e {
                                'n' => '\n',
                                'r' => '\r',
                                't' => '\t',
                                '0' => '\0',
                                other => other,
                            });
                            i += 2;
                        }
                        '"' if chars.get(i + 1) == Some(&'"') => {
                            s.push('"');
                            i += 2;
                        }
                        '"' => {
                            i += 1;
                            break;
                        }
                        c => {
                            s.push(c);
                            i += 1;
                        }
                    }
                }
                out.push(Ps::Str(s));
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(NotACopy("a PowerShell string is not closed".into())),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&c) => {
                            s.push(c);
                            i += 1;
                        }
                    }
                }
                out.push(Ps::Str(s));
            }
            _ => {
                let start = i;
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], ';' | '(' | ')' | '=' | '}' | '"' | '\'' | ',')
                {
                    i += 1;
                }
                let w: String = chars[start..i].iter().collect();
                if w.len() > 1 && w.starts_with('-') && w[1..].chars().all(|c| c.is_ascii_alphabetic()) {
                    out.push(Ps::Param(w[1..].to_ascii_lowercase()));
                } else {
                    out.push(Ps::Word(w));
                }
            }
        }
    }
    Ok(out)
}

/// Chromium's and Firefox's "Copy as PowerShell": `Invoke-WebRequest` with
/// `-Uri`, `-Method`, `-Headers @{…}`, `-ContentType`, `-Body` (a string, or
/// one inside `[System.Text.Encoding]::UTF8.GetBytes(…)`), and a `$session`
/// whose added cookies mean credentials.
fn parse_powershell(text: &str) -> Result<Copy, NotACopy> {
    let mut copy = Copy {
        url: String::new(),
        method: None,
        headers: vec![],
        body: None,
        cookies: text.contains(".Cookies.Add("),
        credentials: None,
        referrer: None,
    };
    let start = text
        .find("Invoke-WebRequest")
        .or_else(|| text.find("Invoke-RestMethod"))
        .ok_or_else(|| NotACopy("the PowerShell copy has no Invoke-WebRequest".into()))?;
    let tokens = ps_tokens(&text[start..])?;
    let mut unknown = vec![];
    let mut tokens = tokens.into_iter();
    tokens.next(); // Invoke-WebRequest
    let mut t = tokens.peekable();
    let string = |t: &mut std::iter::Peekable<std::vec::IntoIter<Ps>>, what: &str| -> Result<String, NotACopy> {
        // Skip words before the string (a cast, `[System.Text.Encoding]::UTF8.GetBytes`).
        while let Some(Ps::Word(_)) = t.peek() {
            t.next();
        }
        match t.next() {
            Some(Ps::Str(s)) => Ok(s),
            _ => Err(NotACopy(format!("-{what} needs a quoted value"))),
        }
    };
    while let Some(tok) = t.next() {
        let Ps::Param(p) = tok else {
            continue;
        };
        match p.as_str() {
            "uri" => copy.url = string(&mut t, "Uri")?,
            "method" => {
                copy.method = Some(match t.next() {
                    Some(Ps::Str(s)) | Some(Ps::Word(s)) => s,
                    _ => return Err(NotACopy("-Method needs a value".into())),
                })
            }
            "contenttype" => {
                let v = string(&mut t, "ContentType")?;
                copy.headers.push(("Content-Type".into(), v));
            }
            "body" => copy.body = Some(string(&mut t, "Body")?),
            "headers" => {
                if t.next() != Some(Ps::HashStart) {
                    return Err(NotACopy("-Headers needs @{ … }".into()));
                }
                loop {
                    let name = match t.next() {
                        Some(Ps::HashEnd) => break,
                        Some(Ps::Str(s)) | Some(Ps::Word(s)) => s,
                        _ => return Err(NotACopy("-Headers @{ … } is not closed".into())),
                    };
                    if t.next() != Some(Ps::Eq) {
                        return Err(NotACopy(format!("the header {name} in -Headers has no '='")));
                    }
                    let value = match t.next() {
                        Some(Ps::Str(s)) | Some(Ps::Word(s)) => s,
                        _ => return Err(NotACopy(format!("the header {name} in -Headers has no value"))),
                    };
                    copy.headers.push((name, value));
                }
            }
            "websession" | "useragent" | "timeoutsec" | "maximumredirection" => {
                t.next();
            }
            "usebasicparsing" | "skipcertificatecheck" => {}
            other => unknown.push(format!("-{other}")),
        }
    }
    if !unknown.is_empty() {
        return Err(NotACopy(format!(
            "the PowerShell copy has what corscope does not understand: {}",
            unknown.join(" ")
        )));
    }
    if copy.url.is_empty() {
        return Err(NotACopy("the PowerShell copy names no -Uri".into()));
    }
    Ok(copy)
}

fn parse_fetch(text: &str) -> Result<Copy, NotACopy> {
    // fetch("URL", {…JSON…}); several copies are joined with " ;\n": the first is read.
    let inner = text.trim_start_matches("await ").trim_start_matches("fetch(");
    let (url_json, rest) =
        split_json_string(inner).ok_or_else(|| NotACopy("fetch( is not followed by a quoted URL".into()))?;
    let url: String = serde_json::from_str(url_json).map_err(|e| NotACopy(format!("the URL is not a string: {e}")))?;
    let rest = rest.trim_start();
    /// The options DevTools writes (other keys are skipped unread).
    #[derive(Default, serde::Deserialize)]
    #[serde(default)]
    struct Options {
        headers: super::LooseEntries,
        method: super::LooseText,
        body: super::LooseText,
        credentials: super::LooseText,
        referrer: super::LooseText,
    }
    let options: Options = match rest.strip_prefix(',') {
        Some(r) => {
            let r = r.trim_start();
            if !r.starts_with('{') {
                return Err(NotACopy(
                    "the fetch options are not the JSON object DevTools writes".into(),
                ));
            }
            let mut de = serde_json::Deserializer::from_str(r).into_iter::<Options>();
            match de.next() {
                Some(Ok(o)) => o,
                _ => {
                    return Err(NotACopy(
                        "the fetch options are not the JSON object DevTools writes".into(),
                    ))
                }
            }
        }
        None => Options::default(),
    };
    let headers: Vec<(String, String)> = options
        .headers
        .0
        .into_iter()
        .map(|(n, v)| (n, v.unwrap_or_default()))
        .collect();
    let text_of = |t: super::LooseText| t.0;
    let credentials = text_of(options.credentials).and_then(|c| c.parse::<CredentialsMode>().ok());
    Ok(Copy {
        url,
        method: text_of(options.method),
        cookies: headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("cookie")),
        headers,
        body: text_of(options.body),
        credentials,
        referrer: text_of(options.referrer),
    })
}

/// A leading JSON string and the rest of the text.
fn split_json_string(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    if !t.starts_with('"') {
        return None;
    }
    let mut escaped = false;
    for (i, c) in t.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some((&t[..=i], &t[i + 1..])),
            _ => escaped = false,
        }
    }
    None
}

fn into_scenario(copy: Copy, fallback_page: &str) -> CopiedRequest {
    let mut assumptions = vec![];
    let header = |name: &str| {
        copy.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let origin_of = |u: &str| Origin::parse(u).ok().map(|o| o.serialize()).filter(|o| o != "null");
    let page = match (header("origin"), copy.referrer.clone().or_else(|| header("referer"))) {
        (Some(o), _) => o,
        (None, Some(r)) if origin_of(&r).is_some() => {
            assumptions.push("the page origin is read from the Referer".into());
            origin_of(&r).unwrap_or_default()
        }
        _ if header("sec-fetch-site").as_deref() == Some("same-origin") => {
            assumptions.push("Sec-Fetch-Site says same-origin: the page is on the URL's origin".into());
            origin_of(&copy.url).unwrap_or_else(|| fallback_page.to_string())
        }
        _ => {
            assumptions.push(format!(
                "the copy names no page origin: {fallback_page} is assumed — change it to yours"
            ));
            fallback_page.to_string()
        }
    };
    // What script set: the browser's own headers (Origin, Cookie, Sec-*, …) are not script's.
    let headers: Vec<(String, String)> = copy
        .headers
        .iter()
        .filter(|(n, v)| super::set_by_script(n, v))
        .cloned()
        .collect();
    let credentialed = copy.cookies || header("authorization").is_some();
    let credentials = match copy.credentials {
        Some(c) => c,
        None if copy.cookies => {
            assumptions.push("the copy carries cookies: credentials 'include' is assumed".into());
            CredentialsMode::Include
        }
        None => CredentialsMode::SameOrigin,
    };
    if credentialed && credentials != CredentialsMode::Include {
        assumptions.push("Chrome's sanitized copies drop Cookie and Authorization: if the page sent them, set credentials to 'include'".into());
    }
    let method = copy
        .method
        .unwrap_or_else(|| if copy.body.is_some() { "POST" } else { "GET" }.into());
    let name = format!("copied request: {method} {}", copy.url);
    // A request to corscope's lab carries its scenario's answers in the URL.
    let server = crate::lab::server_of_run_url(&copy.url);
    if server.is_some() {
        assumptions.push("a corscope lab URL: the server's answers are the ones its cfg names".into());
    }
    CopiedRequest {
        scenario: Scenario {
            name,
            page,
            request: RequestSpec {
                method,
                headers,
                body: copy.body,
                credentials,
                ..RequestSpec::get(&copy.url)
            },
            server: server.unwrap_or_default(),
            expect: None,
            network: Default::default(),
            cookies: Default::default(),
        },
        assumptions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> CopiedRequest {
        parse_copied_request(text, "https://fallback.example").unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn chromium_bash_copies_are_read() {
        let c = read(concat!(
            "curl 'https://api.example/v1/orders' \\\n",
            "  -H 'accept: */*' \\\n",
            "  -H 'content-type: application/json' \\\n",
            "  -b 'sid=abc' \\\n",
            "  -H 'origin: https://shop.example' \\\n",
            "  -H 'sec-fetch-mode: cors' \\\n",
            "  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \\\n",
            "  -H $'x-note: it\\'s \\u00e9' \\\n",
            "  --data-raw '{\"a\":1}'"
        ));
        let s = &c.scenario;
        assert_eq!(
            (s.page.as_str(), s.request.method.as_str(), s.request.url.as_str()),
            ("https://shop.example", "POST", "https://api.example/v1/orders")
        );
        assert_eq!(s.request.credentials, CredentialsMode::Include);
        assert_eq!(s.request.body.as_deref(), Some("{\"a\":1}"));
        let names: Vec<&str> = s.request.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["content-type", "x-note"],
            "the browser's own headers (its User-Agent and default Accept too) are dropped"
        );
        assert_eq!(s.request.headers[1].1, "it's é");
        assert!(c.assumptions.iter().any(|a| a.contains("cookies")));
    }

    #[test]
    fn windows_cmd_and_fetch_copies_are_read() {
        let c = read(
            r#"curl ^"https://api.example/x^" ^
  -X ^"PUT^" ^
  -H ^"x-token: 1^" ^
  -H ^"Referer: https://app.example/page^" ^
  --data-raw ^"^{^\^"a^\^":1^}^""#,
        );
        let s = &c.scenario;
        assert_eq!(
            (s.page.as_str(), s.request.method.as_str()),
            ("https://app.example", "PUT")
        );
        assert_eq!(s.request.body.as_deref(), Some("{\"a\":1}"));
        assert_eq!(s.request.headers, [("x-token".to_string(), "1".to_string())]);
        let f = read(
            r#"fetch("https://api.example/me", {
  "headers": {"accept": "application/json", "authorization": "Bearer t"},
  "referrer": "https://app.example/",
  "body": null,
  "method": "GET",
  "mode": "cors",
  "credentials": "include"
}); ;
fetch("https://other.example/")"#,
        );
        let s = &f.scenario;
        assert_eq!(
            (s.page.as_str(), s.request.credentials),
            ("https://app.example", CredentialsMode::Include)
        );
        assert_eq!(s.request.headers.len(), 2);
        // Headers in the copy's order; a value that is not a string reads as
        // empty, an option of another type as absent.
        let f = read(
            r#"fetch("https://api.example/me", {"headers": {"z-last": "1", "a-first": {"odd": [1]}}, "method": 5, "body": [1, 2]})"#,
        );
        assert_eq!(
            f.scenario.request.headers,
            [
                ("z-last".to_string(), "1".to_string()),
                ("a-first".to_string(), String::new())
            ]
        );
        assert_eq!(
            (f.scenario.request.method.as_str(), f.scenario.request.body.as_deref()),
            ("GET", None)
        );
        assert!(
            parse_copied_request(r#"fetch("https://a.example/", [1])"#, "https://f.example")
                .unwrap_err()
                .to_string()
                .contains("JSON object")
        );
    }

    #[test]
    fn what_is_not_understood_is_named() {
        for (text, says) in [
            ("curl 'https://a.example/' --frobnicate", "--frobnicate"),
            ("curl -H", "needs a value"),
            ("curl 'https://a.example/", "not closed"),
            ("curl -H 'no colon' https://a.example/", "no ':'"),
            ("wget https://a.example/", "not a copied request"),
            ("fetch(https://a.example/)", "quoted URL"),
            ("fetch(\"https://a.example/\", {broken)", "JSON object"),
        ] {
            let e = parse_copied_request(text, "https://f.example").unwrap_err().to_string();
            assert!(e.contains(says), "{text}: {e}");
        }
        let c = read("curl https://a.example/");
        assert!(c.assumptions.iter().any(|a| a.contains("names no page origin")));
    }

    #[test]
    fn powershell_copies_from_chromium_and_firefox_are_read() {
        let chromium = concat!(
            "$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession\n",
            "$session.UserAgent = \"Mozilla/5.0 (X11; Linux x86_64)\"\n",
            "$session.Cookies.Add((New-Object System.Net.Cookie(\"sid\", \"abc\", \"/\", \"api.example\")))\n",
            "Invoke-WebRequest -UseBasicParsing -Uri \"https://api.example/v1/orders\" `\n",
            "-Method \"PUT\" `\n",
            "-WebSession $session `\n",
            "-Headers @{\n",
            "\"accept\"=\"*/*\"\n",
            "  \"origin\"=\"https://shop.example\"\n",
            "  \"x-note\"=\"say `\"hi`\" for `$5\"\n",
            "} `\n",
            "-ContentType \"application/json\" `\n",
            "-Body \"{`\"a`\":1}\""
        );
        let c = read(chromium);
        let s = &c.scenario;
        assert_eq!(
            (s.page.as_str(), s.request.method.as_str(), s.request.url.as_str()),
            ("https://shop.example", "PUT", "https://api.example/v1/orders")
        );
        assert_eq!(s.request.credentials, CredentialsMode::Include, "the session's cookie");
        assert_eq!(s.request.body.as_deref(), Some("{\"a\":1}"));
        assert_eq!(
            s.request.headers,
            vec![
                ("x-note".to_string(), "say \"hi\" for $5".to_string()),
                ("Content-Type".into(), "application/json".into())
            ]
        );
        let firefox = "Invoke-WebRequest -Uri \"https://api.example/items\" -Headers @{\"Accept\" = \"application/json\"; \"Origin\" = \"https://shop.example\"} -Method \"POST\" -ContentType \"text/plain\" -Body ([System.Text.Encoding]::UTF8.GetBytes(\"x=1\"))";
        let s = read(firefox).scenario;
        assert_eq!(
            (s.request.method.as_str(), s.request.body.as_deref()),
            ("POST", Some("x=1"))
        );
        assert_eq!(s.request.headers.len(), 2);
        let err = parse_copied_request(
            "Invoke-WebRequest -Uri \"https://a.example/\" -OutFile x",
            "https://f.example",
        )
        .unwrap_err();
        assert!(err.0.contains("-outfile"), "{err}");
        assert!(
            parse_copied_request("Invoke-WebRequest -Uri \"https://a.example/", "https://f.example")
                .unwrap_err()
                .0
                .contains("not closed")
        );
    }
}
