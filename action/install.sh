#!/usr/bin/env bash
# The GitHub Action's install step: builds ownlint from the action's own checkout (the ref the
# workflow names) unless an `ownlint` is already on PATH. Needs cargo, which GitHub's hosted
# runners have.
set -euo pipefail
if command -v ownlint >/dev/null 2>&1; then
  echo "ownlint: using $(command -v ownlint) ($(ownlint --version))"
  exit 0
fi
root="${RUNNER_TEMP:-/tmp}/ownlint"
cargo install --locked --quiet --root "$root" --path "${ACTION_PATH:?set to the action directory}"
echo "$root/bin" >> "${GITHUB_PATH:?set by GitHub Actions}"
