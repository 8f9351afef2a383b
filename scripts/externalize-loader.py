#!/usr/bin/env python3
"""Trunk post-build hook: moves Trunk's inline loader <script type="module"> into
its own file and adds the page's Content-Security-Policy, so the built page runs
no inline script (script-src 'self' 'wasm-unsafe-eval'). Then writes each
file's pre-compressed copies beside it (NAME.gz, gzip -9; NAME.br, brotli
quality 11, when Python's brotli module is there: scripts/setup.sh installs it),
which the lab serves to browsers that accept them."""
import gzip
import hashlib
import os
import re
import sys

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src *; "
    "frame-src http://localhost:*; "
    "object-src 'none'; base-uri 'self'; form-action 'none'"
)

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
base = public_url.rstrip("/") + "/"
index = os.path.join(staging, "index.html")
html = open(index, encoding="utf-8").read()
# `<meta name="corscope-build" content="split-wasm [BIN [FEATURES]]" />`: the
# wasm is built here, split into parts (scripts/build-split-app.py).
split = re.search(r'<meta name="corscope-build" content="split-wasm ?([^"]*)" />', html)
if split:
    SPLIT = split.group(0)
    args = split.group(1).split()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import importlib
    split_app = importlib.import_module("build-split-app")
    body, main_js, main_wasm = split_app.build(
        staging, os.environ.get("TRUNK_PROFILE") == "release", *args[:2]
    )
    preload = (
        f'<link rel="modulepreload" href="{base}{main_js}" />\n  '
        f'<link rel="preload" href="{base}{main_wasm}" as="fetch" type="application/wasm" crossorigin="" />\n  '
    )
    html = html.replace(SPLIT, preload.rstrip() + "\n  <script type=\"module\">" + body + "</script>")
    html = re.sub(r"\s*<link data-trunk rel=\"rust\"[^>]*data-trunk-skip[^>]*/>", "", html)
scripts = re.findall(r"<script type=\"module\">(.*?)</script>", html, flags=re.S)
if len(scripts) != 1:
    sys.exit(f"externalize-loader: expected one inline module script in {index}, found {len(scripts)}")
body = scripts[0]
name = "loader-" + hashlib.sha256(body.encode()).hexdigest()[:16] + ".js"
open(os.path.join(staging, name), "w", encoding="utf-8").write(body)
src = base + name
html = html.replace(f"<script type=\"module\">{body}</script>", f"<script type=\"module\" src=\"{src}\"></script>")
meta = f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\" />"
html = html.replace("<meta charset=\"utf-8\" />", "<meta charset=\"utf-8\" />\n  " + meta, 1)
if "<script>" in html or re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("externalize-loader: an inline script is left in index.html")
open(index, "w", encoding="utf-8").write(html)

try:
    import brotli
except ImportError:
    brotli = None
    print("externalize-loader: Python's brotli module is missing; writing .gz copies only", file=sys.stderr)
for entry in sorted(os.listdir(staging)):
    if not entry.endswith((".wasm", ".js", ".css", ".html", ".dat")):
        continue
    path = os.path.join(staging, entry)
    data = open(path, "rb").read()
    # mtime=0: the same build gives the same bytes.
    open(path + ".gz", "wb").write(gzip.compress(data, 9, mtime=0))
    if brotli is not None:
        open(path + ".br", "wb").write(brotli.compress(data, quality=11))
