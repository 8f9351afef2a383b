#!/usr/bin/env python3
"""Fills every locale's CORS messages (security.properties files in the folder
given) with a URL and values, with the reason each means: JSON on stdout, for
crates/engine/tests/firefox_locales.rs (scripts/firefox-locales.sh)."""
import glob, json, os, re, sys

REASONS = {
    "CORSDisabled": "cors_disabled",
    "CORSDidNotSucceed2": "did_not_succeed",
    "CORSOriginHeaderNotAdded": "origin_header_not_added",
    "CORSExternalRedirectNotAllowed": "preflight_redirect",
    "CORSRequestNotHttp": "cors_disabled_scheme",
    "CORSMissingAllowOrigin2": "missing_allow_origin",
    "CORSMultipleAllowOriginNotAllowed": "multiple_allow_origin",
    "CORSAllowOriginNotMatchingOrigin": "allow_origin_mismatch",
    "CORSNotSupportingCredentials": "wildcard_origin_with_credentials",
    "CORSMethodNotFound": "method_not_allowed",
    "CORSMissingAllowCredentials": "invalid_allow_credentials",
    "CORSPreflightDidNotSucceed3": "preflight_invalid_status",
    "CORSInvalidAllowMethod": "invalid_allow_methods",
    "CORSInvalidAllowHeader": "invalid_allow_headers",
    "CORSMissingAllowHeaderFromPreflight2": "header_not_allowed",
}
URL = "https://api.lokal.test/v1/items?id=7"
SECOND = {
    "CORSAllowOriginNotMatchingOrigin": "https://web.lokal.test",
    "CORSInvalidAllowMethod": "GET;",
    "CORSInvalidAllowHeader": "x-a;",
    "CORSMissingAllowHeaderFromPreflight2": "x-token",
}

out = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.properties"))):
    locale = os.path.basename(path)[: -len(".properties")]
    props = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(CORS\w+)\s*=\s*(.*)$", line.rstrip("\n"))
            if m:
                props[m.group(1)] = m.group(2)
    for key, reason in REASONS.items():
        text = props.get(key)
        if text:
            second = SECOND.get(key, "404")
            paste = text.replace("%1$S", URL).replace("%2$S", second).replace("%3$S", "404").replace("%S", URL)
            out.append({"locale": locale, "key": key, "reason": reason, "paste": paste, "url": URL})
json.dump(out, sys.stdout, ensure_ascii=False)
