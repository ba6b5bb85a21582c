#!/usr/bin/env bash
# Checks what contrib/dist.sh built into dist/:
#   - every binary is static (`file`, `ldd`, no ELF interpreter);
#   - each binary serves the demo to the real OpenSSH client, which logs in as an
#     expert and drafts a vote (tests/built_binary.rs), the ARM64 one under
#     qemu-aarch64-static;
#   - with --install (CI, or a machine you may change): the README's "Install" section
#     is followed on this machine, block by block (the blocks marked
#     `<!-- check-dist: run -->`), as root, then the package is checked: the user, the
#     owners and modes, the conffile, an office command as the pingshen user, the
#     server starting from /etc/pingshen/pingshen.toml, and that removal keeps the data.
#     It installs into /usr/bin and /usr/local/bin and makes the pingshen user.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
dist="$root/dist"
install=no
[ "${1:-}" = "--install" ] && install=yes

fail() {
    echo "check-dist: FAILED: $*" >&2
    exit 1
}
need() {
    command -v "$1" >/dev/null 2>&1 || fail "$1 is missing: apt-get install $2"
}
need file file
need ldd libc-bin
need readelf binutils
need qemu-aarch64-static qemu-user-static

binaries=("$dist"/pingshen-"$version"-*-linux-musl)
[ -e "${binaries[0]}" ] || fail "no binaries in dist/: run contrib/dist.sh first"

echo "== static binaries"
for b in "${binaries[@]}"; do
    what=$(file -b "$b")
    echo "$(basename "$b"): $what"
    grep -q "statically linked" <<<"$what" || fail "$b: file does not say statically linked"
    if readelf -l "$b" | grep -q INTERP; then fail "$b has an ELF interpreter"; fi
    # ldd: "not a dynamic executable" (or "statically linked"), and exit status 1.
    said=$(ldd "$b" 2>&1 || true)
    grep -qE "not a dynamic executable|statically linked" <<<"$said" || fail "ldd finds libraries in $b: $said"
done

echo "== each binary serves the demo over OpenSSH"
for b in "${binaries[@]}"; do
    runner=""
    case "$b" in
    *-aarch64-linux-musl) runner=qemu-aarch64-static ;;
    *-loongarch64-linux-musl) runner=qemu-loongarch64-static ;;
    esac
    echo "-- $(basename "$b") ${runner:+under $runner}"
    PINGSHEN_TEST_BINARY="$b" PINGSHEN_TEST_RUNNER="$runner" PINGSHEN_TEST_WAIT=120 \
        cargo test --quiet --test built_binary
done

[ "$install" = yes ] || {
    echo "check-dist: binaries checked (run with --install to follow the README's Install section here)"
    exit 0
}
[ "$(id -u)" -eq 0 ] || fail "--install runs as root"
[ "$(dpkg --print-architecture)" = amd64 ] || fail "--install follows the amd64 commands"

echo "== the README's Install section, followed here"
# The README's commands as an admin types them: `sudo` (root already), and systemctl,
# which CI containers do not run (the package's scripts handle that themselves).
prelude='set -euxo pipefail
sudo() { if [ "$1" = "-u" ]; then local u=$2; shift 2; runuser -u "$u" -- "$@"; else "$@"; fi; }
systemctl() { if [ -d /run/systemd/system ]; then command systemctl "$@"; else echo "(systemd is not running here: systemctl $* left out)"; fi; }'
blocks="$(mktemp -d)"
python3 - "$root/README.md" "$blocks" <<'EOF'
import re, sys, pathlib
text = pathlib.Path(sys.argv[1]).read_text()
start = text.index("## Install (an office server without internet)")
end = text.index("\n## ", start + 1)
section = text[start:end]
found = re.findall(r"<!-- check-dist: run -->\n```sh\n(.*?)```", section, re.S)
assert found, "no block marked <!-- check-dist: run --> in the Install section"
for i, block in enumerate(found):
    pathlib.Path(sys.argv[2], f"{i:02}.sh").write_text(block)
