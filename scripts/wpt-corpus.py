#!/usr/bin/env python3
"""Writes crates/engine/tests/wpt-corpus.json: scenarios transcribed from
web-platform-tests, one per test, each named after its test and source file,
with the outcome the test expects (the spec's answer). The servers' answers
are what WPT's Python handlers send for that request (fetch/api/resources/
redirect.py, preflight.py; cors/resources/cors-makeheader.py).

Run: python3 scripts/wpt-corpus.py   (no network; the tables are below)
"""
import json
import os

PAGE = "http://web-platform.test:8000"            # get_host_info().HTTP_ORIGIN
REMOTE = "http://www1.web-platform.test:8000"     # HTTP_REMOTE_ORIGIN
OTHER_PORT = "http://web-platform.test:8001"      # HTTP_ORIGIN_WITH_DIFFERENT_PORT
REDIRECT_CODES = [301, 302, 303, 307, 308]

out = []


def scenario(source, test, request, server, outcome, **expect):
    e = {"outcome": outcome}
    e.update(expect)
    out.append({
        "name": f"{source} | {test}",
        "page": PAGE,
        "request": request,
        "server": server,
        "expect": e,
    })


def answer(status, headers):
    return {"status": status, "headers": headers}


# cors/origin.htm: Access-Control-Allow-Origin values (cors-makeheader.py
# sends `origin` as the value, and `origin2` as a second line).
def cors_origin():
    src = "cors/origin.htm"
    host = PAGE.split("://")[1]
    site = host.split(".", 1)[1]  # location.host.replace(/^[^\.]+\./, "")
    url = REMOTE + "/cors/resources/cors-makeheader.py"
    page_url = PAGE + "/cors/origin.htm"
    passing = ["*", " *  ", "\t*", PAGE, " " + PAGE, " " + PAGE + "   \t ", "\t" + PAGE]
    failing = [
        "http://www." + host, "//" + host, "://" + host, "ftp://" + host, "http:://" + host,
        "http:/" + host, "http:" + host, host, PAGE + "?", PAGE + "/", PAGE + " /", PAGE + "#",
        PAGE + "%23", PAGE + ":80", PAGE + ", *", PAGE + "\0", PAGE.upper(),
        "HTTP:" + PAGE[5:], "-", "**", "\0*", "*\0", "'*'", '"*"', "* *", "* null",
        "*http://*", "*" + PAGE, "* " + PAGE, "*, " + PAGE, "\0" + PAGE, "null " + PAGE,
        "http://example.net", "null", "null *", "", page_url, PAGE + "/cors/", REMOTE + "/cors/",
        site, "." + site, "*." + site, "http://" + site, "http://." + site, "http://*." + site,
    ]
    for v in passing:
        label = v.replace("\t", "[tab]").replace(" ", "_")
        scenario(src, f"Allow origin: {label}", {"url": url},
                 {"response": answer(200, [["Access-Control-Allow-Origin", v]])}, "allowed")
    for v in failing:
        label = v.replace("\0", "\\0")
        scenario(src, f"Disallow origin: {label}", {"url": url},
                 {"response": answer(200, [["Access-Control-Allow-Origin", v]])}, "blocked")
    for a, b in [("", "*"), ("*", ""), ("*", "*"), ("", PAGE), ("*", PAGE), (PAGE, PAGE)]:
        scenario(src, f"Disallow multiple headers ({a}, {b})", {"url": url},
                 {"response": answer(200, [["Access-Control-Allow-Origin", a], ["Access-Control-Allow-Origin", b]])},
                 "blocked")


# fetch/api/cors/cors-preflight-status.any.js: a preflight answered with each status.
def preflight_status():
    src = "fetch/api/cors/cors-preflight-status.any.js"
    url = REMOTE + "/fetch/api/resources/preflight.py"
    for status in [200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 306, 307, 308,
                   400, 401, 402, 403, 404, 405, 501, 502, 503, 504, 505]:
        ok = 200 <= status <= 299
        scenario(src, f"Preflight answered with status {status}",
                 {"url": url, "headers": [["x-force-preflight", ""]]},
                 {"preflight": answer(status, [["Access-Control-Allow-Origin", "*"],
                                               ["Access-Control-Max-Age", "0"],
                                               ["Access-Control-Allow-Headers", "x-force-preflight"]]),
                  "response": answer(200, [["Access-Control-Allow-Origin", "*"]])},
                 "allowed" if ok else "blocked", preflight=True)


