"""The ``newsgraph`` command: thin wrappers that parse options and call library functions."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from newsgraph import settings
from newsgraph.store.types import StoreError

DB_OPTION = click.option("--db", default=lambda: settings.get("DB"), show_default="./newsgraph.duckdb",
                         type=click.Path(dir_okay=False), help="DuckDB database file.")


#: quote kinds the CLI filters by; "verbatim" is what the export contract means by quotes
QUOTE_CHOICES = ("verbatim", "direct", "mixed", "indirect", "all")
ALL_QUOTE_KINDS = ("direct", "mixed", "indirect")


def _quote_kinds(choice: str) -> tuple[str, ...] | None:
    """The stored quote kinds a --kind choice stands for; None for all of them."""
    return {"verbatim": ("direct", "mixed"), "all": None}.get(choice, (choice,))


def _fail(msg: str, code: int = 2) -> None:
    click.echo(f"newsgraph: {msg}", err=True)
    sys.exit(code)


def _open(db: str, read_only: bool = True):
    from newsgraph.store import Store

    if read_only and not Path(db).exists():
        _fail(f"no database at {db}: run `newsgraph ingest PATH --db {db}` first")
    try:
        return Store(db, read_only=read_only)
    except StoreError as e:
        _fail(str(e))
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsgraph")
def main() -> None:
    """newsgraph: news articles in; actors, events, quotes and timelines out, each with its evidence."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@DB_OPTION
@click.option("--workers", type=int, default=None, help="Processes for NLP (default: all cores).")
@click.option("--batch-size", type=int, default=lambda: int(settings.get("BATCH_SIZE")), show_default="64")
@click.option("--max-bytes", type=int, default=lambda: int(settings.get("MAX_BYTES")), show_default="20000000",
              help="Reject inputs larger than this.")
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds allowed per URL fetch.")
@click.option("--languages", default="en", show_default=True,
              help="Comma-separated ISO 639-1 codes to keep; 'all' keeps every language.")
@click.option("--no-dedup", is_flag=True, help="Store syndicated near-duplicates as separate articles.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a process pool on this machine; ray: Ray Data tasks (pip install newsgraph[ray]).")
@click.option("--address", default=None, help="Ray cluster: auto, host:port or ray://host:10001 (default: local Ray).")
@click.option("--parquet-out", type=click.Path(file_okay=False), default=None,
              help="Ray: keep the Parquet parts per table here (a dataset for Spark/DuckDB users).")
@click.option("--no-load", is_flag=True, help="Ray: leave the Parquet parts, do not load them into the database.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def ingest(sources: tuple[str, ...], db: str, workers: int | None, batch_size: int, max_bytes: int,
           timeout: float, languages: str, no_dedup: bool, engine: str, address: str | None,
           parquet_out: str | None, no_load: bool, quiet: bool) -> None:
    """Read articles from files, directories, URLs or - (JSONL on stdin) into the database.

    \b
    Examples:
      newsgraph ingest examples/corpus --db example.duckdb
      newsgraph ingest articles.jsonl https://example.org/feed.xml
      cat dump.jsonl | newsgraph ingest -
    Exit status 0: all inputs stored; 1: some inputs were rejected (listed on stderr); 2: error.
    """
    from newsgraph.engines.local import ingest as run
    from newsgraph.ingest import IngestOptions

    show = not quiet and sys.stderr.isatty()
    done = [0]
    started = time.monotonic()

    def progress(n: int) -> None:
        done[0] += n
        if show:  # the input is streamed, so its length is unknown: a moving bar, count and rate
            secs = max(time.monotonic() - started, 1e-6)
            pos = done[0] % 20
            bar = "".join("#" if abs(i - pos) < 3 else "-" for i in range(20))
            click.echo(f"\r  [{bar}] {done[0]} articles  {done[0] / secs:.1f}/s  {secs:.0f}s", err=True, nl=False)

    def rejected(r: object) -> None:
        if show:
            click.echo("", err=True)
        click.echo(f"rejected: {r.source}: {r.reason}", err=True)  # type: ignore[attr-defined]

    langs = None if languages.strip().lower() == "all" else [x.strip() for x in languages.split(",") if x.strip()]
    options = IngestOptions(max_bytes=max_bytes, timeout=timeout)
    try:
        if engine == "ray":
            try:
                from newsgraph.engines.ray_engine import ingest_ray
            except ImportError as e:
                _fail(f"--engine ray needs Ray: pip install 'newsgraph[ray]' ({e})")
                return
            report = ingest_ray(list(sources), db, address=address, workers=workers, options=options,
                                on_reject=rejected, on_progress=progress, out_dir=parquet_out, load=not no_load,
                                keep_parts=bool(parquet_out), languages=langs, dedup=not no_dedup)
        else:
            report = run(list(sources), db, workers=workers, batch_size=batch_size, on_reject=rejected,
                         on_progress=progress, options=options, languages=langs, dedup=not no_dedup)
    except StoreError as e:
        _fail(str(e))
        return
    if show:
        click.echo("", err=True)
    click.echo(report.summary())
    if report.rejected:
        sys.exit(1)


