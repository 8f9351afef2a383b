//! The end-to-end harness: a lab on free loopback ports, a WebDriver (started
//! here in its own process group, and killed as a group) and a headless
//! browser session that is always closed, also when the test body panics.

#![allow(dead_code)]

use corscope_lab::{start, LabConfig, LabHandle};
use fantoccini::{Client, ClientBuilder, Locator};
use std::collections::HashMap;
use std::future::Future;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where tests write screenshots, reports and browser profiles.
pub fn output_dir() -> PathBuf {
    let dir = repo().join("test-output");
    std::fs::create_dir_all(&dir).expect("create test-output/");
    dir
}

/// The built app; the test command builds it before the e2e tests run.
pub fn dist(name: &str) -> PathBuf {
    let dir = repo().join(name);
    assert!(
        dir.join("index.html").exists(),
        "{} has no index.html: build the app first (scripts/test.sh does: trunk build --release)",
        dir.display()
    );
    dir
}

pub async fn lab(dist_dir: &Path, base_path: &str) -> LabHandle {
    start(LabConfig {
        page_port: 0,
        lab_port: 0,
        frame_port: 0,
        dist: dist_dir.to_path_buf(),
        base_path: base_path.into(),
        journal_capacity: 10_000,
        https_port: Some(0),
        bind: None,
        key: None,
        embedded_app: false,
        header_timeout: corscope_lab::server::DEFAULT_HEADER_TIMEOUT,
        cookie_port: Some(0),
        cookie_http_port: Some(0),
    })
    .await
    .expect("start the lab on free loopback ports")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A WebDriver process group; dropping it kills the driver and its browser.
pub struct Driver {
    child: Child,
    pub port: u16,
}

/// Which real browser a test drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Chromium,
    Firefox,
    /// WebKitGTK (Safari's engine), through the project's own browser shim
    /// (tests/support/webkit-shim.py) under Xvfb: it has no headless mode.
    WebKit,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Chromium => "chromium",
            Kind::Firefox => "firefox",
            Kind::WebKit => "webkit",
        }
    }
}