def redirect_answer(code, location, origin_sent):
    """What redirect.py answers: the request's Origin allowed with credentials, or *."""
    headers = [["Content-Type", "text/plain"]]
    if origin_sent is not None:
        headers += [["Access-Control-Allow-Origin", origin_sent], ["Access-Control-Allow-Credentials", "true"]]
    else:
        headers += [["Access-Control-Allow-Origin", "*"]]
    headers.append(["Location", location])
    return answer(code, headers)


# fetch/api/redirect/redirect-origin.any.js: the Origin after a redirect.
def redirect_origin():
    src = "fetch/api/redirect/redirect-origin.any.js"
    here = "/fetch/api/redirect/"
    inspect = "/fetch/api/resources/inspect-headers.py"
    for code in REDIRECT_CODES:
        for method in ["GET", "POST"]:
            tag = "" if method == "GET" else "[POST]"
            cases = [
                ("Same origin to same origin", PAGE, PAGE, False, None),
                ("Same origin to other origin", PAGE, REMOTE, True, PAGE),
                ("Other origin to other origin", REMOTE, REMOTE, True, PAGE),
                ("Other origin to same origin", REMOTE, PAGE, True, "null"),
            ]
            for label, first, second, cors, final_origin in cases:
                # The first hop sees an Origin when it is cross-origin, or for a POST.
                first_origin = PAGE if (first != PAGE or method == "POST") else None
                final = [["Access-Control-Allow-Origin", final_origin]] if cors else []
                final.append(["Access-Control-Expose-Headers", "x-request-origin"])
                scenario(src, f"{label} redirection{tag} {code}",
                         {"url": first + here + "resources/redirect.py", "method": method},
                         [{"response": redirect_answer(code, second + inspect, first_origin)},
                          {"url": second + inspect, "response": answer(200, final)}],
                         "allowed")


# fetch/api/cors/cors-redirect-credentials.any.js: credentials in a redirect's Location.
def redirect_credentials():
    src = "fetch/api/cors/cors-redirect-credentials.any.js"
    redir = "/fetch/api/resources/redirect.py"
    pre = "/fetch/api/resources/preflight.py"
    for code in REDIRECT_CODES:
        cases = [("from same origin to remote", PAGE, OTHER_PORT, [""] + ["user:password", "user:", ":password"])]
        cases += [("from remote to same origin", OTHER_PORT, PAGE, ["user:password", "user:", ":password"]),
                  ("from remote to same remote", OTHER_PORT, OTHER_PORT, ["user:password", "user:", ":password"]),
                  ("from remote to another remote", OTHER_PORT, REMOTE, ["user:password", "user:", ":password"])]
        for label, first, second, creds in cases:
            for c in creds:
                what = {"": "without user and password", "user:password": "with user and password",
                        "user:": "with user", ":password": "with password"}[c]
                loc = second + pre if c == "" else second.replace("://", "://" + c + "@") + pre
                first_origin = PAGE if first != PAGE else None
                scenario(src, f"Redirect {code} {label} {what}", {"url": first + redir},
                         [{"response": redirect_answer(code, loc, first_origin)},
                          {"url": loc, "response": answer(200, [["Access-Control-Allow-Origin", "*"]])}],
                         "allowed" if c == "" else "blocked")


# fetch/api/cors/cors-redirect.any.js: a simple CORS request redirected.
def cors_redirect():
    src = "fetch/api/cors/cors-redirect.any.js"
    redir = "/fetch/api/resources/redirect.py"
    pre = "/fetch/api/resources/preflight.py"
    for code in REDIRECT_CODES:
        for label, first, second in [("cors to same cors", REMOTE, REMOTE), ("cors to another cors", REMOTE, OTHER_PORT),
                                     ("same origin to cors", PAGE, REMOTE), ("cors to same origin", REMOTE, PAGE)]:
            first_origin = PAGE if first != PAGE else None
            scenario(src, f"Redirect {code}: {label}", {"url": first + redir},
                     [{"response": redirect_answer(code, second + pre, first_origin)},
                      {"url": second + pre, "response": answer(200, [["Access-Control-Allow-Origin", "*"]])}],
                     "allowed", preflight=False)


