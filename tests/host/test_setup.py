#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host test of tools/setup.sh: what it plans, does and refuses on each system.

Runs the script with HAVEN_OS_RELEASE pointing at a made-up os-release file,
HAVEN_APT_DIR at a scratch apt configuration, and a PATH of stubs: dpkg-query,
dpkg, qemu-system-aarch64, id, apt-get, tee and sudo record every call in a log
and change nothing, so no case touches the host. Cases:

  bookworm.*   the plan names every change before it is made (backports source,
               arm64 architecture, update, install) and --dry-run makes none; an
               existing backports source is not added again; a real run makes the
               changes in the order announced; nothing to do changes nothing and
               --check is silent; --check lists what is missing; without root or
               sudo it stops and says how to run it
  trixie.*     QEMU 10 from trixie itself: no backports
  ubuntu.*     Ubuntu 24.04: stops before changing anything and says what to install;
               with everything present there is nothing to do

tests/host/host.mk installs this file as BUILD/host/test_setup; tools/runner.py
runs it from the repository root. One `@T host setup.<case> PASS|FAIL [detail]`
line per case; exit status 1 if any failed. Standard library only.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path.cwd()
SCRIPT = ROOT / "tools" / "setup.sh"
PKGS = ("make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu device-tree-compiler python3 "
        "cppcheck cpio gzip gdb-multiarch e2fsprogs").split()
OS = {
    "bookworm": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
                "VERSION_CODENAME=bookworm\n",
    "trixie": 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nID=debian\nVERSION_ID="13"\n'
              "VERSION_CODENAME=trixie\n",
    "ubuntu": 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\n'
              "ID_LIKE=debian\nVERSION_CODENAME=noble\nUBUNTU_CODENAME=noble\n",
}
# The stubs: each logs "name args" and answers from the state directory.
STUBS = {
    "dpkg-query": 'p=$3; grep -qx "$p" "$STATE/installed" && echo "install ok installed"; :',
    "dpkg": 'case $1 in --print-foreign-architectures) cat "$STATE/archs";; '
            '--print-architecture) echo amd64;; esac',
    "qemu-system-aarch64": 'echo "QEMU emulator version $(cat "$STATE/qemu") (Debian)"',
    "id": 'echo "$(cat "$STATE/uid")"',
    "apt-get": 'case " $* " in *" qemu-system-arm "*) echo 10.0.2 > "$STATE/qemu";; esac',
    "tee": "cat >/dev/null",
    "sudo": '"$@"',
}
TOOLS = ["sh", "sed", "head", "grep", "cat"]

results = []


def t(name, ok, detail=""):
    ok = bool(ok)
    results.append(ok)
    line = "@T host setup.%s %s" % (name, "PASS" if ok else "FAIL")
    if detail and not ok:
        line += " " + " ".join(str(detail).split())[:600]
    print(line, flush=True)


