#!/usr/bin/env bash
# The README's test command: installs the programs the tests drive, then runs
# `cargo test` with the arguments given (`contrib/test.sh --test cli`).
#
# The tests log in with real clients (OpenSSH, PuTTY's plink and psftp, paramiko 3.5+),
# run the engine suites on a PostgreSQL server of their own (initdb into a temporary
# folder), start OpenSSH's server as the benchmarks' baseline, check the systemd unit
# with systemd-analyze, print certificates in a Chinese font and read them back with
# pdftoppm. On Debian or Ubuntu the missing packages are installed (with sudo when not
# root); elsewhere the script names them and stops. A test that still finds a program
# missing fails with the package's name; none skips.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
need() { missing+=("$1"); }
command -v cc >/dev/null 2>&1 || need gcc
# libpq and OpenSSL are compiled from source for the PostgreSQL backend (pq-sys's
# bundled build): OpenSSL's build wants make and perl with its modules (IPC::Cmd).
command -v make >/dev/null 2>&1 || need make
perl -MIPC::Cmd -MFindBin -e 1 >/dev/null 2>&1 || need perl
# The engine suites and the several-nodes tests start a PostgreSQL server of their own.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need postgresql
command -v ssh >/dev/null 2>&1 && command -v scp >/dev/null 2>&1 && command -v sftp >/dev/null 2>&1 \
    || need openssh-client
[ -x /usr/sbin/sshd ] || need openssh-server
command -v plink >/dev/null 2>&1 && command -v psftp >/dev/null 2>&1 || need putty-tools
command -v systemd-analyze >/dev/null 2>&1 || need systemd
command -v pdftoppm >/dev/null 2>&1 || need poppler-utils
command -v bash >/dev/null 2>&1 || need bash
if [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] \
    && [ ! -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
    need fonts-wqy-microhei
fi
# paramiko 3.5 or newer, the first with AES-GCM (it has no ChaCha20, and the server offers
# nothing older):
# Debian 12's python3-paramiko is 2.12, so it comes from PyPI, below.
paramiko_ok() {
    python3 -c 'import sys, paramiko
sys.exit(tuple(int(x) for x in paramiko.__version__.split(".")[:2]) < (3, 5))' >/dev/null 2>&1
}
command -v python3 >/dev/null 2>&1 || need python3
paramiko_ok || python3 -m pip --version >/dev/null 2>&1 || need python3-pip

if [ "${#missing[@]}" -gt 0 ]; then
    echo "contrib/test.sh: the tests need: ${missing[*]}" >&2
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "contrib/test.sh: no apt-get here; install those packages (Debian names) and run again" >&2
        exit 1
    fi
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || {
            echo "contrib/test.sh: not root and no sudo; as root: apt-get install ${missing[*]}" >&2
            exit 1
        }
        SUDO="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
    # Only the benchmarks start OpenSSH's server, on a port of their own.
    if printf '%s\n' "${missing[@]}" | grep -qx openssh-server; then
        $SUDO systemctl disable --now ssh >/dev/null 2>&1 || true
    fi
fi

if ! paramiko_ok; then
    echo "contrib/test.sh: the tests need paramiko 3.5 or newer: pip install --user 'paramiko>=3.5'" >&2
    # Debian's own Python refuses pip outside a virtual environment (PEP 668) unless
    # told; --user keeps it out of the system's packages.
    python3 -m pip install --quiet --user 'paramiko>=3.5' \
        || python3 -m pip install --quiet --user --break-system-packages 'paramiko>=3.5'
    paramiko_ok || { echo "contrib/test.sh: paramiko 3.5 or newer is still not importable by python3" >&2; exit 1; }
fi

# A clean checkout gains nothing from incremental caches, and they take disk: with them
# and full debug info a build filled 13 GB and ran a CI machine out of space.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
exec cargo test "$@"