# fetch/api/cors/cors-redirect-preflight.any.js: a preflighted request redirected,
# with (success) and without (failure) x-w3c allowed on every preflight.
def cors_redirect_preflight():
    src = "fetch/api/cors/cors-redirect-preflight.any.js"
    redir = "/fetch/api/resources/redirect.py"
    pre = "/fetch/api/resources/preflight.py"
    for code in REDIRECT_CODES:
        for label, first, second in [("same origin to cors", PAGE, REMOTE), ("cors to same origin", REMOTE, PAGE),
                                     ("cors to another cors", REMOTE, OTHER_PORT)]:
            for success in [True, False]:
                allow = [["Access-Control-Allow-Headers", "x-w3c"]] if success else []
                first_origin = PAGE if first != PAGE else None
                hop0 = {"response": redirect_answer(code, second + pre, first_origin)}
                if first != PAGE:
                    hop0["preflight"] = answer(200, [["Content-Type", "text/plain"],
                                                     ["Access-Control-Allow-Origin", PAGE],
                                                     ["Access-Control-Allow-Credentials", "true"]] + allow)
                hop1 = {"url": second + pre,
                        "preflight": answer(200, [["Content-Type", "text/plain"], ["Access-Control-Allow-Origin", "*"],
                                                  ["Access-Control-Max-Age", "0"]] + allow),
                        "response": answer(200, [["Access-Control-Allow-Origin", "*"]])}
                case = "success" if success else "failure"
                scenario(src, f"Redirect {code}: {label} (preflight after redirection {case} case)",
                         {"url": first + redir, "headers": [["x-w3c", "test"]]}, [hop0, hop1],
                         "allowed" if success else "blocked", preflight=True)


# fetch/api/cors/cors-preflight-redirect.any.js: a preflight answered with a
# redirect fails (the "after preflight" half is left out: what makes it fail
# depends on the handler's stash, not on headers).
def preflight_redirect():
    src = "fetch/api/cors/cors-preflight-redirect.any.js"
    url = REMOTE + "/fetch/api/resources/redirect.py"
    for code in REDIRECT_CODES:
        loc = REMOTE + "/fetch/api/resources/preflight.py"
        pre = redirect_answer(code, loc, PAGE)
        pre["headers"].append(["Access-Control-Allow-Headers", "x-force-preflight"])
        scenario(src, f"Redirection {code} on preflight failed",
                 {"url": url, "headers": [["x-force-preflight", ""]]},
                 {"preflight": pre, "response": answer(200, [["Access-Control-Allow-Origin", "*"]])},
                 "blocked", preflight=True)


# fetch/api/redirect/redirect-mode.any.js: every redirect mode in cors and
# no-cors mode. A TypeError is "blocked" (WPT cannot tell it from "rejected").
def redirect_mode():
    src = "fetch/api/redirect/redirect-mode.any.js"
    for where, first in [("same-origin", PAGE), ("cross-origin", REMOTE)]:
        for code in REDIRECT_CODES:
            for redirect in ["error", "manual", "follow"]:
                for mode in ["cors", "no-cors"]:
                    if redirect == "error" or (mode == "no-cors" and redirect != "follow" and where != "same-origin"):
                        outcome = "blocked"
                    elif redirect == "manual":
                        outcome = "opaque"
                    elif mode != "no-cors" or where == "same-origin":
                        outcome = "allowed"
                    else:
                        outcome = "opaque"
                    loc = first + "/fetch/api/resources/cors-top.txt"
                    origin_sent = PAGE if (where == "cross-origin" and mode == "cors") else None
                    scenario(src, f"{where} redirect {code} in {redirect} redirect and {mode} mode",
                             {"url": first + "/fetch/api/resources/redirect.py", "mode": mode, "redirect": redirect},
                             [{"response": redirect_answer(code, loc, origin_sent)},
                              {"url": loc, "response": answer(200, [["Access-Control-Allow-Origin", "*"]])}],
                             outcome)