@main.command()
@click.argument("table", type=click.Choice(["articles", "mentions", "actors", "events", "quotes", "clusters"]))
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt"]), default="jsonl",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="File (default: stdout).")
@click.option("--kind", "kind", type=click.Choice(QUOTE_CHOICES), default="verbatim",
              show_default=True, help="quotes only: verbatim = direct + mixed; indirect = reported speech; all = both.")
def export(table: str, db: str, fmt: str, output: str | None, kind: str) -> None:
    """Write a table as JSON Lines, CSV, Parquet or (events) GDELT 2.0 columns.

    \b
    Examples:
      newsgraph export events > events.jsonl
      newsgraph export events --format gdelt -o events.tsv
      newsgraph export actors --format parquet -o actors.parquet
      newsgraph export quotes --kind all -o quotes.jsonl
    """
    if fmt == "gdelt" and table != "events":
        _fail("--format gdelt is for the events table")
    if fmt == "parquet" and output is None:
        _fail("--format parquet needs -o FILE")
    if kind != "verbatim" and table != "quotes":
        _fail("--kind is for the quotes table")
    with _open(db) as store:
        n = store.export(table, fmt, output if output else sys.stdout,
                         quote_kinds=_quote_kinds(kind) or ALL_QUOTE_KINDS)
    if output:
        click.echo(f"wrote {n} {table} rows to {output}", err=True)


@main.command()
@DB_OPTION
def info(db: str) -> None:
    """Counts per table, date range, outlets and top actors."""
    with _open(db) as store:
        i = store.info()
    click.echo(f"database: {i.path} (schema v{i.schema_version})")
    for table, n in i.counts.items():
        click.echo(f"  {table:<22}{n:>10}")
    click.echo(f"published: {i.published_min} .. {i.published_max}")
    click.echo(f"event dates: {i.event_date_min} .. {i.event_date_max}")
    click.echo("outlets: " + ", ".join(f"{o} ({n})" for o, n in i.outlets))
    click.echo("top actors: " + ", ".join(f"{name} ({m})" for _a, name, m in i.top_actors))


@main.command()
@click.argument("query", required=False)
@DB_OPTION
@click.option("--limit", default=30, show_default=True)
def actors(query: str | None, db: str, limit: int) -> None:
    """List actors (optionally matching QUERY) with codes, counts and aliases."""
    with _open(db) as store:
        rows = store.find_actors(query, limit)
    for a in rows:
        aliases = "; ".join(a.aliases[:6])
        click.echo(f"{a.actor_id}  {a.name:<34} {a.code or '-':<8} {a.mentions:>5} mentions "
                   f"{a.articles:>4} articles  [{aliases}]")


