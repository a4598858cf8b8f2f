#!/usr/bin/env python3
"""Haven's mutation run, behind `make mutants` (not part of `make test`).

  python3 tools/mutants.py [--list] [--check] [--only ID]... [--no-baseline]

Each mutant in tests/mutants/mutants.txt is one exact edit of Haven's source (a bug
planted on purpose). For each, the tool copies the tracked tree into
build/mutants/src (once), applies that edit alone, rebuilds, runs the tests the
mutant names, and restores the file. A mutant is

  caught     some named test failed (or hung and timed out)
  survived   every named test passed: the suite is blind to that bug
  invalid    the edit no longer applies (its `find` text is not in the file exactly
             once) or the mutated tree does not build: fix the mutant

`--check` (part of `make test`, as the host test test_mutants) plants nothing: it checks
that the list parses, has at least 30 mutants, that every mutant still applies to the
tree (its `find` text is in its file exactly once) and that every test it names exists.

Before the mutants, the same tests run on the unmutated copy (the baseline) and
must all pass, or the run stops. Prints one line per mutant, then the kill rate
(caught / (caught + survived)) and writes build/mutants/report.txt. Exit status 1
if any mutant survived or was invalid.

Test names a mutant may list (`tests:` line, space separated):
  scenario:NAME    `tools/runner.py --only NAME` (the QEMU scenarios whose name contains NAME)
  host:NAME        build/host/NAME, a host unit test (must exit 0)
  badconfigs       every tests/host/bad-configs checker must refuse its config
  selftest         `tools/runner.py --self-test`

File format: blocks separated by blank lines, `key: value` lines; `find:` and
`replace:` may continue on following lines that start with `|` (the text after
`| ` is one line of the block).

  id: s2-write-perm
  what: stage 2 maps every region writable
  file: arch/aarch64/mmu.c
  find: attrs |= (r->perm & HV_MEM_W) ? S2_AP_W : 0;
  replace: attrs |= S2_AP_W;
  tests: scenario:spatial

Standard library only.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "tests" / "mutants" / "mutants.txt"
WORK = ROOT / "build" / "mutants"
SRC = WORK / "src"
TEST_TIMEOUT = 900


def parse_list(text):
    """Returns [dict] of mutants; raises ValueError naming the line of a malformed block."""
    mutants, cur, key = [], {}, None
    lines = text.split("\n")
    for n, line in enumerate(lines + [""], 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                mutants.append(cur)
            cur, key = {}, None
            continue
        if line.startswith("|"):
            if key not in ("find", "replace"):
                raise ValueError("line %d: a '|' continuation only follows find: or replace:" % n)
            cur[key] += "\n" + line[2:] if line.startswith("| ") else "\n" + line[1:]
            continue
        if ":" not in line:
            raise ValueError("line %d: expected 'key: value'" % n)
        key, value = line.split(":", 1)
        key, value = key.strip(), value[1:] if value.startswith(" ") else value
        if key not in ("id", "what", "file", "find", "replace", "tests"):
            raise ValueError("line %d: unknown key %r" % (n, key))
        if key in cur:
            raise ValueError("line %d: %s given twice" % (n, key))
        cur["_line"] = cur.get("_line", n)
        cur[key] = value
    ids = set()
    for m in mutants:
        missing = [k for k in ("id", "what", "file", "find", "replace", "tests") if k not in m]
        if missing:
            raise ValueError("mutant at line %d: missing %s" % (m["_line"], ", ".join(missing)))
        if m["id"] in ids:
            raise ValueError("mutant at line %d: duplicate id %s" % (m["_line"], m["id"]))
        if m["find"] == m["replace"]:
            raise ValueError("mutant %s: find and replace are the same" % m["id"])
        ids.add(m["id"])
        m["tests"] = m["tests"].split()
    return mutants


def sh(cmd, cwd=SRC, timeout=TEST_TIMEOUT):
    """Runs cmd; returns (ok, output). A timeout counts as a failure."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout, start_new_session=True)
        return p.returncode == 0, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as exc:
        return False, (exc.stdout or b"").decode("utf-8", "replace") + "\n(timeout)"