impl Driver {
    pub fn start(kind: Kind) -> Driver {
        let port = free_port();
        let home = output_dir().join("home");
        std::fs::create_dir_all(&home).expect("home dir");
        let program = match kind {
            Kind::Chromium => "chromedriver",
            Kind::Firefox => "geckodriver",
            Kind::WebKit => "WebKitWebDriver",
        };
        let mut command = match kind {
            // A display of its own, in the driver's process group, numbered
            // after the driver's port (xvfb-run -a can hand one number to two
            // sessions that start at once).
            Kind::WebKit => {
                let mut c = Command::new("xvfb-run");
                c.args([
                    "-n",
                    &port.to_string(),
                    "-s",
                    "-screen 0 1280x900x24 -nolisten tcp",
                    program,
                ]);
                c
            }
            _ => Command::new(program),
        };
        command.arg(format!("--port={port}"));
        if kind == Kind::Firefox {
            // Each geckodriver its own WebDriver BiDi port: Firefox sessions run
            // side by side, and the default (9222) would be taken by the first.
            command.arg(format!("--websocket-port={}", free_port()));
            // Chrome-context scripts, for Firefox's own console messages
            // (firefox_cookie_console): the cookie lines are warnings that
            // WebDriver BiDi's log events leave out.
            command.arg("--allow-system-access");
        }
        let child = command
            .env("HOME", &home)
            .env("TMPDIR", &home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {program} ({e}); scripts/setup.sh --browsers installs it"));
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "{program} did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pgid = self.child.id() as i32;
        // SAFETY: kill(2) on our own child's process group. TERM first, so that
        // xvfb-run removes its display's lock and the shim its profile.
        unsafe {
            libc::kill(-pgid, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_millis(500);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(20));
        }
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

/// The engine's model of the browser a test drives.
pub fn engine_browser(kind: Kind) -> corscope_engine::Browser {
    match kind {
        Kind::Chromium => corscope_engine::Browser::Chromium,
        Kind::Firefox => corscope_engine::Browser::Firefox,
        Kind::WebKit => corscope_engine::Browser::WebKit,
    }
}

/// What the browser printed to its console since the last call (the session
/// needs the console options of Chromium and Firefox; WebKit's shim always writes it).
pub async fn console_of(kind: Kind, client: &Client) -> Vec<String> {
    match kind {
        Kind::Chromium => chromium_console(client).await,
        Kind::Firefox => firefox_console(client).await,
        Kind::WebKit => webkit_console(client).await,
    }
}

/// The browser shim WebKitWebDriver starts (WebKitGTK with a real profile
/// that writes console messages to a file: the stock MiniBrowser does not).
pub fn webkit_shim() -> PathBuf {
    repo().join("tests/support/webkit-shim.py")
}

/// Capabilities for a WebKitGTK session through the shim; console lines go to
/// `console`. It trusts exactly the lab's https certificate (made at start),
/// for the names it is made for, and no other bad certificate.
fn webkit_capabilities(console: &Path, options: &Options) -> serde_json::Map<String, serde_json::Value> {
    let pem = console.with_extension("lab.pem");
    std::fs::write(
        &pem,
        corscope_lab::server::https_leaf_pem().expect("the lab's certificate"),
    )
    .expect("write pem");
    let mut args = vec!["--automation".to_string(), format!("--console={}", console.display())];
    let cookie_hosts = corscope_engine::lab::COOKIE_HOSTS;
    for host in ["localhost", "api.localhost", "127.0.0.1"]
        .iter()
        .chain(cookie_hosts.iter())
    {
        args.push(format!("--allow-cert={host}={}", pem.display()));
    }
    match options.cookie_setting {
        Some(corscope_engine::CookieSetting::Allowed) => args.push("--cookies=always".into()),
        Some(corscope_engine::CookieSetting::Blocked) => args.push("--itp=on".into()),
        Some(corscope_engine::CookieSetting::VisitedOnly) | None => {}
        Some(other) => panic!("WebKit has no {other} cookie setting"),
    }
    let caps = serde_json::json!({
        "browserName": "corscope-webkit-shim",
        "webkitgtk:browserOptions": { "binary": webkit_shim().display().to_string(), "args": args }
    });
    caps.as_object().cloned().expect("an object")
}

/// Where each WebKit session's console lines go, by session id, and how far
/// [`webkit_console`] has read.
static WEBKIT_CONSOLES: std::sync::Mutex<Vec<(String, PathBuf, usize)>> = std::sync::Mutex::new(Vec::new());

/// What WebKit printed to the console since the last call, one message a line
/// (`CONSOLE SECURITY ERROR …`, `CONSOLE JS ERROR …`), prefixes kept.
pub async fn webkit_console(client: &Client) -> Vec<String> {
    let id = client.session_id().await.ok().flatten().unwrap_or_default();
    let mut consoles = WEBKIT_CONSOLES.lock().expect("lock");
    let Some((_, path, read)) = consoles.iter_mut().find(|(s, _, _)| *s == id) else {
        return vec![];
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let new = text.get(*read..).unwrap_or_default().to_string();
    *read = text.len();
    // A message with line breaks goes on over the lines that follow its "CONSOLE " line.
    let mut messages: Vec<String> = vec![];
    for line in new.lines() {
        if line.starts_with("CONSOLE ") {
            messages.push(line.to_string());
        } else if let Some(last) = messages.last_mut().filter(|_| !line.starts_with("webkit-shim")) {
            last.push('\n');
            last.push_str(line);
        }
    }
    messages
}

/// How a session's browser is started.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Treat the page served from `127.0.0.1:PORT` as public, as
    /// `https://USER.github.io` is: Local Network Access then gates its
    /// requests to loopback (Chromium `--ip-address-space-overrides`, Firefox
    /// `network.lna.address_space.public.override`).
    pub public_page_port: Option<u16>,
    /// Chromium: that page's address space instead of `public` (`local`).
    pub page_space: Option<&'static str>,
    /// Keep Chromium's console messages for [`chromium_console`].
    pub chromium_console: bool,
    /// Keep Chromium's network events (DevTools protocol) for [`chromium_har`].
    pub chromium_network: bool,
    /// Chromium: the dark colour scheme (`prefers-color-scheme: dark`).
    pub dark: bool,
    /// Keep Firefox's console messages for [`firefox_console`] (WebDriver BiDi).
    pub firefox_console: bool,
    /// Chromium: host names that resolve to 127.0.0.1 besides `localhost`
    /// and `*.localhost` (Firefox resolves every name there).
    pub loopback_names: &'static [&'static str],
    /// The third-party cookie setting (`None`: the profile's default): Chromium's
    /// `profile.cookie_controls_mode` (0 allowed, 1 blocked), Firefox's
    /// `network.cookie.cookieBehavior` (0 allowed, 1 blocked, 5 partitioned),
    /// WebKit's shim `--cookies=always` (allowed), `--itp=on` (blocked, as
    /// Safari), its default accept policy (visited-only).
    pub cookie_setting: Option<corscope_engine::CookieSetting>,
}

fn chromium_capabilities(profile: &Path, options: &Options) -> serde_json::Map<String, serde_json::Value> {
    let mut caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "args": [
                // Trust exactly the lab's https key (its certificate is made at start), no other bad certificate.
                format!("--ignore-certificate-errors-spki-list={}", corscope_lab::server::https_spki_sha256().expect("the lab's key")),
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost, EXCLUDE *.localhost"
            ]
        }
    });
    if options.chromium_console {
        caps["goog:loggingPrefs"]["browser"] = "ALL".into();
    }
    if options.chromium_network {
        caps["goog:loggingPrefs"]["performance"] = "ALL".into();
    }
    if !options.loopback_names.is_empty() {
        let args = caps["goog:chromeOptions"]["args"].as_array_mut().expect("args");
        let maps: Vec<String> = options
            .loopback_names
            .iter()
            .map(|n| format!("MAP {n} 127.0.0.1"))
            .collect();
        for arg in args.iter_mut() {
            if let Some(rules) = arg.as_str().and_then(|a| a.strip_prefix("--host-resolver-rules=")) {
                *arg = format!("--host-resolver-rules={}, {rules}", maps.join(", ")).into();
            }
        }
    }
    if let Some(setting) = options.cookie_setting {
        let mode = match setting {
            corscope_engine::CookieSetting::Allowed => 0,
            corscope_engine::CookieSetting::Blocked => 1,
            other => panic!("Chromium has no {other} cookie setting"),
        };
        caps["goog:chromeOptions"]["prefs"]["profile.cookie_controls_mode"] = mode.into();
    }
    if options.dark {
        let args = caps["goog:chromeOptions"]["args"].as_array_mut().expect("args");
        args.push("--force-dark-mode".into());
    }
    if let Some(port) = options.public_page_port {
        let args = caps["goog:chromeOptions"]["args"].as_array_mut().expect("args");
        let space = options.page_space.unwrap_or("public");
        args.push(format!("--ip-address-space-overrides=127.0.0.1:{port}={space}").into());
    }
    caps.as_object().cloned().expect("an object")
}

