#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host test of what the build checks about the images a config names (Makefile,
tools/haven-check.c, tools/image-sizes.sh, core/config_check.c).

Builds the configs of tests/host/image-configs/ with `make ... image` in a
scratch BUILD directory (BUILD/host/image-tests) and checks what make says:

  unknown_name.*   typo.c names a guest and an initramfs that do not exist: make
                   refuses both names, with partition and field, before the target
                   compiler runs (no "undeclared", no "No rule to make target")
  too_small.*      small.c loads the ticker guest into a 32 KiB region: its file
                   fits, its .bss and stacks do not; make stops at haven-check
                   --image-sizes, before linking, and says by how many bytes, the
                   footprint being the guest ELF's __image_end
  sizes.*          tools/image-sizes.sh reads a kernel's image_size from the arm64
                   Image header, and takes the file size of any other blob

tests/host/host.mk installs this file as BUILD/host/test_images; tools/runner.py
runs it from the repository root. One `@T host images.<case> PASS|FAIL [detail]`
line per case; exit status 1 if any failed. Standard library only.
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent          # BUILD/host
SCRATCH = HERE / "image-tests"
ROOT = Path.cwd()
CONFIG_DIR = "tests/host/image-configs"

results = []


def t(name, ok, detail=""):
    ok = bool(ok)
    results.append(ok)
    line = "@T host images.%s %s" % (name, "PASS" if ok else "FAIL")
    if detail and not ok:
        line += " " + " ".join(str(detail).split())[:600]
    print(line, flush=True)


def make(config):
    """Builds CONFIG_DIR/<config>.c in the scratch directory: (exit status, output)."""
    cmd = ["make", "-s", "--no-print-directory", "BUILD=%s" % SCRATCH, "CONFIG_DIR=%s" % CONFIG_DIR,
           "CONFIG=%s" % config, "image"]
    r = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=300)
    return r.returncode, r.stdout


def unknown_name():
    rc, out = make("typo")
    out_dir = SCRATCH / "qemu-virt" / "typo"
    t("unknown_name.refused", rc != 0, "make exit status %d" % rc)
    for field, name in (("partition 'ticker' (#1): image.name", "tikcer"),
                        ("partition 'linux' (#0): extra[0].name", "initramfz")):
        want = "%s: '%s' is neither a guest in guests/ nor a Linux blob" % (field, name)
        t("unknown_name." + name, want in out and "fix the name or add guests/%s/" % name in out,
          "no %r in: %s" % (want, out))
    t("unknown_name.lists_known", re.search(r"guests: [^;]*\bticker\b[^;]*; blobs: [^;]*\binitramfs\b", out),
      out)
    t("unknown_name.names_config", "config typo (%s/typo.c): fix the image names above" % CONFIG_DIR in out, out)
    early = not (out_dir / "guests").exists() and not (out_dir / "hv").exists()
    t("unknown_name.before_compiling", early and "undeclared" not in out and "No rule to make target" not in out,
      "the target compiler or a blob rule ran: %s" % out)


def too_small():
    rc, out = make("small")
    out_dir = SCRATCH / "qemu-virt" / "small"
    elf = out_dir / "guests" / "ticker.elf"
    nm = subprocess.run([os.environ.get("CROSS", "aarch64-linux-gnu-") + "nm", str(elf)],
                        capture_output=True, text=True)
    syms = {line.split()[2]: int(line.split()[0], 16) for line in nm.stdout.splitlines()
            if len(line.split()) == 3}
    end = [syms["__image_end"]] if "__image_end" in syms else []
    t("too_small.refused", rc != 0 and not (out_dir / "haven.elf").exists(),
      "make exit status %d; haven.elf linked: %s" % (rc, (out_dir / "haven.elf").exists()))
    if not end:
        t("too_small.message", False, "no __image_end in %s: %s %s" % (elf, nm.stderr, out))
        return
    want = ("haven-check: partition 'small' (#0): image: 'ticker' takes 0x%x bytes from load_ipa 0x41000000 "
            "once it runs (image, .bss and stacks) but mem[0] ends 0x8000 bytes after it, 0x%x bytes short; "
            "enlarge mem[0] or load the image lower" % (end[0], end[0] - 0x8000))
    t("too_small.message", want in out, "no %r in: %s" % (want, out))
    t("too_small.file_fits", syms.get("__load_end", 1 << 30) <= 0x8000,
      "ticker's file (__load_end) no longer fits 32 KiB: enlarge small.c's region "
      "(the test needs file <= region < memsz)")


def sizes():
    with tempfile.TemporaryDirectory() as tmp:
        kernel = Path(tmp) / "Image"
        # arm64 Image header: code0/1, text_offset, image_size at 0x10, ..., magic at 0x38
        hdr = struct.pack("<IIQQQQQQI", 0, 0, 0, 0x2345000, 0, 0, 0, 0, 0x644d5241) + b"\0" * 4
        kernel.write_bytes(hdr + b"\0" * 0x1000)
        blob = Path(tmp) / "blob"
        blob.write_bytes(b"x" * 12345)
        r = subprocess.run(["sh", "tools/image-sizes.sh", "k=%s" % kernel, "b=%s" % blob], cwd=ROOT,
                           capture_output=True, text=True)
        t("sizes.kernel_image_size", r.returncode == 0 and "k %d\n" % 0x2345000 in r.stdout,
          r.stdout + r.stderr)
        t("sizes.blob_file_size", r.returncode == 0 and "b 12345\n" in r.stdout, r.stdout + r.stderr)


def main():
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    (SCRATCH / ".setup-ok").touch()  # the host is set up already: no tools/setup.sh here
    unknown_name()
    too_small()
    sizes()
    print("# %d passed, %d failed" % (sum(results), len(results) - sum(results)))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
