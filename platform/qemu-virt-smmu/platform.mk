# QEMU virt with its SMMUv3: everything of qemu-virt, and the machine option that
# adds the SMMU. The build writes it into the image's qemu-args, so tools/run-qemu.sh
# boots an image of this platform on the machine it describes.
include platform/qemu-virt/platform.mk
QEMU_MACHINE_ARGS := -machine iommu=smmuv3
