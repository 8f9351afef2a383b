#!/usr/bin/env python3
"""Generate the held-out CORS console-paste test set (console-holdout.json).

Deterministic (fixed seed), stdlib only, no network.  Run from anywhere:

    python3 crates/engine/tests/console-holdout/generate.py

The message TEMPLATES below are the browsers' own source strings (facts about
what browsers print).  Where each one came from is noted next to it.  Hosts,
paths, header names and values are invented.  The damage applied afterwards
imitates what people do to pastes in bug reports.

Template sources (repo : path):
  Chromium, current / recent:
    chromium/chromium : third_party/blink/renderer/platform/loader/cors/cors_error_string.cc
    benji-cannot-code/fast-vc-chromium-benchmark-run-4 (Chromium mirror) : same path
        (Private Network Access strings, `private`/`loopback` address spaces)
    cinagroup/CinaBrowser (Chromium fork) : same path
        (Local Network Access renames, `local`/`loopback` address spaces)
    chromium/chromium : services/network/public/cpp/cors/cors.cc   (which value gives which error)
    chromium/chromium : services/network/cors/preflight_result.cc  (header names lower-cased)
    (Blink) third_party/blink/renderer/core/fetch/fetch_manager.cc  ("Fetch API cannot load ... URL scheme")
    third_party/blink/renderer/platform/loader/fetch/resource.cc    (resource kind names)
  Chromium, older:
    kiwibrowser/src : third_party/blink/renderer/platform/loader/cors/cors_error_string.cc (~2018)
    mirror/chromium : third_party/WebKit/Source/platform/loader/fetch/CrossOriginAccessControl.cpp
    mirror/chromium : third_party/WebKit/Source/core/loader/DocumentThreadableLoader.cpp ("Failed to load X: ")
    mirror/chromium : third_party/WebKit/Source/core/loader/private/CrossOriginPreflightResultCache.cpp
    TrellixVulnTeam/Chromium_7C66 : third_party/WebKit/Source/core/fetch/CrossOriginAccessControl.cpp
    (Blink) core/xmlhttprequest/XMLHttpRequest.cpp ("XMLHttpRequest cannot load X. ")
    (Blink) modules/fetch/FetchManager.cpp ("Fetch API cannot load X. ")
    (Blink) ResourceFetcher::canAccessResource ("... has been blocked from loading by
        Cross-Origin Resource Sharing policy: ")
    Scheme lists: printed lists quoted in MDN's JavaScript modules guide (current list) and
        in stored pages/READMEs (older lists); only the list text is used.
  WebKit / Safari:
    WebKit/WebKit : Source/WebCore/loader/CrossOriginAccessControl.cpp
    WebKit/WebKit : Source/WebCore/loader/CrossOriginPreflightResultCache.cpp
    WebKit/WebKit : Source/WebCore/loader/DocumentThreadableLoader.cpp
    WebKit/WebKit : Source/WebCore/loader/CrossOriginPreflightChecker.cpp
    WebKit/WebKit : Source/WebCore/loader/ThreadableLoader.cpp ("... due to access control checks.")
    WebKit/WebKit : Source/WebInspectorUI/UserInterface/Views/ConsoleMessageView.js
        ("[Error] " prefix, " (name, line N)" suffix when copying)
    older WebCore CrossOriginAccessControl.cpp ("Cannot make any requests from null.")
  Firefox:
    mozilla/gecko-dev : dom/locales/en-US/chrome/security/security.properties (current)
    Feodor2/Mypal68 : dom/locales/en-US/chrome/security/security.properties (Firefox 68 era)
    mozilla-l10n/firefox-l10n : <locale>/dom/chrome/security/security.properties
        de fr it es-ES pt-BR ru ko nl tr zh-TW ja(old) zh-CN(old)
    BrowserWorks/l10n (firefox-l10n fork) : <locale>/dom/chrome/security/security.properties
        zh-CN ja pl es-ES (newer versions than the stored mozilla-l10n copies)
    mozilla-l10n/firefox-l10n : de/devtools/client/webconsole.properties ("Weitere Informationen")
    Firefox devtools: "[" + webConsoleMoreInfoLabel + "]" -> "[Learn More]"
"""

import json
import os
import random
import re

SEED = 20240611
rng = random.Random(SEED)

# ---------------------------------------------------------------------------
# Chromium templates
# ---------------------------------------------------------------------------

# cors_error_string.cc: "Access to " + kind + " at '" + url + "' " [+ "(redirected from 'u0') "]
#                       + "from origin '" + origin + "' has been blocked by CORS policy: "
CR_PREFIX = "Access to {kind} at '{url}' {redir}from origin '{origin}' has been blocked by CORS policy: "
CR_REDIR = "(redirected from '{first}') "
CR_PREFLIGHT = "Response to preflight request doesn't pass access control check: "

CR = {
    "disallowed_by_mode": "Cross origin requests are not allowed by request mode.",
    "invalid_response": "The response is invalid.",
    "insecure_private": "The request client is not a secure context and the resource is in more-private address space `{space}`.",
    "wildcard": "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
    "xhr_creds": " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
    "missing": "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    # 2019-2023 builds appended this for fetch() initiators:
    "missing_fetch_hint": " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
    "multiple": "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.",
    "invalid_value": "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.",
    "mismatch": "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.",
    # kNoCorsInformation, two generations:
    "nocors_mid": " Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
    "nocors_new": " Have the server send the header with a valid value.",
    "credentials": "The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'.",
    "scheme": "Cross origin requests are only supported for protocol schemes: {schemes}.",
    "preflight_status": "It does not have HTTP ok status.",
    "preflight_redirect": "Redirect is not allowed for a preflight request.",
    "missing_acapn": "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `{space}` address space.",
    "invalid_acapn": "The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `{space}` address space had a value of '{value}',  not 'true'.",
    "bad_methods": "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
    "bad_headers": "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
    "method": "Method {value} is not allowed by Access-Control-Allow-Methods in preflight response.",
    "header": "Request header field {value} is not allowed by Access-Control-Allow-Headers in preflight response.",
    "redirect_creds": "Redirect location '{value}' contains a username and password, which is disallowed for cross-origin requests.",
    "pna_target_mismatch": "Request had a target IP address space of `{target}` yet the resource is in address space `{space}`.",
    "pna_no_target": "Request had no target IP address space, yet the resource is in address space `{space}`.",
    "pna_missing_id": "No 'Private-Network-Access-Id' header was present in the preflight response for this private network request targeting the `{space}` address space.",
    "pna_perm_unavailable": "Unable to ask for permission to access the `{space}` IP address space.",
    "lna_perm_denied": "Permission was denied for this request to access the `{space}` address space.",
}

# Chromium, pre-network-service (CrossOriginAccessControl.cpp / DocumentThreadableLoader.cpp era)
CR_OLD = {
    "origin_denied": " Origin '{origin}' is therefore not allowed access.",
    "status": " The response had HTTP status code {status}.",
    "invalid_response": "Invalid response.",
    "preflight_status_code": "Response for preflight has invalid HTTP status code {status}",
    "preflight_status_ok": "Response for preflight does not have HTTP ok status.",
    "preflight_redirect": "Response for preflight is invalid (redirect)",
    "redirect_scheme": "Redirect from '{first}' has been blocked by CORS policy: Redirect location '{second}' has a disallowed scheme for cross-origin requests.",
    "redirect_access": "Redirect from '{first}' to '{second}' has been blocked by CORS policy: ",
    "disallowed_by_mode": "Failed to load '{url}': Cross origin requests are not allowed by request mode.",
    "external_nonsecure": "Requests to internal network resources are not allowed from non-secure contexts (see https://goo.gl/Y0ZkNV). This is an experimental restriction which is part of 'https://mikewest.github.io/cors-rfc1918/'.",
    "xhr_wrap": "XMLHttpRequest cannot load {url}. {desc}",
    "fetch_wrap": "Fetch API cannot load {url}. {desc}",
    "failed_wrap": "Failed to load {url}: {desc}",
    "blocked_from_loading": "{kind} from origin '{resorigin}' has been blocked from loading by Cross-Origin Resource Sharing policy: {desc}",
}

# fetch_manager.cc early errors
CR_FETCH_SCHEME = 'Fetch API cannot load {url}. URL scheme "{scheme}" is not supported.'
CR_FETCH_SAME_ORIGIN = "Fetch API cannot load {url}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {origin}."

# SchemeRegistry::ListOfCorsEnabledURLSchemes() as printed by different builds
SCHEME_LISTS = {
    "2015": "http, data, chrome, chrome-extension, https, chrome-extension-resource",
    "2018": "http, data, chrome, chrome-extension, https",
    "brave": "http, data, chrome, chrome-extension, brave, https",
    "2023": "http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted",
}

# ---------------------------------------------------------------------------
# WebKit templates
# ---------------------------------------------------------------------------
WK = {
    "wildcard": "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
    "multiple": "Access-Control-Allow-Origin cannot contain more than one origin.",
    "origin_status": "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}",
    "origin_old": "Origin {origin} is not allowed by Access-Control-Allow-Origin.",
    "credentials": 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".',
    "preflight_status": "Preflight response is not successful. Status code: {status}",
    "preflight_old": "Preflight response is not successful",
    "bad_methods": "Header Access-Control-Allow-Methods has an invalid value: {value}",
    "bad_headers": "Header Access-Control-Allow-Headers has an invalid value: {value}",
    "method": "Method {value} is not allowed by Access-Control-Allow-Methods.",
    "header": "Request header field {value} is not allowed by Access-Control-Allow-Headers.",
    "redirect_scheme": "not allowed to follow a cross-origin CORS redirection with non CORS scheme",
    "redirect_creds": "redirection URL {value} has credentials",
    "redirect_bad_scheme": "Redirection to URL with a scheme that is not HTTP(S).",
    "same_origin_mode": "Cross origin requests are not allowed when using same-origin fetch mode.",
    "http_only": "Cross origin requests are only supported for HTTP.",
    "null_origin": "Cannot make any requests from {origin}.",
    "due": "{api} cannot load {url} due to access control checks.",
    "old_wrap": "{api} cannot load {url}. {desc}",
}