/// A Firefox profile that trusts exactly the lab's CA (made at start) (NSS's
/// certutil, from Debian's libnss3-tools), instead of any certificate.
fn firefox_profile(profile: &Path) -> PathBuf {
    std::fs::create_dir_all(profile).expect("profile dir");
    if profile.join("cert9.db").exists() {
        return profile.to_path_buf();
    }
    let pem = profile.join("corscope-lab.pem");
    std::fs::write(&pem, corscope_lab::server::https_ca_pem().expect("the lab's CA")).expect("write pem");
    let db = format!("sql:{}", profile.display());
    let ok = |args: &[&str]| {
        let out = Command::new("certutil")
            .args(args)
            .output()
            .expect("certutil (libnss3-tools)");
        assert!(
            out.status.success(),
            "certutil {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(&["-N", "-d", &db, "--empty-password"]);
    ok(&[
        "-A",
        "-n",
        "corscope-lab",
        "-t",
        "C,,",
        "-i",
        pem.to_str().unwrap(),
        "-d",
        &db,
    ]);
    profile.to_path_buf()
}

fn firefox_capabilities(profile: &Path, options: &Options) -> serde_json::Map<String, serde_json::Value> {
    let profile = firefox_profile(profile);
    let mut caps = serde_json::json!({
        "browserName": "firefox",
        "moz:firefoxOptions": {
            "binary": "/usr/bin/firefox-esr",
            "args": ["-headless", "-width=1280", "-height=900", "-profile", profile.display().to_string()],
            // Every name resolves to loopback (localhost, *.localhost), and no
            // background lookups leave the machine.
            "prefs": { "network.dns.forceResolve": "127.0.0.1" }
        }
    });
    if options.firefox_console {
        caps["webSocketUrl"] = true.into();
    }
    if let Some(setting) = options.cookie_setting {
        let behavior = match setting {
            corscope_engine::CookieSetting::Allowed => 0,
            corscope_engine::CookieSetting::Blocked => 1,
            corscope_engine::CookieSetting::Partitioned => 5,
            other => panic!("Firefox has no {other} cookie setting"),
        };
        caps["moz:firefoxOptions"]["prefs"]["network.cookie.cookieBehavior"] = behavior.into();
    }
    if let Some(port) = options.public_page_port {
        let prefs = caps["moz:firefoxOptions"]["prefs"].as_object_mut().expect("prefs");
        prefs.insert(
            "network.lna.address_space.public.override".into(),
            format!("127.0.0.1:{port}").into(),
        );
    }
    caps.as_object().cloned().expect("an object")
}

/// Runs `body` with a fresh headless Chromium session (see [`with_browser`]).
pub async fn with_chromium<F, Fut>(body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_browser(Kind::Chromium, body).await
}

/// Runs `body` with a fresh headless browser session; the session, the driver
/// and the browser are stopped afterwards whatever happens, then a panic in the
/// body is re-raised.
pub async fn with_browser<F, Fut>(kind: Kind, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_browser_options(kind, Options::default(), body).await
}

/// [`with_browser`], with the browser started as `options` say.
pub async fn with_browser_options<F, Fut>(kind: Kind, options: Options, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let profile = output_dir().join(format!("profile-{}-{}", std::process::id(), free_port()));
    // Starting a session can lose a race for the driver's free port with another
    // test's server; a fresh driver on a fresh port is tried up to three times.
    let mut attempt = 0;
    let (driver, client) = loop {
        attempt += 1;
        let driver = Driver::start(kind);
        let console = profile.with_extension("console.log");
        let capabilities = match kind {
            Kind::Chromium => chromium_capabilities(&profile, &options),
            Kind::Firefox => firefox_capabilities(&profile, &options),
            Kind::WebKit => webkit_capabilities(&console, &options),
        };
        let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(capabilities);
        let address = format!("http://127.0.0.1:{}", driver.port);
        let connecting = builder.connect(&address);
        // WebKitWebDriver hangs instead of failing when its browser cannot start (no display).
        let connected = match tokio::time::timeout(Duration::from_secs(30), connecting).await {
            Ok(c) => c,
            Err(_) => panic!(
                "a {} session did not start in 30 s (the browser's own words: {:?})",
                kind.name(),
                std::fs::read_to_string(&console).unwrap_or_default()
            ),
        };
        match connected {
            Ok(client) => {
                if kind == Kind::WebKit {
                    let id = client.session_id().await.ok().flatten().unwrap_or_default();
                    WEBKIT_CONSOLES.lock().expect("lock").push((id, console.clone(), 0));
                }
                break (driver, client);
            }
            Err(e) if attempt < 3 => eprintln!("{} session attempt {attempt} failed: {e}; retrying", kind.name()),
            Err(e) => panic!("a {} session: {e}", kind.name()),
        }
    };
    if options.firefox_console && kind == Kind::Firefox {
        listen_to_firefox_console(&client).await;
    }
    let outcome = tokio::spawn(body(client.clone())).await;
    let _ = client.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    let _ = std::fs::remove_file(profile.with_extension("console.log"));
    let _ = std::fs::remove_file(profile.with_extension("console.lab.pem"));
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("test body failed: {e}");
    }
}

/// Waits for the app to mount.
pub async fn open_app(client: &Client, url: &str) {
    client.goto(url).await.expect("navigate");
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=app-ready]"))
        .await
        .unwrap_or_else(|e| panic!("the app did not mount at {url}: {e}"));
    // The tables and the Matrix render one frame later.
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=app-complete]"))
        .await
        .unwrap_or_else(|e| panic!("the app's later panels did not render at {url}: {e}"));
}

