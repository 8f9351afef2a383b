#!/usr/bin/env python3
"""Writes ../console-corpus.json: CORS console messages as people paste them,
written from the browsers' message templates (Chromium's cors_error_string.cc
and its older wordings, WebKit's CrossOriginAccessControl.cpp and
DocumentThreadableLoader.cpp, Firefox's security.properties in its shipped
localizations) and damaged the ways pastes are damaged. Nothing here is copied
from an issue tracker or a forum. Rerun: python3 generate.py"""
import json, os

E = []  # entries


def add(kind, browser, paste, reason, url, origin, redacted=False):
    E.append(dict(kind=kind, browser=browser, paste=paste, reason=reason,
                  url=url, origin=origin, redacted=redacted))


APIS = ["https://api.shop.example/v1/cart", "https://auth.acme.test/oauth/token",
        "http://localhost:8080/api/users", "https://backend.example.org/graphql",
        "https://storage.example.net/bucket/photo.jpg?sig=abc", "http://127.0.0.1:5000/predict",
        "https://cdn.example.com/fonts/inter.woff2", "https://api.example.io/items/42"]
PAGES = ["http://localhost:3000", "https://shop.example", "http://localhost:4200",
         "https://app.acme.test", "http://127.0.0.1:5500", "https://www.example.org"]


def u(i): return APIS[i % len(APIS)]
def p(i): return PAGES[i % len(PAGES)]


# ---- current wordings (baseline) -------------------------------------------------
CUR = [
    ("No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin"),
    ("Response to preflight request doesn't pass access control check: It does not have HTTP ok status.", "preflight_invalid_status"),
    ("Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.", "header_not_allowed"),
    ("Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.", "method_not_allowed"),
    ("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", "wildcard_origin_with_credentials"),
    ("The 'Access-Control-Allow-Origin' header has a value 'https://example.com' that is not equal to the supplied origin.", "allow_origin_mismatch"),
    ("Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.", "preflight_redirect"),
    ("The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.", "invalid_allow_credentials"),
]
for i, (r, k) in enumerate(CUR):
    res = ["fetch", "XMLHttpRequest"][i % 2]
    add("current", "chromium", f"Access to {res} at '{u(i)}' from origin '{p(i)}' has been blocked by CORS policy: {r}", k, u(i), p(i))
FF_CUR = [
    ("CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.", "missing_allow_origin"),
    ("CORS request did not succeed). Status code: (null).", "did_not_succeed"),
    ("CORS preflight response did not succeed). Status code: 404.", "preflight_invalid_status"),
    ("header ‘content-type’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).", "header_not_allowed"),
    ("Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).", "wildcard_origin_with_credentials"),
    ("CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://localhost:3001’).", "allow_origin_mismatch"),
]
for i, (r, k) in enumerate(FF_CUR):
    add("current", "firefox", f"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {u(i+3)}. (Reason: {r}", k, u(i+3), None)
SAF_CUR = [
    ("Origin {o} is not allowed by Access-Control-Allow-Origin. Status code: 401", "origin_not_allowed", True),
    ("Preflight response is not successful. Status code: 405", "preflight_invalid_status", False),
    ("Request header field Content-Type is not allowed by Access-Control-Allow-Headers.", "header_not_allowed", False),
    ("Method DELETE is not allowed by Access-Control-Allow-Methods.", "method_not_allowed", False),
]
for i, (r, k, has_o) in enumerate(SAF_CUR):
    o = p(i + 1)
    add("current", "safari", f"[Error] {r.format(o=o)}\n[Error] Fetch API cannot load {u(i+5)} due to access control checks.", k, u(i+5), o if has_o else None)

