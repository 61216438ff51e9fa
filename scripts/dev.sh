#!/usr/bin/env bash
# Set up this checkout on a fresh Debian machine and run Evercast's demo or its whole test suite.
#   scripts/dev.sh demo   - the pipeline on embedded defaults (SQLite + SQLite-backed broker)
#   scripts/dev.sh test   - every test, against real Redis/PostgreSQL/ffmpeg
# Idempotent: a second run installs nothing new and starts straight away.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv

# Debian packages the stages need (each line names who needs it).
DEBS=(
  ffmpeg          # core.media: probe, decode, encode
  espeak-ng       # voice: embedded TTS; avatar: test footage
  redis-server    # tests: a private Redis per test run; production broker
  python3-venv    # the virtualenv below
  chromium        # tests: the dashboard in a real headless browser (Playwright drives it; nothing downloaded)
  fonts-noto-cjk  # dashboard screenshots and burned-in subtitles in Chinese
  nginx-light     # live rooms: the local RTMP relay (tests start their own on a free port)
  libnginx-mod-rtmp
  wrk             # bench/api.py: a C load generator, so the client does not eat the cores it measures
  sip-tester      # calls/sip tests and bench/calls.py: SIPp, the far end of test calls
  coturn          # tests: a TURN server on loopback for the rooms' WebRTC preview (tests start their own)
  festival        # eval/lipsync: the second footage source's speech, phone timings from festival itself
  festvox-us-slt-hts
  festvox-kallpc16k
)

log() { printf '\033[1m[dev]\033[0m %s\n' "$*" >&2; }

install_debs() {
  local missing=()
  for pkg in "${DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    log "missing Debian packages: ${missing[*]} (run as root, or install them yourself); continuing"
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  log "Python 3.11 is required (Debian 12: apt-get install python3)"; exit 1
}

install_project() {
  [ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$(pick_python)" -m venv "$VENV"; }
  local stamp=$VENV/.evercast-installed want
  want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing Evercast and its dependencies into $VENV (log: $VENV/install.log)"
    # torch==2.13.0 (pinned in pyproject) is the CPU build; the pin keeps pip from pulling a CUDA build.
    if ! { "$VENV/bin/python" -m pip install -q --upgrade pip &&
           "$VENV/bin/python" -m pip install -q -e ".[dev]" &&
           # Resemblyzer (speaker encoder, weights in its wheel) declares the obsolete `typing` package,
           # which breaks Python 3.11: install it alone; its real dependencies are in pyproject.toml.
           "$VENV/bin/python" -m pip install -q --no-deps resemblyzer==0.1.4; } >"$VENV/install.log" 2>&1; then
      grep -v "is ignored" "$VENV/install.log" | tail -n 30 >&2
      log "installing the project failed"; exit 1
    fi
    echo "$want" > "$stamp"
  fi
}

# Coqui XTTS-v2 needs torch 2.9.1 + torchaudio, which clash with the pinned CPU torch: its loading and
# inference path is tested in a virtualenv of its own, cached outside the checkout (about 7.6 GB and
# 6 minutes the first time on 2 cores). EVERCAST_SKIP_XTTS=1 skips it.
XTTS_VENV=${EVERCAST_XTTS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/evercast/xtts-venv}
XTTS_REQS=(torch==2.9.1 torchaudio==2.9.1 "torchcodec>=0.8,<0.9" "coqui-tts>=0.27.4,<0.29" six
           "pydantic>=2.7,<3" "pydantic-settings>=2.3,<3" "cn2an>=0.5.22,<0.6" "wetext>=0.1.8,<0.3"
           "pypinyin>=0.51,<0.56" "jieba>=0.42.1,<0.43" "pyworld>=0.3.4,<0.4" "pyloudnorm>=0.1.1,<0.3"
           "soxr>=0.3.7,<2" "webrtcvad-wheels>=2.0.11,<2.1" "setuptools>=69,<81" "pytest>=8,<9" pytest-timeout
           "httpx>=0.27,<1" "sqlalchemy>=2.0,<2.2"
           # coqui-tts 0.28 does not bound transformers, and its GPT inference breaks on 5.x (no KV cache object)
           "transformers>=4.57,<5")

xtts_tests() {
  [ -n "${EVERCAST_SKIP_XTTS:-}" ] && { log "XTTS path skipped (EVERCAST_SKIP_XTTS)"; return 0; }
  local stamp=$XTTS_VENV/.evercast-xtts want
  want=$(printf '%s\n' "${XTTS_REQS[@]}" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "building the XTTS test environment in $XTTS_VENV (first time: several minutes)"
    rm -rf "$XTTS_VENV"
    "$(pick_python)" -m venv "$XTTS_VENV"
    if ! "$XTTS_VENV/bin/python" -m pip install -q "${XTTS_REQS[@]}" >"$VENV/xtts-install.log" 2>&1; then
      grep -v "is ignored" "$VENV/xtts-install.log" | tail -n 20 >&2
      log "could not build the XTTS environment"; return 1
    fi
    echo "$want" > "$stamp"
  fi
  log "XTTS loading and inference with a tiny random model (its own virtualenv)"
  PYTHONPATH=$ROOT "$XTTS_VENV/bin/python" -m pytest -q -p no:cacheprovider tests/voice/test_xtts.py
}

postgres_for_tests() {
  # Use the machine's PostgreSQL when one answers on the standard loopback port.
  [ -n "${EVERCAST_TEST_POSTGRES_URL:-}" ] && return 0
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export EVERCAST_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    log "PostgreSQL tests use $EVERCAST_TEST_POSTGRES_URL"
  else
    log "no PostgreSQL on 127.0.0.1:5432: PostgreSQL variants of the database tests will be skipped"
  fi
}

cmd=${1:-}
shift || true
case "$cmd" in
  demo)
    install_debs
    install_project
    exec "$VENV/bin/evercast" demo "$@"
    ;;
  test)
    install_debs
    install_project
    postgres_for_tests
    set +e
    "$VENV/bin/python" -m pytest -q "$@"
    status=$?
    [ $status -eq 5 ] && { log "pytest collected no tests"; exit 1; }
    if [ $status -eq 0 ] && [ $# -eq 0 ]; then
      xtts_tests
      status=$?
    fi
    exit $status
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test [args...]" >&2
    exit 2
    ;;
esac
