# Linux guest assets: Debian's arm64 kernels (cloud and PREEMPT_RT) and a
# reproducible initramfs (busybox-static, cyclictest + its libraries, the init
# script tools/linux/init), all from Debian packages fetched by apt.
# Included by the top Makefile; standalone: make -f tools/linux.mk linux-assets
#
#   make linux-assets         build/linux/{linux,linux_rt,initramfs}.bin + versions.txt
#   make linux-disk           build/linux/disk.img: the ext4 disk of the Linux disk test
#                             and benchmark (tools/linux/mkdisk.py)
#   make linux-assets-check   check them (Image magic, PREEMPT_RT, initramfs contents,
#                             the initramfs rebuilds bit-identically)
#   make linux-native         boot them on plain QEMU (no Haven): 3 boots, probes, cyclictest
#                             (LINUX_NATIVE_ARGS="--icount rt" etc.: see tools/linux/native.py)
#
# The .debs are cached in build/linux/debs and their versions pinned by its
# manifest; LINUX_REFRESH=1 re-resolves them against apt (see tools/linux/fetch.sh).

BUILD ?= build
Q ?= @
LINUX_OUT := $(BUILD)/linux
LINUX_STAMP := $(LINUX_OUT)/.extracted
LINUX_EPOCH ?= 0
LINUX_BINS := bin/busybox usr/bin/cyclictest
LINUX_LIBS := libgcc_s.so.1
LINUX_INIT_SRCS := tools/linux/init tools/linux/mkinitramfs.py $(shell find tools/linux/rootfs -type f 2>/dev/null)
LINUX_ASSETS := $(LINUX_OUT)/linux.bin $(LINUX_OUT)/linux_rt.bin $(LINUX_OUT)/initramfs.bin \
	$(LINUX_OUT)/versions.txt

.PHONY: linux-assets linux-assets-check linux-native linux-assets-clean linux-disk

linux-assets: $(LINUX_ASSETS) ## fetch Debian's arm64 kernels and build the Linux initramfs

$(LINUX_STAMP): tools/linux/fetch.sh
	@mkdir -p $(LINUX_OUT)
	$(Q)sh tools/linux/fetch.sh $(LINUX_OUT)

$(LINUX_OUT)/versions.txt: $(LINUX_STAMP)
	$(Q)cp $(LINUX_OUT)/debs/manifest $@

$(LINUX_OUT)/linux.bin: $(LINUX_STAMP) tools/linux/kimage.sh
	$(Q)sh tools/linux/kimage.sh $(LINUX_OUT)/boot/vmlinuz-cloud $@
	@echo "  KERNEL  $@ ($$(stat -c %s $@) bytes)"

$(LINUX_OUT)/linux_rt.bin: $(LINUX_STAMP) tools/linux/kimage.sh
	$(Q)sh tools/linux/kimage.sh $(LINUX_OUT)/boot/vmlinuz-rt $@
	@echo "  KERNEL  $@ ($$(stat -c %s $@) bytes)"

# cntvct: a tiny freestanding static program (no libc) that prints the virtual counter
LINUX_CROSS ?= $(or $(CROSS),aarch64-linux-gnu-)
$(LINUX_OUT)/cntvct: tools/linux/cntvct.c
	@mkdir -p $(dir $@)
	$(Q)$(LINUX_CROSS)gcc -static -nostdlib -ffreestanding -fno-stack-protector -fno-pie -no-pie \
		-O2 -Wall -Wextra -Werror -s -Wl,--build-id=none -o $@ $<
	@echo "  CC      $@"

# sigdfl: the same kind of program; resets every signal to its default, then execs
# (the init script starts the attended shell through it, so that Ctrl-C works)
$(LINUX_OUT)/sigdfl: tools/linux/sigdfl.c
	@mkdir -p $(dir $@)
	$(Q)$(LINUX_CROSS)gcc -static -nostdlib -ffreestanding -fno-stack-protector -fno-pie -no-pie \
		-O2 -Wall -Wextra -Werror -s -Wl,--build-id=none -o $@ $<
	@echo "  CC      $@"

# virtio_blk.ko: the one module the initramfs carries (the cloud kernel builds virtio-blk as a
# module; PCI, virtio-pci and ext4 are built in), from the cloud kernel's .deb, decompressed
# here (xz, by Python's lzma) so that busybox insmod loads it as it is.
$(LINUX_OUT)/virtio_blk.ko: $(LINUX_STAMP)
	$(Q)deb=$$(awk '$$1 == "kernel-cloud" { print $$5 }' $(LINUX_OUT)/debs/manifest); \
	dpkg-deb --fsys-tarfile "$(LINUX_OUT)/debs/$$deb" | \
	  tar -xO --wildcards './lib/modules/*/kernel/drivers/block/virtio_blk.ko.xz' | \
	  python3 -c 'import lzma, sys; sys.stdout.buffer.write(lzma.decompress(sys.stdin.buffer.read()))' \
	  > $@.tmp && [ -s $@.tmp ] && mv $@.tmp $@
	@echo "  MODULE  $@"

LINUX_DISK := $(LINUX_OUT)/disk.img
linux-disk: $(LINUX_DISK) ## build the ext4 disk image of the Linux disk test (tools/linux/mkdisk.py)

$(LINUX_DISK): tools/linux/mkdisk.py
	@mkdir -p $(dir $@)
	$(Q)python3 tools/linux/mkdisk.py -o $@

LINUX_MKINITRAMFS = python3 tools/linux/mkinitramfs.py --init tools/linux/init \
	--overlay tools/linux/rootfs --pkgs $(LINUX_OUT)/pkgs --epoch $(LINUX_EPOCH) \
	$(addprefix --bin ,$(LINUX_BINS)) $(addprefix --lib ,$(LINUX_LIBS)) \
	--file bin/cntvct=$(LINUX_OUT)/cntvct --file bin/sigdfl=$(LINUX_OUT)/sigdfl \
	--file lib/modules/virtio_blk.ko=$(LINUX_OUT)/virtio_blk.ko

$(LINUX_OUT)/initramfs.bin: $(LINUX_STAMP) $(LINUX_INIT_SRCS) $(LINUX_OUT)/cntvct $(LINUX_OUT)/sigdfl \
		$(LINUX_OUT)/virtio_blk.ko
	$(Q)$(LINUX_MKINITRAMFS) -o $@

linux-assets-check: $(LINUX_ASSETS) ## check the Linux guest assets (and that the initramfs is reproducible)
	$(Q)sh tools/linux/check.sh $(LINUX_OUT)
	$(Q)$(LINUX_MKINITRAMFS) -o $(LINUX_OUT)/initramfs.check >/dev/null
	$(Q)cmp -s $(LINUX_OUT)/initramfs.bin $(LINUX_OUT)/initramfs.check || \
		{ echo "linux-assets-check: initramfs.bin does not rebuild bit-identically" >&2; exit 1; }
	@rm -f $(LINUX_OUT)/initramfs.check
	@echo "linux-assets-check: OK (initramfs sha256 $$(sha256sum < $(LINUX_OUT)/initramfs.bin | cut -c1-16)...)"

linux-native: $(LINUX_ASSETS) ## boot the Linux assets on plain QEMU (no Haven) and check their output
	$(Q)python3 tools/linux/native.py --out $(LINUX_OUT) $(LINUX_NATIVE_ARGS)

linux-assets-clean:
	rm -rf $(LINUX_OUT)/pkgs $(LINUX_OUT)/boot $(LINUX_STAMP) $(LINUX_ASSETS)