# ---- older Chromium wordings ------------------------------------------------------
OLD_REASONS = [
    ("No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", ""),
    ("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", ""),
    ("Response for preflight has invalid HTTP status code 405", "preflight_invalid_status", None),
    ("Response for preflight is invalid (redirect)", "preflight_redirect", None),
    ("Request header field Content-Type is not allowed by Access-Control-Allow-Headers in preflight response.", "header_not_allowed", None),
    ("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.", "method_not_allowed", None),
    ("The 'Access-Control-Allow-Origin' header has a value 'http://localhost:8000' that is not equal to the supplied origin.", "allow_origin_mismatch", ""),
    ("The 'Access-Control-Allow-Origin' header contains multiple values 'http://localhost:3000, *', but only one is allowed.", "multiple_allow_origin", ""),
    ("A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true.", "wildcard_origin_with_credentials", ""),
    ("Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is ''. It must be 'true' to allow credentials.", "invalid_allow_credentials", ""),
    ("The 'Access-Control-Allow-Origin' header contains the invalid value ''.", "invalid_allow_origin", ""),
    ("Response to preflight request doesn't pass access control check: It does not have HTTP ok status.", "preflight_invalid_status", None),
    ("The request was redirected to 'https://login.example.com/sso', which is disallowed for cross-origin requests that require preflight.", "preflight_redirect", None),
    ("Received an invalid response.", "invalid_response", ""),
]
for i, (r, k, tail) in enumerate(OLD_REASONS):
    url, o = u(i), p(i)
    status = " The response had HTTP status code 404." if i % 3 == 0 and k == "missing_allow_origin" else ""
    origin_line = f" Origin '{o}' is therefore not allowed access." if tail is not None else ""
    env = ["XMLHttpRequest cannot load {u}. ", "Fetch API cannot load {u}. ", "Failed to load {u}: "][i % 3]
    add("chromium_old", "chromium", env.format(u=url) + r + origin_line + status, k, url, o if origin_line else None)
# the same reasons, another envelope each
for i, (r, k, tail) in enumerate(OLD_REASONS[:8]):
    url, o = u(i + 2), p(i + 3)
    env = ["Failed to load {u}: ", "XMLHttpRequest cannot load {u}. ", "Fetch API cannot load {u}. "][i % 3]
    origin_line = f" Origin '{o}' is therefore not allowed access." if tail is not None else ""
    add("chromium_old", "chromium", env.format(u=url) + r + origin_line, k, url, o if origin_line else None)
