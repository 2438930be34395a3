#!/usr/bin/env python3
"""Turns criterion's output into the tables of BENCHMARKS.md and the chart docs/scale.svg.

    cargo bench -p checked-cors-benches
    python3 benches/report.py            # prints the tables, writes docs/scale.svg

Reads every `<target>/criterion/**/new/estimates.json` (the median of each benchmark, in ns).
Standard library only; the SVG is written by hand.
"""

import argparse
import json
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(criterion_dir, baselines=("new",)):
    """{ "group/function[/value]": median ns }, the lowest median over `baselines` (criterion's
    `new` run and/or runs saved with `--save-baseline NAME`): load from other processes only
    ever adds time, so on a shared machine the best of a few runs is the least disturbed."""
    medians = {}
    for bench in criterion_dir.rglob("new/benchmark.json"):
        info = json.loads(bench.read_text())
        best = None
        for name in baselines:
            path = bench.parent.parent / name / "estimates.json"
            if path.exists():
                median = json.loads(path.read_text())["median"]["point_estimate"]
                best = median if best is None else min(best, median)
        if best is not None:
            medians[info["full_id"]] = best
    return medians


def ns(x):
    if x is None:
        return "n/a"
    if x >= 100_000:
        return f"{x / 1000:,.0f} µs"
    if x >= 10_000:
        return f"{x / 1000:,.1f} µs"
    if x >= 100:
        return f"{x:,.0f} ns"
    return f"{x:.1f} ns"


def tick(x):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1)):
        if x >= scale:
            return f"{x / scale:g}\u00a0{unit}"
    return f"{x:g}\u00a0ns"


def ratio(a, b):
    if a is None or b is None or b <= 0:
        return "n/a"
    return f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.0f}×"


def decision_table(m):
    get = lambda k: m.get(f"decision/{k}")
    fold, fx = get("limit_foldhash_hit"), get("limit_fxhash_hit")
    limit = min(x for x in (fold, fx) if x is not None) if (fold or fx) else None
    rows = [
        ("`decide`: allowed actual request", "decide_allowed_actual"),
        ("`decide`: disallowed actual request", "decide_denied_actual"),
        ("`decide`: request without `Origin`", "decide_no_origin"),
        ("`decide`: preflight, 2 requested headers", "decide_preflight"),
        ("`decide`: preflight, 1 of the 2 headers", "decide_preflight_one_header"),
        ("`allows_origin`: hit", "allows_origin_hit"),
        ("`allows_origin`: hit, policy behind a run-time reference", "allows_origin_hit_dynamic"),
        ("`allows_origin`: miss", "allows_origin_miss"),
        ("limit: foldhash + 1 compare", "limit_foldhash_hit"),
        ("limit: FxHash + 1 compare", "limit_fxhash_hit"),
    ]
    out = ["| benchmark | median | ÷ limit (faster of the two) |", "|---|---:|---:|"]
    for label, key in rows:
        out.append(f"| {label} | {ns(get(key))} | {ratio(get(key), limit)} |")
    return "\n".join(out)


