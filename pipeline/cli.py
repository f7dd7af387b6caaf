"""`newswire …`: the command line for operators and analysts."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from collections.abc import Callable

from pipeline.config import Settings, SettingsError, load_settings
from pipeline.errors import NewswireError


def _setup_logging(settings: Settings) -> None:
    from pipeline.logs import configure

    configure(settings.log_level, settings.log_format)
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="kafka")


def _warn_if_root(what: str) -> None:
    import os

    if os.geteuid() == 0:
        logging.getLogger("newswire").warning(
            "the %s runs as root: a bug or a hostile input would have the whole machine; run it as a service user", what
        )


def cmd_stack(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.stack import control

    if args.action == "lock":
        from pathlib import Path

        from pipeline.stack.download import resolve_lock
        from pipeline.stack.lock import lock_path

        out = Path(args.output) if args.output else lock_path(settings)
        kafka_version = args.kafka_version or settings.kafka_version
        counts = resolve_lock(settings, kafka_version, args.es_version or settings.es_version, out)
        print(f"wrote {out}: " + ", ".join(f"{key} ({n} files)" for key, n in counts.items()))
        return 0
    if args.action == "up":
        started = control.up(settings)
        print("started: " + ", ".join(started) if started else "already running: nothing to do")
    elif args.action == "down":
        stopped = control.down(settings)
        print("stopped: " + ", ".join(stopped) if stopped else "nothing was running")
        return 0
    statuses = control.status(settings)
    for component in statuses:
        print(component.render())
    return 0 if all(c.healthy for c in statuses) else 1


def cmd_produce(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.kafka_io import ensure_topics
    from pipeline.producers.sender import produce_paths

    ensure_topics(settings)
    summary = produce_paths(settings, args.paths, progress=args.progress)
    print(summary.render())
    return 1 if summary.failed else 0


def cmd_crawl(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.crawl.runner import run_crawl
    from pipeline.crawl.sources import SourcesError, load_sources

    try:
        sources = load_sources(args.sources)
    except SourcesError as exc:
        print(f"newswire crawl: {exc}", file=sys.stderr)
        return 2
    _warn_if_root("crawler")
    return run_crawl(settings, sources, once=args.once)


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    from faust.worker import Worker

    from pipeline.app.worker import create_app
    from pipeline.index.client import check_connection, ensure_indices
    from pipeline.kafka_io import ensure_topics

    _warn_if_root("worker")
    check_connection(settings)
    ensure_topics(settings)
    ensure_indices(settings)
    app = create_app(settings)
    from pipeline.logs import logging_config

    config = logging_config(settings.log_level, settings.log_format)
    Worker(app, loglevel=settings.log_level, quiet=True, logging_config=config).execute_from_commandline()
    return 0


CLAIM_COLUMNS = ("published", "language", "speaker", "cue", "content", "hedged", "about", "url")
EVENT_COLUMNS = ("published", "language", "type", "status", "actors", "location", "event_date", "evidence", "url")


def _print_items(items: list[dict], columns: tuple[str, ...], form: str) -> None:
    import csv

    def cell(value: object) -> str:
        return "; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)

    if form == "json":
        for item in items:
            print(json.dumps({c: item.get(c) for c in columns}, ensure_ascii=False))
    elif form == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for item in items:
            writer.writerow([cell(item.get(c)) for c in columns])
    else:
        for n, item in enumerate(items, start=1):
            head = " · ".join(cell(item.get(c)) for c in columns[:4] if item.get(c) not in (None, []))
            body = cell(item.get("content") or item.get("evidence"))
            print(f"{n:>2}. {head}\n    {' '.join(body.split())[:300]}")
        if not items:
            print("no hits")


def cmd_search(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.index.search import search, search_items

    if args.claims or args.events:
        kind = "claims" if args.claims else "events"
        items = search_items(settings, kind, args.query, speaker=args.speaker, about=args.about, actor=args.actor,
                             type_=args.type, status=args.status, hedged=args.hedged, lang=args.lang, since=args.since,
                             size=args.size)  # fmt: skip
        _print_items(items, CLAIM_COLUMNS if args.claims else EVENT_COLUMNS, args.format)
        return 0
    if args.query is None:
        print("newswire search: a QUERY is needed for articles (or use --claims / --events)", file=sys.stderr)
        return 2

    hits = search(settings, args.query, lang=args.lang, since=args.since, size=args.size)
    if args.json:
        for hit in hits:
            print(json.dumps(hit.__dict__, ensure_ascii=False))
        return 0
    if not hits:
        print("no hits")
    for rank, hit in enumerate(hits, start=1):
        print(f"{rank:>2}. {hit.render()}")
    return 0


def cmd_extract(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.extract.enrich import enrich
    from pipeline.producers.files import Rejection, Skip, read_articles

    status = 0
    for item in read_articles([args.path], force_jsonl=args.jsonl):
        if isinstance(item, Rejection | Skip):
            verb = "rejected" if isinstance(item, Rejection) else "skipped"
            print(f"{verb} {item.origin}: {item.reason}", file=sys.stderr)
            status = 1
            continue
        print(json.dumps(enrich(item), ensure_ascii=False, indent=1 if args.pretty else None), flush=True)
    return status


def cmd_audit(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.ops.audit import audit

    result = audit(settings)
    print(result.render())
    return 0 if result.balanced else 1


def cmd_replay(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import datetime

    from pipeline.ops.replay import replay

    since = datetime.fromisoformat(args.since.replace("Z", "+00:00")) if args.since else None
    summary = replay(settings, args.name, since=since, from_offset=args.from_offset, progress=args.progress)
    print(summary.render())
    return 0


def cmd_dlq(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.ops.dead_letters import letters, redrive

    chosen = list(letters(settings, stage=args.stage, reason=args.reason))
    if args.refs:
        chosen = [letter for letter in chosen if letter.ref in set(args.refs)]
    if args.action == "list":
        for letter in chosen:
            print(letter.line())
        print(f"{len(chosen)} dead letters")
    elif args.action == "show":
        for letter in chosen:
            print(json.dumps(letter.record, ensure_ascii=False, indent=1))
    else:
        sent, refused = redrive(settings, chosen)
        for line in refused:
            print(f"not redriven {line}", file=sys.stderr)
        print(f"redriven: {sent} of {len(chosen)}")
        return 1 if refused else 0
    return 0


def cmd_kibana(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from pipeline.ops.kibana import KibanaError, import_objects

    url = args.url or settings.kibana_url
    if not url:
        print("newswire kibana: no Kibana URL: give --url or set NEWSWIRE_KIBANA_URL", file=sys.stderr)
        return 2
    try:
        result = import_objects(url, api_key=args.api_key or settings.kibana_api_key, space=args.space,
                                ca_certs=Path(args.ca_certs) if args.ca_certs else None,
                                index_prefix=settings.index_prefix)  # fmt: skip
    except KibanaError as exc:
        print(f"newswire kibana: {exc}", file=sys.stderr)
        return 2
    print(result.render())
    return 0


def cmd_config(settings: Settings, args: argparse.Namespace) -> int:
    if args.markdown:
        from pipeline.config import settings_table

        print(settings_table())
        return 0
    for line in settings.describe():
        print(line)
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newswire")
    except PackageNotFoundError:
        return "unknown (not installed)"


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.ops.run import run

    return run(settings, args.paths, once=args.once, keep_stack=args.keep_stack)


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline.index.search import search
    from pipeline.ops.run import run

    status = run(settings, args.paths, once=True, keep_stack=True)
    if status:
        return status
    print(f'\nsearch "{args.query}" --lang {args.lang}:')
    hits = search(settings, args.query, lang=args.lang)
    for rank, hit in enumerate(hits, start=1):
        print(f"{rank:>2}. {hit.render()}")
    return 0 if hits else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newswire", description=__doc__)
    parser.add_argument("--version", action="version", version=f"newswire {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    stack = sub.add_parser("stack", help="fetch, start, stop or inspect the local Kafka + Elasticsearch")
    stack.add_argument("action", choices=["up", "down", "status", "lock"])
    stack.add_argument("--kafka-version", help="lock: the Kafka version to resolve and pin")
    stack.add_argument("--es-version", help="lock: the Elasticsearch version to resolve and pin")
    stack.add_argument("--output", help="lock: where to write the lock (default: the one in use)")
    stack.set_defaults(func=cmd_stack)

    produce = sub.add_parser(
        "produce", help="send articles from .jsonl/.json/plain-text/.html/WARC files or folders to the raw topic"
    )
    produce.add_argument("paths", nargs="+")
    produce.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    produce.set_defaults(func=cmd_produce)

    worker = sub.add_parser("worker", help="run the Faust worker (enrich and index agents)")
    worker.set_defaults(func=cmd_worker)

    search = sub.add_parser("search", help="search indexed articles")
    search.add_argument("query", nargs="?", help="words to find (optional with --claims/--events)")
    what = search.add_mutually_exclusive_group()
    what.add_argument("--claims", action="store_true", help="search claims: who said what about whom")
    what.add_argument("--events", action="store_true", help="search events: who did what to whom")
    search.add_argument("--speaker", help="claims by this entity (id such as person:vladimir-putin, or name)")
    search.add_argument("--about", help="claims naming this entity in their content (id or name)")
    search.add_argument("--actor", help="events with this actor (id or name)")
    search.add_argument("--type", help="events of this PLOVER type, e.g. ACCUSE")
    search.add_argument("--status", choices=["occurred", "planned", "cancelled", "negated", "hypothetical"])
    search.add_argument("--hedged", action=argparse.BooleanOptionalAction, default=None, help="claims: hedged or not")
    search.add_argument("--format", choices=["table", "json", "csv"], default="table")
    search.add_argument("--lang", help="ISO 639-1 code, e.g. fr")
    search.add_argument("--since", help="published on or after this ISO date")
    search.add_argument("--size", type=int, default=10)
    search.add_argument("--json", action="store_true", help="one JSON object per hit")
    search.set_defaults(func=cmd_search)

    crawl = sub.add_parser("crawl", help="poll the feeds and sitemaps of a sources file and produce new articles")
    crawl.add_argument("--sources", required=True, help="a .toml or .yaml sources file (see the README)")
    crawl.add_argument("--once", action="store_true", help="one pass over every source, then print a table")
    crawl.set_defaults(func=cmd_crawl)

    extract = sub.add_parser("extract", help="enrich articles from a file with no servers; one JSON line each")
    extract.add_argument(
        "path", help="a raw-article .json, a .jsonl of raw articles, a plain-text article, a saved .html page or a WARC"
    )
    extract.add_argument("--jsonl", action="store_true", help="read PATH as JSON lines whatever its suffix")
    extract.add_argument("--pretty", action="store_true", help="indented JSON instead of one line per record")
    extract.set_defaults(func=cmd_extract)


    audit = sub.add_parser(
        "audit", help="check that every raw-topic record was indexed or dead-lettered (exit 1 on a gap)"
    )
    audit.set_defaults(func=cmd_audit)

    replay = sub.add_parser("replay", help="re-enrich raw articles with the current extractor and re-index them")
    replay.add_argument("--name", default="default", help="names the replay's consumer group; the same name resumes")
    replay.add_argument("--since", help="ISO date-time: from the first record at or after it")
    replay.add_argument("--from-offset", type=int, help="from this offset in every partition")
    replay.add_argument("--progress", action=argparse.BooleanOptionalAction, default=True)
    replay.set_defaults(func=cmd_replay)

    dlq = sub.add_parser("dlq", help="list, show or redrive dead letters")
    dlq.add_argument("action", choices=["list", "show", "redrive"])
    dlq.add_argument("refs", nargs="*", help="PARTITION:OFFSET of letters on the dead-letter topic (default: all)")
    dlq.add_argument("--stage", choices=["produce", "enrich", "index"])
    dlq.add_argument("--reason", help="only letters whose reason contains this text")
    dlq.set_defaults(func=cmd_dlq)

    kibana = sub.add_parser("kibana", help="import the analysts' data views, searches and dashboard into Kibana")
    kibana.add_argument("action", choices=["import"])
    kibana.add_argument("--url", help="Kibana's base URL, e.g. https://kibana:5601 (default: NEWSWIRE_KIBANA_URL)")
    kibana.add_argument("--api-key", help="an encoded API key (default and better: NEWSWIRE_KIBANA_API_KEY, not in ps)")
    kibana.add_argument("--space", help="a Kibana space id (default: the default space)")
    kibana.add_argument("--ca-certs", help="a CA bundle to verify Kibana's TLS certificate")
    kibana.set_defaults(func=cmd_kibana)

    config = sub.add_parser("config", help="print the effective settings (NEWSWIRE_*), secrets masked")
    config.add_argument("--markdown", action="store_true", help="every setting, default and meaning (Markdown)")
    config.set_defaults(func=cmd_config)

    run = sub.add_parser("run", help="stack, topics, worker, ingest PATHS, then serve until Ctrl-C")
    run.add_argument("paths", nargs="*")
    run.add_argument("--once", action="store_true", help="return once the paths are indexed")
    run.add_argument("--keep-stack", action="store_true", help="leave Kafka and Elasticsearch running on exit")
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="ingest PATHS end to end and print search hits")
    demo.add_argument("paths", nargs="+")
    demo.add_argument("--query", default="Poutine Trump")
    demo.add_argument("--lang", default="fr")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        for line in str(exc).splitlines():
            print(f"newswire: {line}", file=sys.stderr)
        return 2
    _setup_logging(settings)
    func: Callable[[Settings, argparse.Namespace], int] = args.func
    try:
        return func(settings, args)
    except NewswireError as exc:
        print(f"newswire: {exc}", file=sys.stderr)
        return 1
    except ConnectionError as exc:
        print(f"newswire: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
