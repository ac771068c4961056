#!/usr/bin/env bash
# Prints manager=npm|pnpm|yarn and lockfile=PATH (GITHUB_OUTPUT lines) for the project in
# $PG_WORKING_DIRECTORY, from the lockfile it has; both empty when it has none (no cache then).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=check-inputs.sh
source "$(dirname "${BASH_SOURCE[0]}")/check-inputs.sh"
check_inputs working-directory:PG_WORKING_DIRECTORY
dir="${PG_WORKING_DIRECTORY:-.}"
for pair in pnpm:pnpm-lock.yaml yarn:yarn.lock npm:package-lock.json npm:npm-shrinkwrap.json; do
  if [ -f "$dir/${pair#*:}" ]; then
    echo "manager=${pair%%:*}"
    echo "lockfile=${dir%/}/${pair#*:}"
    exit 0
  fi
done
echo "manager="
echo "lockfile="
