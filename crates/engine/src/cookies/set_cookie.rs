//! Parsing a `Set-Cookie` line into a cookie name, value and attributes.
//! <https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6>
//! A line a browser cannot use is ignored whole, and says why.

/// The `SameSite` enforcement a line asks for (§5.6.7); "Default" when the
/// attribute is absent or its value is none of the three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SameSite {
    Default,
    None,
    Lax,
    Strict,
}

impl SameSite {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SameSite::Default => "unspecified",
            SameSite::None => "None",
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
        }
    }
}

/// A parsed line (§5.6 steps 1–6 and the attribute steps).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) name: String,
    pub(crate) value: String,
    /// `Max-Age` ≤ 0, or an `Expires` date in the past: the line deletes.
    pub(crate) expired: bool,
    /// `Domain`, without a leading dot, lowercase.
    pub(crate) domain: Option<String>,
    /// `Path` when it starts with `/`.
    pub(crate) path: Option<String>,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    pub(crate) same_site: SameSite,
    /// CHIPS: <https://datatracker.ietf.org/doc/html/draft-cutler-httpbis-partitioned-cookies>
    pub(crate) partitioned: bool,
    /// Attributes read differently from what was written (an unknown
    /// `SameSite` value, an `Expires` that is no date…), for the trace.
    pub(crate) notes: Vec<String>,
}

/// Why a line was ignored whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ignored {
    /// A control character other than HTAB (§5.6 step 1).
    ControlCharacter,
    /// No name and no value (§5.6 step 5).
    Empty,
    /// Name and value longer than 4096 bytes together (§5.6 step 6).
    TooLarge,
}

const MAX_NAME_VALUE: usize = 4096;
const MAX_ATTRIBUTE_VALUE: usize = 1024;

fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// §5.6: the name-value pair, then each attribute, the last of a kind winning.
pub(crate) fn parse(line: &str) -> Result<Parsed, Ignored> {
    if line
        .chars()
        .any(|c| (c.is_ascii_control() && c != '\t') || c == '\u{7f}')
    {
        return Err(Ignored::ControlCharacter);
    }
    let (pair, attributes) = line.split_once(';').unwrap_or((line, ""));
    // "If the name-value-pair string lacks a %x3D ("=") character, then the
    // name string is empty, and the value string is the value of name-value-pair."
    let (name, value) = pair.split_once('=').unwrap_or(("", pair));
    let (name, value) = (name.trim_matches(is_wsp), value.trim_matches(is_wsp));
    if name.is_empty() && value.is_empty() {
        return Err(Ignored::Empty);
    }
    if name.len() + value.len() > MAX_NAME_VALUE {
        return Err(Ignored::TooLarge);
    }
    let mut cookie = Parsed {
        name: name.to_string(),
        value: value.to_string(),
        expired: false,
        domain: None,
        path: None,
        secure: false,
        http_only: false,
        same_site: SameSite::Default,
        partitioned: false,
        notes: vec![],
    };
    let mut max_age: Option<bool> = None;
    let mut expires_past: Option<bool> = None;
    for av in attributes.split(';') {
        let (key, val) = av.split_once('=').unwrap_or((av, ""));
        let (key, val) = (key.trim_matches(is_wsp), val.trim_matches(is_wsp));
        if key.is_empty() {
            continue;
        }
        if val.len() > MAX_ATTRIBUTE_VALUE {
            cookie.notes.push(format!(
                "the {key} attribute's value is longer than 1024 bytes and is ignored"
            ));
            continue;
        }
        match key.to_ascii_lowercase().as_str() {
            "expires" => match expires_in_past(val) {
                Some(past) => expires_past = Some(past),
                None => cookie
                    .notes
                    .push(format!("Expires={val} is not a date browsers read; it is ignored")),
            },
            "max-age" => {
                let digits = val.strip_prefix('-').unwrap_or(val);
                if val.is_empty() || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    cookie
                        .notes
                        .push(format!("Max-Age={val} is not a number; it is ignored"));
                } else {
                    max_age = Some(val.starts_with('-') || digits.bytes().all(|b| b == b'0'));
                }
            }
            "domain" => {
                let d = val.strip_prefix('.').unwrap_or(val);
                cookie.domain = (!d.is_empty()).then(|| d.to_ascii_lowercase());
            }
            "path" => {
                cookie.path = val.starts_with('/').then(|| val.to_string());
            }
            "secure" => cookie.secure = true,
            "httponly" => cookie.http_only = true,
            "partitioned" => cookie.partitioned = true,
            "samesite" => {
                cookie.same_site = match val.to_ascii_lowercase().as_str() {
                    "none" => SameSite::None,
                    "lax" => SameSite::Lax,
                    "strict" => SameSite::Strict,
                    _ => {
                        cookie.notes.push(format!(
                            "SameSite={val} is none of Strict, Lax or None: read as no SameSite at all"
                        ));
                        SameSite::Default
                    }
                }
            }
            _ => cookie
                .notes
                .push(format!("'{key}' is no cookie attribute; it is ignored")),
        }
    }
    // "Max-Age" wins over "Expires" (§5.7 step 3).
    cookie.expired = max_age.or(expires_past).unwrap_or(false);
    Ok(cookie)
}