# ---------------------------------------------------------------------------
# Firefox templates: key -> text per locale ("en" current, "en68" Firefox 68 era)
# ---------------------------------------------------------------------------
FF = {
    "en": {
        "CORSDisabled": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS disabled).",
        "CORSDidNotSucceed2": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed). Status code: %2$S.",
        "CORSOriginHeaderNotAdded": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Origin’ cannot be added).",
        "CORSRequestNotHttp": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request not http).",
        "CORSMissingAllowOrigin2": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S.",
        "CORSMultipleAllowOriginNotAllowed": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
        "CORSAllowOriginNotMatchingOrigin": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’).",
        "CORSNotSupportingCredentials": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘%1$S’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
        "CORSMethodNotFound": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
        "CORSMissingAllowCredentials": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
        "CORSPreflightDidNotSucceed3": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S.",
        "CORSInvalidAllowMethod": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’).",
        "CORSInvalidAllowHeader": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’).",
        "CORSMissingAllowHeaderFromPreflight2": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
        "CORSAllowHeaderFromPreflightDeprecation": "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at %1$S soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).",
    },
    "en68": {
        "CORSDidNotSucceed": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed).",
        "CORSMissingAllowOrigin": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing).",
        "CORSPreflightDidNotSucceed": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight channel did not succeed).",
        "CORSMissingAllowHeaderFromPreflight": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: missing token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel).",
        "CORSRequestNotHttp": "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request not http).",
    },
    "de": {
        "CORSDidNotSucceed2": "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anfrage schlug fehl). Statuscode: %2$S.",
        "CORSMissingAllowOrigin2": "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' fehlt). Statuscode: %2$S.",
        "CORSAllowOriginNotMatchingOrigin": "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' stimmt nicht mit '%2$S' überein).",
        "CORSMissingAllowHeaderFromPreflight2": "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Kopfzeile '%2$S' ist aufgrund der Kopfzeile 'Access-Control-Allow-Headers' aus der CORS-Preflight-Antwort nicht zulässig).",
        "CORSPreflightDidNotSucceed3": "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Preflight-Antwort schlug fehl). Statuscode: %2$S.",
        "CORSRequestNotHttp": "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anfrage war nicht http).",
    },
    "fr": {
        "CORSMissingAllowOrigin2": "Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Access-Control-Allow-Origin » est manquant. Code d’état : %2$S.",
        "CORSDidNotSucceed2": "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : échec de la requête CORS. Code d’état : %2$S.",
        "CORSNotSupportingCredentials": "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’identification n’est pas prise en charge si la valeur de l’en-tête CORS « Access-Control-Allow-Origin » est « * ».",
        "CORSMissingAllowHeaderFromPreflight2": "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête « %2$S » n’est pas autorisé d’après l’en-tête « Access-Control-Allow-Headers » de la réponse de pré-vérification des requêtes CORS.",
        "CORSPreflightDidNotSucceed3": "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : échec de la réponse de pré-vérification des requêtes CORS. Code d’état : %2$S.",
    },
    "it": {
        "CORSMissingAllowOrigin2": "Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: header CORS “Access-Control-Allow-Origin” mancante. Codice di stato: %2$S.",
        "CORSAllowOriginNotMatchingOrigin": "Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: header CORS “Access-Control-Allow-Origin” non corrisponde a “%2$S”.",
        "CORSMethodNotFound": "Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: metodo “Access-Control-Allow-Methods” non trovato in header CORS.",
    },
    "es-ES": {
        "CORSMissingAllowOrigin2": "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: falta la cabecera CORS 'Access-Control-Allow-Origin'). Código de estado: %2$S.",
        "CORSDidNotSucceed2": "Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Solicitud CORS sin éxito). Código de estado: %2$S.",
        # older es-ES file (mozilla-l10n stored copy)
        "CORSPreflightDidNotSucceed2": "Solicitud de origen cruzado bloqueada: La política de mismo origen (Same Origin Policy) no permite la lectura de recursos remotos en %1$S. (Motivo: La respuesta CORS no tuvo éxito).",
        "CORSMissingAllowCredentials": "Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: se esperaba 'true' en la cabecera CORS 'Access-Control-Allow-Credentials').",
    },
    "pt-BR": {
        "CORSMissingAllowOrigin2": "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falta cabeçalho 'Access-Control-Allow-Origin' no CORS). Código de status: %2$S.",
        "CORSMissingAllowHeaderFromPreflight2": "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: header ‘%2$S’ não permitido, de acordo com o header ‘Access-Control-Allow-Headers’ da resposta de comprovação (preflight) do CORS).",
        "CORSRequestNotHttp": "Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: requisição CORS não é http).",
    },
    "ru": {
        "CORSMissingAllowOrigin2": "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: отсутствует заголовок CORS «Access-Control-Allow-Origin»). Код состояния: %2$S.",
        "CORSDidNotSucceed2": "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: не удалось выполнить запрос CORS). Код состояния: %2$S.",
        "CORSMultipleAllowOriginNotAllowed": "Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: несколько заголовков CORS «Access-Control-Allow-Origin» не разрешены).",
    },
    "pl": {
        "CORSMissingAllowOrigin2": "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (brakujący nagłówek CORS „Access-Control-Allow-Origin”). Kod stanu: %2$S.",
        "CORSPreflightDidNotSucceed3": "Zablokowano żądanie do zasobu innego pochodzenia: zasady „Same Origin Policy” nie pozwalają wczytywać zdalnych zasobów z „%1$S” (żądanie CORS OPTIONS się nie powiodło). Kod stanu: %2$S.",
    },
    "ko": {
        "CORSMissingAllowOrigin2": "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: ‘Access-Control-Allow-Origin’ CORS 헤더가 없음). 상태 코드: %2$S.",
        "CORSMissingAllowCredentials": "교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Credentials’이 ‘true’이어야 함).",
    },
    "nl": {
        "CORSMissingAllowOrigin2": "Cross-Origin-aanvraag geblokkeerd: de Same Origin Policy staat het lezen van de externe bron op %1$S niet toe. (Reden: CORS-header ‘Access-Control-Allow-Origin’ ontbreekt). Statuscode: %2$S.",
        "CORSInvalidAllowHeader": "Cross-Origin-aanvraag geblokkeerd: de Same Origin Policy staat het lezen van de externe bron op %1$S niet toe. (Reden: ongeldig token ‘%2$S’ in CORS-header ‘Access-Control-Allow-Headers’).",
    },
    "tr": {
        "CORSMissingAllowOrigin2": "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS üst bilgisi ‘Access-Control-Allow-Origin’ eksik.) Durum kodu: %2$S.",
        "CORSPreflightDidNotSucceed3": "Çapraz köken isteği engellendi: Aynı Köken İlkesi, %1$S üzerindeki uzak kaynağın okunmasına izin vermiyor. (Sebep: CORS preflight yanıtı başarısız oldu.) Durum kodu: %2$S.",
    },
    "zh-CN": {
        "CORSMissingAllowOrigin2": "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。状态码：%2$S。",
        "CORSDidNotSucceed2": "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 请求未能成功）。状态码：%2$S。",
        "CORSMissingAllowHeaderFromPreflight2": "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 预检响应的 'Access-Control-Allow-Headers'，不允许使用头 '%2$S'）。",
        # older zh-CN (mozilla-l10n stored copy)
        "CORSMissingAllowOrigin": "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。",
        "CORSRequestNotHttp": "已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 请求不是 http）。",
    },
    "zh-TW": {
        "CORSMissingAllowOrigin2": "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 缺少 CORS 'Access-Control-Allow-Origin' 檔頭）。狀態代碼: %2$S。",
        "CORSPreflightDidNotSucceed3": "已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS preflight 回應並未成功）。狀態代碼: %2$S。",
    },
    "ja": {
        "CORSMissingAllowOrigin2": "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が足りない)。ステータスコード: %2$S",
        "CORSAllowOriginNotMatchingOrigin": "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が ‘%2$S’ と異なる)。",
        # older ja (mozilla-l10n stored copy)
        "CORSDidNotSucceed": "クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求が成功しなかった)。",
    },
}

FF_REASON = {
    "CORSDisabled": "cors_disabled",
    "CORSDidNotSucceed": "did_not_succeed",
    "CORSDidNotSucceed2": "did_not_succeed",
    "CORSOriginHeaderNotAdded": "origin_header_not_added",
    "CORSRequestNotHttp": "cors_disabled_scheme",
    "CORSMissingAllowOrigin": "missing_allow_origin",
    "CORSMissingAllowOrigin2": "missing_allow_origin",
    "CORSMultipleAllowOriginNotAllowed": "multiple_allow_origin",
    "CORSAllowOriginNotMatchingOrigin": "allow_origin_mismatch",
    "CORSNotSupportingCredentials": "wildcard_origin_with_credentials",
    "CORSMethodNotFound": "method_not_allowed",
    "CORSMissingAllowCredentials": "invalid_allow_credentials",
    "CORSPreflightDidNotSucceed": "preflight_invalid_status",
    "CORSPreflightDidNotSucceed2": "preflight_invalid_status",
    "CORSPreflightDidNotSucceed3": "preflight_invalid_status",
    "CORSInvalidAllowMethod": "invalid_allow_methods",
    "CORSInvalidAllowHeader": "invalid_allow_headers",
    "CORSMissingAllowHeaderFromPreflight": "header_not_allowed",
    "CORSMissingAllowHeaderFromPreflight2": "header_not_allowed",
    "CORSAllowHeaderFromPreflightDeprecation": "authorization_not_covered_by_wildcard",
}