def stack_table(m, group, peer, peer_label):
    out = [
        f"| request | no layer | floor | ours | {peer_label} | CORS overhead: floor | ours | {peer_label} "
        f"| overhead ratio {peer_label} ÷ ours | best possible ratio {peer_label} ÷ floor "
        f"| end to end {peer_label} ÷ ours | best possible end to end {peer_label} ÷ floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ("actual", "preflight", "actual_owned", "preflight_owned"):
        none = m.get(f"{group}/none_{kind}")
        floor = m.get(f"{group}/floor_{kind}")
        ours = m.get(f"{group}/ours_{kind}")
        theirs = m.get(f"{group}/{peer}_{kind}")
        if None in (none, ours, theirs):
            continue
        o_floor = floor - none if floor is not None else None
        o_ours, o_theirs = ours - none, theirs - none
        label = {
            "actual": "allowed actual request",
            "preflight": "preflight (answered by the layer)",
            "actual_owned": "allowed actual request, owned values",
            "preflight_owned": "preflight, owned values",
        }[kind]
        if kind.startswith("preflight"):
            # A preflight never reaches the handler that "no layer" runs: only end to end counts.
            o_floor = o_ours = o_theirs = None
            overhead_ratio = floor_ratio = "n/a"
        else:
            overhead_ratio = ratio(o_theirs, o_ours) if o_ours > 0.5 else f"> {o_theirs / 0.5:.0f}× (ours ≤ 0.5 ns)"
            floor_ratio = ratio(o_theirs, o_floor)
        out.append(
            f"| {label} | {ns(none)} | {ns(floor)} | {ns(ours)} | {ns(theirs)} "
            f"| {signed(o_floor)} | {signed(o_ours)} | {signed(o_theirs)} "
            f"| {overhead_ratio} | {floor_ratio} | {ratio(theirs, ours)} | {ratio(theirs, floor)} |"
        )
    return "\n".join(out)


def signed(x):
    return "n/a" if x is None else f"{x:+,.0f} ns"


STACKS = ("none", "ours", "floor", "tower_http", "actix_cors")


def split_scenario(key):
    """("tower", "ours", "actual_owned") for "tower/ours_actual_owned"."""
    group, name = key.split("/")
    for stack in STACKS:
        if name.startswith(stack + "_"):
            return group, stack, name[len(stack) + 1:]
    return group, name, ""


def instructions_table(criterion_dir):
    path = criterion_dir / "instructions.json"
    if not path.exists():
        return None
    counts = json.loads(path.read_text())
    out = ["| scenario | instructions per request | minus no layer |", "|---|---:|---:|"]
    for key in sorted(counts, key=lambda k: (split_scenario(k)[0], split_scenario(k)[2], k)):
        group, stack, kind = split_scenario(key)
        base = counts.get(f"{group}/none_{kind}") if group != "decision" else None
        extra = f"{counts[key] - base:+,.0f}" if base is not None and stack != "none" else ""
        out.append(f"| {key} | {counts[key]:,.0f} | {extra} |")
    out.append("")
    out.append("| stack, request | overhead ratio peer ÷ ours | best possible: peer ÷ floor | end to end peer ÷ ours | best possible end to end: peer ÷ floor |")
    out.append("|---|---:|---:|---:|---:|")
    for group, peer in (("tower", "tower_http"), ("actix", "actix_cors")):
        for kind in ("actual", "preflight", "actual_owned", "preflight_owned"):
            get = lambda stack: counts.get(f"{group}/{stack}_{kind}")
            none, ours, floor, theirs = get("none"), get("ours"), get("floor"), get(peer)
            if None in (none, ours, theirs):
                continue
            floor_ratio = ratio(theirs - none, floor - none) if floor is not None else "n/a"
            floor_e2e = ratio(theirs, floor) if floor is not None else "n/a"
            overhead = ratio(theirs - none, ours - none)
            if kind.startswith("preflight"):
                # A preflight never reaches the handler that "no layer" runs.
                overhead = floor_ratio = "n/a"
            out.append(
                f"| {group}, {kind.replace('_', ' ')} | {overhead} | {floor_ratio} "
                f"| {ratio(theirs, ours)} | {floor_e2e} |"
            )
    return "\n".join(out)


def interleaved_table(criterion_dir):
    path = criterion_dir / "interleaved.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    out = [
        "| stack, request | no layer | ours | floor | peer | overhead peer ÷ ours (median [quartiles] of rounds) "
        "| best possible: peer ÷ floor | end to end peer ÷ ours | best possible end to end: peer ÷ floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    q = lambda v: f"{v[1]:.2f}× [{v[0]:.2f}–{v[2]:.2f}]"
    lookup = data.pop("decision/lookup", None)
    for key, row in data.items():
        group, kind = key.split("/")
        preflight = kind.startswith("preflight")
        # A preflight never reaches the handler, so "layer minus no layer" is not its cost:
        # only end-to-end ratios mean something there.
        overhead = "n/a (end to end only)" if preflight else q(row["overhead"])
        overhead_floor = "n/a" if preflight else q(row["overhead_floor"])
        out.append(
            f"| {group}, {kind.replace('_', ' ')} | {ns(row['none'])} | {ns(row['ours'])} | {ns(row['floor'])} "
            f"| {ns(row['peer'])} | {overhead} | {overhead_floor} | {q(row['end_to_end'])} | {q(row['end_to_end_floor'])} |"
        )
    rounds = next(iter(data.values()))["rounds"] if data else 0
    out.append("")
    out.append(f"({rounds} rounds; every round times a batch of 64 requests through each stack in turn.)")
    if lookup:
        out += [
            "",
            "| origin lookup (hit) | ours | ours, policy behind a run-time reference | limit: FxHash | limit: foldhash "
            "| ours ÷ faster limit (median [quartiles] of rounds) | run-time reference ÷ faster limit |",
            "|---|---:|---:|---:|---:|---:|---:|",
            f"| `allows_origin` | {ns(lookup['ours'])} | {ns(lookup['ours_dynamic'])} | {ns(lookup['limit_fxhash'])} "
            f"| {ns(lookup['limit_foldhash'])} | {q(lookup['over_limit'])} | {q(lookup['dynamic_over_limit'])} |",
            "",
            f"({lookup['rounds']} rounds; every round times 1,024 lookups of each in turn.)",
        ]
    return "\n".join(out)


SERIES = [
    # (function prefix, label, colour)
    ("ours_lookup", "ours: Policy::allows_origin", "#6a3d9a"),
    ("ours_tower", "ours: tower layer", "#1f78b4"),
    ("tower_http", "tower-http: AllowOrigin::list", "#ff7f00"),
    ("ours_actix", "ours: actix middleware", "#33a02c"),
    ("actix_cors", "actix-cors: allowed_origin", "#e31a1c"),
]


def scale_data(m):
    data = {}
    for key, value in m.items():
        parts = key.split("/")
        if len(parts) == 3 and parts[0] == "scale":
            data.setdefault(parts[1], {})[int(parts[2])] = value
    return data


def scale_table(data):
    sizes = sorted({n for series in data.values() for n in series})
    heads = {
        "ours_lookup": "ours lookup", "ours_tower": "ours tower", "tower_http": "tower-http",
        "ours_actix": "ours actix", "actix_cors": "actix-cors",
    }
    cols = [(f"{p}_{k}", f"{heads[p]} {k}") for p, _, _ in SERIES for k in ("hit", "miss")]
    out = ["| origins | " + " | ".join(h for _, h in cols) + " |", "|---:|" + "---:|" * len(cols)]
    for n in sizes:
        out.append(f"| {n:,} | " + " | ".join(ns(data.get(c, {}).get(n)) for c, _ in cols) + " |")
    if sizes:
        lo, hi = sizes[0], sizes[-1]
        cells = []
        for c, _ in cols:
            s = data.get(c, {})
            cells.append(ratio(s.get(hi), s.get(lo)))
        out.append(f"| **{hi:,} ÷ {lo:,}** | " + " | ".join(cells) + " |")
    return "\n".join(out)


def svg_chart(data, path):
    W, H = 860, 520
    left, right, top, bottom = 80, 250, 40, 60
    pw, ph = W - left - right, H - top - bottom
    points = [(n, v) for series in data.values() for n, v in series.items()]
    if not points:
        return False
    xs = [n for n, _ in points]
    ys = [v for _, v in points]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if x0 == x1:
        x1 += 1
    if y0 == y1:
        y1 += 1
    X = lambda n: left + (math.log10(n) - x0) / (x1 - x0) * pw
    Y = lambda v: top + ph - (math.log10(v) - y0) / (y1 - y0) * ph
    el = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{left + pw / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">'
        "Cost of one request vs. number of allowed origins (median, log–log)</text>",
    ]
    for e in range(y0, y1 + 1):
        y = Y(10**e)
        el.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        label = tick(10**e)
        el.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for e in range(x0, x1 + 1):
        x = X(10**e)
        el.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#ddd"/>')
        el.append(f'<text x="{x:.1f}" y="{top + ph + 18}" text-anchor="middle">{10**e:,}</text>')
    el.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    el.append(f'<text x="{left + pw / 2}" y="{H - 18}" text-anchor="middle">allowed origins</text>')
    el.append(
        f'<text x="18" y="{top + ph / 2}" text-anchor="middle" transform="rotate(-90 18 {top + ph / 2})">'
        "time per request (ns, log scale)</text>"
    )
    ly = top + 10
    for prefix, label, colour in SERIES:
        for kind, dash in (("hit", ""), ("miss", ' stroke-dasharray="6 4"')):
            series = data.get(f"{prefix}_{kind}")
            if not series:
                continue
            pts = sorted(series.items())
            d = " ".join(f"{X(n):.1f},{Y(v):.1f}" for n, v in pts)
            el.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
            marker = "circle" if kind == "hit" else "rect"
            for n, v in pts:
                if marker == "circle":
                    el.append(f'<circle cx="{X(n):.1f}" cy="{Y(v):.1f}" r="3" fill="{colour}"/>')
                else:
                    el.append(f'<rect x="{X(n) - 3:.1f}" y="{Y(v) - 3:.1f}" width="6" height="6" fill="{colour}"/>')
            lx = left + pw + 15
            el.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash}/>')
            el.append(f'<text x="{lx + 34}" y="{ly + 4}">{label} ({kind})</text>')
            ly += 20
    el.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(el) + "\n")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    home = os.environ.get("CRITERION_HOME")
    parser.add_argument("--criterion-dir", type=Path, default=Path(home) if home else target / "criterion")
    parser.add_argument("--svg", type=Path, default=ROOT / "docs" / "scale.svg")
    parser.add_argument(
        "--baselines",
        default="new",
        help="comma-separated criterion baselines to take the lowest median from, e.g. r1,r2,r3 "
        "after runs with `-- --save-baseline r1` etc. (default: the last run, `new`)",
    )
    args = parser.parse_args()
    m = load(args.criterion_dir, args.baselines.split(","))
    if not m:
        sys.exit(f"no criterion results under {args.criterion_dir}: run `cargo bench -p checked-cors-benches` first")
    print("### Decision level (`Policy::decide`, 20 exact origins + 1 pattern)\n")
    print(decision_table(m))
    print("\n### Stack level: tower (`service_fn` handler; requests cloned, or built for owned values, outside the timing)\n")
    print(stack_table(m, "tower", "tower_http", "tower-http"))
    print("\n### Stack level: actix-web (`test::init_service`, requests built outside the timing)\n")
    print(stack_table(m, "actix", "actix_cors", "actix-cors"))
    table = interleaved_table(args.criterion_dir)
    if table:
        print("\n### Interleaved wall times (per-round ratios; `--bench interleaved`)\n")
        print(table)
    table = instructions_table(args.criterion_dir)
    if table:
        print("\n### Instructions per request (callgrind; deterministic, setup excluded)\n")
        print(table)
    data = scale_data(m)
    print("\n### Scale (time per request; hit = origin n/2, miss = the same origin under .example.net)\n")
    print(scale_table(data))
    if svg_chart(data, args.svg):
        print(f"\n(chart written to {args.svg.relative_to(ROOT) if args.svg.is_relative_to(ROOT) else args.svg})")


if __name__ == "__main__":
    main()
