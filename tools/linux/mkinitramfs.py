#!/usr/bin/env python3
"""Build (or list) the reproducible initramfs of Haven's Linux guests.

  mkinitramfs.py -o OUT.bin --init tools/linux/init --overlay tools/linux/rootfs \
                 --pkgs build/linux/pkgs --bin bin/busybox --bin usr/bin/cyclictest \
                 [--lib libgcc_s.so.1] [--file bin/cntvct=build/linux/cntvct] [--epoch N]
  mkinitramfs.py --list IN.bin       prints "mode size name [-> target]" per entry

OUT is a gzip'd "newc" cpio. Every --bin path is looked up in the unpacked
Debian packages under --pkgs (one directory per package) and installed at the
same path, with its ELF interpreter and, recursively, every DT_NEEDED library
(and --lib extra), symlinks included, found in the packages' multiarch
library directories. --file adds a file built here (a static test program). Nothing of the host is used, so no arm64 tool runs.

Reproducible: entries sorted by name, mtime = --epoch for all, uid = gid = 0,
inodes numbered in order, modes normalised (0755 / 0644), gzip with no name
and mtime 0 (what `gzip -n` does).
"""
import argparse
import gzip
import io
import os
import stat
import struct
import sys

LIBDIRS = ["lib/aarch64-linux-gnu", "usr/lib/aarch64-linux-gnu", "lib", "usr/lib"]
DIRS = ["bin", "sbin", "usr/bin", "usr/sbin", "lib", "lib/aarch64-linux-gnu",
        "usr/lib/aarch64-linux-gnu", "etc", "proc", "sys", "dev", "tmp", "root", "run", "mnt"]
EM_AARCH64 = 183


class Fail(Exception):
    pass


def elf_deps(data, name):
    """(interpreter or None, [DT_NEEDED sonames]) of a 64-bit little-endian AArch64 ELF."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise Fail(f"{name}: not a 64-bit little-endian ELF")
    machine, = struct.unpack_from("<H", data, 18)
    if machine != EM_AARCH64:
        raise Fail(f"{name}: ELF machine {machine}, not AArch64")
    phoff, = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    loads, dyn, interp = [], None, None
    for i in range(phnum):
        p_type, _, off, vaddr, _, filesz, _, _ = struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == 1:
            loads.append((vaddr, off, filesz))
        elif p_type == 2:
            dyn = (off, filesz)
        elif p_type == 3:
            interp = data[off:off + filesz].split(b"\0")[0].decode()
    if dyn is None:
        return interp, []
    needed, strtab = [], None
    for i in range(dyn[1] // 16):
        tag, val = struct.unpack_from("<qQ", data, dyn[0] + 16 * i)
        if tag == 0:
            break
        if tag == 1:
            needed.append(val)
        elif tag == 5:
            strtab = val
    if not needed:
        return interp, []
    base = None
    for vaddr, off, filesz in loads:
        if vaddr <= strtab < vaddr + filesz:
            base = off + strtab - vaddr
    if base is None:
        raise Fail(f"{name}: DT_STRTAB outside every PT_LOAD")

    def cstr(o):
        return data[o:data.index(b"\0", o)].decode()
    return interp, [cstr(base + n) for n in needed]


class Image:
    def __init__(self, trees):
        self.trees = trees           # [(package, root dir)]
        self.entries = {}            # name -> (kind, payload, mode, rdev)

    def add_dir(self, name):
        name = name.strip("/")
        while name and name not in self.entries:
            self.entries[name] = ("dir", None, 0o755, 0)
            name = os.path.dirname(name)

    def add(self, name, kind, payload, mode, rdev=0):
        name = name.strip("/")
        old = self.entries.get(name)
        if old and old[:2] != (kind, payload):
            raise Fail(f"/{name} added twice, differently")
        self.add_dir(os.path.dirname(name))
        self.entries[name] = (kind, payload, mode, rdev)

    def add_host_file(self, name, path):
        with open(path, "rb") as f:
            data = f.read()
        mode = 0o755 if os.stat(path).st_mode & 0o111 else 0o644
        self.add(name, "file", data, mode)
        return data

    def find(self, rel):
        """First package tree holding rel (as a file or a symlink)."""
        for pkg, root in self.trees:
            if os.path.lexists(os.path.join(root, rel)):
                return pkg, root
        return None, None

    def install(self, rel):
        """Install /rel from the packages, following symlinks inside the tree; the file's bytes."""
        rel = rel.strip("/")
        for _ in range(20):
            pkg, root = self.find(rel)
            if root is None:
                raise Fail(f"/{rel} is in none of the unpacked packages")
            path = os.path.join(root, rel)
            if os.path.islink(path):
                target = os.readlink(path)
                self.add(rel, "link", target, 0o777)
                rel = os.path.normpath(target.lstrip("/") if target.startswith("/")
                                       else os.path.join(os.path.dirname(rel), target))
                continue
            return self.add_host_file(rel, path)
        raise Fail(f"/{rel}: too many symlinks")

    def find_lib(self, soname):
        for d in LIBDIRS:
            rel = f"{d}/{soname}"
            if self.find(rel)[1] is not None:
                return rel
        raise Fail(f"library {soname} is in none of the unpacked packages "
                   f"(add its package to USERSPACE in tools/linux/fetch.sh)")

    def install_elf(self, rel, seen):
        data = self.install(rel)
        interp, needed = elf_deps(data, rel)
        if interp and interp not in seen:
            seen.add(interp)
            self.install(interp)
        for soname in needed:
            if soname not in seen:
                seen.add(soname)
                self.install_elf(self.find_lib(soname), seen)

    def cpio(self, epoch):
        out = io.BytesIO()

        def entry(ino, name, mode, nlink, data=b"", rdev=0):
            nb = name.encode() + b"\0"
            hdr = "070701" + "".join(f"{v:08X}" for v in (
                ino, mode, 0, 0, nlink, epoch, len(data), 0, 0,
                os.major(rdev), os.minor(rdev), len(nb), 0))
            out.write(hdr.encode() + nb)
            out.write(b"\0" * (-(110 + len(nb)) % 4))
            out.write(data)
            out.write(b"\0" * (-len(data) % 4))

        ino = 1
        for name in sorted(self.entries):
            kind, payload, perm, rdev = self.entries[name]
            if kind == "dir":
                entry(ino, name, stat.S_IFDIR | perm, 2)
            elif kind == "file":
                entry(ino, name, stat.S_IFREG | perm, 1, payload)
            elif kind == "link":
                entry(ino, name, stat.S_IFLNK | perm, 1, payload.encode())
            elif kind == "chr":
                entry(ino, name, stat.S_IFCHR | perm, 1, b"", rdev)
            ino += 1
        entry(0, "TRAILER!!!", 0, 1)
        return out.getvalue()


