#!/usr/bin/env bash
# The GitHub Action's install step: puts ownlint on PATH. An `ownlint` already on PATH is used
# as it is; else a binary restored from the cache (`actions/cache`, keyed by the action's ref,
# the runner's OS and the sources: see cache-key.sh) into OWNLINT_ROOT is used; else ownlint is
# built from the action's own checkout into OWNLINT_ROOT (minutes: a release build), which the
# cache step saves at the end of the job. Building needs cargo, which GitHub's hosted runners
# have.
set -euo pipefail
if command -v ownlint >/dev/null 2>&1; then
  echo "ownlint: using $(command -v ownlint) ($(ownlint --version))"
  exit 0
fi
root="${OWNLINT_ROOT:-${RUNNER_TEMP:-/tmp}/ownlint}"
# A restored binary is used only if it runs: a damaged cache entry is rebuilt, not trusted.
binary="$root/bin/ownlint"
if [[ ! -e "$binary" && -e "$binary.exe" ]]; then
  binary="$binary.exe" # Windows runners
fi
if [[ -x "$binary" ]] && version=$("$binary" --version 2>/dev/null); then
  echo "ownlint: using the cached $binary ($version)"
else
  echo "ownlint: building from ${ACTION_PATH:?set to the action directory} (cached for later runs)"
  cargo install --locked --quiet --force --root "$root" --path "$ACTION_PATH"
fi
echo "$root/bin" >> "${GITHUB_PATH:?set by GitHub Actions}"