def run(tmp, os_name, args=(), installed=(), qemu=None, archs="", uid=0, sudo=False, backports=False):
    """Runs setup.sh in a fresh stub world: (exit status, stdout, stderr, [logged calls])."""
    world = Path(tempfile.mkdtemp(dir=tmp))
    bin_dir, state, apt = world / "bin", world / "state", world / "apt"
    for d in (bin_dir, state, apt / "sources.list.d"):
        d.mkdir(parents=True)
    (state / "installed").write_text("".join(p + "\n" for p in installed))
    (state / "archs").write_text(archs)
    (state / "uid").write_text("%d\n" % uid)
    (state / "log").write_text("")
    if qemu:
        (state / "qemu").write_text(qemu)
    (apt / "sources.list").write_text("deb http://deb.debian.org/debian %s main\n" % os_name +
                                      ("deb http://deb.debian.org/debian bookworm-backports main\n"
                                       if backports else ""))
    (world / "os-release").write_text(OS[os_name])
    for tool in TOOLS:
        os.symlink(shutil.which(tool), bin_dir / tool)
    for name, body in STUBS.items():
        if (name == "qemu-system-aarch64" and not qemu) or (name == "sudo" and not sudo):
            continue
        stub = bin_dir / name
        stub.write_text('#!%s\nprintf "%%s\\n" "%s $*" >> "$STATE/log"\n%s\n' % (shutil.which("sh"), name, body))
        stub.chmod(0o755)
    env = {"PATH": str(bin_dir), "STATE": str(state), "HAVEN_OS_RELEASE": str(world / "os-release"),
           "HAVEN_APT_DIR": str(apt)}
    r = subprocess.run([shutil.which("sh"), str(SCRIPT)] + list(args), cwd=ROOT, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    calls = [line for line in (state / "log").read_text().splitlines()
             if not line.startswith(("dpkg-query ", "qemu-system-aarch64 ", "id ", "dpkg --print"))]
    return r.returncode, r.stdout, r.stderr, calls


def in_order(text, parts):
    pos = 0
    for p in parts:
        pos = text.find(p, pos)
        if pos < 0:
            return False
        pos += len(p)
    return True


def bookworm(tmp):
    plan = ["deb http://deb.debian.org/debian bookworm-backports main", "dpkg --add-architecture arm64",
            "apt-get update", "apt-get install --no-install-recommends " + " ".join(PKGS),
            "apt-get install --no-install-recommends -t bookworm-backports qemu-system-arm"]
    rc, out, err, calls = run(tmp, "bookworm", ["--dry-run"], qemu="7.2.9")
    t("bookworm.plan", rc == 0 and in_order(out, ["Debian GNU/Linux 12 (bookworm)"] + plan), out + err)
    t("bookworm.dry_run_changes_nothing", not calls and "--dry-run: nothing changed" in out, calls)

    rc, out, err, calls = run(tmp, "bookworm", ["--dry-run"], installed=PKGS, qemu="7.2.9", backports=True,
                              archs="arm64\n")
    t("bookworm.backports_present_not_added", rc == 0 and "add the apt source" not in out and
      "dpkg --add-architecture" not in out and in_order(out, ["apt-get update", plan[-1]]), out + err)

    rc, out, err, calls = run(tmp, "bookworm", qemu="7.2.9")
    want = ["dpkg --add-architecture arm64", "apt-get update -qq",
            "apt-get install -y -qq --no-install-recommends " + " ".join(PKGS),
            "apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-system-arm"]
    t("bookworm.install_as_announced", rc == 0 and calls and calls[0].startswith("tee ") and
      calls[0].endswith("/sources.list.d/haven-backports.list") and calls[1:] == want and in_order(out, plan) and
      "done: every package is present (QEMU 10.0.2)" in out, "calls %s; out %s %s" % (calls, out, err))

    rc, out, err, calls = run(tmp, "bookworm", installed=PKGS, qemu="10.0.2", archs="arm64\n")
    t("bookworm.nothing_to_do", rc == 0 and not calls and out.startswith("setup: nothing to do") and
      out.count("\n") == 1, "calls %s; out %s %s" % (calls, out, err))
    rc, out, err, calls = run(tmp, "bookworm", ["--check"], installed=PKGS, qemu="10.0.2", archs="arm64\n")
    t("bookworm.check_silent", rc == 0 and not out and not err and not calls, out + err)
    rc, out, err, calls = run(tmp, "bookworm", ["--check"], installed=PKGS[1:], qemu="7.2.9")
    t("bookworm.check_lists_missing", rc == 1 and not calls and
      "missing: make qemu-system-aarch64(>=10) dpkg-architecture(arm64)" in err, out + err)

    rc, out, err, calls = run(tmp, "bookworm", uid=1000, qemu="7.2.9")
    t("bookworm.no_root_no_sudo", rc == 1 and not calls and in_order(out, plan) and
      "needs root, and sudo is not installed: run sh tools/setup.sh as root" in err, out + err)
    rc, out, err, calls = run(tmp, "bookworm", uid=1000, sudo=True, installed=PKGS, qemu="7.2.9",
                              archs="arm64\n", backports=True)
    t("bookworm.sudo", rc == 0 and calls == ["sudo " + want[1], want[1], "sudo " + want[3], want[3]], calls)


def trixie(tmp):
    rc, out, err, calls = run(tmp, "trixie", ["--dry-run"])
    t("trixie.plan", rc == 0 and not calls and "backports" not in out and
      in_order(out, ["Debian GNU/Linux 13 (trixie)", "dpkg --add-architecture arm64", "apt-get update",
                     "apt-get install --no-install-recommends " + " ".join(PKGS) + " qemu-system-arm"]),
      out + err)


def ubuntu(tmp):
    rc, out, err, calls = run(tmp, "ubuntu", qemu="8.2.2", installed=["make", "gcc"])
    t("ubuntu.refused", rc == 1 and not calls and not out and
      in_order(err, ["Ubuntu 24.04.1 LTS (ID=ubuntu, VERSION_CODENAME=noble)", "changes nothing here",
                     "QEMU >= 10", "SMMUv3", "(this host has QEMU 8.2.2)", "aarch64-linux-gnu-gcc",
                     "dtc", "cppcheck", "missing now: libc6-dev gcc-aarch64-linux-gnu"]),
      out + err)
    rc, out, err, calls = run(tmp, "ubuntu", ["--dry-run"])
    t("ubuntu.dry_run_refused", rc == 1 and not calls and "changes nothing here" in err, out + err)
    rc, out, err, calls = run(tmp, "ubuntu", qemu="10.1.0", installed=PKGS)
    t("ubuntu.nothing_to_do", rc == 0 and not calls and out.startswith("setup: nothing to do"), out + err)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        bookworm(tmp)
        trixie(tmp)
        ubuntu(tmp)
    print("# %d passed, %d failed" % (sum(results), len(results) - sum(results)))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