# fetch/api/cors/cors-basic.any.js: no-cors, CORS refused and CORS allowed,
# on the plain-HTTP origins (the HTTPS ones and a fourth origin are left out:
# the lab's matrix may have no HTTPS origin).
def cors_basic():
    src = "fetch/api/cors/cors-basic.any.js"
    for desc, origin in [("Same domain different port", OTHER_PORT), ("Cross domain basic usage", REMOTE)]:
        url = origin + "/fetch/api/resources/top.txt"
        star = answer(200, [["Access-Control-Allow-Origin", "*"]])
        scenario(src, f"{desc} [no-cors mode]", {"url": url, "mode": "no-cors"}, {"response": star}, "opaque")
        scenario(src, f"{desc} [server forbid CORS]", {"url": url}, {"response": answer(200, [])}, "blocked")
        scenario(src, f"{desc} [cors mode]", {"url": url}, {"response": star}, "allowed")


PREFLIGHT_PY = REMOTE + "/fetch/api/resources/preflight.py"


def cors_preflight_case(src, desc, method, allowed, headers=None, safe=None):
    """corspreflight.js: the server allows the method and the headers, or nothing."""
    request_headers = (headers or []) + (safe or [])
    pre = [["Access-Control-Allow-Origin", "*"], ["Access-Control-Max-Age", "0"]]
    if allowed:
        pre.append(["Access-Control-Allow-Methods", method])
        if headers:
            pre.append(["Access-Control-Allow-Headers", " ,".join(h[0].lower() for h in headers)])
    extra = {}
    if allowed and headers:
        extra["request_headers"] = sorted(h[0].lower() for h in headers)
    req = {"url": PREFLIGHT_PY, "method": method, "headers": request_headers}
    scenario(src, desc, req,
             {"preflight": answer(200, pre), "response": answer(200, [["Access-Control-Allow-Origin", "*"]])},
             "allowed" if allowed else "blocked", preflight=True, **extra)


# fetch/api/cors/cors-preflight.any.js
def cors_preflight():
    src = "fetch/api/cors/cors-preflight.any.js"
    for m in ["DELETE", "PUT", "PATCH", "NEW"]:
        cors_preflight_case(src, f"CORS [{m}], server allows", m, True)
        if m == "PUT":
            cors_preflight_case(src, "CORS [PUT], server allows, check preflight has user agent", m, True)
        cors_preflight_case(src, f"CORS [{m}], server refuses", m, False)
    cors_preflight_case(src, "CORS [GET] [x-test-header: allowed], server allows", "GET", True, [["x-test-header1", "allowed"]])
    cors_preflight_case(src, "CORS [GET] [x-test-header: refused], server refuses", "GET", False, [["x-test-header1", "refused"]])
    headers = [[n, "allowedOrRefused"] for n in ["x-test-header1", "x-test-header2", "X-test-header3", "x-test-header-b",
                                                  "x-test-header-D", "x-test-header-C", "x-test-header-a", "Content-Type"]]
    safe = [["Accept", "*"], ["Accept-Language", "bzh"], ["Content-Language", "eu"]]
    for m in ["GET", "PUT"]:
        cors_preflight_case(src, f"CORS [{m}] [several headers], server allows", m, True, headers, safe)
        cors_preflight_case(src, f"CORS [{m}] [several headers], server refuses", m, False, headers, safe)
    cors_preflight_case(src, "CORS [PUT] [only safe headers], server allows", "PUT", True, None, safe)


# fetch/api/cors/cors-preflight-not-cors-safelisted.any.js (its data file, resources/not-cors-safelisted.json)
def not_cors_safelisted():
    src = "fetch/api/cors/cors-preflight-not-cors-safelisted.any.js"
    digits = "0123456789" * 13
    for name, value in [["accept", '"'], ["accept", digits[:129]], ["accept-language", "\u0001"], ["accept-language", "@"],
                        ["authorization", "basics"], ["content-language", "\u0001"], ["content-language", "@"],
                        ["content-type", "text/html"], ["content-type", "text/plain; long=" + digits[:118]],
                        ["last-event-id", '"'], ["last-event-id", digits[:129]], ["range", "bytes 0-"], ["test", "hi"]]:
        cors_preflight_case(src, f"Need CORS-preflight for {name}/{value} header", "GET", True, [[name, value]])


