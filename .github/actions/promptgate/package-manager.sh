#!/usr/bin/env bash
# Prints manager=npm|pnpm|yarn and lockfile=PATH (GITHUB_OUTPUT lines) for the project in
# $PG_WORKING_DIRECTORY, from the lockfile it has, or else the one of the workspace above it (a pnpm
# or yarn monorepo keeps one at its root), up to the repository's root (the directory this runs in);
# both empty when there is none (no cache then). Plain POSIX paths (pwd -P), so any runner's shell will do.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=check-inputs.sh
source "$(dirname "${BASH_SOURCE[0]}")/check-inputs.sh"
check_inputs working-directory:PG_WORKING_DIRECTORY
root=$(pwd -P)
if here=$(cd "${PG_WORKING_DIRECTORY:-.}" 2>/dev/null && pwd -P); then
  while :; do
    for pair in pnpm:pnpm-lock.yaml yarn:yarn.lock npm:package-lock.json npm:npm-shrinkwrap.json; do
      if [ -f "$here/${pair#*:}" ]; then
        rel="${here#"$root"}"
        rel="${rel#/}"
        echo "manager=${pair%%:*}"
        echo "lockfile=${rel:+$rel/}${pair#*:}"
        exit 0
      fi
    done
    if [ "$here" = "$root" ] || [ "$here" = / ]; then break; fi
    here=$(dirname "$here")
  done
fi
echo "manager="
echo "lockfile="
