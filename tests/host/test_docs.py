#!/usr/bin/env python3
"""Host test test_docs: the documentation names only what exists.

Every repository path that README.md and docs/*.md name in backticks (a path under
one of the tree's top folders; `*` globs allowed; `build/` is output and skipped)
must exist, and every `make <target>` they show must be a target the Makefile has.
Prints one `@T host docs.<check> PASS|FAIL detail` line per document and check;
exits 1 if any failed. Standard library only.
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TOP = ("arch", "configs", "core", "docs", "drivers", "guests", "include", "lib", "platform",
       "tests", "tools", ".ci")
RE_TICK = re.compile(r"`([^`\n]+)`")
RE_PATH = re.compile(r"^(?:\./)?((?:%s)/[A-Za-z0-9_.*/+-]*)$" % "|".join(re.escape(t) for t in TOP))
RE_MAKE = re.compile(r"(?:^|[ \t$;(])make[ \t]+((?:-\S+[ \t]+|[A-Z_]+=\S+[ \t]+)*)([a-z][A-Za-z0-9_-]*)", re.M)
RE_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
# Paths a document names on purpose although they are not in this tree: other projects'
# files (the sources of a fact) and the planned i.MX95 port, with a pattern placeholder.
NOT_HERE = {
    "arch/arm64/boot/dts/freescale/imx95.dtsi": "Linux's source, cited for a fact",
    "include/configs/imx95_evk.h": "U-Boot's source, cited for a fact",
    "platform/imx95/platform.c": "the planned i.MX95 port",
    "platform/imx95/platform.mk": "the planned i.MX95 port",
    "drivers/lpuart.c": "the planned i.MX95 port",
    "tests/host/bad-configs/NN-name.c": "a file-name pattern",
}


def make_targets():
    """The Makefile's targets, from make's own database (no recipe runs)."""
    out = subprocess.run(["make", "-pRrq", "-f", "Makefile", "help"], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    names = set()
    for line in out.split("\n"):
        m = re.match(r"^([a-z][a-z0-9%-]*):", line)
        if m:
            names.add(m.group(1))
    return names


def main():
    docs = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
    targets = make_targets()
    failed = 0

    def T(name, ok, detail):
        nonlocal failed
        failed += not ok
        print("@T host docs.%s %s %s" % (name, "PASS" if ok else "FAIL", detail), flush=True)

    T("make_targets", len(targets) > 10, "%d targets in the Makefile" % len(targets))
    for doc in docs:
        text = doc.read_text()
        rel = doc.relative_to(ROOT)
        missing, seen = [], 0
        for span in RE_TICK.findall(text):
            for word in span.split():
                m = RE_PATH.match(word.rstrip(".,:;)"))
                if not m:
                    continue
                path = m.group(1).rstrip("/")
                if "<" in path or path.startswith("build") or path in NOT_HERE:
                    continue
                seen += 1
                # A tool is named by its binary: tools/haven-check is built from tools/haven-check.c.
                if not list(ROOT.glob(path)) and not list(ROOT.glob(path + ".c")):
                    missing.append(path)
        T("paths.%s" % rel.name, not missing, "%d paths named%s" % (
            seen, "; missing: " + ", ".join(sorted(set(missing))) if missing else ", all exist"))
        # Commands: in code blocks and backtick spans, not in prose ("make reads ...").
        code = "\n".join(RE_FENCE.findall(text) + RE_TICK.findall(text))
        bad = sorted({m.group(2) for m in RE_MAKE.finditer(code) if m.group(2) not in targets
                      and not (m.group(2).startswith("print-") and "print-%" in targets)})
        T("make.%s" % rel.name, not bad, "unknown make targets: " + ", ".join(bad) if bad else "every make target exists")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