# redirects: the URL is the one requested (its redirect answer failed the check)
for i, r in enumerate(["No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                       "The 'Access-Control-Allow-Origin' header has a value 'https://a.example' that is not equal to the supplied origin."]):
    a, b, o = u(i), "https://sso.example.com/login?next=%2F", p(i)
    kind = ["missing_allow_origin", "allow_origin_mismatch"][i]
    add("chromium_old", "chromium", f"Redirect from '{a}' to '{b}' has been blocked by CORS policy: {r} Origin '{o}' is therefore not allowed access.", kind, a, o)
# "… has been blocked from loading by Cross-Origin Resource Sharing policy"
for i, what in enumerate(["Font", "Image", "Script", "Font"]):
    res_origin = ["https://cdn.example.com", "https://images.example.net", "https://static.example.org", "https://api.example.io"][i]
    o = p(i)
    add("chromium_old", "chromium", f"{what} from origin '{res_origin}' has been blocked from loading by Cross-Origin Resource Sharing policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin '{o}' is therefore not allowed access.", "missing_allow_origin", res_origin, o)
# the modern envelope around the old empty-value reason, and old advice tails
add("chromium_old", "chromium", f"Access to XMLHttpRequest at '{u(1)}' from origin '{p(1)}' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains the invalid value ''. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.", "invalid_allow_origin", u(1), p(1))
add("chromium_old", "chromium", f"Access to XMLHttpRequest at '{u(2)}' from origin '{p(2)}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Response for preflight does not have HTTP ok status.", "preflight_invalid_status", u(2), p(2))

# ---- Safari / WebKit -----------------------------------------------------------
SAF = [
    ("Origin {o} is not allowed by Access-Control-Allow-Origin.", "origin_not_allowed", True),
    ("Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.", "wildcard_origin_with_credentials", False),
    ("Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".", "invalid_allow_credentials", False),
    ("Preflight response is not successful", "preflight_invalid_status", False),
    ("Preflight response is not successful. Status code: 404", "preflight_invalid_status", False),
    ("Request header field X-Requested-With is not allowed by Access-Control-Allow-Headers.", "header_not_allowed", False),
    ("Method PUT is not allowed by Access-Control-Allow-Methods.", "method_not_allowed", False),
    ("Access-Control-Allow-Origin cannot contain more than one origin.", "multiple_allow_origin", False),
    ("Origin {o} is not allowed by Access-Control-Allow-Origin. Status code: 500", "origin_not_allowed", True),
]
for i, (r, k, has_o) in enumerate(SAF):
    url, o = u(i + 1), p(i + 2)
    reason = r.format(o=o)
    og = o if has_o else None
    # 1: old one-line "XMLHttpRequest cannot load URL. reason"
    add("safari", "safari", f"[Error] XMLHttpRequest cannot load {url}. {reason}", k, url, og)
    # 2: reason after "Fetch API cannot load URL" on the next line, with the source suffix
    add("safari", "safari", f"Fetch API cannot load {url}\n{reason}", k, url, og)
    # 3: reason line, then the generic line with "(name, line 0)"
    name = url.rstrip('/').split('/')[-1].split('?')[0] or "api"
    if i % 2 == 0:
        add("safari", "safari", f"[Error] {reason}\n[Error] XMLHttpRequest cannot load {url} due to access control checks. ({name}, line 0)", k, url, og)
# the generic line alone, in its forms
for i in range(4):
    url = u(i + 4)
    forms = [f"Fetch API cannot load {url} due to access control checks.",
             f"[Error] XMLHttpRequest cannot load {url} due to access control checks.",
             f"[Error] Fetch API cannot load {url} due to access control checks. (index.html, line 0)",
             f"[Error] Failed to load resource: due to access control checks. ({url.split('/')[-1]}, line 0)"]
    add("safari", "safari", forms[i], "access_control_checks", url if i < 3 else None, None)
add("safari", "safari", "due to access control checks.", "access_control_checks", None, None)
add("safari", "safari", "[Error] Cannot make any requests from null.", "opaque_origin", None, "null")
add("safari", "safari", f"[Error] Cannot make any requests from null.\n[Error] XMLHttpRequest cannot load {u(2)} due to access control checks.", "opaque_origin", u(2), "null")
add("safari", "safari", f"[Error] Failed to load resource: Origin {p(0)} is not allowed by Access-Control-Allow-Origin. Status code: 204", "origin_not_allowed", None, p(0))
add("safari", "safari", f"[Error] Failed to load resource: Preflight response is not successful. Status code: 403 ({u(3).split('/')[-1]}, line 0)", "preflight_invalid_status", None, None)

# ---- Firefox localized (security.properties of each locale, current and older) ----
LEADS = {
    "de": "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf {u}. (Grund: {r})",
    "it": "Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da {u}. Motivo: {r}",
    "fr": "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur {u}. Raison : {r}",
    "es": "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en {u} (razón: {r})",
    "zh": "已拦截跨源请求：同源策略禁止读取位于 {u} 的远程资源。（原因：{r}）",
    "ja": "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、{u} にあるリモートリソースの読み込みは拒否されます (理由: {r})",
    "ru": "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на {u}. (Причина: {r})",
}
LOC = {
    "de": [("CORS-Kopfzeile 'Access-Control-Allow-Origin' fehlt). Statuscode: 200.", "missing_allow_origin"),
           ("CORS-Anfrage schlug fehl). Statuscode: (null).", "did_not_succeed"),
           ("CORS-Kopfzeile 'Access-Control-Allow-Origin' stimmt nicht mit 'http://localhost:8081' überein).", "allow_origin_mismatch"),
           ("Berechtigung/Credential wird nicht unterstützt, wenn die CORS-Kopfzeile 'Access-Control-Allow-Origin' auf '*' gesetzt ist).", "wildcard_origin_with_credentials"),
           ("CORS-Preflight-Antwort schlug fehl). Statuscode: 405.", "preflight_invalid_status"),
           ("Kopfzeile 'authorization' ist aufgrund der Kopfzeile 'Access-Control-Allow-Headers' aus der CORS-Preflight-Antwort nicht zulässig).", "header_not_allowed"),
           ("'true' in CORS-Kopfzeile 'Access-Control-Allow-Credentials' erwartet).", "invalid_allow_credentials"),
           ("Es darf nur ein eine CORS-Kopfzeile 'Access-Control-Allow-Origin' verwendet werden).", "multiple_allow_origin"),
           ("CORS-Anfrage war nicht http).", "cors_disabled_scheme")],
    "it": [("header CORS “Access-Control-Allow-Origin” mancante. Codice di stato: 403.", "missing_allow_origin"),
           ("richiesta CORS non riuscita. Codice di stato: (null).", "did_not_succeed"),
           ("metodo “Access-Control-Allow-Methods” non trovato in header CORS.", "method_not_allowed"),
           ("le credenziali non sono supportate se l’header CORS “Access-Control-Allow-Origin” è “*”.", "wildcard_origin_with_credentials"),
           ("risposta CORS preliminare (“preflight”) non riuscita. Codice di stato: 404.", "preflight_invalid_status"),
           ("l’header “x-api-key” non è consentito a causa dell’header “Access-Control-Allow-Headers” nella risposta CORS preliminare (“preflight”).", "header_not_allowed"),
           ("header CORS “Access-Control-Allow-Origin” multipli non consentiti.", "multiple_allow_origin"),
           ("redirect non consentito per richiesta CORS esterna.", "preflight_redirect"),
           ("richiesta CORS non http.", "cors_disabled_scheme")],
    "fr": [("l’en-tête CORS « Access-Control-Allow-Origin » est manquant. Code d’état : 200.", "missing_allow_origin"),
           ("échec de la requête CORS. Code d’état : (null).", "did_not_succeed"),
           ("l’en-tête CORS « Access-Control-Allow-Origin » ne correspond pas à « https://www.example.org ».", "allow_origin_mismatch"),
           ("« true » attendu dans l’en-tête CORS « Access-Control-Allow-Credentials ».", "invalid_allow_credentials"),
           ("échec de la réponse de pré-vérification des requêtes CORS. Code d’état : 401.", "preflight_invalid_status"),
           ("l’en-tête « content-type » n’est pas autorisé d’après l’en-tête « Access-Control-Allow-Headers » de la réponse de pré-vérification des requêtes CORS.", "header_not_allowed"),
           ("jeton « PUT; » invalide dans l’en-tête CORS « Access-Control-Allow-Methods ».", "invalid_allow_methods"),
           ("CORS désactivé.", "cors_disabled"),
           ("l’en-tête CORS « Origin » ne peut pas être ajouté.", "origin_header_not_added")],
    "es": [("falta la cabecera CORS 'Access-Control-Allow-Origin'", "missing_allow_origin"),
           ("la cabecera CORS 'Access-Control-Allow-Origin' no coincide con 'http://localhost:4200'", "allow_origin_mismatch"),
           ("se esperaba 'true' en la cabecera CORS 'Access-Control-Allow-Credentials'", "invalid_allow_credentials"),
           ("la solicitud CORS no es http", "cors_disabled_scheme"),
           ("token 'x-trace id' no válido en la cabecera CORS 'Access-Control-Allow-Headers'", "invalid_allow_headers")],
    "zh": [("CORS 头缺少 'Access-Control-Allow-Origin'", "missing_allow_origin"),
           ("CORS 头 'Access-Control-Allow-Origin' 不匹配 'http://localhost:8080'", "allow_origin_mismatch"),
           ("CORS 头中的 'Access-Control-Allow-Credentials' 预期为 'true'", "invalid_allow_credentials"),
           ("CORS 预检通道未成功", "preflight_invalid_status"),
           ("来自 CORS 预检通道的 CORS 头 'Access-Control-Allow-Headers' 的令牌 'x-token' 无效", "header_not_allowed")],
    "ja": [("CORS ヘッダー ‘Access-Control-Allow-Origin’ が足りない", "missing_allow_origin"),
           ("CORS 要求が成功しなかった", "did_not_succeed"),
           ("CORS ヘッダー ‘Access-Control-Allow-Methods’ にメソッドが見つからない", "method_not_allowed"),
           ("CORS ヘッダー ‘Access-Control-Allow-Origin’ が ‘*’ である場合、認証情報はサポートされない", "wildcard_origin_with_credentials"),
           ("CORS ヘッダー ‘Access-Control-Allow-Headers’ に不正なトークン ‘X-Custom;’ が含まれる", "invalid_allow_headers")],
    "ru": [("отсутствует заголовок CORS «Access-Control-Allow-Origin»). Код состояния: 404.", "missing_allow_origin"),
           ("не удалось выполнить запрос CORS). Код состояния: (null).", "did_not_succeed"),
           ("несколько заголовков CORS «Access-Control-Allow-Origin» не разрешены).", "multiple_allow_origin"),
           ("заголовок «x-requested-with» не разрешён согласно заголовку «Access-Control-Allow-Headers» из ответа CORS preflight).", "header_not_allowed"),
           ("Внешнее перенаправление запроса CORS не разрешено).", "preflight_redirect"),
           ("некорректный токен «GET,,» в заголовке CORS «Access-Control-Allow-Methods»).", "invalid_allow_methods"),
           ("CORS отключён).", "cors_disabled"),
           ("Не удалось добавить CORS-заголовок «Origin»).", "origin_header_not_added")],
}
n = 0
for lang, rows in LOC.items():
    for r, k in rows:
        url = u(n) if k != "cors_disabled_scheme" else "file:///C:/Users/dev/site/data.json"
        add("firefox_localized", "firefox", LEADS[lang].format(u=url, r=r), k, url, None)
        n += 1
# German with the older typographic quotes (‚…‘), Spanish with the quoted URL
add("firefox_localized", "firefox", "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf https://api.example.io/items/7. (Grund: CORS-Kopfzeile ‚Access-Control-Allow-Origin‘ fehlt).", "missing_allow_origin", "https://api.example.io/items/7", None)
add("firefox_localized", "firefox", "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en 'https://api.shop.example/v1/me' (razón: la credencial no se admite si la cabecera CORS 'Access-Control-Allow-Credentials' es '*').", "wildcard_origin_with_credentials", "https://api.shop.example/v1/me", None)

# ---- pages opened from disk --------------------------------------------------
SCHEMES = [
    "http, data, chrome, chrome-extension, https.",
    "http, data, chrome, chrome-extension, https, chrome-extension-resource.",
    "http, data, chrome, chrome-extension, chrome-untrusted, https.",
    "http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted.",
    "http, data, chrome-extension, edge, https, chrome-untrusted.",
]
FILES = ["file:///C:/Users/dev/Desktop/site/data.json", "file:///home/me/project/config.json",
         "file:///Users/anna/Documents/game/levels/1.json", "file:///D:/work/app/js/module.js",
         "file:///android_asset/www/data.json"]
for i, s in enumerate(SCHEMES):
    f = FILES[i]
    res = ["XMLHttpRequest", "fetch", "script", "XMLHttpRequest", "fetch"][i]
    add("from_disk", "chromium", f"Access to {res} at '{f}' from origin 'null' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: {s}", "cors_disabled_scheme", f, "null")
    add("from_disk", "chromium", f"XMLHttpRequest cannot load {f}. Cross origin requests are only supported for protocol schemes: {s}", "cors_disabled_scheme", f, None)
add("from_disk", "chromium", "Failed to load file:///C:/Users/dev/site/data/items.json: Cross origin requests are only supported for protocol schemes: http, data, chrome, chrome-extension, https.", "cors_disabled_scheme", "file:///C:/Users/dev/site/data/items.json", None)
for i in range(4):
    url = u(i + 2)
    add("from_disk", "chromium", f"Access to fetch at '{url}' from origin 'null' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", url, "null")
add("from_disk", "chromium", f"Access to XMLHttpRequest at '{u(0)}' from origin 'null' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'http://localhost:3000' that is not equal to the supplied origin.", "allow_origin_mismatch", u(0), "null")
for i, f in enumerate(FILES[:3]):
    add("from_disk", "firefox", f"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {f}. (Reason: CORS request not http).", "cors_disabled_scheme", f, None)
add("from_disk", "safari", f"[Error] Origin null is not allowed by Access-Control-Allow-Origin.\n[Error] XMLHttpRequest cannot load {u(1)} due to access control checks.", "origin_not_allowed", u(1), "null")
add("from_disk", "safari", "[Error] Cross origin requests are only supported for HTTP.\n[Error] XMLHttpRequest cannot load file:///Users/anna/site/data.json due to access control checks.", "cors_disabled_scheme", "file:///Users/anna/site/data.json", None)
add("from_disk", "safari", "[Error] Cannot make any requests from null. (index.html, line 0)", "opaque_origin", None, "null")

# ---- Private / Local Network Access fragments ---------------------------------
LNA = [
    ("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `local` address space.", "private_network"),
    ("Request had a target IP address space of `local` yet the resource is in address space `loopback`.", "private_network"),
    ("Request had a target IP address space of `public` yet the resource is in address space `private`.", "private_network"),
    ("The request client is not a secure context and the resource is in more-private address space `local`.", "local_network_access"),
    ("The request client is not a secure context and the resource is in more-private address space `private`.", "local_network_access"),
    ("Permission was denied for this request to access the `loopback` address space.", "local_network_access"),
    ("Request had no target IP address space, yet the resource is in address space `local`.", "private_network"),
]
targets = ["http://192.168.1.50:8080/api/status", "http://localhost:9000/health", "http://10.0.0.12/cgi-bin/info", "http://192.168.0.10:3000/devices"]
ip_pages = ["http://203.0.113.7", "http://198.51.100.20:8080", "https://dashboard.example.com", "http://93.184.216.34"]
for i, (r, k) in enumerate(LNA):
    t, o = targets[i % 4], ip_pages[i % 4]
    add("local_network", "chromium", f"Access to fetch at '{t}' from origin '{o}' has been blocked by CORS policy: {r}", k, t, o)
    if i < 4 or i == 6:
        add("local_network", "chromium", r, k, None, None)
add("local_network", "chromium", "Access to XMLHttpRequest at 'http://192.168.1.1/api' from origin 'http://203.0.113.9' has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space `private`.", "local_network_access", "http://192.168.1.1/api", "http://203.0.113.9")
add("local_network", "chromium", "Access to fetch at 'http://127.0.0.1:8000/ping' from origin 'https://tools.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `local` address space had a value of 'false',  not 'true'.", "private_network", "http://127.0.0.1:8000/ping", "https://tools.example.com")
add("local_network", "chromium", "has been blocked by CORS policy: Permission was denied for this request to access the `local` address space.", "local_network_access", None, None)

# ---- damaged pastes -----------------------------------------------------------
d = "damaged"
add(d, "chromium", "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", None, None)
add(d, "chromium", "CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.", "preflight_invalid_status", None, None)
add(d, "chromium", "Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response", "header_not_allowed", None, None)
add(d, "chromium", "pi.shop.example/v1/cart' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", "pi.shop.example/v1/cart", "http://localhost:3000")
add(d, "chromium", "example.com/api/login' from origin 'https://app.acme.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.", "preflight_invalid_status", "example.com/api/login", "https://app.acme.test")
add(d, "chromium", "Access to fetch at `https://api.shop.example/v1/cart` from origin `http://localhost:3000` has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", "https://api.shop.example/v1/cart", "http://localhost:3000")
add(d, "chromium", "`Access to XMLHttpRequest at 'http://localhost:8080/api/users' from origin 'http://localhost:4200' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`", "missing_allow_origin", "http://localhost:8080/api/users", "http://localhost:4200")
add(d, "chromium", "Access to fetch at '`https://backend.example.org/graphql`' from origin '`https://www.example.org`' has been blocked by CORS policy: Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response.", "header_not_allowed", "https://backend.example.org/graphql", "https://www.example.org")
add(d, "chromium", "Access to fetch at 'https://api.example.io/items/42' from origin 'http://localhost:3000' has been blocked by CORS policy: main.js:42 No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", "https://api.example.io/items/42", "http://localhost:3000")
add(d, "chromium", "Access to XMLHttpRequest at 'http://localhost:8080/api/users' from origin 'http://localhost:4200' has been blocked by CORS policy: Response to preflight request doesn't pass access control check:zone.js:2863  No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", "http://localhost:8080/api/users", "http://localhost:4200")
add(d, "chromium", "Access to fetch at 'https://auth.acme.test/oauth/token' from origin 'https://app.acme.test' has been blocked by CORS policy: (index):1 The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'", "wildcard_origin_with_credentials", "https://auth.acme.test/oauth/token", "https://app.acme.test")
add(d, "chromium", "Access to fetch at 'https://api.shop.example/v1/cart' from origin 'https://shop.example' has been blocked by CORS policy: Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response", "method_not_allowed", "https://api.shop.example/v1/cart", "https://shop.example")
add(d, "chromium", "Access to fetch at 'http://127.0.0.1:5000/predict' from origin 'http://localhost:3000' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource", "missing_allow_origin", "http://127.0.0.1:5000/predict", "http://localhost:3000")
add(d, "chromium", "Access to fetch at 'https://storage.example.net/bucket/\nphoto.jpg?sig=abc' from origin 'https://shop.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", "https://storage.example.net/bucket/photo.jpg?sig=abc", "https://shop.example")
add(d, "chromium", "> Access to XMLHttpRequest at 'https://backend.example.org/api/v2/\n> orders/17' from origin 'https://www.example.org' has been\n> blocked by CORS policy: No 'Access-Control-Allow-Origin' header is\n> present on the requested resource.", "missing_allow_origin", "https://backend.example.org/api/v2/orders/17", "https://www.example.org")
add(d, "chromium", "> Access to fetch at 'http://localhost:8080/api/users' from origin 'http://localhost:3000' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.", "preflight_invalid_status", "http://localhost:8080/api/users", "http://localhost:3000")
add(d, "chromium", ">> Access to fetch at 'https://api.example.io/items/42' from origin\n>> 'https://shop.example' has been blocked by CORS policy: The\n>> 'Access-Control-Allow-Origin' header has a value 'https://shop.example/'\n>> that is not equal to the supplied origin.", "allow_origin_mismatch", "https://api.example.io/items/42", "https://shop.example")
add(d, "chromium", "Access to fetch at 'https://api.shop.\nexample/v1/cart' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", "https://api.shop.example/v1/cart", "http://localhost:3000")
add(d, "firefox", "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.shop.example/v1/cart (Reason: CORS header ‘Access-Control-Allow-Origin’ missing)", "missing_allow_origin", "https://api.shop.example/v1/cart", None)
add(d, "firefox", "> Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote\n> resource at http://localhost:8080/api/users. (Reason: CORS request did not succeed).", "did_not_succeed", "http://localhost:8080/api/users", None)
add(d, "firefox", "disallows reading the remote resource at https://auth.acme.test/oauth/token. (Reason: CORS preflight response did not succeed). Status code: 404.", "preflight_invalid_status", "https://auth.acme.test/oauth/token", None)
add(d, "firefox", "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.", "missing_allow_origin", None, None)
add(d, "firefox", "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at `https://api.example.io/items/42`. (Reason: CORS header 'Access-Control-Allow-Origin' does not match 'http://localhost:3000')", "allow_origin_mismatch", "https://api.example.io/items/42", None)
add(d, "safari", "Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin", "origin_not_allowed", None, "http://localhost:3000")
add(d, "safari", "> [Error] Preflight response is not successful. Status code: 404\n> [Error] Fetch API cannot load http://localhost:8080/api/users due to access control checks.", "preflight_invalid_status", "http://localhost:8080/api/users", None)
add(d, "safari", "[Error] Fetch API cannot load `https://backend.example.org/graphql` due to access control checks.", "access_control_checks", "https://backend.example.org/graphql", None)
add(d, "chromium", "VM123:1 Access to fetch at 'https://api.shop.example/v1/cart' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource\nVM123:1 GET https://api.shop.example/v1/cart net::ERR_FAILED", "missing_allow_origin", "https://api.shop.example/v1/cart", "http://localhost:3000")
add(d, "chromium", "Access to fetch at 'https://api.shop.example/v1/cart' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.app.js:17 ", "missing_allow_origin", "https://api.shop.example/v1/cart", "http://localhost:3000")
add(d, "chromium", "XMLHttpRequest cannot load http://localhost:8080/api/users. No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:4200' is therefore not allowed access", "missing_allow_origin", "http://localhost:8080/api/users", "http://localhost:4200")

add(d, "firefox", "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.io/v2/\nitems/42. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.", "missing_allow_origin", "https://api.example.io/v2/items/42", None)
add(d, "chromium", "Access to fetch at ‘https://api.shop.example/v1/cart’ from origin ‘https://shop.example’ has been blocked by CORS policy: Response to preflight request doesn’t pass access control check: It does not have HTTP ok status.", "preflight_invalid_status", "https://api.shop.example/v1/cart", "https://shop.example")
add(d, "chromium", "Access to font at 'https://cdn.example.com/fonts/inter.woff2' from origin 'https://www.example.org' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nGET https://cdn.example.com/fonts/inter.woff2 net::ERR_FAILED 200 (OK)", "missing_allow_origin", "https://cdn.example.com/fonts/inter.woff2", "https://www.example.org")
add(d, "safari", "[Error] Origin https://shop.example is not allowed by Access-Control-Allow-Origin. Status code: 404\n[Error] Failed to load resource: Origin https://shop.example is not allowed by Access-Control-Allow-Origin. Status code: 404 (cart, line 0)\n[Error] Fetch API cannot load https://api.shop.example/v1/cart due to access control checks.", "origin_not_allowed", "https://api.shop.example/v1/cart", "https://shop.example")
add(d, "chromium", "localhost/:1 Access to XMLHttpRequest at 'http://localhost:8080/api/users' from origin 'http://localhost:4200' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", "http://localhost:8080/api/users", "http://localhost:4200")
add("redacted", "chromium", "Access to fetch at 'https://api.shop.example/v1/cart' from origin 'http://localhost:XXXX' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", "https://api.shop.example/v1/cart", None, True)
add("redacted", "safari", "[Error] Preflight response is not successful. Status code: 401\n[Error] Fetch API cannot load https://xxxxxxxx.execute-api.us-east-1.amazonaws.com/prod/items due to access control checks.", "preflight_invalid_status", None, None, True)

# ---- redacted values ------------------------------------------------------------
r = "redacted"
MARKS = ["XXXXX", "*", "[URL]", "...", "", "https://xxxxx.com/api", "<your-api>", "[redacted]", "https://api.example.com/..."]
for i, m in enumerate(MARKS):
    add(r, "chromium", f"Access to fetch at '{m}' from origin '{p(i)}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "missing_allow_origin", None, p(i), True)
OMARKS = ["XXXXX", "*", "[ORIGIN]", "...", "", "http://xxxx:3000"]
for i, m in enumerate(OMARKS):
    add(r, "chromium", f"Access to XMLHttpRequest at '{u(i)}' from origin '{m}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.", "preflight_invalid_status", u(i), None, True)
add(r, "chromium", "Access to fetch at 'XXXXX' from origin 'XXXXX' has been blocked by CORS policy: Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.", "header_not_allowed", None, None, True)
add(r, "chromium", "XMLHttpRequest cannot load [URL]. No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin '[ORIGIN]' is therefore not allowed access.", "missing_allow_origin", None, None, True)
for i, m in enumerate(["XXXXX", "[URL]", "...", "*"]):
    add(r, "firefox", f"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {m}. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.", "missing_allow_origin", None, None, True)
add(r, "firefox", "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://xxxxxx/api/v1/login. (Reason: CORS preflight response did not succeed). Status code: 405.", "preflight_invalid_status", None, None, True)
for i, m in enumerate(["XXXXX", "[URL]", "..."]):
    add(r, "safari", f"[Error] Fetch API cannot load {m} due to access control checks.", "access_control_checks", None, None, True)
add(r, "safari", "[Error] Origin XXXXX is not allowed by Access-Control-Allow-Origin. Status code: 200\n[Error] XMLHttpRequest cannot load https://api.example.io/items/42 due to access control checks.", "origin_not_allowed", "https://api.example.io/items/42", None, True)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "console-corpus.json"), "w", encoding="utf-8") as f:
    json.dump(E, f, ensure_ascii=False, indent=1)
    f.write("\n")
from collections import Counter
print(len(E), Counter(e["kind"] for e in E))