def list_image(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    o = 0
    while True:
        if data[o:o + 6] != b"070701":
            raise Fail(f"{path}: bad cpio header at {o}")
        fields = [int(data[o + 6 + 8 * i:o + 14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = fields[1], fields[6], fields[11]
        o += 110
        name = data[o:o + namesize - 1].decode()
        o += namesize + (-(110 + namesize) % 4)
        body = data[o:o + size]
        o += size + (-size % 4)
        if name == "TRAILER!!!":
            return
        extra = f" -> {body.decode()}" if stat.S_ISLNK(mode) else ""
        print(f"{mode:06o} {size:9d} /{name}{extra}")


def build(args):
    pkgs = sorted(os.listdir(args.pkgs))
    img = Image([(p, os.path.join(args.pkgs, p)) for p in pkgs])
    for d in DIRS:
        img.add_dir(d)
    img.add("dev/console", "chr", None, 0o600, os.makedev(5, 1))
    img.add_host_file("init", args.init)
    img.entries["init"] = img.entries["init"][:2] + (0o755, 0)
    if args.overlay:
        for root, _, files in os.walk(args.overlay):
            for fn in files:
                path = os.path.join(root, fn)
                img.add_host_file(os.path.relpath(path, args.overlay), path)
    seen = set()
    for b in args.bin:
        img.install_elf(b, seen)
    for lib in args.lib:
        if lib not in seen:
            seen.add(lib)
            img.install_elf(img.find_lib(lib), seen)
    for spec in args.file:
        dest, _, src = spec.partition("=")
        img.add_host_file(dest, src)
    if "bin/busybox" in img.entries:
        img.add("bin/sh", "link", "busybox", 0o777)
    raw = img.cpio(args.epoch)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as gz:
        gz.write(raw)
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(buf.getvalue())
    os.replace(tmp, args.output)
    print(f"  INITRD  {args.output} ({len(img.entries)} entries, {len(raw)} bytes cpio, "
          f"{len(buf.getvalue())} gzip'd)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output")
    ap.add_argument("--list", metavar="IN")
    ap.add_argument("--init")
    ap.add_argument("--overlay")
    ap.add_argument("--pkgs")
    ap.add_argument("--bin", action="append", default=[])
    ap.add_argument("--lib", action="append", default=[])
    ap.add_argument("--file", action="append", default=[], metavar="DEST=SRC")
    ap.add_argument("--epoch", type=int, default=0)
    args = ap.parse_args()
    try:
        if args.list:
            list_image(args.list)
        elif args.output and args.init and args.pkgs:
            build(args)
        else:
            ap.error("need --list IN, or -o OUT --init FILE --pkgs DIR")
    except (Fail, OSError) as e:
        print(f"mkinitramfs: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
