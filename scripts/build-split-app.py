#!/usr/bin/env python3
"""Builds corscope's wasm split into parts (issue #18): the first view in the
main module, the deferred parts in the chunks src/deferred.rs names (`later`,
`history`), fetched once the first view is painted. Trunk cannot split, so the
page's index.html has no rust link; Trunk's post-build hook
(scripts/externalize-loader.py) calls `build(staging, release)`.

  cargo rustc (the bin linked with --emit-relocs, which the splitter reads)
  -> wasm-split-cli (wasm_split_cli_support; split points are
     `#[wasm_split(...)]` functions, src/deferred.rs)
  -> wasm-bindgen --keep-lld-exports (the chunks import the table and memory)
  -> wasm-opt -Oz on every module (release)
  -> every file named with one build id, so a page never mixes two builds.

`bin` and `features` name the cargo binary (the benchmark pages use their own).
Returns the loader module's text and the files to preload."""
import hashlib
import json
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args, **kw):
    print("build-split-app:", " ".join(args), file=sys.stderr)
    # which(): on Windows, npm's wasm-opt is a .cmd shim.
    subprocess.run([shutil.which(args[0]) or args[0], *args[1:]], check=True, cwd=REPO, **kw)


def target_dir():
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        check=True, cwd=REPO, capture_output=True, text=True,
    )
    return json.loads(meta.stdout)["target_directory"]


def build(staging, release, bin="corscope", features=None):
    profile = "wasm-release" if release else "dev"
    extra = ["--features", features] if features else []
    run("cargo", "rustc", "--target", "wasm32-unknown-unknown", "--profile", profile,
        "--bin", bin, *extra, "--", "-C", "link-args=--emit-relocs")
    target = target_dir()
    linked = os.path.join(target, "wasm32-unknown-unknown", "wasm-release" if release else "debug", f"{bin}.wasm")
    work = os.path.join(target, "split-app", bin)
    shutil.rmtree(work, ignore_errors=True)
    split, bindgen = os.path.join(work, "split"), os.path.join(work, "bindgen")
    run("wasm-split-cli", linked, split, "--out-name", bin)
    run("wasm-bindgen", "--target", "web", "--keep-lld-exports", "--no-typescript",
        "--out-dir", bindgen, os.path.join(split, f"{bin}.wasm"))
    chunks = sorted(f for f in os.listdir(split) if f.endswith(".wasm") and f != f"{bin}.wasm")
    modules = [os.path.join(bindgen, f"{bin}_bg.wasm")] + [os.path.join(split, c) for c in chunks]
    if release:
        for m in modules:
            run("wasm-opt", "-Oz", m, "-o", m)
    digest = hashlib.sha256()
    for m in modules:
        digest.update(open(m, "rb").read())
    build_id = digest.hexdigest()[:16]

    def named(stem, ext):
        return f"{stem}-{build_id}{ext}"

    main_js = open(os.path.join(bindgen, f"{bin}.js"), encoding="utf-8").read()
    link_js = open(os.path.join(split, "__wasm_split.js"), encoding="utf-8").read()
    # Only the import statements are renamed: the wasm's import module stays
    # "./__wasm_split.js", the key of the imports object.
    if 'from "./__wasm_split.js"' not in main_js or f'from "./{bin}.js"' not in link_js:
        sys.exit("build-split-app: the wasm-bindgen or wasm-split output no longer names its modules as expected")
    main_js = main_js.replace('from "./__wasm_split.js"', f'from "./{named("__wasm_split", ".js")}"')
    link_js = link_js.replace(f'from "./{bin}.js"', f'from "./{named(bin, ".js")}"')
    for c in chunks:
        stem = c[: -len(".wasm")]
        if f'"./{c}"' not in link_js:
            sys.exit(f"build-split-app: {c} is not named in __wasm_split.js")
        link_js = link_js.replace(f'"./{c}"', f'"./{named(stem, ".wasm")}"')
        shutil.copy(os.path.join(split, c), os.path.join(staging, named(stem, ".wasm")))
    open(os.path.join(staging, named(bin, ".js")), "w", encoding="utf-8").write(main_js)
    open(os.path.join(staging, named("__wasm_split", ".js")), "w", encoding="utf-8").write(link_js)
    shutil.copy(modules[0], os.path.join(staging, named(bin, "_bg.wasm")))
    loader = (
        f'import init from "./{named(bin, ".js")}";\n'
        f'init({{ module_or_path: new URL("./{named(bin, "_bg.wasm")}", import.meta.url) }});\n'
    )
    return loader, named(bin, ".js"), named(bin, "_bg.wasm")
