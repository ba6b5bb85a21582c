#!/usr/bin/env bash
# Builds what an office without internet access installs, into dist/:
#
#   pingshen-VERSION-x86_64-linux-musl     fully static binaries (no glibc, no libz:
#   pingshen-VERSION-aarch64-linux-musl    they run on Kylin, UOS, Debian, any Linux)
#   pingshen_VERSION-1_amd64.deb           the Debian packages (README, "Install")
#   pingshen_VERSION-1_arm64.deb
#   pingshen-VERSION-src.tar.gz            the source with every crate vendored, which
#                                          builds with no network (README, "Offline build")
#   SHA256SUMS
#
# The binaries are built from that source bundle, with --offline: the build itself
# proves that the bundle is complete. C code (SQLite, ring, libpq, OpenSSL) is compiled for
# each target by zig's C compiler (cargo-zigbuild).
#
# Needs: the rustup targets, zig and cargo-zigbuild, cargo-deb. Installed from their
# registries, nothing downloaded by hand:
#   rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl
#   python3 -m pip install ziglang        # zig, from PyPI (or Debian's zig package)
#   cargo install --locked cargo-zigbuild cargo-deb
# LoongArch64 (loongarch64-unknown-linux-musl) is built too when its target is
# installed; Rust 1.95 publishes no standard library for it (README says more).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out="$root/dist"
work="$root/target/dist"
name="pingshen-$version"

targets=(x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
installed=$(rustup target list --installed 2>/dev/null || true)
if grep -qx loongarch64-unknown-linux-musl <<<"$installed"; then
    targets+=(loongarch64-unknown-linux-musl)
fi

fail() {
    echo "contrib/dist.sh: $*" >&2
    exit 1
}
for t in "${targets[@]}"; do
    grep -qx "$t" <<<"$installed" || fail "the Rust target $t is missing: rustup target add $t"
done
if ! command -v zig >/dev/null 2>&1; then
    python3 -m ziglang version >/dev/null 2>&1 \
        || fail "zig is missing: python3 -m pip install ziglang (or apt-get install zig)"
    # cargo-zigbuild looks for `zig` on PATH or for the ziglang module of python3.
fi
# cargo-zigbuild prefers `python3 -m ziglang` to a `zig` on PATH, and then starts
# python (0.2 s) for every C file it compiles: OpenSSL alone has about 1,100. Name the
# zig binary itself, and compile the C without the debug information cargo-zigbuild
# asks for (the binaries carry none): OpenSSL's build for one target went from 631 to
# 355 s here.
if [ -z "${CARGO_ZIGBUILD_ZIG_COMMAND:-}" ]; then
    zig_binary=$(command -v zig || python3 -c \
        'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
    [ -x "$zig_binary" ] || fail "the zig binary is not where ziglang says: $zig_binary"
    export CARGO_ZIGBUILD_ZIG_COMMAND="$zig_binary" CARGO_ZIGBUILD_ZIG_COMMAND_ARGS=""
fi
export TARGET_CFLAGS="${TARGET_CFLAGS:+$TARGET_CFLAGS }-g0"
cargo zigbuild --help >/dev/null 2>&1 || fail "cargo-zigbuild is missing: cargo install --locked cargo-zigbuild"
cargo deb --version >/dev/null 2>&1 || fail "cargo-deb is missing: cargo install --locked cargo-deb"

rm -rf "$out" "$work/$name"
mkdir -p "$out" "$work/$name"

# 1. The source bundle: every file git knows of (committed or not, but not ignored),
# and every crate of Cargo.lock vendored into vendor/crates.
echo "== source bundle with vendored crates"
git ls-files -z --cached --others --exclude-standard \
    | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' \
    | tar --null -T - -cf - | tar -xf - -C "$work/$name"
(
    cd "$work/$name"
    mkdir -p .cargo
    cargo vendor --locked --versioned-dirs --quiet vendor/crates > .cargo/config.toml
)
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner -czf "$out/$name-src.tar.gz" "$name"

# 2. The static binaries, built offline from the bundle.
build="$work/build"
for t in "${targets[@]}"; do
    echo "== $t (offline, from the bundle)"
    (
        cd "$work/$name"
        CARGO_TARGET_DIR="$build" CARGO_NET_OFFLINE=true \
            cargo zigbuild --release --offline --locked --target "$t" --bin pingshen
    )
    arch=${t%%-unknown-linux-musl}
    install -m 0755 "$build/$t/release/pingshen" "$out/$name-$arch-linux-musl"
done

# 3. What the packages install beside the binary: the unit for /usr/bin, the shell
# completions and the man pages, made by the x86_64 binary (the same clap definitions).
generated="$work/$name/contrib/generated"
host_binary="$out/$name-x86_64-linux-musl"
mkdir -p "$generated/completions" "$generated/man"
sed 's#/usr/local/bin/pingshen#/usr/bin/pingshen#g' contrib/pingshen.service > "$generated/pingshen.service"
"$host_binary" completions bash > "$generated/completions/pingshen.bash"
"$host_binary" completions zsh > "$generated/completions/_pingshen"
"$host_binary" completions fish > "$generated/completions/pingshen.fish"
"$host_binary" man --out "$generated/man"

# 4. The Debian packages, one per architecture (cargo-deb names them).
for t in "${targets[@]}"; do
    echo "== Debian package for $t"
    (
        cd "$work/$name"
        CARGO_TARGET_DIR="$build" cargo deb --no-build --no-strip --target "$t" --output "$out/"
    )
done

# 5. The checksums, to compare with what arrives on the office's server.
(
    cd "$out"
    sha256sum -- * > SHA256SUMS
)
echo "== dist/"
ls -l "$out"
