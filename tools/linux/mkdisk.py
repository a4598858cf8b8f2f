#!/usr/bin/env python3
"""Build the ext4 disk image of the Linux disk test and benchmark (no root needed).

  mkdisk.py -o OUT.img

OUT is a 32 MiB raw ext4 image (mke2fs -d, e2fsprogs) holding /data.bin: 4 MiB
of bytes that depend on nothing (SHA-256 of a counter, block after block), whose
SHA-256 is DATA_SHA256; tools/linux/init (haven.disk) reads it back and writes
/out.txt. Reproducible: a fixed UUID, hash seed and time (E2FSPROGS_FAKE_TIME),
root-owned files with mtime and ctime 0: two builds give identical images.
"""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile

DISK_MIB = 32
DATA_BYTES = 4 << 20
# What tests/qemu/configs/test-linux-disk.c passes as haven.disk_sha256.
DATA_SHA256 = "135c4b5f51d8c6f37bacfa1a6586f58046915a9b6ebac5e9f2b1ee9c7fc7e76e"
UUID = "48617665-6e00-4469-736b-000000000001"


def data():
    return b"".join(hashlib.sha256(i.to_bytes(8, "little")).digest() for i in range(DATA_BYTES // 32))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", required=True, metavar="OUT.img")
    args = ap.parse_args()
    blob = data()
    got = hashlib.sha256(blob).hexdigest()
    if got != DATA_SHA256:
        sys.exit("mkdisk: data.bin has SHA-256 %s, not %s" % (got, DATA_SHA256))
    with tempfile.TemporaryDirectory(prefix="haven-disk.") as tmp:
        root = os.path.join(tmp, "root")
        os.mkdir(root)
        with open(os.path.join(root, "data.bin"), "wb") as f:
            f.write(blob)
        for p in (os.path.join(root, "data.bin"), root):
            os.utime(p, (0, 0))
        out = args.o + ".tmp"
        if os.path.exists(out):
            os.unlink(out)
        env = dict(os.environ, E2FSPROGS_FAKE_TIME="1")
        r = subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-L", "haven-disk",
                            "-U", UUID, "-E", "root_owner=0:0,hash_seed=%s,lazy_itable_init=0,"
                            "lazy_journal_init=0" % UUID, "-d", root, out, "%dM" % DISK_MIB],
                           env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("mkdisk: mke2fs failed:\n" + r.stdout + r.stderr)
        # mke2fs -d copies each file's ctime from the host (now): set it to 0
        for path in ("/", "/data.bin"):
            r = subprocess.run(["debugfs", "-w", "-R", "set_inode_field %s ctime 0" % path, out],
                               env=env, capture_output=True, text=True)
            if r.returncode != 0 or "debugfs:" in r.stderr.replace("debugfs 1.", ""):
                sys.exit("mkdisk: debugfs failed:\n" + r.stdout + r.stderr)
        os.replace(out, args.o)
    print("  DISK    %s (%d MiB, /data.bin sha256 %s...)" % (args.o, DISK_MIB, DATA_SHA256[:16]))


if __name__ == "__main__":
    main()