FF_LEARN_MORE = {"en": " [Learn More]", "de": " [Weitere Informationen]"}

# ---------------------------------------------------------------------------
# Invented hosts, paths and values
# ---------------------------------------------------------------------------
PAGES = [
    "https://app.lumenfold.io", "http://localhost:3000", "http://localhost:5173",
    "http://localhost:4200", "http://127.0.0.1:5500", "http://localhost:8080",
    "https://staging.orchardline.dev", "https://www.kestrelbooks.co.uk",
    "https://dashboard.quillmetrics.com", "http://192.168.1.23:8081",
    "https://portal.fjordbank.no", "https://xn--bcher-kva.shop", "http://[::1]:8000",
    "https://admin.velvetcart.store", "https://preview-pr-482.glimmerdocs.org",
    "https://tools.mapwright.io", "http://dev.pelican-crm.local:3001",
    "https://m.tidewater-freight.co.uk", "https://studio.harborlight.tv",
    "https://beta.saffron-kitchen.com.au", "https://intranet.corvid-labs.de",
    "http://localhost:19006", "https://hq.bramblewood.ai", "https://widgets.ostrava-transit.cz",
    "https://kestrelbooks.co.uk", "http://localhost:1234", "https://shop.xn--mnchen-3ya.de",
    "https://www.xn--sstrene-vind-vjb.no", "https://xn--eckp2gz07l34z.jp",
]

API_BASES = [
    "https://api.lumenfold.io", "https://auth.orchardline.dev", "http://localhost:8000",
    "http://127.0.0.1:5000", "https://graphql.kestrelbooks.co.uk", "https://storage.quillmetrics.com",
    "http://10.0.0.14:8123", "https://api.xn--bcher-kva.shop", "https://hooks.pelican-crm.app",
    "https://api-gw.northwind-logistics.cloud:8443", "https://search.glimmerdocs.org",
    "https://identity.fjordbank.no", "http://[::1]:9000", "https://tiles.mapwright.io",
    "https://edge.velvetcart.store", "http://localhost:8080", "https://api.harborlight.tv",
    "https://backend-7f3k2.fly-cluster.net", "http://192.168.0.50", "https://eu.api.bramblewood.ai",
    "https://api.saffron-kitchen.com.au:4443", "http://localhost:5001", "https://ingest.corvid-labs.de",
    "https://api.ostrava-transit.cz", "https://svc.tidewater-freight.co.uk", "http://0.0.0.0:8000",
    "https://api.xn--mnchen-3ya.de", "https://api.xn--80aacl6abdwe8k7a.xn--p1ai",
    "https://xn--caf-lumire-66ag.fr",
]

API_PATHS = [
    "/v2/projects?limit=50&cursor=eyJpZCI6MTJ9", "/oauth/token", "/api/users/me", "/predict",
    "/graphql", "/exports/report-2024-03.csv?sig=9f8a7c&expires=1718000000", "/api/states",
    "/v1/cart", "/v1/webhooks/test", "/track?id=NW-55120&lang=en", "/indexes/articles/search",
    "/connect/userinfo", "/api/ping", "/v1/12/2048/1361.pbf", "/api/checkout/session",
    "/api/v1/login", "/socket.io/?EIO=4&transport=polling&t=P0x7Kq1", "/api/items/42",
    "/rest/v3/orders?status=open&page=2", "/upload", "/health", "/api/auth/refresh",
    "/wp-json/wp/v2/posts?per_page=5", "/odata/Customers?$top=10", "/api/search?q=caf%C3%A9&sort=-date",
    "/static/config.json", "/v1/chat/completions", "/api/graphql?operationName=GetFeed",
    "/api/v2/invoices/INV-2024-0091/pdf", "/realms/acme/protocol/openid-connect/token",
    "/api/feature-flags?env=staging", "/v3/timetable/stops/1187/departures?limit=8",
    "/api/upload/presign", "/items?select=*&order=created_at.desc", "/",
]

ASSET_PATHS = {
    "font": ["/fonts/Inter-var.woff2", "/assets/fonts/fa-solid-900.woff2", "/webfonts/Lexend-Regular.ttf"],
    "script": ["/sdk/v3/loader.js", "/embed/widget.min.js", "/remoteEntry.js"],
    "image": ["/images/hero@2x.webp", "/avatars/u/8812.png?s=128", "/tiles/14/8185/5447.png"],
    "CSS stylesheet": ["/css/theme.css", "/dist/styles.3b7c1e.css"],
    "manifest": ["/manifest.webmanifest"],
    "video": ["/media/intro-720p.mp4"],
}
ASSET_HOSTS = ["https://cdn.tessellate-assets.net", "https://static.harborlight.tv",
               "https://media.saffron-kitchen.com.au", "https://assets.lumenfold.io",
               "https://cdn.mapwright.io", "https://img.velvetcart.store"]

HEADERS_LOWER = ["authorization", "content-type", "x-api-key", "x-requested-with", "x-csrf-token",
                 "x-client-version", "cache-control", "x-amz-date", "apollo-require-preflight",
                 "sentry-trace", "baggage", "x-tenant-id", "if-none-match",
                 "access-control-allow-origin", "x-auth-token", "pragma", "x-request-id"]
HEADERS_CASED = ["Content-Type", "Authorization", "X-Requested-With", "X-Api-Key", "X-CSRF-Token",
                 "Access-Control-Allow-Headers", "X-Auth-Token", "Cache-Control"]
METHODS = ["PUT", "DELETE", "PATCH", "patch", "PROPFIND", "PUT", "DELETE"]

JS_FILES = ["index.js:42", "VM123:1", "main.3f9a1c.js:2", "(index):1", "api.ts:31",
            "xhr.js:247", "chunk-vendors.js:1187", "App.vue:58", "client.ts:88",
            "polyfills.js:1", "VM4471:1", "bundle.js:23012", "login.html:1", "app.component.ts:64"]


def origin_of(url):
    m = re.match(r"^([a-z][a-z0-9+.-]*://(\[[^\]]*\]|[^/?#]*))", url)
    return m.group(1) if m else url


def api_url(page=None, base=None, path=None):
    for _ in range(100):
        b = base or rng.choice(API_BASES)
        if page is None or origin_of(b) != page:
            break
    p = path if path is not None else rng.choice(API_PATHS)
    return b + p


def asset_url(kind):
    return rng.choice(ASSET_HOSTS) + rng.choice(ASSET_PATHS[kind])


def page_for(url=None):
    for _ in range(100):
        p = rng.choice(PAGES)
        if url is None or origin_of(url) != p:
            return p
    raise RuntimeError("no page")


def display_name(url):
    path = re.sub(r"^[a-z]+://[^/]*", "", url).split("?")[0].rstrip("/")
    seg = path.rsplit("/", 1)[-1]
    return seg or re.sub(r"^[a-z]+://", "", origin_of(url))


ENTRIES = []


def add(kind, browser, paste, url, origin, reason, note, redacted=False):
    ENTRIES.append({
        "kind": kind, "browser": browser, "paste": paste, "url": url, "origin": origin,
        "reason": reason, "redacted": redacted, "note": note,
    })


# ---------------------------------------------------------------------------
# Message builders
# ---------------------------------------------------------------------------
PREFLIGHT_CAPABLE = {"wildcard_origin_with_credentials", "missing_allow_origin",
                     "multiple_allow_origin", "invalid_allow_origin", "allow_origin_mismatch",
                     "invalid_allow_credentials"}


def cr_body(reason, kind, value=None, era="new", space=None, target=None, schemes=None):
    """Reason text of a current Chromium message (cors_error_string.cc)."""
    is_fetch = kind == "fetch"
    is_xhr = kind == "XMLHttpRequest"
    nocors = CR["nocors_mid"] if era == "mid" else CR["nocors_new"]
    if reason == "missing_allow_origin":
        return CR["missing"] + (CR["missing_fetch_hint"] if era == "mid" and is_fetch else "")
    if reason == "multiple_allow_origin":
        return CR["multiple"].format(value=value) + (nocors if is_fetch else "")
    if reason == "invalid_allow_origin":
        return CR["invalid_value"].format(value=value) + (nocors if is_fetch else "")
    if reason == "allow_origin_mismatch":
        return CR["mismatch"].format(value=value) + (nocors if is_fetch else "")
    if reason == "wildcard_origin_with_credentials":
        return CR["wildcard"] + (CR["xhr_creds"] if is_xhr else "")
    if reason == "invalid_allow_credentials":
        return CR["credentials"].format(value=value) + (CR["xhr_creds"] if is_xhr else "")
    if reason == "disallowed_by_mode":
        return CR["disallowed_by_mode"]
    if reason == "invalid_response":
        return CR["invalid_response"]
    if reason == "preflight_invalid_status":
        return CR_PREFLIGHT + CR["preflight_status"]
    if reason == "preflight_redirect":
        return CR_PREFLIGHT + CR["preflight_redirect"]
    if reason == "invalid_allow_methods":
        return CR["bad_methods"]
    if reason == "invalid_allow_headers":
        return CR["bad_headers"]
    if reason == "method_not_allowed":
        return CR["method"].format(value=value)
    if reason == "header_not_allowed":
        return CR["header"].format(value=value)
    if reason == "redirect_contains_credentials":
        return CR["redirect_creds"].format(value=value)
    if reason == "cors_disabled_scheme":
        return CR["scheme"].format(schemes=schemes)
    raise KeyError(reason)


def chrome(reason, kind, url, origin, value=None, era="new", preflight=False, first=None,
           body=None, schemes=None):
    redir = CR_REDIR.format(first=first) if first else ""
    text = CR_PREFIX.format(kind=kind, url=url, redir=redir, origin=origin)
    if preflight and reason in PREFLIGHT_CAPABLE:
        text += CR_PREFLIGHT
    text += body if body is not None else cr_body(reason, kind, value, era, schemes=schemes)
    return text


