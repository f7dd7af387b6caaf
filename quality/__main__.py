"""`python -m quality eval [DIR] [--pages]` and `python -m quality bench [DIR]`: the project's quality tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_eval(args: argparse.Namespace) -> int:
    from quality.own_set import evaluate, language_id_by_length, load_gold, render

    if args.pages:
        from quality.pages import load_gold_pages, render_pages

        print(render_pages(load_gold_pages(Path(args.folder) / "pages")))
        return 0
    items = load_gold(Path(args.folder))
    if not items:
        print(f"no gold_*.jsonl in {args.folder}", file=sys.stderr)
        return 1
    print(render(evaluate(items), language_id_by_length(items), len(items)))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from quality.speed import run, run_pages

    print(run(Path(args.folder), rounds=args.rounds))
    print()
    print(run_pages(Path(args.folder) / "pages", rounds=args.rounds))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quality", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    evaluation = sub.add_parser("eval", help="score extraction against the project's annotated set (no servers)")
    evaluation.add_argument("folder", nargs="?", default="eval")
    evaluation.add_argument("--pages", action="store_true", help="score page extraction on FOLDER/pages instead")
    evaluation.set_defaults(func=cmd_eval)
    bench = sub.add_parser("bench", help="articles/s per core of the enrichment vs a baseline (no servers)")
    bench.add_argument("folder", nargs="?", default="eval")
    bench.add_argument("--rounds", type=int, default=7)
    bench.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
