# Installs what the tests need and a fresh Debian machine lacks; sourced by
# scripts/test.sh (so a venv it makes is on PATH for the tests), and so by CI.
# Needs root for apt-get (uses sudo when not root).
# Build: pkg-config, libxml2-dev, libsqlite3-dev. End-to-end test: curl,
# jing (RELAX NG), chromium and fonts for its screenshot (Latin, CJK, emoji), python3 with
# feedparser and Playwright (which drives Debian's chromium), nginx (the
# reverse-proxy example). Rotation test: logrotate. Deployment check:
# systemd (systemd-analyze, systemd-sysusers; nothing is started), nginx and
# openssl (`nginx -t` with a scratch certificate). PostgreSQL backend tests and
# the scale test: postgresql (initdb and pg_ctl start a scratch cluster; no
# service is enabled), and runuser to run them as postgres when root.
need_apt=()
for pkg in pkg-config libxml2-dev libsqlite3-dev curl jing chromium fonts-dejavu-core fonts-droid-fallback fonts-noto-color-emoji logrotate nginx openssl systemd postgresql; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
# feedparser from Debian for Debian's python3; an interpreter of its own
# (pyenv, a virtual environment) gets it from PyPI with its own pip.
# Playwright comes from PyPI only (Debian has no package): for Debian's
# python3, which refuses pip installs of its own (PEP 668), into a virtual
# environment in .build/ci-python that sees Debian's packages and is put
# first on PATH; other interpreters get it with their own pip. No browser
# download: scripts/check-page-csp.py runs /usr/bin/chromium.
need_pip=()
venv=.build/ci-python
if [[ -x $venv/bin/python3 ]]; then
    export PATH="$PWD/$venv/bin:$PATH"
fi
if ! command -v python3 >/dev/null; then
    need_apt+=(python3 python3-feedparser python3-venv)
else
    if ! python3 -c 'import feedparser' 2>/dev/null; then
        if [[ $(command -v python3) == /usr/bin/python3 ]]; then
            need_apt+=(python3-feedparser)
        else
            need_pip+=(feedparser)
        fi
    fi
    if ! python3 -c 'import playwright' 2>/dev/null && [[ $(command -v python3) == /usr/bin/python3 ]] &&
        ! dpkg -s python3-venv >/dev/null 2>&1; then
        need_apt+=(python3-venv)
    fi
fi
if ((${#need_apt[@]})); then
    echo "test.sh: installing ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    sudo=()
    if ((EUID != 0)); then
        if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
            echo "test.sh: the tests need these Debian packages; install them as root, then run again: apt-get install ${need_apt[*]}" >&2
            exit 1
        fi
        sudo=(sudo -n)
    fi
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if ! python3 -c 'import playwright' 2>/dev/null; then
    if [[ $(command -v python3) == /usr/bin/python3 ]]; then
        echo "test.sh: making the virtual environment $venv (Debian's python3 and its packages, plus Playwright)"
        /usr/bin/python3 -m venv --system-site-packages "$venv"
        export PATH="$PWD/$venv/bin:$PATH"
    fi
    need_pip+=(playwright)
fi
if ((${#need_pip[@]})); then
    echo "test.sh: installing ${need_pip[*]} (PyPI) for $(command -v python3)"
    python3 -m pip install --quiet "${need_pip[@]}"
fi