/// Replaces an input's text.
/// Waits (up to 5 s) until the page's prediction shows `outcome`; `what`
/// names the step in the failure message.
pub async fn wait_for_outcome(client: &Client, outcome: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let shown = attr_of(client, "prediction-outcome", "data-outcome").await;
        if shown == outcome {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the page predicts {shown}, not {outcome}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Puts `text` in a text field at once, as a paste does (typing a HAR of tens
/// of KB key by key takes a minute), with the input event the page listens to.
pub async fn paste_into(client: &Client, testid: &str, text: &str) {
    client
        .execute(
            "const t = document.querySelector(`[data-testid=${arguments[0]}]`); t.value = arguments[1]; t.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::json!(testid), serde_json::json!(text)],
        )
        .await
        .expect("paste");
}

pub async fn fill(client: &Client, testid: &str, text: &str) {
    let el = client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .expect("input");
    el.clear().await.expect("clear");
    if text.is_empty() {
        // Firefox's WebDriver clear fires no input event: the page would not see it.
        let el = serde_json::to_value(&el).expect("element");
        client
            .execute(
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
                vec![el],
            )
            .await
            .expect("input event");
    } else {
        el.send_keys(text).await.expect("type");
    }
}

pub async fn click(client: &Client, testid: &str) {
    let css = format!("[data-testid={testid}]");
    // WebKitGTK's WebDriver now and then fails a click with an empty
    // "unknown error": the element is scrolled into view and clicked again.
    for attempt in 1..=3 {
        let el = client.find(Locator::Css(&css)).await.expect("button");
        match el.clone().click().await {
            Ok(()) => return,
            Err(e) if attempt < 3 => {
                eprintln!("click on {testid} failed ({e}); again");
                let _ = client
                    .execute(
                        "arguments[0].scrollIntoView({block: 'center'})",
                        vec![serde_json::to_value(&el).expect("element")],
                    )
                    .await;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("click on {testid}: {e}"),
        }
    }
}

/// What one run showed: the browser's outcome, the agreement badge, the run
/// id (the journal key for lab scenario URLs) and the run's text.
#[derive(Debug)]
pub struct RunSeen {
    pub observed: String,
    pub agree: bool,
    pub run_id: String,
    pub text: String,
}

async fn count(client: &Client, css: &str) -> usize {
    client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
}

/// Fills the request form (replacing any header rows) without running it.
pub async fn set_request(client: &Client, method: &str, url: &str, headers: &[(&str, &str)]) {
    fill(client, "method", method).await;
    fill(client, "url", url).await;
    while let Ok(remove) = client.find(Locator::Css("[data-testid=header-remove]")).await {
        remove.click().await.expect("remove header row");
    }
    for (i, (name, value)) in headers.iter().enumerate() {
        click(client, "add-header").await;
        let names = client
            .find_all(Locator::Css("[data-testid=header-name]"))
            .await
            .expect("rows");
        let values = client
            .find_all(Locator::Css("[data-testid=header-value]"))
            .await
            .expect("rows");
        names[i].send_keys(name).await.expect("type name");
        values[i].send_keys(value).await.expect("type value");
    }
}

/// Presses Run and waits for the new entry at the top of the history.
pub async fn run_now(client: &Client) -> RunSeen {
    let before = count(client, "[data-testid=run-record]").await;
    click(client, "run").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(client, "[data-testid=run-record]").await <= before {
        assert!(Instant::now() < deadline, "no new run appeared in the history");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let run = client
        .find(Locator::Css("[data-testid=run-record]"))
        .await
        .expect("the newest run");
    let observed = run
        .find(Locator::Css("[data-testid=observed]"))
        .await
        .expect("observed");
    let agree = run.find(Locator::Css("[data-testid=agree]")).await.expect("badge");
    RunSeen {
        observed: observed.attr("data-observed").await.expect("attr").unwrap_or_default(),
        agree: agree.attr("data-agree").await.expect("attr").as_deref() == Some("true"),
        run_id: run.attr("data-run-id").await.expect("attr").unwrap_or_default(),
        text: run.text().await.expect("text"),
    }
}

/// Runs a request from the form and returns (observed outcome, text of the run).
pub async fn probe(client: &Client, method: &str, url: &str, headers: &[(&str, &str)]) -> (String, String) {
    set_request(client, method, url, headers).await;
    let seen = run_now(client).await;
    (seen.observed, seen.text)
}

/// Chooses an option of a select by its value.
pub async fn select(client: &Client, testid: &str, value: &str) {
    let el = client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .expect("select");
    el.select_by_value(value).await.expect("select option");
}

/// The text of the first element with this test id.
pub async fn text_of(client: &Client, testid: &str) -> String {
    client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no [data-testid={testid}]: {e}"))
        .text()
        .await
        .expect("text")
}

/// The permalink of the scenario on the page, once the browser has packed
/// it (the field is aria-busy meanwhile).
pub async fn permalink_of(client: &Client) -> String {
    client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("[data-testid=permalink][aria-busy=false]"))
        .await
        .expect("the permalink is made");
    value_of(client, "permalink").await
}

/// The value of the form field with this test id.
pub async fn value_of(client: &Client, testid: &str) -> String {
    client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no [data-testid={testid}]: {e}"))
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

/// Picks `path` in the file input with this test id, as a user does.
pub async fn pick_file(client: &Client, testid: &str, path: &Path) {
    client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no [data-testid={testid}]: {e}"))
        .send_keys(path.to_str().expect("a UTF-8 path"))
        .await
        .expect("pick the file");
}

/// Presses a lesson's "Send it both ways" and returns what the lab got
/// (`both-server`'s status) and what the browser's fetch() saw (`both-browser`).
pub async fn send_both_ways(client: &Client) -> (String, String) {
    click(client, "lesson-both-send").await;
    wait_for_testid(client, "both-server").await;
    wait_for_testid(client, "both-browser").await;
    (
        attr_of(client, "both-server", "data-status").await,
        attr_of(client, "both-browser", "data-seen").await,
    )
}

/// Waits (up to 10 s) for an element with this test id.
pub async fn wait_for_testid(client: &Client, testid: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "no [data-testid={testid}] on the page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn attr_of(client: &Client, testid: &str, attr: &str) -> String {
    client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no [data-testid={testid}]: {e}"))
        .attr(attr)
        .await
        .expect("attr")
        .unwrap_or_default()
}

pub async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(output_dir().join(format!("{name}.png")), png).expect("write screenshot");
}

/// WebDriver "Set Permission" (`POST /session/{id}/permissions`) for the
/// current page's origin: chromedriver and geckodriver both take
/// `loopback-network`.
#[derive(Debug)]
struct SetPermission {
    name: &'static str,
    state: &'static str,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SetPermission {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/permissions", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({"descriptor": {"name": self.name}, "state": self.state});
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// Grants or denies (`state`) Local Network Access to loopback for the current page's origin.
pub async fn set_loopback_permission(client: &Client, state: &'static str) {
    client
        .issue_cmd(SetPermission {
            name: "loopback-network",
            state,
        })
        .await
        .unwrap_or_else(|e| panic!("Set Permission loopback-network {state}: {e}"));
}

/// A plain static file server (not the lab) on `127.0.0.1`, serving `dir`
/// under `/corscope/` as GitHub Pages serves the Pages build; stops when dropped.
/// The app served over https by a server of the test's own, with the lab's
/// certificate (for localhost, api.localhost and 127.0.0.1, which the browsers
/// are told to trust): the lab's https origin is a scenario origin and serves
/// no app. Its origin, `https://localhost:PORT`.
pub async fn https_app() -> String {
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dist("dist")));
    format!("https://localhost:{}", https_server(app).await)
}

/// Serves `router` over https on loopback with the lab's certificate (for
/// localhost, api.localhost and 127.0.0.1); its port.
pub async fn https_server(router: axum::Router) -> u16 {
    let tls = corscope_lab::server::https_tls().await.expect("the lab's certificate");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum_server::from_tcp_rustls(listener, tls)
            .expect("a TLS listener")
            .serve(router.into_make_service())
            .await;
    });
    port
}

pub struct StaticSite {
    pub port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl StaticSite {
    pub async fn start(dir: &Path) -> StaticSite {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a static site");
        let port = listener.local_addr().expect("addr").port();
        let router = axum::Router::new().nest_service("/corscope", tower_http::services::ServeDir::new(dir));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        StaticSite { port, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/corscope/{path}", self.port)
    }

    /// The link `corscope-lab serve --hosted-page` prints: this site paired
    /// with `lab` (its app origin, where the lab is read).
    pub fn pairing_link(&self, lab: &LabHandle) -> String {
        corscope_engine::lab::Pairing {
            lab: lab.page_origin(),
            key: Some(lab.key.clone()),
        }
        .link(&self.url(""))
    }

    /// A browser that takes this site for a public one.
    pub fn public(&self) -> Options {
        Options {
            public_page_port: Some(self.port),
            ..Options::default()
        }
    }
}

impl Drop for StaticSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Waits until the Matrix can run: the page knows the lab's origins.
pub async fn wait_for_lab_origins(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=matrix-run]:not([disabled])"))
        .await
        .expect("the lab origins are known");
}

/// Puts `scenarios` (a JSON file's text) into the Matrix's custom box, as a paste does.
pub async fn paste_matrix_scenarios(c: &Client, scenarios: String) {
    paste_into(c, "matrix-custom", &scenarios).await;
}

/// Presses the Matrix page's Run button and returns the JSON report of that
/// run (not the one a previous run left on the page).
pub async fn run_matrix_page(c: &Client) -> serde_json::Value {
    let report_now = || async {
        match c.find(Locator::Css("[data-testid=matrix-report]")).await {
            Ok(el) => el.prop("value").await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        }
    };
    let before = report_now().await;
    click(c, "matrix-run").await;
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let report = report_now().await;
        if !report.is_empty() && report != before && attr_of(c, "matrix-summary", "data-done").await == "true" {
            return serde_json::from_str(&report).expect("report JSON");
        }
        assert!(Instant::now() < deadline, "the matrix run did not finish");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One of chromedriver's logs (`POST /session/{id}/se/log`): `browser` (the
/// console) or `performance` (DevTools protocol events).
#[derive(Debug)]
struct BrowserLog(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(format!(r#"{{"type": "{}"}}"#, self.0)))
    }
}

/// What Chromium printed to the console since the last call (the session
/// needs [`Options::chromium_console`]).
pub async fn chromium_console(client: &Client) -> Vec<String> {
    let entries = client.issue_cmd(BrowserLog("browser")).await.expect("the browser log");
    entries
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["message"].as_str().map(String::from))
        .collect()
}

/// One session's console messages, as they arrive.
type ConsoleLog = Arc<Mutex<Vec<String>>>;

/// Each Firefox session's console messages, by its BiDi address.
static FIREFOX_CONSOLES: std::sync::LazyLock<Mutex<HashMap<String, ConsoleLog>>> =
    std::sync::LazyLock::new(Default::default);

fn bidi_address(client: &Client) -> String {
    client
        .capabilities()
        .and_then(|c| c.get("webSocketUrl"))
        .and_then(|v| v.as_str())
        .expect("the session has a WebDriver BiDi address (Options::firefox_console)")
        .to_string()
}

/// Subscribes to the session's `log.entryAdded` over WebDriver BiDi and keeps
/// every entry's text (errors and warnings the web console shows).
async fn listen_to_firefox_console(client: &Client) {
    use futures::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let address = bidi_address(client);
    let (mut ws, _) = tokio_tungstenite::connect_async(address.as_str())
        .await
        .unwrap_or_else(|e| panic!("WebDriver BiDi at {address}: {e}"));
    let subscribe =
        serde_json::json!({"id": 1, "method": "session.subscribe", "params": {"events": ["log.entryAdded"]}});
    ws.send(Message::Text(subscribe.to_string().into()))
        .await
        .expect("subscribe");
    let log = Arc::new(Mutex::new(Vec::new()));
    FIREFOX_CONSOLES.lock().unwrap().insert(address, log.clone());
    // Nothing is missed: the subscription is answered before the test goes on.
    while let Some(Ok(message)) = ws.next().await {
        let reply: serde_json::Value = serde_json::from_str(message.to_text().unwrap_or_default()).unwrap_or_default();
        if reply["id"] == 1 {
            assert!(reply["type"] == "success", "log.entryAdded subscription: {reply}");
            break;
        }
    }
    tokio::spawn(async move {
        while let Some(Ok(message)) = ws.next().await {
            let event: serde_json::Value =
                serde_json::from_str(message.to_text().unwrap_or_default()).unwrap_or_default();
            if event["method"] == "log.entryAdded" {
                if let Some(text) = event["params"]["text"].as_str() {
                    log.lock().unwrap().push(text.to_string());
                }
            }
        }
    });
}

/// What Firefox printed to the web console since the last call (the session
/// needs [`Options::firefox_console`]).
pub async fn firefox_console(client: &Client) -> Vec<String> {
    let log = FIREFOX_CONSOLES
        .lock()
        .unwrap()
        .get(&bidi_address(client))
        .cloned()
        .expect("a console log");
    // Entries arrive asynchronously: a moment for the last ones.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut log = log.lock().unwrap();
    std::mem::take(&mut *log)
}

/// Switches a Firefox session's script context (`chrome` or `content`).
#[derive(Debug)]
struct MozContext(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for MozContext {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/moz/context", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(format!(r#"{{"context": "{}"}}"#, self.0)),
        )
    }
}

/// Runs `script` in Firefox's chrome context (the browser's own JavaScript).
async fn in_firefox_chrome(client: &Client, script: &str) -> serde_json::Value {
    client
        .issue_cmd(MozContext("chrome"))
        .await
        .expect("Firefox's chrome context");
    let value = client.execute(script, vec![]).await;
    client
        .issue_cmd(MozContext("content"))
        .await
        .expect("Firefox's content context");
    value.unwrap_or_else(|e| panic!("a chrome-context script: {e}"))
}

/// Firefox's cookie messages in its console since the last call: the lines
/// the web console shows (warnings included), from the console service.
pub async fn firefox_cookie_console(client: &Client) -> Vec<String> {
    let lines = in_firefox_chrome(
        client,
        "const out = Services.console.getMessageArray()
           .filter(m => m instanceof Ci.nsIScriptError && /^cookie/i.test(m.category))
           .map(m => m.errorMessage);
         Services.console.reset();
         return out;",
    )
    .await;
    lines
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l.as_str().map(String::from))
        .collect()
}

/// Chromium's DevTools protocol events since the last call (the session needs
/// [`Options::chromium_network`]): each `{"method", "params"}`.
pub async fn chromium_network_events(client: &Client) -> Vec<serde_json::Value> {
    let entries = client
        .issue_cmd(BrowserLog("performance"))
        .await
        .expect("the performance log");
    entries
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| serde_json::from_str::<serde_json::Value>(e["message"].as_str()?).ok())
        .map(|m| m["message"].clone())
        .filter(|m| m["method"].as_str().is_some_and(|x| x.starts_with("Network.")))
        .collect()
}

