#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every message of the config validator and of haven-dtgen has a test.

Reads the message formats straight from the sources (every call of a reporting
function in core/config_check.c and tools/haven-dtgen.c, with the prefix the
reporting macro adds) and the texts the tests check for (the expected
substring of each CASE in test_validator.c, of each expect_error in
test_dtgen.c and each cli case in test_dtgen_cli.c, the EXPECT line of each
tests/host/bad-configs/*.c). Those tests compare the text with the message
actually printed, so a text that could only come from one format proves that
format is triggered and checked.

A text is read as a substring of a message each format can print (each
conversion stands for what it can print: digits, hex digits, any text); it
covers the one format where the most of its characters (at least ANCHOR) are
the format's literal text rather than conversions. A text that fits two
formats equally well covers neither. A format nothing covers fails the check,
except those in UNTESTABLE, each with the reason it cannot be triggered.

Prints one `@T host <name> PASS|FAIL` line per check (docs/test-protocol.md);
built into build/host/test_messages by tests/host/host.mk.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANCHOR = 8

# Reporting functions: name -> (index of the format argument, text put before it, text after it).
PART = "partition '%s' (#%u): "
VALIDATOR_REPORTERS = {
    "sys_report": (1, "config: ", ""),
    "part_report": (2, PART, ""),
    "empty_report": (2, "partition '%s' (#%u) is empty: ", ""),
}
DTGEN_REPORTERS = {
    "dt_report": (2, PART, ""),
    "cfg_report": (0, "", ""),
    "fprintf": (1, "", ""),  # fprintf(stderr, ...) only
    "perror": (0, "", ": %s"),
}
SOURCES = [
    ("validator", "core/config_check.c", VALIDATOR_REPORTERS),
    ("dtgen", "tools/haven-dtgen.c", DTGEN_REPORTERS),
]
# Where the tests name the text they expect: file pattern -> (helper, index of the text argument).
EXPECTATIONS = [
    ("tests/host/test_validator.c", "CASE", 2),
    ("tests/host/test_dtgen.c", "expect_error", 3),
    ("tests/host/test_dtgen_cli.c", "cli", 2),
]
BAD_CONFIGS = "tests/host/bad-configs/*.c"
# Formats no test can trigger, by a substring of the format, with the reason.
UNTESTABLE = {
    "dtgen": {
        "the DT of partition '%s' is too large": "needs a DT text over 2 GiB (INT_MAX)",
        "internal error: the DT changed between two renderings":
            "haven_dtgen() renders the same text twice (dtgen.deterministic checks that)",
        "haven-dtgen: %s": "perror after malloc() failed",
    },
}


def strip_comments(src):
    """Blanks out comments, keeping string and character literals and line numbers."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def c_unescape(body):
    """The value of a C string literal's body."""
    simple = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            m = re.match(r"x([0-9a-fA-F]+)|([0-7]{1,3})", body[i + 1:])
            if m and m.group(1):
                out.append(chr(int(m.group(1), 16)))
                i += 1 + len(m.group(0))
                continue
            if m and m.group(2) and m.group(2) != "0":
                out.append(chr(int(m.group(2), 8)))
                i += 1 + len(m.group(0))
                continue
            out.append(simple.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def string_macros(src):
    """Object-like macros whose value is string literals only: name -> value."""
    macros = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+((?:\"(?:[^\"\\\n]|\\.)*\"\s*)+)$", src, re.M):
        macros[m.group(1)] = "".join(c_unescape(b) for b in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2)))
    return macros


def blank_directives(src):
    """Blanks out preprocessor lines (with their continuations): macro bodies are not call sites."""
    lines, cont = src.split("\n"), False
    for k, line in enumerate(lines):
        if cont or line.lstrip().startswith("#"):
            cont = line.endswith("\\")
            lines[k] = ""
    return "\n".join(lines)


def call_args(src, open_paren):
    """The top-level arguments (text) of the call whose '(' is at open_paren, and the end index."""
    args, depth, start, i = [], 0, open_paren + 1, open_paren
    while i < len(src):
        c = src[i]
        if c in "\"'":
            j = i + 1
            while j < len(src) and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            i = j
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(src[start:i])
                return args, i
        elif c == "," and depth == 1:
            args.append(src[start:i])
            start = i + 1
        i += 1
    return None, len(src)


def literal_value(arg, macros):
    """The value of an argument made of string literals and string macros, or None."""
    out, rest = [], arg.strip()
    if not rest:
        return None
    while rest:
        m = re.match(r'"((?:[^"\\]|\\.)*)"\s*', rest)
        if m:
            out.append(c_unescape(m.group(1)))
        else:
            m = re.match(r"(\w+)\s*", rest)
            if not m or m.group(1) not in macros:
                return None
            out.append(macros[m.group(1)])
        rest = rest[m.end():]
    return "".join(out)


def line_of(src, pos):
    return src.count("\n", 0, pos) + 1


def message_formats(path, reporters):
    """[(line, format)] of every reporting call in path, and [line] of calls whose format is unreadable."""
    raw = (ROOT / path).read_text()
    macros = string_macros(raw)
    src = blank_directives(strip_comments(raw))
    found, unreadable = [], []
    for m in re.finditer(r"(?<![\w.>])(%s)\s*\(" % "|".join(reporters), src):
        name = m.group(1)
        if re.search(r"\b(void|int)\s+$", src[:m.start()]):
            continue  # the function's own definition
        args, _ = call_args(src, m.end() - 1)
        index, before, after = reporters[name]
        if name == "fprintf" and (not args or args[0].strip() != "stderr"):
            continue
        value = literal_value(args[index], macros) if args and len(args) > index else None
        if value is None:
            unreadable.append(line_of(src, m.start()))
            continue
        found.append((line_of(src, m.start()), before + value.rstrip("\n") + after))
    return found, unreadable


CONV = re.compile(r"%([-+ #0]*)(\d*)(?:\.\d+)?(hh|h|ll|l|z|j|t)?([diouxXcsp%])")


def atoms(fmt):
    """The format as atoms: ('lit', char) or ('conv', predicate over one printed char)."""
    out, i = [], 0
    for m in CONV.finditer(fmt):
        out += [("lit", c) for c in fmt[i:m.start()]]
        conv = m.group(4)
        if conv == "%":
            out.append(("lit", "%"))
        elif conv in "diu":
            out.append(("conv", lambda c: c.isdigit() or c == "-"))
        elif conv == "x":
            out.append(("conv", lambda c: c in "0123456789abcdef"))
        elif conv == "X":
            out.append(("conv", lambda c: c in "0123456789ABCDEF"))
        elif conv == "o":
            out.append(("conv", lambda c: c in "01234567"))
        else:
            out.append(("conv", lambda c: True))
        i = m.end()
    out += [("lit", c) for c in fmt[i:]]
    return out


def literal_runs(fmt):
    return [r for r in CONV.split(fmt)[::5] if r]


def literal_score(text, fmt_atoms):
    """How many characters of text can be the format's literal text (not conversions) when
    text is read as a substring of some message fmt_atoms can print; -1 when it cannot be one."""
    n = len(fmt_atoms)

    def closure(states):
        # A conversion may print nothing (more); keep the best score per position.
        for i in sorted(states):
            while i < n and fmt_atoms[i][0] == "conv":
                states[i + 1] = max(states.get(i + 1, -1), states[i])
                i += 1
        return states

    cur = closure({i: 0 for i in range(n + 1)})
    for ch in text:
        nxt = {}
        for i, score in cur.items():
            if i < n:
                kind, val = fmt_atoms[i]
                if kind == "lit" and val == ch:
                    nxt[i + 1] = max(nxt.get(i + 1, -1), score + 1)
                elif kind == "conv" and val(ch):
                    nxt[i] = max(nxt.get(i, -1), score)
        if not nxt:
            return -1
        cur = closure(nxt)
    return max(cur.values())


def expectations():
    """[(where, text)] of every text a test checks a message for."""
    out = []
    for rel, helper, index in EXPECTATIONS:
        path = ROOT / rel
        if not path.exists():
            continue
        raw = path.read_text()
        src = blank_directives(strip_comments(raw))
        for m in re.finditer(r"(?<![\w.>])%s\s*\(" % helper, src):
            if re.search(r"\b(void|int|static)\s+$", src[:m.start()]):
                continue
            args, _ = call_args(src, m.end() - 1)
            value = literal_value(args[index], {}) if args and len(args) > index else None
            if value:
                out.append(("%s:%d" % (rel, line_of(src, m.start())), value))
    for path in sorted(ROOT.glob(BAD_CONFIGS)):
        m = re.search(r"/\*\s*EXPECT:\s*(.*?)\s*\*/", path.read_text().split("\n", 1)[0])
        if m:
            out.append((str(path.relative_to(ROOT)), m.group(1)))
    return out


def result(name, ok, detail=""):
    print("@T host %s %s%s" % (name, "PASS" if ok else "FAIL", (" " + detail) if detail else ""))
    return ok


def main():
    texts = expectations()
    all_ok = True
    for label, rel, reporters in SOURCES:
        formats, unreadable = message_formats(rel, reporters)
        all_ok &= result("messages.%s.formats_read" % label, formats and not unreadable,
                         "%d message formats in %s%s" % (
                             len(formats), rel, "; cannot read the format at line(s) %s"
                             % ", ".join(map(str, unreadable)) if unreadable else ""))
        compiled = [(line, fmt, atoms(fmt)) for line, fmt in formats]
        covered = {}
        for where, text in texts:
            scores = [(literal_score(text, a), line, fmt) for line, fmt, a in compiled]
            best = max(scores)
            if best[0] >= ANCHOR and sum(1 for sc in scores if sc[0] == best[0]) == 1:
                covered.setdefault(best[1:], where)
        untestable = UNTESTABLE.get(label, {})
        missing = [(line, fmt) for line, fmt, _ in compiled if (line, fmt) not in covered
                   and not any(k in fmt for k in untestable)]
        stale = [k for k in untestable if not any(k in fmt for _, fmt, _ in compiled)]
        detail = "%d of %d messages covered" % (len(covered), len(formats))
        if missing:
            detail = "%d message(s) without a test: %s" % (
                len(missing), "; ".join("line %d '%s'" % (line, fmt.replace("\n", "\\n"))
                                       for line, fmt in missing))
        if stale:
            detail += "; UNTESTABLE names no message any more: %s" % ", ".join(stale)
        all_ok &= result("messages.%s.every_message_tested" % label, not missing and not stale, detail)
        if "-v" in sys.argv[1:]:
            for line, fmt, _ in compiled:
                print("#   %s:%d %s <- %s" % (rel, line, fmt, covered.get((line, fmt), "-")),
                      file=sys.stderr)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