print(f"{len(found)} blocks")
EOF
run_block() {
    echo "-- README block $(basename "$1")"
    cat "$1"
    (cd "$dist" && bash -c "$prelude"$'\n'"$(cat "$1")")
}
purge_all() {
    dpkg --purge pingshen >/dev/null 2>&1 || true
    rm -rf /var/lib/pingshen /var/backups/pingshen /usr/local/bin/pingshen
    if getent passwd pingshen >/dev/null; then userdel pingshen; fi
    if getent group pingshen >/dev/null; then groupdel pingshen; fi
}
mode_owner() { stat -c '%a %U:%G' "$1"; }
purge_all
trap purge_all EXIT

# The single binary first (the last block), on a machine without the package.
last=$(ls "$blocks" | tail -n 1)
run_block "$blocks/$last"
[ -e /var/lib/pingshen/pingshen.db ] || fail "the single binary's init made no database"
[ "$(mode_owner /var/lib/pingshen)" = "750 pingshen:pingshen" ] || fail "/var/lib/pingshen: $(mode_owner /var/lib/pingshen)"
purge_all

for block in $(ls "$blocks" | grep -vx "$last"); do
    run_block "$blocks/$block"
    if [ "$block" = 01.sh ]; then
        echo "== the package as installed"
        [ "$(mode_owner /usr/bin/pingshen)" = "755 root:root" ] || fail "/usr/bin/pingshen: $(mode_owner /usr/bin/pingshen)"
        [ "$(mode_owner /var/lib/pingshen)" = "750 pingshen:pingshen" ] || fail "/var/lib/pingshen: $(mode_owner /var/lib/pingshen)"
        [ "$(mode_owner /var/lib/pingshen/pingshen.db)" = "600 pingshen:pingshen" ] || fail "the database: $(mode_owner /var/lib/pingshen/pingshen.db)"
        [ "$(mode_owner /var/lib/pingshen/keys)" = "700 pingshen:pingshen" ] || fail "the keys: $(mode_owner /var/lib/pingshen/keys)"
        [ "$(getent passwd pingshen | cut -d: -f6,7)" = "/var/lib/pingshen:/usr/sbin/nologin" ] || fail "the pingshen user: $(getent passwd pingshen)"
        dpkg-query -W -f='${Conffiles}\n' pingshen | grep -q /etc/pingshen/pingshen.toml || fail "pingshen.toml is not a conffile"
        [ -e /lib/systemd/system/pingshen.service ] || fail "no unit"
        grep -q '^ExecStart=/usr/bin/pingshen ' /lib/systemd/system/pingshen.service || fail "the unit does not run /usr/bin/pingshen"
        [ -e /usr/share/bash-completion/completions/pingshen ] && [ -e /usr/share/man/man1/pingshen.1.gz ] \
            || fail "completions or man page missing"
        echo "-- the server starts as the pingshen user from /etc/pingshen/pingshen.toml"
        log=$(mktemp)
        runuser -u pingshen -- env PINGSHEN_SERVER_LISTEN=127.0.0.1:0 /usr/bin/pingshen serve >"$log" 2>&1 &
        server=$!
        for _ in $(seq 1 600); do
            grep -q "is listening on" "$log" && break
            kill -0 "$server" 2>/dev/null || break
            sleep 0.1
        done
        grep -q "is listening on" "$log" || { cat "$log"; fail "the installed server did not start"; }
        grep -q "in /var/lib/pingshen/keys" "$log" || { cat "$log"; fail "the server did not take /etc/pingshen/pingshen.toml"; }
        kill "$server"
        wait "$server" || true
    fi
done

echo "== removal keeps the data"
dpkg -r pingshen
[ -e /var/lib/pingshen/pingshen.db ] || fail "dpkg -r removed the database"
[ ! -e /usr/bin/pingshen ] || fail "dpkg -r left the binary"
dpkg --purge pingshen
[ -e /var/lib/pingshen/pingshen.db ] || fail "dpkg --purge removed the database"
getent passwd pingshen >/dev/null || fail "dpkg --purge removed the user"
echo "-- a reinstall over the kept data sets up nothing anew"
dpkg -i "$dist/pingshen_${version}-1_amd64.deb"
[ ! -e /var/lib/pingshen/initial-operator-password ] || fail "a reinstall made a new operator password"
runuser -u pingshen -- pingshen office list | grep -q operator || fail "the kept database lost its operator"
echo "check-dist: all checks passed"