/// A HAR 1.2 made from Chromium's network events the way DevTools' "Export
/// HAR" makes one: an entry per request and per redirect hop (a preflight is
/// its own entry, `_resourceType: preflight`), the headers as sent and
/// received on the wire (the `ExtraInfo` events; a response the CORS check
/// refused has only those), a request that never got an answer with status 0,
/// and a failure's `_error`.
pub fn chromium_har(events: &[serde_json::Value], page_title: &str) -> serde_json::Value {
    use serde_json::{json, Value};
    let pairs = |h: &Value| -> Value {
        Value::Array(
            h.as_object()
                .into_iter()
                .flatten()
                .map(|(n, v)| json!({"name": n, "value": v.as_str().unwrap_or_default()}))
                .collect(),
        )
    };
    // Per request id, in order: entries (one per hop), and the ExtraInfo events.
    let mut entries: Vec<(String, Value)> = vec![];
    let mut sent_extra: std::collections::HashMap<String, Vec<Value>> = Default::default();
    let mut received_extra: std::collections::HashMap<String, Vec<Value>> = Default::default();
    for e in events {
        let p = &e["params"];
        let id = p["requestId"].as_str().unwrap_or_default().to_string();
        match e["method"].as_str().unwrap_or_default() {
            "Network.requestWillBeSentExtraInfo" => sent_extra.entry(id).or_default().push(p["headers"].clone()),
            "Network.responseReceivedExtraInfo" => received_extra.entry(id).or_default().push(p.clone()),
            _ => {}
        }
    }
    let mut hop_of: std::collections::HashMap<String, usize> = Default::default();
    for e in events {
        let p = &e["params"];
        let id = p["requestId"].as_str().unwrap_or_default().to_string();
        let last = entries.iter().rposition(|(i, _)| *i == id);
        match e["method"].as_str().unwrap_or_default() {
            "Network.requestWillBeSent" => {
                let url = p["request"]["url"].as_str().unwrap_or_default();
                if !url.starts_with("http") {
                    continue;
                }
                if let (Some(at), true) = (last, p["redirectResponse"].is_object()) {
                    let r = &p["redirectResponse"];
                    entries[at].1["response"] =
                        json!({"status": r["status"], "headers": pairs(&r["headers"]), "redirectURL": url});
                }
                let hop = *hop_of.entry(id.clone()).and_modify(|h| *h += 1).or_insert(0);
                let headers = sent_extra
                    .get(&id)
                    .and_then(|v| v.get(hop))
                    .map(pairs)
                    .unwrap_or_else(|| pairs(&p["request"]["headers"]));
                let mut request = json!({"method": p["request"]["method"], "url": url, "httpVersion": "HTTP/1.1", "headers": headers, "cookies": [], "queryString": []});
                if let Some(body) = p["request"]["postData"].as_str() {
                    request["postData"] = json!({"mimeType": "", "text": body});
                }
                let kind = if p["initiator"]["type"] == "preflight" {
                    "preflight"
                } else {
                    "fetch"
                };
                entries.push((
                    id,
                    json!({"_resourceType": kind, "request": request, "response": {"status": 0, "headers": []}}),
                ));
            }
            "Network.responseReceived" => {
                if let Some(at) = last {
                    let r = &p["response"];
                    let hop = hop_of.get(&id).copied().unwrap_or(0);
                    let headers = received_extra
                        .get(&id)
                        .and_then(|v| v.get(hop))
                        .map(|x| pairs(&x["headers"]))
                        .unwrap_or_else(|| pairs(&r["headers"]));
                    entries[at].1["response"] = json!({"status": r["status"], "headers": headers});
                }
            }
            "Network.loadingFailed" => {
                if let Some(at) = last {
                    // A response the CORS check refused gets no responseReceived;
                    // its raw status and headers are in the ExtraInfo event
                    // (what DevTools shows for a "CORS error" row).
                    let hop = hop_of.get(&id).copied().unwrap_or(0);
                    if entries[at].1["response"]["status"] == 0 {
                        if let Some(x) = received_extra.get(&id).and_then(|v| v.get(hop)) {
                            entries[at].1["response"] =
                                json!({"status": x["statusCode"], "headers": pairs(&x["headers"])});
                        }
                    }
                    entries[at].1["response"]["_error"] = p["errorText"].clone();
                }
            }
            _ => {}
        }
    }
    json!({"log": {"version": "1.2", "creator": {"name": "corscope e2e (Chromium network events)", "version": "1"},
        "pages": [{"title": page_title}], "entries": entries.into_iter().map(|(_, e)| e).collect::<Vec<_>>()}})
}