@main.command()
@click.argument("name")
@DB_OPTION
@click.option("--limit", default=50, show_default=True, help="Events to show.")
def actor(name: str, db: str, limit: int) -> None:
    """One actor: aliases, mentions per article, and its events."""
    with _open(db) as store:
        found = store.find_actors(name, 1)
        if not found:
            _fail(f"no actor matching {name!r}", 1)
        a = found[0]
        click.echo(f"{a.name}  id={a.actor_id} type={a.type} code={a.code or '-'}")
        click.echo("aliases: " + "; ".join(a.aliases))
        for row in store.actor_mentions_by_article(a.actor_id):
            click.echo(f"  {row['article_id']}  {row['outlet'] or '-':<20} {row['published'] or '-':<10} "
                       f"{row['mentions']} mentions")
        _print_events(store.events_for(actor_id=a.actor_id, limit=limit))


def _print_events(rows: list[dict]) -> None:
    for e in rows:
        src = (e.get("source") or {}).get("name") or "-"
        tgt = (e.get("target") or {}).get("name") or "-"
        flags = ("NEG " if e.get("negated") else "") + (f"{e['modality']} " if e.get("modality") else "")
        click.echo(f"{e.get('date') or '----------':<10} {e['cameo']:<5} {e.get('plover') or '':<10} "
                   f"{src[:24]:<24} -> {tgt[:24]:<24} {flags}| {e['sentence'][:90]}")


@main.command()
@DB_OPTION
@click.option("--actor", "actor_name", default=None, help="Events where this actor is source or target.")
@click.option("--target", default=None, help="Target actor.")
@click.option("--root", default=None, help="CAMEO root code, e.g. 19.")
@click.option("--from", "date_from", default=None, help="YYYY-MM-DD")
@click.option("--to", "date_to", default=None, help="YYYY-MM-DD")
@click.option("--limit", default=100, show_default=True)
def events(db: str, actor_name: str | None, target: str | None, root: str | None, date_from: str | None,
           date_to: str | None, limit: int) -> None:
    """Coded events as a readable table (export them for analysis)."""
    with _open(db) as store:
        def one(name: str | None) -> str | None:
            if not name:
                return None
            found = store.find_actors(name, 1)
            if not found:
                _fail(f"no actor matching {name!r}", 1)
            return found[0].actor_id

        _print_events(store.events_for(actor_id=one(actor_name), target_id=one(target), root=root,
                                       date_from=date_from, date_to=date_to, limit=limit))


@main.command()
@DB_OPTION
@click.option("--speaker", default=None, help="Quotes by this actor.")
@click.option("--about", default=None, help="Quotes mentioning this text.")
@click.option("--kind", "kind", type=click.Choice(QUOTE_CHOICES), default="all",
              show_default=True, help="direct, mixed, indirect (reported speech), verbatim (direct + mixed) or all.")
@click.option("--limit", default=100, show_default=True)
def quotes(db: str, speaker: str | None, about: str | None, kind: str, limit: int) -> None:
    """Who said what: quotes and reported speech with their resolved speakers and kind."""
    with _open(db) as store:
        sid = about_id = None
        if about:
            found_about = store.find_actors(about, 1)
            about_id = found_about[0].actor_id if found_about else None
        if speaker:
            found = store.find_actors(speaker, 1)
            if not found:
                _fail(f"no actor matching {speaker!r}", 1)
            sid = found[0].actor_id
        for q in store.quotes_for(speaker_id=sid, about=None if about_id else about, about_id=about_id,
                                  kinds=_quote_kinds(kind), limit=limit):
            who = (q.get("speaker") or {}).get("name") or q.get("speaker_text") or "?"
            words = q["text"][:110]
            shown = words if q.get("kind") == "indirect" else f"\u201c{words}\u201d"  # paraphrase: no marks
            click.echo(f"{who[:28]:<28} {q.get('kind') or '':<8} {q.get('cue') or '':<10} {shown}")


@main.command()
@click.argument("actor_name", metavar="ACTOR")
@DB_OPTION
@click.option("--period", type=click.Choice(["day", "week", "month", "year", "all"]), default="month",
              show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="Relations per page; a busy actor has thousands.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Relations to skip: the page starts after them.")
@click.option("--order", type=click.Choice(["period", "events", "score"]), default="period", show_default=True,
              help="Page order: by period, most events first, or strongest stance first.")