/// Whether an `Expires` value (§5.1.1 cookie-date) is in the past, by its
/// year alone: the engine has no clock, so any year before 2000 is the past and
/// any later one the future. `None` when no year can be read.
fn expires_in_past(value: &str) -> Option<bool> {
    let numbers = || {
        value
            .split(|c: char| !c.is_ascii_alphanumeric() && c != ':')
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
    };
    // A four-digit year, else the last two-digit number (the day comes first).
    let year = match numbers().find(|t| t.len() == 4) {
        Some(y) => y.parse::<u32>().ok()?,
        None => match numbers().rfind(|t| t.len() == 2)?.parse::<u32>().ok()? {
            y @ 0..=69 => y + 2000,
            y => y + 1900,
        },
    };
    (year >= 1601).then_some(year < 2000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_value_and_attributes() {
        let c =
            parse(" sid = abc ; Secure; HttpOnly; SameSite=none; Path=/api; Domain=.Example.com; Partitioned").unwrap();
        assert_eq!((c.name.as_str(), c.value.as_str()), ("sid", "abc"));
        assert!(c.secure && c.http_only && c.partitioned);
        assert_eq!(c.same_site, SameSite::None);
        assert_eq!(c.path.as_deref(), Some("/api"));
        assert_eq!(c.domain.as_deref(), Some("example.com"));
        assert!(!c.expired);
    }

    #[test]
    fn a_line_without_equals_is_a_nameless_cookie() {
        let c = parse("token").unwrap();
        assert_eq!((c.name.as_str(), c.value.as_str()), ("", "token"));
        assert_eq!(parse("=").unwrap_err(), Ignored::Empty);
        assert_eq!(parse(" ; Secure").unwrap_err(), Ignored::Empty);
    }

    #[test]
    fn control_characters_and_size_ignore_the_line() {
        assert_eq!(parse("a=b\u{1}c").unwrap_err(), Ignored::ControlCharacter);
        assert_eq!(parse("a=b\u{7f}").unwrap_err(), Ignored::ControlCharacter);
        assert!(parse("a=b\tc").is_ok());
        assert_eq!(
            parse(&format!("a={}", "x".repeat(4096))).unwrap_err(),
            Ignored::TooLarge
        );
    }

    #[test]
    fn unknown_same_site_values_are_default_and_noted() {
        let c = parse("a=1; SameSite=Lx").unwrap();
        assert_eq!(c.same_site, SameSite::Default);
        assert!(c.notes[0].contains("SameSite=Lx"), "{:?}", c.notes);
        assert_eq!(parse("a=1; samesite=STRICT").unwrap().same_site, SameSite::Strict);
        // The last one wins.
        assert_eq!(
            parse("a=1; SameSite=Strict; SameSite=Lax").unwrap().same_site,
            SameSite::Lax
        );
    }

    #[test]
    fn expiry_by_max_age_first() {
        assert!(parse("a=1; Max-Age=0").unwrap().expired);
        assert!(parse("a=1; Max-Age=-5").unwrap().expired);
        assert!(!parse("a=1; Max-Age=60").unwrap().expired);
        assert!(parse("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT").unwrap().expired);
        assert!(!parse("a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT").unwrap().expired);
        assert!(
            !parse("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60")
                .unwrap()
                .expired
        );
        assert!(parse("a=1; expires=Thu, 01-Jan-70 00:00:01 GMT").unwrap().expired);
        let c = parse("a=1; Max-Age=soon; Expires=never").unwrap();
        assert!(!c.expired);
        assert_eq!(c.notes.len(), 2);
    }

    #[test]
    fn a_path_must_start_with_a_slash() {
        assert_eq!(parse("a=1; Path=api").unwrap().path, None);
        assert_eq!(parse("a=1; Path=").unwrap().path, None);
    }
}
