#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need when it is missing (Debian/Ubuntu, as root),
# then prints one closing line: "N passed, N failed, N skipped". Exits non-zero when a test fails.
set -euo pipefail
cd "$(dirname "$0")"

# lspci reads fixture trees, modprobe reads modprobe.d fixtures, Chromium renders the web app, xmllint
# validates libvirt XML, docker-compose validates docker-compose.yml; mkinitramfs, dracut and their listing
# tools build and read real initramfs images (the -core packages only: the full ones would rebuild this
# machine's own initramfs), busybox and dash run the boot-time binding script, diff and patch check diffs.
# libvirtd (started and stopped by the tests), virsh, OVMF and swtpm define and validate real VMs; QEMU boots
# Debian's kernel with the planned initramfs under an emulated IOMMU (the reboot rehearsal); qemu-utils makes
# qcow2 disks; qemu-guest-agent is the real agent the guest-driver tests talk to. systemd's systemd-analyze
# verifies deploy/passthroughweb.service; openssl makes an admin's own certificate for the HTTPS tests. The
# host-account tests check passwords through the real PAM stack (libpam-runtime's common-auth, libpam-modules'
# pam_unix) for a throw-away user that passwd's useradd, chpasswd and groupadd create and remove. The fault tests
# hold the database with the sqlite3 shell and make a file immutable with e2fsprogs' chattr. The scale-out tests run
# the hub on a real PostgreSQL (initdb, pg_ctl, as an unprivileged user through setpriv) and a real redis-server.
packages=(pciutils kmod chromium libxml2-utils docker-compose initramfs-tools-core dracut-core busybox dash cpio
  zstd xz-utils patch diffutils util-linux libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils ovmf
  swtpm swtpm-tools qemu-guest-agent systemd openssl passwd libpam-modules libpam-runtime sqlite3 e2fsprogs
  postgresql redis-server)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "Installing the packages the tests need: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "test.sh: ${missing[*]} missing and not root: install them with sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The real-kernel tests fetch Debian's kernel package with apt-get download: the package lists must name it.
if [[ $(id -u) -eq 0 ]] && ! apt-cache show linux-image-amd64 >/dev/null 2>&1; then
  apt-get update -qq || echo "test.sh: apt-get update failed; the real-kernel tests will say why they skip" >&2
fi

if ! command -v dotnet >/dev/null; then
  echo "test.sh: the .NET 10 SDK is needed (dotnet not found): https://learn.microsoft.com/dotnet/core/install/linux" >&2
  exit 1
fi

log=TestResults/test.sh.log
mkdir -p TestResults
status=0
# global.json selects Microsoft.Testing.Platform: one run over every test project of the solution.
dotnet test --solution PassthroughWeb.sln --no-ansi --no-progress --minimum-expected-tests 1 "$@" 2>&1 | tee "$log" || status=$?

# The closing summary of 'dotnet test' ("Test run summary: ...", then "  total: N", "  failed: N",
# "  succeeded: N", "  skipped: N") is the source of the counts.
summary=$(sed -n '/^Test run summary:/,$p' "$log")
count() { local n; n=$(sed -n "s/^ *$1: *\([0-9]*\).*/\1/p" <<<"$summary" | head -n 1); echo "${n:-0}"; }
passed=$(count succeeded) failed=$(count failed) skipped=$(count skipped)
if [[ -z $summary ]]; then
  echo "test.sh: dotnet test printed no summary (the build failed?)" >&2
  if ((status == 0)); then status=1; fi
fi
# Failures are printed as they happen, early in a long log: repeat each one's name and first lines at the end,
# where a reader of the log's tail (a CI report) sees them.
if ((failed > 0)); then
  echo "Failed tests, repeated from above:"
  awk '/^failed /{show=1; n=0; print; next} show && /^  /{if (n++ < 12) print; next} {show=0}' "$log"
fi
echo "$passed passed, $failed failed, $skipped skipped"
if ((status == 0 && failed > 0)); then status=1; fi
exit "$status"
