#!/usr/bin/env bash
# The GitHub Action's cache-key step: where the install step puts ownlint (`dir`) and the key
# that `actions/cache` saves and restores that directory under (`key`). The key names the
# runner's OS and architecture and the action's ref, and ends with a digest of the sources the
# binary is built from, so that a ref that moves (a branch) never restores a binary built from
# older sources, while every run at one commit restores the same one.
set -euo pipefail
action="${ACTION_PATH:?set to the action directory}"
sanitize() { printf '%s' "$1" | LC_ALL=C tr -c 'A-Za-z0-9._-' '_' | head -c 80; }
# GNU coreutils (Linux, Git Bash on Windows) or the macOS tool.
if command -v sha256sum >/dev/null 2>&1; then sha256=(sha256sum); else sha256=(shasum -a 256); fi
# Sources in a fixed order (names sorted bytewise), each file's name and content hashed.
digest=$(
  cd "$action" &&
    find Cargo.toml Cargo.lock src -type f -print0 2>/dev/null |
    LC_ALL=C sort -z |
    xargs -0 "${sha256[@]}" |
    "${sha256[@]}" |
    cut -c1-16
)
os=$(sanitize "${RUNNER_OS:-unknown}")
arch=$(sanitize "${RUNNER_ARCH:-unknown}")
ref=$(sanitize "${OWNLINT_ACTION_REF:-local}")
key="ownlint-$os-$arch-$ref-$digest"
dir="${RUNNER_TEMP:-/tmp}/ownlint"
echo "ownlint: cache key $key"
{
  echo "key=$key"
  echo "dir=$dir"
} >> "${GITHUB_OUTPUT:?set by GitHub Actions}"