# fetch/api/cors/cors-no-preflight.any.js (the HTTPS origins and a fourth origin left out)
def cors_no_preflight():
    src = "fetch/api/cors/cors-no-preflight.any.js"
    cases = [("Cross domain basic usage [GET]", REMOTE, "GET", None), ("Same domain different port [GET]", OTHER_PORT, "GET", None),
             ("Cross domain [POST]", REMOTE, "POST", None), ("Cross domain [HEAD]", REMOTE, "HEAD", None)]
    for n, v in [("Accept", "*/*"), ("Accept-Language", "fr"), ("Content-Language", "fr"),
                 ("Content-Type", "application/x-www-form-urlencoded"), ("Content-Type", "multipart/form-data"),
                 ("Content-Type", "text/plain"), ("Content-Type", "text/plain;charset=utf-8"),
                 ("Content-Type", "Text/Plain;charset=utf-8")]:
        cases.append((f"Cross domain [GET] [{n}: {v}]", REMOTE, "GET", [n, v]))
    for desc, origin, method, header in cases:
        req = {"url": origin + "/fetch/api/resources/preflight.py", "method": method}
        if header:
            req["headers"] = [header]
        scenario(src, desc, req, {"response": answer(200, [["Access-Control-Allow-Origin", "*"]])},
                 "allowed", preflight=False)


