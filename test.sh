#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need when it is missing (Debian/Ubuntu, as root),
# then prints one closing line: "N passed, N failed, N skipped". Exits non-zero when a test fails.
set -euo pipefail
cd "$(dirname "$0")"

# lspci reads fixture trees, modprobe reads modprobe.d fixtures, Chromium renders the web app, xmllint
# validates libvirt XML, docker-compose validates docker-compose.yml.
packages=(pciutils kmod chromium libxml2-utils docker-compose)
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

results=TestResults/test.sh
rm -rf "$results"
status=0
dotnet test PassthroughWeb.sln --logger "trx" --results-directory "$results" "$@" || status=$?

# Each test project writes one .trx; its <Counters> element holds the totals.
passed=0 failed=0 skipped=0 files=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { local n; n=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"); echo "${n:-0}"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done

if ((files == 0)); then
  echo "test.sh: dotnet test wrote no results (the build failed?)" >&2
  if ((status == 0)); then status=1; fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
if ((status == 0 && failed > 0)); then status=1; fi
exit "$status"