def old_desc(reason, origin, ctx, value=None, status=None, preflight=False):
    """Description text of pre-2018 Chromium (CrossOriginAccessControl.cpp)."""
    denied = CR_OLD["origin_denied"].format(origin=origin)
    fetch_long = CR["nocors_mid"] if ctx == "fetch" else ""
    xhr = CR["xhr_creds"] if ctx == "xhr" else ""
    if reason == "missing_allow_origin":
        d = CR["missing"] + denied
        if status and status >= 400:
            d += CR_OLD["status"].format(status=status)
        if ctx == "fetch":
            d += CR["missing_fetch_hint"]
    elif reason == "wildcard_origin_with_credentials":
        d = CR["wildcard"] + denied + xhr
    elif reason == "multiple_allow_origin":
        d = CR["multiple"].format(value=value) + denied + fetch_long
    elif reason == "invalid_allow_origin":
        d = CR["invalid_value"].format(value=value) + denied + fetch_long
    elif reason == "allow_origin_mismatch":
        d = CR["mismatch"].format(value=value) + denied + fetch_long
    elif reason == "invalid_allow_credentials":
        d = CR["credentials"].format(value=value) + denied + xhr
    elif reason == "invalid_response":
        d = CR_OLD["invalid_response"] + denied
    else:
        raise KeyError(reason)
    return (CR_PREFLIGHT + d) if preflight else d


def ff(locale, key, url, param=None, learn_more=False):
    t = FF[locale][key].replace("%1$S", url)
    if param is not None:
        t = t.replace("%2$S", str(param))
    if learn_more:
        t += FF_LEARN_MORE.get(locale, "")
    return t


def sa_line(text, prefix=True, where=None):
    """A Safari console line as copied: "[Error] text (name, line N)"."""
    s = ("[Error] " if prefix else "") + text
    if where:
        s += " (" + where + ")"
    return s


# ---------------------------------------------------------------------------
# Value pickers
# ---------------------------------------------------------------------------
def other_page(origin):
    return page_for(origin)


def mismatch_value(origin):
    choices = [origin + "/", other_page(origin), "null"]
    if origin.startswith("https://"):
        choices.append("http://" + origin[8:])
        if "://www." in origin:
            choices.append(origin.replace("://www.", "://"))
        else:
            choices.append(origin.replace("://", "://www."))
    if "localhost:" in origin:
        choices += ["http://localhost:3000" if "3000" not in origin else "http://localhost:3001",
                    origin.replace("localhost", "127.0.0.1")]
    return rng.choice(choices)


def invalid_value(origin):
    # Values current Chromium reports as invalid (GURL(value) is not valid):
    # empty, bare host without scheme, "*.domain", "true".  A value like
    # "localhost:3000" parses as a URL with scheme "localhost", so it is avoided.
    host = re.sub(r"^[a-z]+://", "", origin)
    choices = ["", "", "true"]
    if ":" not in host and "[" not in host:
        choices += [host, "*." + host.split(".", 1)[-1]]
    return rng.choice(choices)


def multiple_value(origin):
    other = other_page(origin)
    return rng.choice([f"{origin}, {origin}", f"{origin}, {other}", f"*, {origin}",
                       f"{other} {origin}", f"{origin},{other}", f"{other}, *"])


def creds_value():
    return rng.choice(["", "", "false", "TRUE", "True", "true, true"])


# ---------------------------------------------------------------------------
# Damage: what people do to pastes
# ---------------------------------------------------------------------------
def network_line(url, method=None, status=None):
    method = method or rng.choice(["GET", "POST", "GET", "PUT", "POST"])
    s = f"{method} {url} net::ERR_FAILED"
    if status:
        s += " " + status
    return s


