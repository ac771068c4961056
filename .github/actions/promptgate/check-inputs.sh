# Sourced by the action's scripts: refuses (exit 2) an input that holds a newline or another control
# character, before any of it reaches a log line, a workflow command or $GITHUB_OUTPUT, where a
# newline would start a command of its own (::add-mask::, ::stop-commands::) or forge an output.
#   check_inputs paths:PG_PATHS mode:PG_MODE ...   (input name : the variable it arrived in)
# shellcheck shell=bash
check_inputs() {
  # Bytes, whatever the runner's locale: every C0 control character and DEL.
  local LC_ALL=C pair var value bad=()
  for pair in "$@"; do
    var="${pair#*:}"
    value="${!var-}"
    if [[ "$value" == *[[:cntrl:]]* ]]; then bad+=("${pair%%:*}"); fi
  done
  if [ "${#bad[@]}" -gt 0 ]; then
    # The names only, never the values: those are what must not reach the log. On stderr: a
    # caller's stdout may be $GITHUB_OUTPUT.
    local these="input ${bad[*]} holds"
    [ "${#bad[@]}" -gt 1 ] && these="inputs ${bad[*]} hold"
    echo "::error::promptgate: $these a newline or another control character; each input is one line of text (separate paths and models with spaces)" >&2
    exit 2
  fi
}
