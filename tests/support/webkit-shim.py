#!/usr/bin/python3
# corscope test browser: a minimal WebKitGTK (WebKit2 4.1 API) browser for WebKitWebDriver.
#
# Why not the stock MiniBrowser: under automation it uses an ephemeral profile, and WebCore does not
# print console messages for ephemeral sessions. This shim uses a real (throw-away) profile and asks
# WebKit to write console messages to stdout, which it redirects to a file the test can read.
#
# Started by WebKitWebDriver as the "binary" of these capabilities:
#   {"browserName": "corscope-webkit-shim",
#    "webkitgtk:browserOptions": {"binary": "<this file>", "args": ["--automation", "--console=/tmp/x.log"]}}
# Options (in "args"; unknown ones are ignored):
#   --automation             required by WebKitWebDriver (the driver refuses capabilities without it)
#   --console=PATH           append console lines (and all other stdout/stderr) to PATH;
#                            default: $CORSCOPE_WEBKIT_CONSOLE, else the inherited stdout/stderr
#   --itp=on|off             Intelligent Tracking Prevention (default off, as in WebKitGTK; Safari has it on)
#   --cookies=always|never|no-third-party   cookie accept policy (default: WebKitGTK's, no-third-party)
#   --allow-cert=HOST=PEM    trust this certificate (PEM file) for HOST only; repeatable
# Must run with Debian's /usr/bin/python3 (python3-gi, gir1.2-webkit2-4.1), not a pyenv python.
import argparse, atexit, ctypes, os, shutil, signal, sys, tempfile

import gi
gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gio, GLib, Gtk, WebKit2

p = argparse.ArgumentParser()
p.add_argument("--automation", action="store_true")
p.add_argument("--console", default=os.environ.get("CORSCOPE_WEBKIT_CONSOLE"))
p.add_argument("--itp", choices=["on", "off"], default="off")
p.add_argument("--cookies", choices=["always", "never", "no-third-party"])
p.add_argument("--allow-cert", action="append", default=[], metavar="HOST=PEM")
opts, _ = p.parse_known_args()

# Killing WebKitWebDriver alone leaves its browser running: ask Linux to send us SIGTERM when our
# parent (the driver) dies (prctl PR_SET_PDEATHSIG = 1).
if opts.automation:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)

# Redirect fds 1 and 2 before any WebKit child process exists: the web process inherits them and
# that is where it writes "CONSOLE ... " lines.
if opts.console:
    fd = os.open(opts.console, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdout = os.fdopen(1, "w", buffering=1)
    sys.stderr = os.fdopen(2, "w", buffering=1)

# With no X display WebKitWebDriver hangs on session creation (it never notices we died): at least
# leave a plain reason in the console file.
if not Gtk.init_check(sys.argv)[0]:
    sys.exit("webkit-shim: cannot open X display %r" % os.environ.get("DISPLAY"))

# A fresh, non-ephemeral profile per browser process, removed on a clean exit. On a capability
# mismatch the driver kills the browser without SIGTERM, so also sweep profiles left by dead shims.
tmp = tempfile.gettempdir()
for name in os.listdir(tmp):
    if name.startswith("corscope-webkit-") and not os.path.exists("/proc/" + name.split("-")[2]):
        shutil.rmtree(os.path.join(tmp, name), True)
profile = tempfile.mkdtemp(prefix="corscope-webkit-%d-" % os.getpid())
atexit.register(shutil.rmtree, profile, True)
manager = WebKit2.WebsiteDataManager(base_data_directory=os.path.join(profile, "data"),
                                     base_cache_directory=os.path.join(profile, "cache"))
manager.set_itp_enabled(opts.itp == "on")
if opts.cookies:
    policy = {"always": WebKit2.CookieAcceptPolicy.ALWAYS, "never": WebKit2.CookieAcceptPolicy.NEVER,
              "no-third-party": WebKit2.CookieAcceptPolicy.NO_THIRD_PARTY}[opts.cookies]
    manager.get_cookie_manager().set_accept_policy(policy)

context = WebKit2.WebContext.new_with_website_data_manager(manager)
context.set_automation_allowed(opts.automation)
for item in opts.allow_cert:
    host, pem = item.split("=", 1)
    context.allow_tls_certificate_for_host(Gio.TlsCertificate.new_from_file(pem), host)

settings = WebKit2.Settings()
settings.set_enable_write_console_messages_to_stdout(True)

windows = set()


def new_view(related=None):
    """A WebView in its own window; the process ends when the last window closes."""
    if related is not None:  # popups must share the opener's web process
        view = WebKit2.WebView(related_view=related, settings=settings, is_controlled_by_automation=True)
    else:
        view = WebKit2.WebView(web_context=context, settings=settings, is_controlled_by_automation=True)
    win = Gtk.Window(default_width=1024, default_height=700)
    win.add(view)
    windows.add(win)

    def closed(*_):
        windows.discard(win)
        win.destroy()
        if not windows:
            Gtk.main_quit()

    view.connect("close", closed)
    win.connect("delete-event", lambda *_: closed() or False)
    view.connect("create", lambda v, _action: new_view(related=v))
    view.connect("ready-to-show", lambda v: win.show_all())
    win.show_all()
    return view


def automation_started(_context, session):
    info = WebKit2.ApplicationInfo()
    info.set_name("corscope-webkit-shim")
    info.set_version(1, 0, 0)
    session.set_application_info(info)
    session.connect("create-web-view", lambda _s: new_view())


context.connect("automation-started", automation_started)
# Quit cleanly on SIGTERM/SIGINT (process-group kill, or the parent-death signal) so atexit removes the profile.
for sig in (signal.SIGINT, signal.SIGTERM):
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, lambda: Gtk.main_quit() or GLib.SOURCE_REMOVE)
if not opts.automation:  # handy by hand: ./webkit-shim.py URL
    new_view().load_uri(next((a for a in sys.argv[1:] if not a.startswith("--")), "about:blank"))
Gtk.main()