def wrap_text(text, width):
    """Hard-wrap at `width` columns, breaking anywhere (including inside URLs)."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def break_inside(text, url):
    """Insert a hard line break inside the URL."""
    i = text.index(url)
    cut = i + max(12, min(len(url) - 4, len(url) // 2 + rng.randint(-6, 6)))
    return text[:cut] + "\n" + text[cut:]


def curly(text):
    """What chat apps / word processors do to straight quotes."""
    out = []
    for i, ch in enumerate(text):
        if ch == "'":
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if prev.isalpha() and nxt.isalpha():
                out.append("\u2019")
            elif prev in " (\n\t":
                out.append("\u2018")
            else:
                out.append("\u2019")
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# 1. Chromium, current standard forms
# ---------------------------------------------------------------------------
def gen_chromium_standard():
    plan = ([("missing_allow_origin", False)] * 18 + [("missing_allow_origin", True)] * 5
            + [("allow_origin_mismatch", False)] * 8 + [("allow_origin_mismatch", True)] * 3
            + [("multiple_allow_origin", False)] * 4 + [("multiple_allow_origin", True)] * 2
            + [("invalid_allow_origin", False)] * 4 + [("invalid_allow_origin", True)] * 2
            + [("wildcard_origin_with_credentials", False)] * 5
            + [("wildcard_origin_with_credentials", True)] * 3
            + [("invalid_allow_credentials", False)] * 4 + [("invalid_allow_credentials", True)] * 2
            + [("preflight_invalid_status", True)] * 10 + [("preflight_redirect", True)] * 3
            + [("method_not_allowed", True)] * 5 + [("header_not_allowed", True)] * 12
            + [("invalid_allow_methods", True)] * 2 + [("invalid_allow_headers", True)] * 2
            + [("disallowed_by_mode", False)] * 2 + [("invalid_response", False)] * 2
            + [("redirect_contains_credentials", False)] * 2)
    for reason, preflight in plan:
        asset = None
        if not preflight and reason in PREFLIGHT_CAPABLE and rng.random() < 0.22:
            asset = rng.choice(["font", "script", "image", "CSS stylesheet", "manifest", "video"])
        if asset:
            kind = asset
            url = asset_url(asset)
        else:
            kind = "fetch" if rng.random() < 0.6 else "XMLHttpRequest"
            url = api_url()
        if reason == "disallowed_by_mode":
            kind = rng.choice(["script", "fetch"])
        origin = page_for(url)
        era = rng.choice(["mid", "new", "new"])
        value = None
        note = "current Chromium form"
        if reason == "allow_origin_mismatch":
            value = mismatch_value(origin)
            note = f"Allow-Origin '{value}' vs page origin"
        elif reason == "invalid_allow_origin":
            value = invalid_value(origin)
            note = "invalid Allow-Origin value" + (" (empty)" if value == "" else "")
        elif reason == "multiple_allow_origin":
            value = multiple_value(origin)
            note = "several Allow-Origin values"
        elif reason == "invalid_allow_credentials":
            value = creds_value()
            note = f"Allow-Credentials '{value}'"
        elif reason == "method_not_allowed":
            value = rng.choice(METHODS)
            note = f"method {value}"
        elif reason == "header_not_allowed":
            value = rng.choice(HEADERS_LOWER)
            note = f"header {value}"
        elif reason == "redirect_contains_credentials":
            host = re.sub(r"^[a-z]+://", "", origin_of(url))
            value = f"https://svc-user:Xk29fj@{host}{rng.choice(API_PATHS)}"
            note = "redirect to URL with userinfo"
        first = None
        if reason in ("missing_allow_origin", "allow_origin_mismatch") and not preflight \
                and not asset and rng.random() < 0.2:
            if url.startswith("https://"):
                first = "http://" + url[8:]
            else:
                first = url
                url = url + ("/" if "?" not in url and not url.endswith("/") else "&v=2")
            note += "; redirected (url is the final 'at' URL)"
        if preflight and reason in PREFLIGHT_CAPABLE:
            note += "; preflight"
        if kind not in ("fetch", "XMLHttpRequest"):
            note += f"; {kind} resource"
        if era == "mid" and kind == "fetch" and reason in ("missing_allow_origin", "allow_origin_mismatch",
                                                            "invalid_allow_origin", "multiple_allow_origin"):
            note += "; with no-cors hint"
        paste = chrome(reason, kind, url, origin, value=value, era=era, preflight=preflight, first=first)
        add("standard", "chromium", paste, url, origin, reason, note)


# ---------------------------------------------------------------------------
# 2. Chromium, older wordings
# ---------------------------------------------------------------------------
def gen_chromium_old():
    def one(wrap, reason, ctx, note, preflight=False, value=None, status=None, url=None, desc=None):
        url = url or api_url()
        origin = page_for(url)
        if desc is None:
            if reason == "allow_origin_mismatch" and value is None:
                value = mismatch_value(origin)
            d = old_desc(reason, origin, ctx, value=value, status=status, preflight=preflight)
        else:
            d = desc.format(origin=origin)
        paste = CR_OLD[wrap].format(url=url, desc=d)
        add("old_wording", "chromium", paste, url, origin if "{origin}" in (desc or "{origin}") else None,
            reason, note)

    # "XMLHttpRequest cannot load X. ..." (Blink XMLHttpRequest.cpp, ~2014-2017)
    for st in (None, 500, 404, 401, 502):
        one("xhr_wrap", "missing_allow_origin", "xhr",
            "XMLHttpRequest cannot load + therefore" + (f" + HTTP status {st}" if st else ""), status=st)
    one("xhr_wrap", "wildcard_origin_with_credentials", "xhr", "old XHR wording, withCredentials sentence")
    one("xhr_wrap", "missing_allow_origin", "xhr", "old XHR wording, preflight", preflight=True)
    one("xhr_wrap", "invalid_allow_origin", "xhr", "old: 'null' was reported as invalid", value="null")
    one("xhr_wrap", "invalid_response", "xhr", "old 'Invalid response.' wording")
    one("xhr_wrap", "preflight_invalid_status", "xhr", "old preflight status wording, no final period",
        desc=CR_OLD["preflight_status_code"].format(status=rng.choice([405, 404, 401, 403, 500])))
    one("xhr_wrap", "header_not_allowed", "xhr", "old wording keeps header case",
        desc=CR["header"].format(value=rng.choice(HEADERS_CASED)))
    one("xhr_wrap", "method_not_allowed", "xhr", "old XHR wording, method",
        desc=CR["method"].format(value=rng.choice(["PUT", "DELETE", "PATCH"])))
    one("xhr_wrap", "invalid_allow_credentials", "xhr", "old XHR wording, Allow-Credentials ''", value="")
    # "Fetch API cannot load X. ..." (Blink FetchManager.cpp, ~2015-2017)
    one("fetch_wrap", "missing_allow_origin", "fetch", "Fetch API cannot load + no-cors hint", status=404)
    one("fetch_wrap", "allow_origin_mismatch", "fetch", "Fetch API cannot load, mismatch + long hint")
    one("fetch_wrap", "multiple_allow_origin", "fetch", "Fetch API cannot load, duplicated header",
        value="http://localhost:4200, http://localhost:4200")
    # "Failed to load X: ..." (DocumentThreadableLoader.cpp, ~2017-2018)
    for st in (None, 403):
        one("failed_wrap", "missing_allow_origin", "xhr", "Failed to load X: wording" + (f", status {st}" if st else ""),
            status=st)
    one("failed_wrap", "allow_origin_mismatch", "fetch", "Failed to load, preflight mismatch", preflight=True)
    one("failed_wrap", "preflight_invalid_status", "xhr", "Failed to load + 2018 preflight wording",
        desc=CR_OLD["preflight_status_ok"])
    one("failed_wrap", "preflight_redirect", "xhr", "old preflight redirect wording, no period",
        desc=CR_OLD["preflight_redirect"])
    one("failed_wrap", "wildcard_origin_with_credentials", "fetch", "Failed to load, wildcard + credentials")
    one("failed_wrap", "invalid_allow_origin", "xhr", "Failed to load, invalid value ''", value="")
    one("failed_wrap", "header_not_allowed", "xhr", "Failed to load, header case kept",
        desc=CR["header"].format(value="X-Requested-With"))
    # redirect messages
    url = api_url(base="https://auth.orchardline.dev", path="/login?next=%2Fapi%2Fme")
    second = "https://sso.orchardline.dev/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3Aorchard"
    origin = page_for(url)
    paste = CR_OLD["failed_wrap"].format(
        url=url, desc=CR_OLD["redirect_access"].format(first=url, second=second)
        + old_desc("missing_allow_origin", origin, "xhr"))
    add("old_wording", "chromium", paste, url, origin, "missing_allow_origin",
        "old 'Redirect from A to B' wording; url is A")
    url = api_url(base="https://edge.velvetcart.store", path="/pay/return")
    second = "velvetpay://callback?state=ok"
    origin = page_for(url)
    paste = CR_OLD["failed_wrap"].format(url=url, desc=CR_OLD["redirect_scheme"].format(first=url, second=second))
    add("old_wording", "chromium", paste, url, None, "redirect_not_cors_scheme",
        "old redirect to non-http scheme; no page origin printed")
    # Failed to load 'X': not allowed by request mode (kiwibrowser era)
    url = asset_url("script")
    add("old_wording", "chromium", CR_OLD["disallowed_by_mode"].format(url=url), url, None,
        "disallowed_by_mode", "quoted URL after Failed to load")
    # "... has been blocked from loading by Cross-Origin Resource Sharing policy: ..."
    for kind_name, asset in (("Font", "font"), ("Font", "font"), ("Image", "image"), ("Script", "script")):
        url = asset_url(asset)
        resorigin = origin_of(url)
        origin = page_for(url)
        paste = CR_OLD["blocked_from_loading"].format(
            kind=kind_name, resorigin=resorigin, desc=old_desc("missing_allow_origin", origin, "other"))
        add("old_wording", "chromium", paste, resorigin, origin, "missing_allow_origin",
            "blocked from loading wording; only the resource origin is printed")
    # fetch_manager.cc same-origin mode
    url = api_url()
    origin = page_for(url)
    add("old_wording", "chromium", CR_FETCH_SAME_ORIGIN.format(url=url, origin=origin), url, origin,
        "disallowed_by_mode", "fetch mode same-origin message, origin unquoted at end")


# ---------------------------------------------------------------------------
# 3. Pages opened from disk / scheme problems (Chromium)
# ---------------------------------------------------------------------------
FILE_URLS = [
    "file:///C:/Users/priya/Desktop/site/data/menu.json",
    "file:///Users/tomas/dev/game/src/main.js",
    "file:///home/ana/projects/atlas/data/regions.geojson",
    "file:///D:/work/prototype/i18n/fr.json",
    "file:///C:/xampp/htdocs/tienda/js/productos.json",
    "file:///Users/kim/Downloads/report/assets/textures/grass_01.png",
    "file:///home/jo/site/partials/header.html",
    "file:///E:/Courses/JS/week5/weather/city.list.json",
]


def gen_chromium_file():
    f = iter(FILE_URLS)
    url = next(f)
    add("file_origin", "chromium",
        chrome("cors_disabled_scheme", "XMLHttpRequest", url, "null", schemes=SCHEME_LISTS["2023"]),
        url, "null", "cors_disabled_scheme", "page opened from disk; current scheme list")
    url = next(f)
    add("file_origin", "chromium",
        chrome("cors_disabled_scheme", "script", url, "null", schemes=SCHEME_LISTS["2023"]),
        url, "null", "cors_disabled_scheme", "ES module loaded from file://")
    url = next(f)
    add("file_origin", "chromium",
        chrome("cors_disabled_scheme", "XMLHttpRequest", url, "null", schemes=SCHEME_LISTS["2018"]),
        url, "null", "cors_disabled_scheme", "2019-2021 scheme list")
    url = next(f)
    add("file_origin", "chromium",
        CR_OLD["xhr_wrap"].format(url=url, desc=CR["scheme"].format(schemes=SCHEME_LISTS["2015"])),
        url, None, "cors_disabled_scheme", "old XHR wording, chrome-extension-resource list")
    url = next(f)
    add("file_origin", "chromium",
        CR_OLD["failed_wrap"].format(url=url, desc=CR["scheme"].format(schemes=SCHEME_LISTS["2018"])),
        url, None, "cors_disabled_scheme", "Failed to load file: wording")
    url = next(f)
    add("file_origin", "chromium",
        chrome("cors_disabled_scheme", "image", url, "null", schemes=SCHEME_LISTS["2023"]),
        url, "null", "cors_disabled_scheme", "texture image from disk")
    url = next(f)
    add("file_origin", "chromium", CR_FETCH_SCHEME.format(url=url, scheme="file"), url, None,
        "cors_disabled_scheme", "fetch() of file: URL")
    url = next(f)
    add("file_origin", "chromium",
        chrome("cors_disabled_scheme", "XMLHttpRequest", url, "null", schemes=SCHEME_LISTS["brave"]),
        url, "null", "cors_disabled_scheme", "Brave scheme list")
    url = "localhost:8081/api/items?page=1"
    add("file_origin", "chromium",
        chrome("cors_disabled_scheme", "XMLHttpRequest", url, "http://localhost:3000",
               schemes=SCHEME_LISTS["2023"]),
        url, "http://localhost:3000", "cors_disabled_scheme", "URL typed without http://")
    url = "localhost:5000/predict"
    add("file_origin", "chromium",
        CR_OLD["failed_wrap"].format(url=url, desc=CR["scheme"].format(schemes=SCHEME_LISTS["2018"])),
        url, None, "cors_disabled_scheme", "scheme-less URL, Failed to load wording")
    url = api_url()
    add("file_origin", "chromium", chrome("missing_allow_origin", "fetch", url, "null", era="mid"),
        url, "null", "missing_allow_origin", "opaque origin 'null' (sandboxed/file page)")
    url = api_url()
    add("file_origin", "chromium",
        chrome("allow_origin_mismatch", "XMLHttpRequest", url, "null", value="http://localhost", era="new"),
        url, "null", "allow_origin_mismatch", "origin 'null' page, server echoes fixed origin")


# ---------------------------------------------------------------------------
# 4. Private / Local Network Access (Chromium)
# ---------------------------------------------------------------------------
def gen_chromium_lna():
    lan = ["http://192.168.1.1/api/status", "http://192.168.0.50/cgi-bin/status.json",
           "http://10.0.0.14:8123/api/states", "http://printer-3f.local/ipp/info",
           "http://172.16.4.20:9090/metrics", "http://192.168.178.31:8080/rpc"]
    loop = ["http://localhost:8000/api/ping", "http://127.0.0.1:11434/api/tags",
            "http://localhost:9222/json/version", "http://[::1]:9000/api/ping", "http://127.0.0.1:5000/predict"]
    public_pages = ["https://app.lumenfold.io", "https://tools.mapwright.io", "https://hq.bramblewood.ai",
                    "https://studio.harborlight.tv", "https://setup.corvid-labs.de"]
    cases = [
        ("missing_acapn", rng.choice(lan), "private", "private_network", "preflight: ACAPN header missing"),
        ("missing_acapn", rng.choice(loop), "loopback", "private_network", "preflight: ACAPN missing, loopback"),
        ("missing_acapn", rng.choice(loop), "local", "private_network", "ACAPN missing, older `local` name"),
        ("invalid_acapn", rng.choice(lan), "private", "private_network", "ACAPN 'false' (note double space)"),
        ("insecure_private", rng.choice(lan), "private", "private_network", "http page -> private address"),
        ("insecure_private", rng.choice(loop), "local", "private_network", "http page -> localhost (2021 names)"),
        ("insecure_private", rng.choice(loop), "loopback", "private_network", "current LNA names"),
        ("pna_target_mismatch", rng.choice(lan), "private", "private_network", "targetAddressSpace mismatch"),
        ("pna_no_target", rng.choice(loop), "loopback", "private_network", "no target address space"),
        ("pna_missing_id", rng.choice(lan), "private", "private_network", "Private-Network-Access-Id missing"),
        ("pna_perm_unavailable", rng.choice(lan), "private", "local_network_access", "permission prompt unavailable"),
        ("lna_perm_denied", rng.choice(lan), "local", "local_network_access", "LNA permission denied, `local`"),
        ("lna_perm_denied", rng.choice(loop), "loopback", "local_network_access", "LNA permission denied, loopback"),
        ("lna_perm_denied", rng.choice(lan), "private", "local_network_access", "PNA-era permission denied"),
    ]
    for key, url, space, reason, note in cases:
        origin = rng.choice(public_pages)
        if key == "insecure_private":
            origin = rng.choice(["http://kiosk.corvid-labs.de", "http://intranet.saffron-kitchen.com.au",
                                 "http://demo.lumenfold.io"])
        body = CR[key].format(space=space, value="false", target="public")
        if key in ("missing_acapn", "invalid_acapn"):
            body = CR_PREFLIGHT + body
        kind = rng.choice(["fetch", "fetch", "XMLHttpRequest"])
        add("local_network", "chromium", chrome(reason, kind, url, origin, body=body), url, origin, reason, note)
    # pre-2019 experimental form
    url = rng.choice(lan)
    add("local_network", "chromium", CR_OLD["failed_wrap"].format(url=url, desc=CR_OLD["external_nonsecure"]),
        url, None, "private_network", "2017 CORS-RFC1918 experiment wording")


# ---------------------------------------------------------------------------
# 5. Chromium fragments, damaged pastes, redactions
# ---------------------------------------------------------------------------
def base_chrome():
    """A random current-form Chromium message: (paste, url, origin, reason, kind)."""
    reason, preflight = rng.choice([
        ("missing_allow_origin", False), ("missing_allow_origin", False), ("missing_allow_origin", True),
        ("header_not_allowed", True), ("preflight_invalid_status", True), ("allow_origin_mismatch", False),
        ("wildcard_origin_with_credentials", False), ("method_not_allowed", True),
        ("multiple_allow_origin", False), ("invalid_allow_credentials", True)])
    kind = rng.choice(["fetch", "fetch", "XMLHttpRequest"])
    url = api_url()
    origin = page_for(url)
    value = {"allow_origin_mismatch": lambda: mismatch_value(origin),
             "multiple_allow_origin": lambda: multiple_value(origin),
             "invalid_allow_credentials": creds_value,
             "header_not_allowed": lambda: rng.choice(HEADERS_LOWER),
             "method_not_allowed": lambda: rng.choice(METHODS)}.get(reason, lambda: None)()
    era = rng.choice(["mid", "new"])
    return chrome(reason, kind, url, origin, value=value, era=era, preflight=preflight), url, origin, reason, kind


def gen_chromium_damaged():
    # --- fragments: reason with no URL -------------------------------------
    frags = [
        (CR["missing"], "missing_allow_origin", "reason sentence only"),
        (CR_PREFLIGHT + CR["preflight_status"], "preflight_invalid_status", "preflight reason only"),
        ("has been blocked by CORS policy: " + CR["header"].format(value="x-tenant-id"), "header_not_allowed",
         "tail of message from 'has been blocked'"),
        ("blocked by CORS policy: " + CR["wildcard"], "wildcard_origin_with_credentials", "tail only, no URL"),
        (CR["method"].format(value="DELETE").rstrip("."), "method_not_allowed", "reason only, no period"),
        ("CORS error: " + CR["bad_headers"], "invalid_allow_headers", "user prefix + reason only"),
        (CR["mismatch"].format(value="http://localhost:3000") + CR["nocors_new"], "allow_origin_mismatch",
         "reason only, value but no page origin"),
    ]
    for text, reason, note in frags:
        add("fragment", "chromium", text, None, None, reason, note)

    # --- paste starts mid-URL --------------------------------------------
    for _ in range(2):
        paste, url, origin, reason, kind = base_chrome()
        i = paste.index(url) + rng.randint(9, 14)
        add("fragment", "chromium", paste[i:], url[i - paste.index(url):], origin, reason,
            "paste starts mid-URL; url is the visible tail")
    paste, url, origin, reason, kind = base_chrome()
    cut = paste.index("from origin")
    add("fragment", "chromium", paste[cut:], None, origin, reason, "starts at 'from origin', URL cut off")

    # --- damaged -----------------------------------------------------------
    def damaged(fn, note):
        paste, url, origin, reason, kind = base_chrome()
        paste, url, origin = fn(paste, url, origin, kind)
        add("damaged", "chromium", paste, url, origin, reason, note)

    damaged(lambda p, u, o, k: (rng.choice(JS_FILES) + " " + p, u, o), "console source link before")
    damaged(lambda p, u, o, k: (rng.choice(JS_FILES) + " " + p, u, o), "console source link before")
    damaged(lambda p, u, o, k: (rng.choice(JS_FILES) + p, u, o), "source link glued, no space")
    damaged(lambda p, u, o, k: (p.replace("blocked by CORS policy: ", "blocked by CORS policy: "
                                          + rng.choice(JS_FILES) + " ", 1), u, o),
            "source link glued inside the message")
    damaged(lambda p, u, o, k: (p + "\n" + rng.choice(JS_FILES), u, o), "source link on the line after")
    damaged(lambda p, u, o, k: ("`" + p + "`", u, o), "whole message in backticks")
    damaged(lambda p, u, o, k: ("```\n" + p + "\n```", u, o), "Markdown code fence")
    damaged(lambda p, u, o, k: ("```console\n" + rng.choice(JS_FILES) + " " + p + "\n"
                                + network_line(u, status="200 (OK)") + "\n```", u, o),
            "code fence + network line after")
    damaged(lambda p, u, o, k: (p.replace("'" + u + "'", "'`" + u + "`'", 1), u, o), "URL wrapped in backticks")
    damaged(lambda p, u, o, k: (p[:-1] if p.endswith(".") else p, u, o), "trailing period dropped")
    damaged(lambda p, u, o, k: (break_inside(p, u), u, o), "hard line break inside the quoted URL (url rejoined)")
    damaged(lambda p, u, o, k: (wrap_text(p, 76), u, o), "hard-wrapped at 76 columns (url/origin rejoined)")
    damaged(lambda p, u, o, k: ("\n".join("> " + ln for ln in wrap_text(p, 90).split("\n")), u, o),
            "'> ' on every wrapped line (url/origin rejoined)")
    damaged(lambda p, u, o, k: (network_line(u, status=rng.choice(["200 (OK)", "404 (Not Found)",
                                                                    "500 (Internal Server Error)"]))
                                + "\n" + p, u, o), "network ERR_FAILED line before")
    damaged(lambda p, u, o, k: (p + "\n" + rng.choice(JS_FILES) + " " + network_line(u), u, o),
            "network ERR_FAILED line after")
    damaged(lambda p, u, o, k: (p + "\nUncaught (in promise) TypeError: Failed to fetch\n"
                                "    at loadDashboard (dashboard.ts:118:23)", u, o),
            "Uncaught TypeError + stack after")
    damaged(lambda p, u, o, k: ("TypeError: Failed to fetch\n" + p + "\nFailed to load resource: net::ERR_FAILED",
                                u, o), "Failed to fetch before, Failed to load resource after")
    damaged(lambda p, u, o, k: (rng.choice(["14:02:33.918 ", "09:47:11.204 "]) + p, u, o), "devtools timestamp")
    damaged(lambda p, u, o, k: ("[2024-03-08 10:21:07] " + p, u, o), "log timestamp prefix")
    damaged(lambda p, u, o, k: ("    " + p, u, o), "leading whitespace")
    damaged(lambda p, u, o, k: (curly(p), u, o), "straight quotes turned curly")
    damaged(lambda p, u, o, k: (p + "\n" + p, u, o), "same message pasted twice")
    damaged(lambda p, u, o, k: ("I get this error in the console:\n\n" + p + "\n\nany idea?", u, o),
            "user prose around it")
    # old wording, damaged
    url = api_url()
    origin = page_for(url)
    p = CR_OLD["xhr_wrap"].format(url=url, desc=old_desc("missing_allow_origin", origin, "xhr", status=500))
    add("damaged", "chromium", rng.choice(JS_FILES) + " " + wrap_text(p, 80), url, origin,
        "missing_allow_origin", "old XHR wording, source link, wrapped (rejoined)")

    # --- redacted ------------------------------------------------------------
    def red(url_repl, origin_repl, note, base=None):
        paste, url, origin, reason, kind = base or base_chrome()
        new_url, new_origin = url, origin
        if url_repl is not None:
            new_url = url_repl(url)
            paste = paste.replace("'" + url + "'", "'" + new_url + "'", 1)
        if origin_repl is not None:
            new_origin = origin_repl(origin)
            paste = paste.replace("from origin '" + origin + "'", "from origin '" + new_origin + "'", 1)
        add("redacted", "chromium", paste, new_url if new_url != "" else None,
            new_origin if new_origin != "" else None, reason, note, redacted=True)

    def host_sub(marker):
        return lambda u: re.sub(r"^([a-z]+://)[^/]+", lambda m: m.group(1) + marker, u)

    red(host_sub("XXXXX"), None, "API host replaced by XXXXX")
    red(host_sub("xxx.xxx.xxx.xxx"), None, "IP address masked")
    red(host_sub("*****"), host_sub("*****"), "both hosts starred out")
    red(lambda u: "[URL]", None, "URL replaced by [URL]")
    red(lambda u: "<your-api>", None, "URL replaced by <your-api>")
    red(lambda u: re.sub(r"^([a-z]+://[^/]+).*$", r"\1/...", u), None, "path replaced by ...")
    red(lambda u: "", None, "URL blanked")
    red(None, lambda o: "https://XXXXXXXX.com", "page origin replaced by XXXXXXXX")
    red(None, lambda o: "[my-site]", "page origin replaced by [my-site]")
    red(host_sub("my-api"), lambda o: "http://localhost:XXXX", "host and port placeholders")
    red(lambda u: re.sub(r"\?.*$", "?token=REDACTED", u) if "?" in u else u + "?key=<redacted>", None,
        "query secret redacted")


# ---------------------------------------------------------------------------
# 6. Firefox
# ---------------------------------------------------------------------------
FF_STATUS = ["200", "404", "500", "502", "401", "403", "301", "503", "200"]


def ff_param(key, url):
    if key in ("CORSDidNotSucceed2",):
        return rng.choice(["(null)", "(null)", "502", "504", "200"])
    if key in ("CORSMissingAllowOrigin2", "CORSPreflightDidNotSucceed3"):
        return rng.choice(FF_STATUS if key == "CORSMissingAllowOrigin2" else ["404", "405", "401", "403", "500", "400"])
    if key == "CORSAllowOriginNotMatchingOrigin":
        return mismatch_value(page_for(url)).replace("null", "http://localhost:8080")
    if key in ("CORSMissingAllowHeaderFromPreflight2", "CORSMissingAllowHeaderFromPreflight"):
        return rng.choice(HEADERS_LOWER)
    if key == "CORSInvalidAllowMethod":
        return rng.choice(["GET POST", "*;", "GET,POST;", "[GET]"])
    if key == "CORSInvalidAllowHeader":
        return rng.choice(["Content-Type Authorization", "x-api-key;", "{Authorization}", "Content-Type:"])
    return None


def gen_firefox():
    en_keys = ["CORSMissingAllowOrigin2"] * 6 + ["CORSDidNotSucceed2"] * 3 + ["CORSPreflightDidNotSucceed3"] * 2 + [
        "CORSAllowOriginNotMatchingOrigin", "CORSNotSupportingCredentials", "CORSMissingAllowHeaderFromPreflight2",
        "CORSAllowOriginNotMatchingOrigin",
        "CORSMultipleAllowOriginNotAllowed", "CORSNotSupportingCredentials",
        "CORSMethodNotFound", "CORSMissingAllowCredentials", "CORSPreflightDidNotSucceed3",
        "CORSPreflightDidNotSucceed3", "CORSInvalidAllowMethod",
        "CORSInvalidAllowHeader", "CORSMissingAllowHeaderFromPreflight2",
        "CORSMissingAllowHeaderFromPreflight2", "CORSAllowHeaderFromPreflightDeprecation",
        "CORSAllowHeaderFromPreflightDeprecation", "CORSDisabled", "CORSOriginHeaderNotAdded"]
    for key in en_keys:
        url = api_url()
        param = ff_param(key, url)
        lm = rng.random() < 0.45
        note = "current Firefox English" + (" + [Learn More]" if lm else "")
        if param is not None and key not in ("CORSMissingAllowOrigin2", "CORSDidNotSucceed2",
                                              "CORSPreflightDidNotSucceed3"):
            note += f"; value {param}"
        elif param:
            note += f"; status {param}"
        add("standard", "firefox", ff("en", key, url, param, lm), url, None, FF_REASON[key], note)

    # Firefox 68-era English wordings
    for key in ("CORSDidNotSucceed", "CORSMissingAllowOrigin", "CORSPreflightDidNotSucceed",
                "CORSMissingAllowHeaderFromPreflight"):
        url = api_url()
        param = ff_param(key, url)
        add("old_wording", "firefox", ff("en68", key, url, param), url, None, FF_REASON[key],
            "Firefox 68-era wording, no status code")

    # localized
    for loc, keys in FF.items():
        if loc in ("en", "en68"):
            continue
        n = 3 if loc in ("de", "zh-CN") else 2
        for key in rng.sample(sorted(keys), min(n, len(keys))):
            if key == "CORSRequestNotHttp":
                url = rng.choice(FILE_URLS)
            else:
                url = api_url()
            param = ff_param(key, url)
            lm = loc == "de" and rng.random() < 0.5
            add("localized", "firefox", ff(loc, key, url, param, lm), url, None, FF_REASON[key],
                f"Firefox {loc} {key}" + (" + learn-more label" if lm else ""))

    # file: pages
    for fu in ("file:///home/ana/site/data/catalog.json", "file:///C:/Users/marc/Documents/demo/config.json"):
        add("file_origin", "firefox", ff("en", "CORSRequestNotHttp", fu, None, rng.random() < 0.5), fu, None,
            "cors_disabled_scheme", "Firefox page opened from disk")
    fu = "file:///Users/lea/Sites/quiz/questions.json"
    add("file_origin", "firefox", ff("en68", "CORSRequestNotHttp", fu), fu, None, "cors_disabled_scheme",
        "Firefox 68 file: request")

    # fragments / damaged / redacted
    add("fragment", "firefox", "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
        None, None, "missing_allow_origin", "Firefox reason clause only")
    add("fragment", "firefox", "Reason: CORS request did not succeed", None, None, "did_not_succeed",
        "reason words only, no parentheses")
    url = api_url()
    p = ff("en", "CORSMissingAllowHeaderFromPreflight2", url, "authorization")
    add("fragment", "firefox", p[p.index("(Reason"):], None, None, "header_not_allowed", "reason clause only")
    url = api_url()
    p = ff("en", "CORSDidNotSucceed2", url, "(null)", True)
    add("damaged", "firefox", p + "\nTypeError: NetworkError when attempting to fetch resource.", url, None,
        "did_not_succeed", "followed by Firefox TypeError line")
    url = api_url()
    p = ff("en", "CORSPreflightDidNotSucceed3", url, "405")
    add("damaged", "firefox", "```\n" + wrap_text(p, 72) + "\n```", url, None, "preflight_invalid_status",
        "code fence, wrapped at 72 columns (url rejoined)")
    url = api_url()
    p = ff("en", "CORSMissingAllowOrigin2", url, "404", True)
    add("damaged", "firefox", "> " + p.replace(" [Learn More]", ""), url, None, "missing_allow_origin",
        "quoted with '> ', learn-more dropped")
    url = api_url()
    p = ff("en", "CORSNotSupportingCredentials", url)
    add("damaged", "firefox", break_inside(p, url), url, None, "wildcard_origin_with_credentials",
        "line break inside the quoted URL (rejoined)")
    url = api_url()
    p = ff("en", "CORSAllowOriginNotMatchingOrigin", url, "https://app.lumenfold.io/")
    add("damaged", "firefox", p.rstrip(".") + "\n", url, None, "allow_origin_mismatch",
        "no final period, trailing newline")
    url = api_url()
    red_url = re.sub(r"^([a-z]+://)[^/]+", r"\1XXXX", url)
    add("redacted", "firefox", ff("en", "CORSMissingAllowOrigin2", red_url, "200"), red_url, None,
        "missing_allow_origin", "host replaced by XXXX", redacted=True)
    add("redacted", "firefox", ff("en", "CORSDidNotSucceed2", "[URL]", "(null)", True), "[URL]", None,
        "did_not_succeed", "URL replaced by [URL]", redacted=True)
    add("redacted", "firefox",
        ff("en", "CORSAllowOriginNotMatchingOrigin", "https://api.*****.com/v1/session", "https://*****.com"),
        "https://api.*****.com/v1/session", None, "allow_origin_mismatch", "hosts starred out", redacted=True)


# ---------------------------------------------------------------------------
# 7. Safari / WebKit
# ---------------------------------------------------------------------------
def sa_reason_text(reason, origin, url):
    """(text, note) of a current WebKit reason line."""
    if reason == "origin_not_allowed":
        st = rng.choice([200, 200, 404, 500, 401, 302, 403, 204])
        return WK["origin_status"].format(origin=origin, status=st), f"status {st}"
    if reason == "preflight_invalid_status":
        st = rng.choice([403, 404, 405, 401, 500])
        return WK["preflight_status"].format(status=st), f"status {st}"
    if reason == "wildcard_origin_with_credentials":
        return WK["wildcard"], "credentials + '*'"
    if reason == "multiple_allow_origin":
        return WK["multiple"], "several origins"
    if reason == "invalid_allow_credentials":
        return WK["credentials"], "credentials flag message"
    if reason == "method_not_allowed":
        m = rng.choice(["PUT", "DELETE", "PATCH"])
        return WK["method"].format(value=m), f"method {m}"
    if reason == "header_not_allowed":
        h = rng.choice(["Content-Type", "Authorization", "x-api-key", "X-Requested-With", "x-client-id"])
        return WK["header"].format(value=h), f"header {h}"
    if reason == "invalid_allow_headers":
        v = rng.choice(["Content-Type Authorization", "x-api-key;"])
        return WK["bad_headers"].format(value=v), "unparsable Allow-Headers"
    if reason == "invalid_allow_methods":
        return WK["bad_methods"].format(value="GET POST OPTIONS"), "unparsable Allow-Methods"
    if reason == "redirect_not_cors_scheme":
        return WK["redirect_scheme"], "redirect to non-CORS scheme"
    if reason == "redirect_contains_credentials":
        host = re.sub(r"^[a-z]+://", "", origin_of(url))
        return WK["redirect_creds"].format(value=f"https://deploy:tok3n@{host}/v2/"), "redirect URL with userinfo"
    if reason == "disallowed_by_mode":
        return WK["same_origin_mode"], "same-origin fetch mode"
    raise KeyError(reason)


def gen_safari():
    # current form: reason line + "... due to access control checks."
    plan = (["origin_not_allowed"] * 7 + ["preflight_invalid_status"] * 4 + ["wildcard_origin_with_credentials"] * 2
            + ["multiple_allow_origin", "invalid_allow_credentials", "method_not_allowed", "header_not_allowed",
               "header_not_allowed", "invalid_allow_headers", "invalid_allow_methods", "redirect_not_cors_scheme",
               "redirect_contains_credentials", "disallowed_by_mode"])
    for i, reason in enumerate(plan):
        url = api_url()
        origin = page_for(url)
        text, note = sa_reason_text(reason, origin, url)
        api = rng.choice(["Fetch API", "Fetch API", "XMLHttpRequest"])
        if reason == "disallowed_by_mode":
            api = "Fetch API"
        due = WK["due"].format(api=api, url=url)
        style = i % 4
        if style == 0:      # plain two lines, as printed
            paste = text + "\n" + due
            kind, n = "standard", "reason line then due-to line"
        elif style == 1:    # copied with [Error] prefixes
            paste = sa_line(text) + "\n" + sa_line(due)
            kind, n = "safari_variant", "[Error] prefixes"
        elif style == 2:    # prefixes + (name, line 0) on the network line
            paste = sa_line(text, where=display_name(url) + ", line 0") + "\n" + sa_line(
                due, where=rng.choice(["app.js, line 214", "main.8c1d2e.js, line 2", "index.html, line 88"]))
            kind, n = "safari_variant", "[Error] prefixes + (name, line N) suffixes"
        else:               # due-to line first, reason after
            paste = sa_line(due) + "\n" + sa_line(text)
            kind, n = "safari_variant", "due-to line first, reason on the next line"
        o = origin if "{origin}" in WK.get({"origin_not_allowed": "origin_status"}.get(reason, "x"), "") else None
        add(kind, "safari", paste, url, o, reason, n + "; " + note)

    # plain two-line pairs, as printed
    for reason in ("origin_not_allowed", "origin_not_allowed", "preflight_invalid_status", "origin_not_allowed",
                   "header_not_allowed", "preflight_invalid_status"):
        url = api_url()
        origin = page_for(url)
        text, note = sa_reason_text(reason, origin, url)
        paste = text + "\n" + WK["due"].format(api=rng.choice(["Fetch API", "XMLHttpRequest"]), url=url)
        add("standard", "safari", paste, url, origin if reason == "origin_not_allowed" else None, reason,
            "reason line then due-to line; " + note)

    # only the generic line
    for i in range(8):
        url = api_url()
        api = rng.choice(["Fetch API", "XMLHttpRequest", "Fetch API"])
        due = WK["due"].format(api=api, url=url)
        if i % 3 == 0:
            paste, n = due, "generic due-to line only"
        elif i % 3 == 1:
            paste, n = sa_line(due), "[Error] + generic line"
        else:
            paste, n = sa_line(due, where=rng.choice(["vendor.js, line 2", "api.js, line 57"])) + \
                "\n" + sa_line("TypeError: Load failed"), "generic line + TypeError: Load failed"
        add("safari_variant" if i % 3 else "standard", "safari", paste, url, None, "access_control_checks", n)
    url = api_url(path="/events/stream?topic=orders")
    add("safari_variant", "safari", sa_line(WK["due"].format(api="EventSource", url=url)),
        url, None, "access_control_checks", "EventSource variant of the due-to line")

    # older WebKit: "XMLHttpRequest cannot load X. <reason>" / "Fetch API cannot load X. <reason>"
    old = [("origin_not_allowed", "XMLHttpRequest"), ("origin_not_allowed", "XMLHttpRequest"),
           ("origin_not_allowed", "Fetch API"), ("header_not_allowed", "XMLHttpRequest"),
           ("preflight_invalid_status", "XMLHttpRequest"), ("preflight_invalid_status", "Fetch API"),
           ("invalid_allow_credentials", "XMLHttpRequest"), ("method_not_allowed", "XMLHttpRequest"),
           ("wildcard_origin_with_credentials", "XMLHttpRequest"), ("header_not_allowed", "Fetch API")]
    for reason, api in old:
        url = api_url()
        origin = page_for(url)
        o = None
        if reason == "origin_not_allowed":
            desc, o = WK["origin_old"].format(origin=origin), origin
        elif reason == "preflight_invalid_status":
            desc = WK["preflight_old"]
        elif reason == "header_not_allowed":
            desc = WK["header"].format(value=rng.choice(HEADERS_CASED))
        elif reason == "method_not_allowed":
            desc = WK["method"].format(value="DELETE")
        elif reason == "invalid_allow_credentials":
            desc = WK["credentials"]
        else:
            desc = WK["wildcard"]
        paste = WK["old_wrap"].format(api=api, url=url, desc=desc)
        if rng.random() < 0.5:
            paste = sa_line(paste)
        add("old_wording", "safari", paste, url, o, reason, f"older WebKit '{api} cannot load X. reason'")

    # opaque origin / file pages
    url = api_url()
    add("file_origin", "safari", WK["old_wrap"].format(api="XMLHttpRequest", url=url,
                                                       desc=WK["null_origin"].format(origin="null")),
        url, "null", "opaque_origin", "Cannot make any requests from null.")
    url = api_url()
    add("file_origin", "safari", sa_line(WK["null_origin"].format(origin="null")) + "\n"
        + sa_line(WK["due"].format(api="XMLHttpRequest", url=url)), url, "null", "opaque_origin",
        "null-origin line + due-to line")
    fu = "file:///Users/nadia/Desktop/portfolio/data/projects.json"
    add("file_origin", "safari", sa_line(WK["http_only"]) + "\n" + sa_line(WK["due"].format(api="Fetch API", url=fu)),
        fu, None, "cors_disabled_scheme", "page from disk, 'only supported for HTTP'")
    fu = "file:///Users/ben/code/slides/notes.md"
    add("file_origin", "safari", WK["old_wrap"].format(api="XMLHttpRequest", url=fu, desc=WK["http_only"]),
        fu, None, "cors_disabled_scheme", "older WebKit, file: URL")
    url = api_url()
    add("file_origin", "safari", sa_line(WK["origin_status"].format(origin="null", status=200)) + "\n"
        + sa_line(WK["due"].format(api="Fetch API", url=url)), url, "null", "origin_not_allowed",
        "origin null not allowed")
    url = api_url()
    add("damaged", "safari", sa_line(WK["redirect_bad_scheme"]) + "\n" + sa_line(WK["due"].format(api="Fetch API", url=url)),
        url, None, "redirect_not_cors_scheme", "redirect to non-http scheme")

    # fragments / damaged / redacted
    add("fragment", "safari", WK["preflight_status"].format(status=405), None, None, "preflight_invalid_status",
        "Safari reason only")
    add("fragment", "safari", "[Error] " + WK["origin_status"].format(origin="https://app.lumenfold.io", status=0),
        None, "https://app.lumenfold.io", "origin_not_allowed", "reason line only, status 0")
    url = api_url()
    origin = page_for(url)
    p = sa_line(WK["origin_status"].format(origin=origin, status=404)) + "\n" + sa_line(WK["due"].format(api="Fetch API", url=url))
    add("damaged", "safari", "```\n" + p + "\n```", url, origin, "origin_not_allowed", "code fence around Safari lines")
    url = api_url()
    p = sa_line(WK["due"].format(api="XMLHttpRequest", url=url))
    add("damaged", "safari", break_inside(p, url), url, None, "access_control_checks", "line break inside URL (rejoined)")
    url = api_url()
    origin = page_for(url)
    p = WK["origin_status"].format(origin=origin, status=200) + "\n" + WK["due"].format(api="Fetch API", url=url)
    add("damaged", "safari", "\n".join("> " + ln for ln in p.split("\n")), url, origin, "origin_not_allowed",
        "'> ' quoted lines")
    url = api_url()
    origin = page_for(url)
    p = "[Error] " + WK["header"].format(value="Authorization").rstrip(".") + "\n[Error] " + \
        WK["due"].format(api="Fetch API", url=url).rstrip(".")
    add("damaged", "safari", p, url, None, "header_not_allowed", "periods dropped")
    url = api_url()
    red = re.sub(r"^([a-z]+://)[^/]+", r"\1XXXXXXXX", url)
    add("redacted", "safari", sa_line(WK["origin_status"].format(origin="https://XXXXXXXX", status=200)) + "\n"
        + sa_line(WK["due"].format(api="Fetch API", url=red)), red, "https://XXXXXXXX", "origin_not_allowed",
        "hosts replaced by XXXXXXXX", redacted=True)
    add("redacted", "safari", sa_line(WK["due"].format(api="XMLHttpRequest", url="<api-url>")), "<api-url>", None,
        "access_control_checks", "URL replaced by <api-url>", redacted=True)
    url = api_url()
    origin = page_for(url)
    add("redacted", "safari", sa_line(WK["preflight_status"].format(status=401)) + "\n"
        + sa_line(WK["due"].format(api="Fetch API", url="https://.../api/v1/me")), "https://.../api/v1/me", None,
        "preflight_invalid_status", "host replaced by ...", redacted=True)


# ---------------------------------------------------------------------------
def main():
    gen_chromium_standard()
    gen_chromium_old()
    gen_chromium_file()
    gen_chromium_lna()
    gen_chromium_damaged()
    gen_firefox()
    gen_safari()
    order = list(range(len(ENTRIES)))
    rng.shuffle(order)
    out = []
    for n, i in enumerate(order, 1):
        e = ENTRIES[i]
        out.append({"id": f"h{n:03d}", **e})
    here = os.path.dirname(os.path.abspath(__file__))
    dest = os.path.join(os.path.dirname(here), "console-holdout.json")
    with open(dest, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return out


if __name__ == "__main__":
    main()
