#!/usr/bin/env bash
# Creates .venv from requirements.lock in ONE pip call, so Rasa's pins are never moved.
# Re-runs only when the lock file changed (the stamp holds the lock's hash).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
LOCK=requirements.lock
STAMP="$VENV/.installed"

lock_hash() { sha256sum "$LOCK" | cut -d' ' -f1; }

FIND_ONLY=false
[[ "${1:-}" == "--find-python" ]] && FIND_ONLY=true  # print the interpreter setup would use, and stop

if ! $FIND_ONLY && [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(lock_hash)" ]]; then
  exit 0
fi

python_ok() {
  # Rasa 3.6 supports Python 3.8-3.10; we pin and test on 3.10.
  "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

find_python() {
  local candidates=(python3.10)
  if [[ -n "${PYTHON:-}" ]]; then  # an explicit choice is the only candidate
    python_ok "$PYTHON" && { command -v "$PYTHON" || echo "$PYTHON"; } && return 0
    return 1
  fi
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  for p in "$root"/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
    [[ -x "$p" ]] && candidates+=("$p")
  done
  for c in "${candidates[@]}"; do
    if python_ok "$c"; then command -v "$c" || echo "$c"; return 0; fi
  done
  return 1
}

if ! PY="$(find_python)"; then
  if [[ -n "${PYTHON:-}" ]]; then
    echo "PYTHON=$PYTHON is not a working Python 3.10: install Python 3.10 (for example 'pyenv install 3.10') and point PYTHON at it." >&2
  else
    echo "Buurtbot needs Python 3.10 (Rasa 3.6 does not run on newer versions): install python3.10 (for example 'apt-get install python3.10' or 'pyenv install 3.10') or set PYTHON=/path/to/python3.10." >&2
  fi
  exit 1
fi

if $FIND_ONLY; then echo "$PY"; exit 0; fi

echo "Setting up $VENV with $("$PY" --version) from $LOCK (a few minutes the first time) ..." >&2
rm -rf "$VENV"
"$PY" -m venv "$VENV"
# (grep drops the noise of an unused local index that some machines configure)
"$VENV/bin/python" -m pip install --quiet --no-deps --no-warn-script-location -r "$LOCK" 2>&1 \
  | { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2
# Make the project's packages (buurtbot, actions, bot, nlu) importable from any working directory.
"$VENV/bin/python" - <<'PY'
import pathlib, site
pathlib.Path(site.getsitepackages()[0], "buurtbot-project.pth").write_text(str(pathlib.Path.cwd()) + "\n")
PY
"$VENV/bin/python" -m pip check >&2
lock_hash > "$STAMP"
echo "Virtual environment ready." >&2
