#!/bin/sh
# Builds the Lifeboat appliance image: a minimal Debian 12 VM (systemd, a kernel, OpenJDK 17, libpcap, OpenVPN,
# open-vm-tools) with the agent's package, a disk that boots by itself (syslinux on a small FAT partition, root on ext4,
# as vSphere would boot it), and an OVA that vSphere imports (1 vCPU, 512 MB, two NICs: LAN and uplink).
#
#   src/appliance-image/build.sh [lifeboat-appliance_<version>_all.deb]
#
# Without an argument it builds the package first (mvn -B -Pdebian -DskipTests package). Needs root and
# mmdebstrap qemu-utils syslinux syslinux-common mtools dosfstools e2fsprogs fdisk. Outputs are cached outside the
# repository in $LIFEBOAT_IMAGE_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/lifeboat/appliance-image/<hash of the
# inputs>) and reused while the package's content, this script and the files it adds are unchanged. The last line printed is
# the output directory (lifeboat-appliance.raw, lifeboat-appliance.ova).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
suite=bookworm
mirror="${LIFEBOAT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

for tool in mmdebstrap qemu-img syslinux mcopy mkfs.fat mke2fs sfdisk; do
  command -v "$tool" >/dev/null || { echo "build.sh needs $tool: apt-get install mmdebstrap qemu-utils syslinux syslinux-common mtools dosfstools e2fsprogs fdisk" >&2; exit 2; }
done

deb="${1:-}"
if [ -z "$deb" ]; then
  (cd "$repo" && mvn -B -q -Pdebian -DskipTests package) >&2
  deb="$(ls -t "$repo"/target/lifeboat-appliance_*_all.deb | head -n 1)"
fi
[ -f "$deb" ] || { echo "no such package: $deb" >&2; exit 2; }
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"

# The package's content: its control fields and every file it installs, a jar by its entries' bytes (each build of
# the package stamps new times into the archive and its jars, which must not cost a new image).
package_content() {
  unpacked="$(mktemp -d)"
  dpkg-deb -x "$1" "$unpacked"
  dpkg-deb -f "$1"
  (cd "$unpacked" && find . -type f -print | LC_ALL=C sort | while read -r f; do
    case "$f" in
      *.jar) echo "$f $(unzip -p "$f" | sha256sum)" ;;
      *) echo "$f $(sha256sum < "$f")" ;;
    esac
  done)
  rm -rf "$unpacked"
}
# the cache key: the package's content, this script and every file the image adds
hash="$( (package_content "$deb"; cd "$here" && find . -type f -print | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16)"
cache="${LIFEBOAT_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lifeboat/appliance-image}"
out="$cache/$hash"
raw="$out/lifeboat-appliance.raw"
ova="$out/lifeboat-appliance.ova"

report() {
  echo "image: $raw ($(du -m --apparent-size "$raw" | cut -f1) MB disk, $(du -m "$raw" | cut -f1) MB used)" >&2
  echo "ova:   $ova ($(du -m "$ova" | cut -f1) MB)" >&2
  echo "$out"
}
if [ -f "$out/done" ]; then
  echo "reusing the image built from the same inputs" >&2
  report
  exit 0
fi

mkdir -p "$out"
work="$(mktemp -d "$out/work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

echo "building the root file system (mmdebstrap $suite)" >&2
# no documentation, manual pages or translations: an appliance nobody logs in to (the JRE's postinst still wants
# the man1 directory for its alternatives)
mmdebstrap --variant=minbase --mode=root \
  --include=systemd-sysv,udev,kmod,linux-image-amd64,initramfs-tools,openjdk-17-jre-headless,libpcap0.8,openvpn,iproute2,iputils-ping,open-vm-tools,ca-certificates \
  --dpkgopt=path-exclude=/usr/share/doc/* --dpkgopt=path-include=/usr/share/doc/*/copyright \
  --dpkgopt=path-exclude=/usr/share/man/* --dpkgopt=path-exclude=/usr/share/locale/* \
  --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" && echo MODULES=most > "$1/etc/initramfs-tools/conf.d/lifeboat"' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook="copy-in $deb /tmp" \
  --customize-hook='chroot "$1" dpkg -i /tmp/'"$(basename "$deb")" \
  --customize-hook='rm -f "$1"/tmp/*.deb' \
  --customize-hook="sync-in $here/rootfs /" \
  --customize-hook='echo lifeboat-nea > "$1/etc/hostname"' \
  --customize-hook='printf "LABEL=lifeboat-root / ext4 defaults,errors=remount-ro 0 1\n" > "$1/etc/fstab"' \
  --customize-hook='chroot "$1" systemctl enable lifeboat-image-configure.service lifeboat-appliance.service' \
  --customize-hook='chroot "$1" passwd --lock root' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
  "$suite" "$rootfs" "$mirror" >&2

echo "making the disk" >&2
boot_mb=96
root_mb=$(( $(du -sm "$rootfs" | cut -f1) * 13 / 10 + 256 ))
# the boot partition: kernel, initrd and syslinux on FAT, so that no loop device or mount is needed to build it
mkfs.fat -n LBBOOT -C "$work/boot.fat" $((boot_mb * 1024)) >/dev/null
cat > "$work/syslinux.cfg" <<CFG
SERIAL 0 115200
DEFAULT lifeboat
PROMPT 0
TIMEOUT 0
LABEL lifeboat
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND root=LABEL=lifeboat-root ro net.ifnames=0 console=tty0 console=ttyS0,115200
CFG
mcopy -i "$work/boot.fat" "$(ls "$rootfs"/boot/vmlinuz-* | tail -n 1)" ::/vmlinuz
mcopy -i "$work/boot.fat" "$(ls "$rootfs"/boot/initrd.img-* | tail -n 1)" ::/initrd.img
mcopy -i "$work/boot.fat" "$work/syslinux.cfg" ::/syslinux.cfg
syslinux --install "$work/boot.fat"
mke2fs -q -t ext4 -L lifeboat-root -d "$rootfs" "$work/root.ext4" "${root_mb}M"

disk="$work/disk.raw"
truncate -s $((1 + boot_mb + root_mb + 1))M "$disk"
sfdisk --quiet "$disk" <<PART
label: dos
start=1MiB, size=${boot_mb}MiB, type=c, bootable
start=$((1 + boot_mb))MiB, size=${root_mb}MiB, type=83
PART
dd if=/usr/lib/syslinux/mbr/mbr.bin of="$disk" bs=440 count=1 conv=notrunc status=none
dd if="$work/boot.fat" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$work/root.ext4" of="$disk" bs=1M seek=$((1 + boot_mb)) conv=notrunc,sparse status=none

echo "exporting the OVA" >&2
name=lifeboat-appliance
qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$disk" "$work/$name-disk1.vmdk"
capacity=$(stat -c %s "$disk")
vmdk_size=$(stat -c %s "$work/$name-disk1.vmdk")
sed -e "s/@CAPACITY@/$capacity/" -e "s/@VMDK_SIZE@/$vmdk_size/" "$here/lifeboat-appliance.ovf" > "$work/$name.ovf"
(cd "$work" && for f in "$name.ovf" "$name-disk1.vmdk"; do echo "SHA256($f)= $(sha256sum "$f" | cut -d' ' -f1)"; done > "$name.mf")
# OVA order: the descriptor first, then the manifest, then the disk
(cd "$work" && tar --format=ustar -cf "$ova.new" "$name.ovf" "$name.mf" "$name-disk1.vmdk")
mv "$disk" "$raw"
mv "$ova.new" "$ova"
touch "$out/done"
report