# fetch/api/cors/cors-preflight-star.any.js: `*` in Allow-Methods and Allow-Headers.
def preflight_star():
    src = "fetch/api/cors/cors-preflight-star.any.js"
    cases = [(True, False, "get", "x-test", "GET", ["X-Test", "1"]), (True, False, "*", "x-test", "SUPER", ["X-Test", "1"]),
             (True, False, "*", "*", "OK", ["X-Test", "1"]), (False, True, "*", "*", "OK", ["X-Test", "1"]),
             (False, True, "*", "", "PUT", []), (True, True, "PUT", "*", "PUT", []),
             (False, True, "get", "*", "GET", ["X-Test", "1"]), (False, True, "*", "*", "GET", ["X-Test", "1"]),
             (True, True, "*", "*", "*", ["*", "1"]), (False, True, "put", "*", "PUT", [])]
    for ok, creds, allow_method, allow_header, method, header in cases:
        acao = [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Credentials", "true"]] if creds \
            else [["Access-Control-Allow-Origin", "*"]]
        pre = acao + [["Access-Control-Allow-Methods", allow_method], ["Access-Control-Allow-Headers", allow_header]]
        req = {"url": PREFLIGHT_PY, "method": method}
        if header:
            req["headers"] = [header]
        if creds:
            req["credentials"] = "include"
        shown = ",".join(header)
        scenario(src, f"CORS that {'succeeds' if ok else 'fails'} with credentials: {str(creds).lower()}; method: {method} "
                      f"(allowed: {allow_method}); header: {shown} (allowed: {allow_header})",
                 req, {"preflight": answer(200, pre), "response": answer(200, acao)}, "allowed" if ok else "blocked")


# fetch/api/cors/cors-preflight-response-validation.any.js
def preflight_validation():
    src = "fetch/api/cors/cors-preflight-response-validation.any.js"
    for desc, headers, methods in [("Preflight response with bad Allow-Access-Control-Headers", "x-force-preflight,header name with space", None),
                                   ("Preflight response with bad Allow-Access-Control-Methods", "x-force-preflight", "Bad method name")]:
        pre = [["Access-Control-Allow-Origin", "*"], ["Access-Control-Max-Age", "0"], ["Access-Control-Allow-Headers", headers]]
        if methods:
            pre.append(["Access-Control-Allow-Methods", methods])
        scenario(src, desc, {"url": PREFLIGHT_PY, "headers": [["x-force-preflight", ""]]},
                 {"preflight": answer(200, pre), "response": answer(200, [["Access-Control-Allow-Origin", "*"]])},
                 "blocked", preflight=True)


# fetch/api/redirect/redirect-method.any.js: same-origin redirects and the method after them.
def redirect_method():
    src = "fetch/api/redirect/redirect-method.any.js"
    redir = PAGE + "/fetch/api/resources/redirect.py"
    loc = PAGE + "/fetch/api/resources/method.py"
    cases = [(301, "GET", None, ""), (301, "POST", "this is my body", ""), (301, "HEAD", None, ""),
             (302, "GET", None, ""), (302, "POST", "this is my body", ""), (302, "HEAD", None, ""),
             (303, "GET", None, ""), (303, "POST", "this is my body", ""), (303, "HEAD", None, ""), (303, "TESTING", None, ""),
             (307, "GET", None, ""), (307, "POST", "this is my body", " (string body)"),
             (307, "POST", "it's me the blob! and more blob!", " (blob body)"), (307, "HEAD", None, "")]
    for code, method, body, tag in cases:
        headers = []
        if (code != 303 and method == "POST") or (code == 303 and method != "HEAD"):
            headers = [["Content-Encoding", "Identity"], ["Content-Language", "en-US"], ["Content-Location", "foo"]]
        req = {"url": redir, "method": method, "headers": headers}
        if body:
            req["body"] = body
        origin_sent = PAGE if method not in ("GET", "HEAD") else None
        scenario(src, f"Redirect {code} with {method}{tag}", req,
                 [{"response": redirect_answer(code, loc, origin_sent)}, {"url": loc, "response": answer(200, [])}],
                 "allowed")


# fetch/api/redirect/redirect-count.any.js: 20 redirects are followed, the 21st fails.
def redirect_count():
    src = "fetch/api/redirect/redirect-count.any.js"
    redir = PAGE + "/fetch/api/resources/redirect.py"
    for code in REDIRECT_CODES:
        for count, ok in [(20, True), (21, False)]:
            hops = [{"response": redirect_answer(code, redir, None)} for _ in range(count)]
            hops.append({"url": redir, "response": answer(200, [])})
            scenario(src, f"Redirect {code} {count} times", {"url": redir}, hops, "allowed" if ok else "blocked")


# cors/status-async.htm: statuses through CORS (cors/resources/status.py answers
# a preflight with the same status; the 699 cases are left out: not an HTTP status).
def cors_status():
    src = "cors/status-async.htm"
    url = REMOTE + "/cors/resources/status.py"

    def status_answer(code, method, allow_headers):
        h = [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Expose-Headers", "X-Request-Method"]]
        if method == "OPTIONS":
            h.append(["Access-Control-Allow-Methods", "GET, CHICKEN, HEAD, POST, PUT"])
        if allow_headers:
            h.append(["Access-Control-Allow-Headers", allow_headers])
        h.append(["X-Request-Method", method])
        return answer(code, h)

    for method, code in [("GET", 200), ("GET", 201), ("GET", 202), ("GET", 203), ("GET", 204), ("GET", 205), ("GET", 206),
                         ("GET", 209), ("GET", 299), ("POST", 200), ("HEAD", 200), ("PUT", 200), ("CHICKEN", 200)]:
        scenario(src, f"Status on {method} {code}", {"url": url, "method": method},
                 {"preflight": status_answer(code, "OPTIONS", None), "response": status_answer(code, method, None)},
                 "allowed", exposed=["x-request-method"])
    for method, code, nonsimple in [("GET", 400, False), ("HEAD", 401, False), ("POST", 404, False), ("POST", 500, False),
                                    ("CHICKEN", 501, False), ("GET", 400, True), ("HEAD", 401, True), ("POST", 404, True),
                                    ("CHICKEN", 501, True)]:
        req = {"url": url, "method": method}
        if nonsimple:
            req["headers"] = [["x-nonsimple", "true"]]
        preflighted = nonsimple or method not in ("GET", "HEAD", "POST")
        scenario(src, f"Status on {method} {code}" + (" (nonsimple)" if nonsimple else ""), req,
                 {"preflight": status_answer(code, "OPTIONS", "x-nonsimple"), "response": status_answer(code, method, "x-nonsimple")},
                 "blocked" if preflighted else "allowed", preflight=preflighted)


cors_origin()
cors_status()
redirect_method()
redirect_count()
cors_preflight()
not_cors_safelisted()
cors_no_preflight()
preflight_star()
preflight_validation()
cors_basic()
redirect_mode()
cors_redirect()
cors_redirect_preflight()
preflight_redirect()
preflight_status()
redirect_origin()
redirect_credentials()

path = os.path.join(os.path.dirname(__file__), "..", "crates", "engine", "tests", "wpt-corpus.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=True)
    f.write("\n")
print(f"{len(out)} scenarios -> {os.path.normpath(path)}")
