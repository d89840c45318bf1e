#!/usr/bin/env bash
# The GitHub Action's run step: `ownlint check` as annotations or SARIF, plus a Markdown job
# summary. Inputs arrive as environment variables (never spliced into the script), so no input
# can inject shell code. Exit status: ownlint's (1 for findings at --fail-on, 2 for bad input).
set -uo pipefail

format="${OWNLINT_FORMAT:-github}"
fail_on="${OWNLINT_FAIL_ON:-error}"
args=(check)
if [[ -n "${OWNLINT_BASE:-}" ]]; then
  args+=(--base "$OWNLINT_BASE")
fi
extra=()
if [[ -n "${OWNLINT_ARGS:-}" ]]; then
  read -r -a extra <<< "$OWNLINT_ARGS"
fi

case "$format" in
  github)
    ownlint "${args[@]}" "${extra[@]}" --fail-on "$fail_on" --format github
    status=$?
    ;;
  sarif)
    sarif="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ownlint.sarif"
    ownlint "${args[@]}" "${extra[@]}" --fail-on "$fail_on" --format sarif --output "$sarif"
    status=$?
    if [[ -f "$sarif" && -n "${GITHUB_OUTPUT:-}" ]]; then
      echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
    fi
    ;;
  *)
    echo "::error title=ownlint::the action's format must be github or sarif"
    exit 2
    ;;
esac

if [[ "${OWNLINT_SUMMARY:-true}" == "true" && -n "${GITHUB_STEP_SUMMARY:-}" && "$status" -ne 2 ]]; then
  ownlint "${args[@]}" "${extra[@]}" --format markdown --fail-on never >> "$GITHUB_STEP_SUMMARY" || true
fi
exit "$status"
