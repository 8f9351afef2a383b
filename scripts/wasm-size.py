#!/usr/bin/env python3
"""What a wasm module holds: code bytes by crate (and by engine module and app
module), from its function names. twiggy 0.7 cannot read the split build's
modules, so this reads the module before wasm-bindgen and wasm-opt, which
still has its name section:

  python3 scripts/wasm-size.py target/split-app/corscope/split/corscope.wasm
  python3 scripts/wasm-size.py target/split-app/corscope/split/split_later.wasm
  python3 scripts/wasm-size.py MODULE --top 40   # also the 40 largest functions

Sizes are before wasm-opt (it shrinks code by about a third); use them to
compare, not as bytes on the wire."""
import collections
import re
import sys


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if not x & 0x80:
            return r, i


def name(b, i):
    n, i = leb(b, i)
    return b[i:i + n].decode("utf-8", "replace"), i + n


def demangle(s):
    """Legacy Rust mangling (_ZN…E), enough to read crate and module names."""
    out = []
    for m in re.finditer(r"_ZN((?:\d+[^\d]\S*?)+)E", s):
        t, parts, k = m.group(1), [], 0
        while k < len(t) and t[k].isdigit():
            n = 0
            while t[k].isdigit():
                n = n * 10 + int(t[k])
                k += 1
            parts.append(t[k:k + n])
            k += n
        out.append("::".join(parts))
    r = " ".join(out) if out else s
    return r.replace("$LT$", "<").replace("$GT$", ">").replace("..", "::").replace("$u20$", " ").replace("$RF$", "&")


def main(path, top=0):
    data = open(path, "rb").read()
    i, imported, bodies, names, data_size = 8, 0, [], {}, 0
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if sid == 2:  # imports: functions come first in the index space
            count, j = leb(data, i)
            for _ in range(count):
                _, j = name(data, j)
                _, j = name(data, j)
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    flags = data[j]
                    _, j = leb(data, j + 1)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:
                    flags = data[j]
                    _, j = leb(data, j + 1)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            count, j = leb(data, i)
            for _ in range(count):
                n, k = leb(data, j)
                bodies.append(n + (k - j))
                j = k + n
        elif sid == 11:
            data_size += size
        elif sid == 0:
            section, j = name(data, i)
            if section == "name":
                while j < end:
                    sub = data[j]
                    n, j = leb(data, j + 1)
                    if sub == 1:
                        count, k = leb(data, j)
                        for _ in range(count):
                            index, k = leb(data, k)
                            names[index], k = name(data, k)
                    j += n
        i = end
    crates, modules, funcs = collections.Counter(), collections.Counter(), []
    for index, size in enumerate(bodies):
        n = demangle(names.get(index + imported, "?"))
        funcs.append((size, n))
        found = re.findall(r"(?:^|[<\s(&*])_?([a-z_][a-z0-9_]*)::", n)
        named = [c for c in found if c not in ("core", "alloc", "std", "impl", "dyn", "_")]
        crate = named[0] if named else (found[0] if found else "(unnamed)")
        crates[crate] += size
        m = re.search(r"\b(corscope_engine|corscope)::([a-z_]+)(?:::([a-z_]+))?", n)
        if m and crate in ("corscope_engine", "corscope"):
            inner = m.group(3) if m.group(2) in ("fetch", "explain", "diagnose", "share", "origin", "lab", "components", "net") else None
            modules[f"{m.group(1)}::{m.group(2)}" + (f"::{inner}" if inner else "")] += size
    print(f"{path}: code {sum(bodies):,} B, data {data_size:,} B (before wasm-opt)")
    for c, size in crates.most_common(20):
        print(f"{size:>10,}  {c}")
    print("  by module (engine and app):")
    for m, size in modules.most_common(25):
        print(f"{size:>10,}  {m}")
    if top:
        print(f"  the {top} largest functions:")
        for size, n in sorted(funcs, reverse=True)[:top]:
            print(f"{size:>10,}  {n[:160]}")


if __name__ == "__main__":
    top = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--top" else 0
    main(sys.argv[1], top)