def copy_tree():
    """The tracked files of the repository (as they are in the work tree) into SRC."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, stdout=subprocess.PIPE,
                           check=True).stdout.decode().split("\0")
    if SRC.exists():
        keep_build = SRC / "build"
        for entry in SRC.iterdir():
            if entry != keep_build:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for f in filter(None, files):
        src, dst = ROOT / f, SRC / f
        if not src.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        # An unchanged file keeps its time (the build stays incremental); a changed one is
        # written now, so make rebuilds what depends on it, even if a mutant was built later.
        data = src.read_bytes()
        if not dst.is_file() or dst.read_bytes() != data:
            dst.write_bytes(data)
            shutil.copymode(src, dst)
    linux = ROOT / "build" / "linux"
    if linux.is_dir():  # the Linux assets are the same for every mutant: share them
        (SRC / "build").mkdir(parents=True, exist_ok=True)
        link = SRC / "build" / "linux"
        if not link.is_symlink():
            if link.exists():
                shutil.rmtree(link)
            link.symlink_to(linux)


def run_test(t):
    """One named test in SRC; returns (passed, output)."""
    kind, _, name = t.partition(":")
    if kind == "scenario":
        return sh([sys.executable, "tools/runner.py", "--only", name])
    if kind == "host":
        ok, out = sh(["make", "-s", "--no-print-directory", "build/host/%s" % name])
        if not ok:
            return False, out
        return sh(["build/host/%s" % name])
    if kind == "badconfigs":
        ok, out = sh(["make", "-s", "--no-print-directory", "host-tests"])
        if not ok:
            return False, out
        bad = []
        for src in sorted((SRC / "tests" / "host" / "bad-configs").glob("*.c")):
            first = src.read_text().split("\n", 1)[0]
            want = first.split("EXPECT:", 1)[1].rsplit("*/", 1)[0].strip() if "EXPECT:" in first else ""
            p = subprocess.run([str(SRC / "build" / "host" / "bad-configs" / src.stem)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
            if p.returncode != 1 or want not in p.stderr.decode("utf-8", "replace"):
                bad.append(src.stem)
        return not bad, "accepted or misreported: " + " ".join(bad) if bad else ""
    if kind == "selftest":
        return sh([sys.executable, "tools/runner.py", "--self-test"])
    return False, "unknown test %r" % t


def builds():
    """The mutated tree still compiles: the hypervisor of one config and the host tests."""
    return sh(["make", "-s", "--no-print-directory", "-j2", "CONFIG=test-spatial", "image", "host-tests"])


def check(mutants, whole_list=True):
    """`--check`: one @T line per mutant (it applies, its tests exist) and one for the list."""
    sys.path.insert(0, str(ROOT / "tools"))
    import runner  # the scenario names
    scenarios = {sc.name for sc in runner.load_scenarios()[0]}
    hostmk = (ROOT / "tests" / "host" / "host.mk").read_text()
    failed = 0

    def T(name, ok, detail):
        nonlocal failed
        failed += not ok
        print("@T host mutants.%s %s %s" % (name, "PASS" if ok else "FAIL", detail), flush=True)

    if whole_list:
        T("count", len(mutants) >= 30, "%d mutants (at least 30)" % len(mutants))
    for m in mutants:
        why = []
        path = ROOT / m["file"]
        n = path.read_text().count(m["find"]) if path.is_file() else -1
        if n != 1:
            why.append("find text occurs %d times in %s" % (n, m["file"]) if n >= 0 else "no file " + m["file"])
        for t in m["tests"]:
            kind, _, name = t.partition(":")
            if kind == "scenario" and not any(name in sc for sc in scenarios):
                why.append("no scenario %r" % name)
            elif kind == "host" and not re.search(r"\b%s\b" % re.escape(name[len("test_"):]), hostmk):
                why.append("no host test %r in tests/host/host.mk" % name)
            elif kind not in ("scenario", "host", "badconfigs", "selftest"):
                why.append("unknown test %r" % t)
        T("applies.%s" % m["id"], not why, "; ".join(why) or "%s: %s" % (m["file"], m["what"]))
    return 1 if failed else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description="Plant each bug of tests/mutants/mutants.txt and run "
                                             "the tests that should catch it.")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--check", action="store_true", help="check that every mutant applies; plant none")
    ap.add_argument("--only", action="append", metavar="ID", help="run only these mutants")
    ap.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    args = ap.parse_args(argv)
    try:
        mutants = parse_list(LIST.read_text())
    except ValueError as exc:
        print("mutants: %s: %s" % (LIST.relative_to(ROOT), exc), file=sys.stderr)
        if args.check:
            print("@T host mutants.parse FAIL %s: %s" % (LIST.relative_to(ROOT), exc))
        return 2
    if args.only:
        unknown = set(args.only) - {m["id"] for m in mutants}
        if unknown:
            print("mutants: no mutant %s (see --list)" % ", ".join(sorted(unknown)), file=sys.stderr)
            return 2
        mutants = [m for m in mutants if m["id"] in args.only]
    if args.check:
        return check(mutants)
    if args.list:
        for m in mutants:
            print("%-24s %-28s %s" % (m["id"], m["file"], m["what"]))
        return 0

    # A test that does not exist would "catch" every mutant: check the list first.
    import contextlib
    import io
    with contextlib.redirect_stdout(io.StringIO()) as out:
        bad = check(mutants, whole_list=not args.only)
    if bad:
        print("".join(l + "\n" for l in out.getvalue().splitlines() if " FAIL " in l), end="")
        print("mutants: fix the list first (python3 tools/mutants.py --check)", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    copy_tree()
    t0 = time.monotonic()
    ok, out = builds()
    if not ok:
        print(out[-3000:])
        print("mutants: the unmutated tree does not build", file=sys.stderr)
        return 2
    if not args.no_baseline:
        for t in sorted({t for m in mutants for t in m["tests"]}):
            ok, out = run_test(t)
            print("baseline %-28s %s" % (t, "pass" if ok else "FAIL"), flush=True)
            if not ok:
                print(out[-3000:])
                print("mutants: %s fails without any mutant; fix that first" % t, file=sys.stderr)
                return 2

    results = []
    for m in mutants:
        path = SRC / m["file"]
        try:
            orig = path.read_text()
        except OSError as exc:
            results.append((m, "invalid", "cannot read %s: %s" % (m["file"], exc)))
            print("%-9s %-24s %s" % ("invalid", m["id"], results[-1][2]), flush=True)
            continue
        count = orig.count(m["find"])
        if count != 1:
            results.append((m, "invalid", "find text occurs %d times in %s" % (count, m["file"])))
            print("%-9s %-24s %s" % ("invalid", m["id"], results[-1][2]), flush=True)
            continue
        path.write_text(orig.replace(m["find"], m["replace"]))
        try:
            ok, out = builds()
            if not ok:
                status, why = "invalid", "does not build: " + (out.strip().split("\n") or [""])[-1]
            else:
                status, why = "survived", "every test passed: " + " ".join(m["tests"])
                for t in m["tests"]:
                    ok, _ = run_test(t)
                    if not ok:
                        status, why = "caught", "by " + t
                        break
        finally:
            path.write_text(orig)
            os.utime(path, None)  # newer than the mutated objects: make rebuilds them
        results.append((m, status, why))
        print("%-9s %-24s %s (%s)" % (status, m["id"], why, m["what"]), flush=True)

    caught = sum(1 for _, s, _ in results if s == "caught")
    survived = sum(1 for _, s, _ in results if s == "survived")
    invalid = sum(1 for _, s, _ in results if s == "invalid")
    rate = 100.0 * caught / (caught + survived) if caught + survived else 0.0
    summary = "%d mutants: %d caught, %d survived, %d invalid; kill rate %.1f%% (%.0f s)" % (
        len(results), caught, survived, invalid, rate, time.monotonic() - t0)
    report = "\n".join("%-9s %-24s %-28s %s" % (s, m["id"], m["file"], w) for m, s, w in results)
    (WORK / "report.txt").write_text(report + "\n" + summary + "\n")
    print(summary)
    return 0 if not survived and not invalid else 1


if __name__ == "__main__":
    sys.exit(main())