def relations(actor_name: str, db: str, period: str, limit: int, offset: int, order: str) -> None:
    """Cooperation-conflict between ACTOR and every other actor, per period, with the events behind it.

    \b
    Example:
      newsgraph relations Maliki --period year
      newsgraph relations Obama --order events --limit 20 --offset 20
    """
    from newsgraph.analyze.relations import relations_text

    with _open(db) as store:
        click.echo(relations_text(store, actor_name, period, limit=limit, offset=offset, order=order))


@main.command()
@DB_OPTION
@click.option("--story", default=None, help="Only articles matching this text or actor.")
def outlets(db: str, story: str | None) -> None:
    """How outlets differ: coverage, whom they quote, tone toward key actors, coverage gaps."""
    from newsgraph.analyze.outlets import outlets_text

    with _open(db) as store:
        click.echo(outlets_text(store, story))


def _story_options(f):
    f = click.option("--to", "date_to", default=None, help="Last date, YYYY-MM-DD.")(f)
    f = click.option("--from", "date_from", default=None, help="First date, YYYY-MM-DD.")(f)
    f = click.option("--actor", "actor_name", default=None, help="The story of this actor.")(f)
    f = click.option("--query", default=None, help="The story matching this text.")(f)
    f = click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
                     show_default=True)(f)
    return DB_OPTION(f)


@main.command()
@_story_options
@click.option("--dates", default=10, show_default=True, help="How many dates.")
@click.option("--sentences", default=2, show_default=True, help="Sentences per date.")
def timeline(db: str, query: str | None, actor_name: str | None, date_from: str | None, date_to: str | None,
             fmt: str, dates: int, sentences: int) -> None:
    """The dated list of what mattered, each sentence cited [outlet, date].

    \b
    Example:
      newsgraph timeline --actor Maliki --dates 8 --format json
    """
    from newsgraph.analyze.cli_commands import timeline_cmd

    with _open(db) as store:
        click.echo(timeline_cmd(store, query, actor_name, date_from, date_to, dates, sentences, fmt))


@main.command()
@_story_options
@click.option("--words", default=250, show_default=True, help="Length of the briefing.")
def brief(db: str, query: str | None, actor_name: str | None, date_from: str | None, date_to: str | None,
          fmt: str, words: int) -> None:
    """A short multi-document briefing, every sentence cited [outlet, date]."""
    from newsgraph.analyze.cli_commands import brief_cmd

    with _open(db) as store:
        click.echo(brief_cmd(store, query, actor_name, date_from, date_to, words, fmt))


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db: str, host: str, port: int) -> None:
    """Start the web UI and JSON API (read-only; keeps working while ingest writes).

    \b
    Pages: overview, timeline, network, actors, events, quotes, outlets, search; each has a JSON twin
    under /api/... and the OpenAPI schema is at /openapi.json.
    """
    from newsgraph.web import serve as run

    if not Path(db).exists():
        _fail(f"no database at {db}: run `newsgraph ingest PATH --db {db}` first")
    click.echo(f"serving {db} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run(db, host=host, port=port)


@main.command()
@DB_OPTION
@click.option("-o", "--output", default="report.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--query", default=None, help="Only the story matching this text.")
@click.option("--actor", "actor_name", default=None, help="Only the story of this actor.")
def report(db: str, output: str, query: str | None, actor_name: str | None) -> None:
    """Write one self-contained HTML report: briefing, timeline, network, actors, quotes, outlets."""
    from newsgraph.report import write_report

    if not Path(db).exists():
        _fail(f"no database at {db}: run `newsgraph ingest PATH --db {db}` first")
    path = write_report(db, output, query=query, actor=actor_name)
    click.echo(f"wrote {path}")


@main.command()
@DB_OPTION
def rebuild(db: str) -> None:
    """Recompute corpus-level steps (actor linking, event clusters) from the stored records."""
    from newsgraph.engines.local import relink

    with _open(db, read_only=False) as store:
        relink(store)
        click.echo(f"actors: {store.counts().get('actors', 0)}")


if __name__ == "__main__":
    main()