/// The scenario names listed in a known-differences file (relative to the
/// repository; `//` starts a comment line).
pub fn listed(relative: &str) -> std::collections::BTreeSet<String> {
    let path = repo().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(str::to_string)
        .collect()
}

/// A website that is not the lab: serves `html` at `/` on a free loopback port.
pub async fn stranger_site(html: String) -> (u16, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let html = html.clone();
            async move { ([("content-type", "text/html")], html) }
        }),
    );
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (port, task)
}

/// What "Run on the lab with these cookies" showed: the `Cookie` line of each
/// hop, and the page's `data-agree` and `data-setting`; or the error it showed.
pub struct CookiesLive {
    pub lines: Vec<String>,
    pub agree: String,
    pub setting: String,
}

/// Clicks "Run on the lab with these cookies" (once the page shows it) and
/// waits for the run to end.
pub async fn run_cookies_on_lab(c: &Client) -> Result<CookiesLive, String> {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=cookies-run]"))
        .await
        .expect("the cookie run button (a lab with cookie hosts)");
    click(c, "cookies-run").await;
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=cookies-live], [data-testid=cookies-live-error]",
        ))
        .await
        .expect("the cookie run ends");
    if let Ok(e) = c.find(Locator::Css("[data-testid=cookies-live-error]")).await {
        return Err(e.text().await.unwrap_or_default());
    }
    let mut lines = vec![];
    for a in c.find_all(Locator::Css("[data-testid=cookies-arrived]")).await.unwrap() {
        lines.push(a.text().await.unwrap());
    }
    Ok(CookiesLive {
        lines,
        agree: attr_of(c, "cookies-live", "data-agree").await,
        setting: attr_of(c, "cookies-live", "data-setting").await,
    })
}
