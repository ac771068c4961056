#!/usr/bin/env bash
# The composite action's body: run promptgate, publish outputs from the files it wrote, compare with
# a baseline if given, and exit with promptgate's own code (0 pass, 1 fail or regression, 2 bad
# input, 3 could not complete). Outputs are written before exiting so later steps can use them.
set -uo pipefail

# Inputs arrive as PG_* variables (never spliced into a script); none may hold a line break.
# shellcheck source-path=SCRIPTDIR source=check-inputs.sh
source "$GITHUB_ACTION_PATH/check-inputs.sh"
check_inputs paths:PG_PATHS mode:PG_MODE shard:PG_SHARD max-cost:PG_MAX_COST concurrency:PG_CONCURRENCY baseline:PG_BASELINE \
  fixtures:PG_FIXTURES models:PG_MODELS changed:PG_CHANGED output-dir:PG_OUT_DIR working-directory:PG_WORKING_DIRECTORY

# An input quoted in a workflow command: GitHub decodes %25, %0D and %0A there, so % is escaped.
data() { printf '%s' "${1//%/%25}"; }

# A project in a subfolder (a monorepo): every path below (suites, fixtures, reports, the pinned
# promptgate) is relative to it, and so are the outputs.
cd "${PG_WORKING_DIRECTORY:-.}" || { echo "::error::promptgate: working-directory '$(data "$PG_WORKING_DIRECTORY")' not found"; exit 2; }

out="${PG_OUT_DIR:-promptgate-results}"
mkdir -p "$out"
results="$out/results.json"
cost="$out/cost.json"

# Prefer the promptgate the repository pins; else the action's own checkout (npm ci builds dist/).
if [ -x node_modules/.bin/promptgate ]; then
  pg=(node_modules/.bin/promptgate)
else
  root="$(cd "$GITHUB_ACTION_PATH/../../.." && pwd)"
  if [ ! -d "$root/node_modules" ]; then
    (cd "$root" && npm ci --no-audit --no-fund >&2) || { echo "::error::promptgate: could not install the action's dependencies"; exit 3; }
  fi
  pg=(node "$root/bin/promptgate.js")
fi

args=(run)
read -r -a paths <<< "${PG_PATHS:-suites/}"
args+=("${paths[@]}")
case "${PG_MODE:-replay}" in
  replay) ;;
  live) args+=(--live) ;;
  record) args+=(--record) ;;
  batch) args+=(--batch) ;;
  *) echo "::error::promptgate: mode must be replay, live, record or batch, not '$(data "$PG_MODE")'"; exit 2 ;;
esac
[ -n "${PG_SHARD:-}" ] && args+=(--shard "$PG_SHARD")
[ -n "${PG_MAX_COST:-}" ] && args+=(--max-cost "$PG_MAX_COST")
[ -n "${PG_CONCURRENCY:-}" ] && args+=(--concurrency "$PG_CONCURRENCY")
[ -n "${PG_FIXTURES:-}" ] && args+=(--fixtures "$PG_FIXTURES")
read -r -a models <<< "${PG_MODELS:-}"
for m in "${models[@]}"; do args+=(--model "$m"); done
[ "${PG_CHANGED:-false}" = true ] && args+=(--changed)
args+=(--results "$results" --junit "$out/junit.xml" --cost-report "$cost" --markdown "$out/summary.md")

echo "promptgate ${args[*]}"
"${pg[@]}" "${args[@]}"
code=$?

node "$GITHUB_ACTION_PATH/outputs.mjs" "$results" "$cost" >> "$GITHUB_OUTPUT"

if [ -n "${PG_BASELINE:-}" ]; then
  if [ ! -f "$PG_BASELINE" ]; then
    echo "::warning::promptgate: baseline $(data "$PG_BASELINE") not found; nothing to compare with (the first run on main makes one)"
  elif [ -f "$results" ]; then
    "${pg[@]}" compare "$PG_BASELINE" "$results" --markdown "$out/compare.md" --json "$out/compare.json" > "$out/compare.txt"
    compare_code=$?
    cat "$out/compare.txt"
    node "$GITHUB_ACTION_PATH/outputs.mjs" --regressions "$out/compare.json" "$out/compare.md" >> "$GITHUB_OUTPUT"
    # The run's own failure outranks the comparison's verdict.
    [ "$code" -eq 0 ] && code=$compare_code
  fi
fi
exit "$code"
