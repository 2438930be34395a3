#!/usr/bin/env bash
# Compile-time cost of `cors_policy!`: how much longer a crate takes to build when its policy
# lists 1,000 or 10,000 origins instead of one, and how long the macro expansion itself takes.
#
#   scripts/compile-time.sh                 # sizes 1 1000 10000, dev profile
#   SIZES="1 1000 10000 100000" PROFILE=release RUNS=5 scripts/compile-time.sh
#
# Each size is a scratch crate (outside the workspace, in $COMPILE_TIME_DIR, default
# /tmp/checked-cors-compile-time) whose lib.rs is one `static POLICY: Policy = cors_policy! {..}`
# with origins `https://app{i}.tenant{i%97}.example.com`. Dependencies are built once first;
# every timed build then recompiles that crate only (`touch src/lib.rs`), RUNS times, median kept.
#
# Expansion time is rustc's own `macro_expand_crate` pass from `-Z time-passes`. That flag is
# unstable, so the one timing build of the scratch crate runs with RUSTC_BOOTSTRAP=1; it changes
# no code generated, only what rustc prints. The macro runs unoptimised, as proc macros do in
# both dev and release builds (cargo's default `build-override` is opt-level 0).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${COMPILE_TIME_DIR:-${TMPDIR:-/tmp}/checked-cors-compile-time}
SIZES=${SIZES:-"1 1000 10000"}
PROFILE=${PROFILE:-dev}
RUNS=${RUNS:-3}
export CARGO_TARGET_DIR="$WORK/target"
mkdir -p "$WORK"

make_crate() { # $1 = number of origins
    local n=$1 dir="$WORK/policy-$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "policy-$n"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
checked-cors = { path = "$ROOT/cors-policy" }

[workspace]
TOML
    [ -f "$dir/Cargo.lock" ] || cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
    {
        echo 'use checked_cors::{cors_policy, Policy};'
        echo 'pub static POLICY: Policy = cors_policy! { allow_origins: ['
        awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "    \"https://app%d.tenant%d.example.com\",\n", i, i % 97 }'
        echo '] };'
    } >"$dir/src/lib.rs"
}

now() { date +%s.%N; }

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for n in $SIZES; do make_crate "$n"; done

first=$(echo "$SIZES" | awk '{ print $1 }')
echo "building dependencies once ($PROFILE profile, target dir $CARGO_TARGET_DIR)..." >&2
cargo build --quiet --profile "$PROFILE" --manifest-path "$WORK/policy-$first/Cargo.toml"

printf '| origins | build of the crate, s (median of %s) | minus 1-origin build, s | macro expansion, s (median) |\n' "$RUNS"
printf '|---:|---:|---:|---:|\n'
base=""
for n in $SIZES; do
    manifest="$WORK/policy-$n/Cargo.toml"
    # Untimed build: resolves and links, so the timed ones recompile only this crate.
    cargo build --quiet --profile "$PROFILE" --manifest-path "$manifest"
    times=()
    for _ in $(seq "$RUNS"); do
        touch "$WORK/policy-$n/src/lib.rs"
        t0=$(now)
        cargo build --quiet --profile "$PROFILE" --manifest-path "$manifest"
        t1=$(now)
        times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    build=$(printf '%s\n' "${times[@]}" | median)
    [ -n "$base" ] || base=$build
    expands=()
    for _ in $(seq "$RUNS"); do
        touch "$WORK/policy-$n/src/lib.rs"
        expands+=("$(RUSTC_BOOTSTRAP=1 cargo rustc --quiet --profile "$PROFILE" --manifest-path "$manifest" --lib -- -Z time-passes 2>&1 |
            awk '/macro_expand_crate/ { for (i = 1; i <= NF; i++) if ($i == "time:") { v = $(i + 1); sub(/;$/, "", v); print v } }' | head -n1)")
    done
    expand=$(printf '%s\n' "${expands[@]}" | median)
    printf '| %s | %.2f | %+.2f | %s |\n' "$n" "$build" "$(echo "$build - $base" | bc -l)" "${expand:-n/a}"
done
