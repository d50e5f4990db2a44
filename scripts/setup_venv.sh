#!/usr/bin/env bash
# Creates one of Buurtbot's two environments from its lock file, in ONE install that also installs this
# project in editable mode, so no second call can move the pins. Re-runs only when the lock file changed
# (the stamp holds the lock's hash).
#   app   .venv       supported Python (3.12+): actions, front end, worker, launcher, tools, tests  (requirements.lock)
#   rasa  .venv-rasa  Python 3.10, for Rasa 3.6 only: the Rasa server, training, nlu/               (requirements-rasa.lock)
# The installer is uv, pinned below, kept in .venv-uv: a few seconds per environment instead of minutes.
# Usage: scripts/setup_venv.sh app|rasa [--find-python]
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.10
KIND=${1:-}
case "$KIND" in
  app)  VENV=.venv;      LOCK=requirements.lock ;;
  rasa) VENV=.venv-rasa; LOCK=requirements-rasa.lock ;;
  *) echo "usage: scripts/setup_venv.sh app|rasa [--find-python]" >&2; exit 2 ;;
esac
STAMP="$VENV/.installed"
FIND_ONLY=false
[[ "${2:-}" == "--find-python" ]] && FIND_ONLY=true  # print the interpreter setup would use, and stop

lock_hash() { sha256sum "$LOCK" pyproject.toml | sha256sum | cut -d' ' -f1; }

if ! $FIND_ONLY && [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(lock_hash)" ]]; then
  exit 0
fi

python_ok() {
  if [[ "$KIND" == rasa ]]; then  # Rasa 3.6 supports Python 3.8-3.10; we pin and test on 3.10
    "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
  else  # a Python that still gets security fixes
    "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 12) else 1)' >/dev/null 2>&1
  fi
}

find_python() {
  local explicit candidates root="${PYENV_ROOT:-$HOME/.pyenv}"
  if [[ "$KIND" == rasa ]]; then
    explicit="${PYTHON:-}"; candidates=(python3.10)
    for p in "$root"/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
      [[ -x "$p" ]] && candidates+=("$p")
    done
  else
    explicit="${APP_PYTHON:-}"; candidates=(python3.13 python3.12 python3)
    for p in "$root"/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
      [[ -x "$p" ]] && candidates+=("$p")
    done
  fi
  if [[ -n "$explicit" ]]; then  # an explicit choice is the only candidate
    python_ok "$explicit" && { command -v "$explicit" || echo "$explicit"; } && return 0
    return 1
  fi
  for c in "${candidates[@]}"; do
    if python_ok "$c"; then command -v "$c" || echo "$c"; return 0; fi
  done
  return 1
}

if ! PY="$(find_python)"; then
  if [[ "$KIND" == rasa && -n "${PYTHON:-}" ]]; then
    echo "PYTHON=$PYTHON is not a working Python 3.10: install Python 3.10 (for example 'pyenv install 3.10') and point PYTHON at it." >&2
  elif [[ "$KIND" == rasa ]]; then
    echo "Buurtbot's Rasa server needs Python 3.10 (Rasa 3.6 does not run on newer versions): install python3.10 (for example 'apt-get install python3.10' or 'pyenv install 3.10') or set PYTHON=/path/to/python3.10." >&2
  else
    echo "Buurtbot needs Python 3.12 or newer for everything but the Rasa server: install python3.12 (for example 'pyenv install 3.12') or set APP_PYTHON=/path/to/python3.12." >&2
  fi
  exit 1
fi

if $FIND_ONLY; then echo "$PY"; exit 0; fi

UV=.venv-uv/bin/uv
if [[ ! -x "$UV" ]] || [[ "$("$UV" --version 2>/dev/null)" != "uv $UV_VERSION"* ]]; then
  rm -rf .venv-uv
  python3 -m venv .venv-uv
  .venv-uv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2
fi

echo "Setting up $VENV with $("$PY" --version) from $LOCK ..." >&2
rm -rf "$VENV"
"$UV" venv --quiet --python "$PY" "$VENV"
# --no-deps: the lock is the whole environment; -e .: the project's packages (pyproject.toml), in the same install.
UV_CACHE_DIR="${UV_CACHE_DIR:-$HOME/.cache/uv}" "$UV" pip install --quiet --python "$VENV/bin/python" \
  --no-deps --compile-bytecode -r "$LOCK" -e .
"$UV" pip check --python "$VENV/bin/python" >&2
lock_hash > "$STAMP"
echo "$VENV ready." >&2
