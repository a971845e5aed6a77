"""The ``partnergraph`` command line. Tables for people, ``--json`` for programs.

Exit codes: 0 done; 1 other error; 2 usage; 3 query refused or failed; 4 not found;
65 bad input (nothing written); 74 database error.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from graph.errors import PartnergraphError, ValidationError
from graph.settings import Settings, get_settings
from graph.stores import GraphStore, open_embedded, open_neo4j, open_store

app = typer.Typer(
    name="partnergraph",
    help="A city's international partnerships as a knowledge graph, with the source of every fact.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
review_app = typer.Typer(
    help="The review queue: what an ingest would not guess.", no_args_is_help=True
)
app.add_typer(review_app, name="review")

out = Console(soft_wrap=True)
err = Console(stderr=True)


class _State:
    settings: Settings = get_settings()
    json: bool = False


state = _State()


@app.callback()
def _main(
    db: Annotated[
        Path | None,
        typer.Option(help="Database file [env: PARTNERGRAPH_DB; default data/partnergraph.lbdb]."),
    ] = None,
    home: Annotated[
        str | None,
        typer.Option(
            help="Id of the home city or province [env: PARTNERGRAPH_HOME; default haiphong-vn]."
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    neo4j: Annotated[
        str | None,
        typer.Option(
            "--neo4j",
            help="Use Neo4j at this URI instead of the file [env: NEO4J_URI, with NEO4J_USER, "
            "NEO4J_PASSWORD, NEO4J_DATABASE].",
        ),
    ] = None,
) -> None:
    updates: dict[str, Any] = {}
    if neo4j is not None:
        updates["neo4j_uri"] = neo4j
    if db is not None:
        updates["db"] = db
    if home is not None:
        updates["home"] = home
    state.settings = get_settings().model_copy(update=updates)
    state.json = json_out


@contextmanager
def _store(*, read_only: bool) -> Iterator[GraphStore]:
    store = open_store(state.settings, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def _emit(data: Any) -> None:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if isinstance(d, BaseModel) else d for d in data]
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r))
    out.print(table)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{option} {value!r} is not a date; write YYYY-MM-DD") from None


def _progress() -> Progress:
    """A progress bar on the terminal (none under --json or when piped)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=state.json or not err.is_terminal,
    )


def _run_ingest(paths: list[Path]) -> list[Any]:
    from ingest.pipeline import ingest_paths, iter_files

    total = len(list(iter_files(paths)))
    with _store(read_only=False) as store, _progress() as progress:
        task = progress.add_task("checking every file", total=total)
        done = 0

        def step(path: str) -> None:  # called as each file starts, after all were checked
            nonlocal done
            progress.update(task, description=f"ingesting {Path(path).name}", completed=done)
            done += 1

        return ingest_paths(store, paths, home=state.settings.home, progress=step)


def _print_reports(reports: list[Any]) -> None:
    if state.json:
        _emit(reports)
        return
    for r in reports:
        if r.skipped:
            out.print(f"[dim]{r.path}: already ingested, unchanged (source {r.source})[/dim]")
            continue
        created = sum(len(v) for v in r.written.created.values())
        matched = sum(len(v) for v in r.written.matched.values())
        out.print(
            f"[bold]{r.path}[/bold] → source [cyan]{r.source}[/cyan]: {created} nodes added, "
            f"{matched} matched, {r.written.relationships_created} relationships added, "
            f"{r.reviews} to review"
        )
        if r.engagements:
            _table(
                None,
                ["engagement", "label", "date", "status"],
                [[e["name"], e["label"], e["date"], e["status"]] for e in r.engagements[:50]],
            )
        if r.written.conflicts:
            out.print(
                f"[yellow]{len(r.written.conflicts)} conflicting values kept as stored; see 'partnergraph review list'[/yellow]"
            )


@app.command("load-sample")
def load_sample(
    reference: Annotated[
        bool, typer.Option(help="Also load the 26,114 twin-city pairs (about 30 s).")
    ] = True,
) -> None:
    """Build the sample graph: Hai Phong 2022 from the two seed articles, plus twin cities."""
    from ingest.pipeline import sample_files

    _print_reports(_run_ingest(sample_files(reference=reference)))


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders: .txt .md .html articles; .yaml .json .csv records."),
    ],
) -> None:
    """Ingest articles (Vietnamese or English) and structured records. Each file is all or
    nothing; ingesting the same file again changes nothing."""
    _print_reports(_run_ingest(paths))


@app.command()
def search(
    text: Annotated[
        str, typer.Argument(help="Any name, in any language, with or without diacritics.")
    ],
    limit: int = 20,
) -> None:
    """Find entities by name or alias ("dan mach" finds Denmark)."""
    from graph.questions import search as do_search

    with _store(read_only=True) as store:
        hits = do_search(store, text, limit=limit)
    if state.json:
        _emit(hits)
    elif not hits:
        out.print(f"nothing matches {text!r}")
    else:
        _table(
            None,
            ["id", "label", "name", "name (vi)", "matched"],
            [[h.id, h.label, h.name, h.name_vi, h.matched] for h in hits],
        )


@app.command()
def show(entity: Annotated[str, typer.Argument(help="Id or name.")]) -> None:
    """An entity: its properties, its sources with the sentences, its relationships."""
    from graph.questions import show as do_show

    with _store(read_only=True) as store:
        view = do_show(store, entity)
    if state.json:
        _emit(view)
        return
    _table(
        f"{view.label} {view.id}",
        ["property", "value"],
        [[k, v] for k, v in view.properties.items() if v not in (None, [], "") and k != "text"],
    )
    _table("sources", ["source", "evidence"], [[s["source"], s["evidence"]] for s in view.sources])
    _table(
        "relationships",
        ["type", "direction", "id", "name", "label", "role", "source"],
        [
            [n["type"], n["direction"], n["id"], n["name"], n["label"], n["role"], n["source"]]
            for n in view.neighbours
        ],
    )


@app.command()
def history(
    partner: Annotated[
        str, typer.Argument(help="Id or name (English or Vietnamese) of the partner.")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Show the relationship as it stood on this date (YYYY-MM-DD)."
        ),
    ] = None,
    months: Annotated[
        int | None, typer.Option(help="Months without contact after which it counts as dormant.")
    ] = None,
) -> None:
    """Every engagement between the home city (its bodies and officials) and a partner (for a
    country: its cities, companies, bodies and people), in date order, with sources."""
    from graph.questions import history as do_history

    with _store(read_only=True) as store:
        h = do_history(
            store,
            partner,
            home=state.settings.home,
            as_of=_date(as_of, "--as-of"),
            dormant_months=months or state.settings.dormant_months,
        )
    if state.json:
        _emit(h)
        return
    s = h.summary
    out.print(
        f"[bold]{h.partner.name}[/bold] ({h.partner.label} {h.partner.id}) and {h.home}, as of {h.as_of}"
    )
    out.print(
        f"first contact {s.first_shown or '-'}, last {s.last_shown or '-'}, "
        f"{s.engagements} engagements ({s.undated} undated), status [bold]{s.status}[/bold]"
    )
    rows = []
    for e in h.entries:
        partner_side = "; ".join(f"{p.name} ({p.role})" for p in e.parties if p.side == "partner")
        home_side = "; ".join(f"{p.name} ({p.role})" for p in e.parties if p.side == "home")
        when = (e.date or "undated")[
            : {"day": 10, "month": 7, "year": 4}.get(e.date_precision or "", 10)
        ]
        rows.append(
            [
                when,
                e.label + (f" {e.direction}" if e.direction else ""),
                e.name,
                home_side,
                partner_side,
                ", ".join(x.id for x in e.sources),
            ]
        )
    _table("timeline", ["date", "kind", "engagement", "home side", "partner side", "sources"], rows)
    if h.ties:
        _table(
            "standing ties",
            ["type", "from", "to", "details", "source"],
            [[t.type, t.from_name, t.to_name, t.details or "", t.source] for t in h.ties],
        )
    out.print("by year: " + ", ".join(f"{y}: {n}" for y, n in s.by_year.items()))


@app.command()
def unexplored(
    limit: Annotated[int, typer.Option(help="How many suggestions.")] = 20,
    label: Annotated[
        list[str] | None,
        typer.Option(help="Only these labels (City, Organisation, Company, Country)."),
    ] = None,
) -> None:
    """Partners close to the home city in the graph but not yet engaged, ranked, with why."""
    from graph.questions import unexplored as do_unexplored

    with _store(read_only=True) as store:
        found = do_unexplored(
            store, home=state.settings.home, limit=limit, labels=set(label) if label else None
        )
    if state.json:
        _emit(found)
        return
    _table(
        "unexplored partners",
        ["#", "score", "name", "label", "why"],
        [
            [
                i,
                f"{s.score:.2f}",
                s.name + (f" ({s.country_code})" if s.country_code else ""),
                s.label,
                "\n".join(r.text for r in s.reasons[:4]),
            ]
            for i, s in enumerate(found, 1)
        ],
    )


@app.command()
def dormant(
    months: Annotated[
        int | None, typer.Option(help="Quiet for more than this many months.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date to measure from (YYYY-MM-DD; default today)."),
    ] = None,
) -> None:
    """Partners and agreements with no activity for N months."""
    from graph.questions import dormant as do_dormant

    with _store(read_only=True) as store:
        d = do_dormant(
            store,
            home=state.settings.home,
            months=months or state.settings.dormant_months,
            as_of=_date(as_of, "--as-of"),
        )
    if state.json:
        _emit(d)
        return
    basis = (
        f"as of {d.as_of}"
        if d.as_of_basis == "given"
        else f"as of {d.as_of}, the latest date the sources reach (--as-of to choose)"
    )
    _table(
        f"partners quiet for more than {d.months} months ({basis})",
        ["name", "label", "last activity", "months", "engagements", "note"],
        [
            [p.name, p.label, p.last_shown or "undated", p.months_quiet, p.engagements, p.note]
            for p in d.partners
        ],
    )
    if d.agreements:
        _table(
            "agreements",
            ["name", "last activity", "months", "note"],
            [[a.name, a.last_shown or "undated", a.months_quiet, a.note] for a in d.agreements],
        )
    else:
        out.print(f"no agreement quiet for more than {d.months} months")


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="k=v; v is read as JSON when it parses, else as text."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    timeout: Annotated[float | None, typer.Option(help="Time limit in seconds.")] = None,
    max_rows: Annotated[int | None, typer.Option(help="Row cap.")] = None,
) -> None:
    """Run a read-only Cypher query (writes, files and network are refused)."""
    params: dict[str, Any] = {}
    for p in param or []:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise ValidationError(f"--param {p!r}: write it as name=value")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    if fmt not in {"table", "json", "csv"}:
        raise ValidationError(f"--format {fmt!r}: use table, json or csv")
    with _store(read_only=True) as store:
        result = store.query_readonly(
            query,
            params,
            timeout_ms=int(timeout * 1000) if timeout else state.settings.query_timeout_ms,
            max_rows=max_rows or state.settings.max_rows,
        )
    if fmt == "json" or state.json:
        _emit(result)
    elif fmt == "csv":
        sys.stdout.write(result.to_csv())
    else:
        _table(None, result.columns, result.flat_rows())
        out.print(
            f"[dim]{len(result.rows)} rows in {result.elapsed_ms:.1f} ms"
            + (f" ({result.truncated_why or 'cut at the row cap'})" if result.truncated else "")
            + "[/dim]"
        )


@app.command()
def brief(
    partner: Annotated[str, typer.Argument(help="Id or name, in English or Vietnamese.")],
    visit_date: Annotated[
        str | None, typer.Option(help="Date of the visit, YYYY-MM-DD (shown on the cover).")
    ] = None,
    direction: Annotated[
        str | None, typer.Option(help="incoming (they visit us) or outgoing (we visit them).")
    ] = None,
    lang: Annotated[str, typer.Option(help="vi or en.")] = "en",
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="pdf, docx, html or md [default: from -o, else pdf]."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", help="File to write [default: brief-ID-LANG.FORMAT].")
    ] = None,
) -> None:
    """A briefing pack before a visit: key facts, timeline, agreements, counterparts, economic
    ties, networks, opportunities and points to raise, every line citing its sources."""
    from graph.briefs import FORMATS, build_brief, render

    if direction not in (None, "incoming", "outgoing"):
        raise ValidationError(f"--direction {direction!r}: use incoming or outgoing")
    chosen = fmt or (output.suffix.lstrip(".").lower() if output and output.suffix else "pdf")
    if chosen not in FORMATS:
        raise ValidationError(f"--format {chosen!r}: use {', '.join(FORMATS)}")
    with _store(read_only=True) as store, err.status("gathering what the graph knows…"):
        made = build_brief(
            store,
            partner,
            home=state.settings.home,
            lang=lang,
            visit_date=_date(visit_date, "--visit-date"),
            direction=direction,
            dormant_months=state.settings.dormant_months,
            picture=chosen != "md",
        )
        data = render(made, chosen)
    target = output or Path(f"brief-{made.partner_id}-{lang}.{chosen}")
    target.write_bytes(data)
    if state.json:
        _emit(
            {"path": str(target), "format": chosen, "bytes": len(data), "partner": made.partner_id}
        )
    else:
        out.print(f"wrote [bold]{target}[/bold] ({chosen}, {len(data):,} bytes): {made.heading}")


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Option("--format", help="json, graphml, gexf, csv, cypher or ftm (see below)."),
    ],
    output: Annotated[Path, typer.Option("-o", help="File to write (a folder for csv).")],
) -> None:
    """Export the whole graph with its provenance: json (lossless dump, imports back),
    graphml and gexf (Gephi, networkx), csv (neo4j-admin database import), cypher (a script
    for Neo4j 5), ftm (FollowTheMoney entities)."""
    from graph.exports import export as do_export

    with _store(read_only=True) as store, err.status(f"exporting as {fmt}…"):
        files = do_export(store, fmt, output)
    size = sum(f.stat().st_size for f in files)
    if state.json:
        _emit({"format": fmt, "files": [str(f) for f in files], "bytes": size})
    else:
        out.print(
            f"wrote {len(files)} file(s), {size:,} bytes: {', '.join(str(f) for f in files[:3])}{' …' if len(files) > 3 else ''}"
        )


@app.command("import")
def import_(
    path: Annotated[
        Path, typer.Argument(help="A dump made by 'partnergraph export --format json'.")
    ],
) -> None:
    """Import a JSON dump: every line is checked first, then all is written in one
    transaction. Nodes already stored must be identical; importing twice changes nothing."""
    from graph.exports import read_dump

    if not path.is_file():
        raise ValidationError(
            f"{path}: no such file; give a dump made by 'partnergraph export --format json'"
        )
    with _store(read_only=False) as store, err.status(f"importing {path.name}…"):
        report = read_dump(store, path)
    created = sum(len(v) for v in report.created.values())
    matched = sum(len(v) for v in report.matched.values())
    if state.json:
        _emit(report)
    else:
        out.print(
            f"{path}: {created:,} nodes added, {matched:,} already there; "
            f"{report.relationships_created:,} relationships added, {report.relationships_matched:,} already there"
        )


@app.command()
def recover() -> None:
    """Finish what a crash or a kill cut short, then say what the graph holds: a write that
    was checkpointing (the engine completes it on a read-write open), and ingests whose
    files must be run again. Needs write access to the database's folder; deletes nothing."""
    from graph.schema import MODEL

    with _store(read_only=False) as store:
        counts = store.counts()
        unstamped = store.unstamped_sources()
    nodes = sum(n for k, n in counts.items() if k in MODEL.labels)
    rels = sum(n for k, n in counts.items() if k in MODEL.rels)
    if state.json:
        _emit({"counts": counts, "ingests_cut_short": unstamped})
        return
    out.print(f"{state.settings.db}: recovered; {nodes:,} nodes, {rels:,} relationships")
    if unstamped:
        files = ", ".join(s.get("file") or s["id"] for s in unstamped)
        out.print(
            f"[yellow]ingests cut short: {files}; run the same ingest (or load-sample) again: "
            "it completes them[/yellow]"
        )


def _transfer(to_neo4j: bool, uri: str | None) -> None:
    from graph.stores.transfer import copy_graph

    settings = state.settings
    uri = uri or settings.neo4j_uri
    if not uri:
        raise ValidationError("give the Neo4j address: --neo4j neo4j://host:7687 (or NEO4J_URI)")
    remote = open_neo4j(settings, uri, read_only=not to_neo4j)
    try:
        local = open_embedded(settings, read_only=to_neo4j)
        try:
            source, target = (local, remote) if to_neo4j else (remote, local)
            with _progress() as progress:
                task = progress.add_task("push to Neo4j" if to_neo4j else "pull from Neo4j")
                report = copy_graph(
                    source,
                    target,
                    progress=lambda d, t: progress.update(task, completed=d, total=t),
                )
        finally:
            local.close()
    finally:
        remote.close()
    if state.json:
        _emit(report)
        return
    out.print(
        f"{report.nodes_copied:,} nodes and {report.relationships_copied:,} relationships copied "
        f"({report.nodes_already_there:,} and {report.relationships_already_there:,} were already there); counts match"
    )


@app.command()
def push(
    neo4j: Annotated[
        str | None, typer.Option("--neo4j", help="Neo4j address [env: NEO4J_URI].")
    ] = None,
) -> None:
    """Copy the embedded graph (--db) into Neo4j: batched, idempotent, resumable (run it
    again after an interruption), with a count check at the end."""
    _transfer(True, neo4j)


@app.command()
def pull(
    neo4j: Annotated[
        str | None, typer.Option("--neo4j", help="Neo4j address [env: NEO4J_URI].")
    ] = None,
) -> None:
    """Copy the graph in Neo4j into the embedded file (--db), the same way as push."""
    _transfer(False, neo4j)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    public_without_key: Annotated[
        bool,
        typer.Option(
            "--public-without-key",
            help="Listen on a public address although no API key is set (uploads stay off).",
        ),
    ] = False,
) -> None:
    """Serve the web app: pages, network view, Cypher console and the JSON API (/docs).

    Without PARTNERGRAPH_API_KEY the database is opened read-only (other commands can read it
    meanwhile) and uploads are refused; with a key, uploads need it in the X-API-Key header."""
    import ipaddress

    import uvicorn

    from api.app import create_app

    settings = state.settings
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback and settings.api_key is None and not public_without_key:  # usage: exit 2
        raise typer.BadParameter(
            f"{host} is reachable from other machines and no API key is set; set "
            "PARTNERGRAPH_API_KEY, or pass --public-without-key if you mean it",
            param_hint="'--host'",
        )
    if not settings.neo4j_uri and not settings.db.exists():
        raise ValidationError(
            f"no database at {settings.db}; build the sample with 'partnergraph load-sample' "
            "(or 'make run'), or point --db at an existing one"
        )
    where = (
        f"Neo4j {settings.neo4j_uri}, database {settings.neo4j_database}"
        if settings.neo4j_uri
        else settings.db
    )
    err.print(f"partnergraph serving {where} on http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command("schema-docs")
def schema_docs(
    output: Annotated[
        Path | None, typer.Option("-o", help="Write here instead of printing.")
    ] = None,
) -> None:
    """The schema as Markdown (docs/schema.md is made with this)."""
    from graph.schema_docs import render

    text = render()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@review_app.command("list")
def review_list(
    status: Annotated[str, typer.Option(help="open, accepted, merged, rejected or all.")] = "open",
) -> None:
    """Items waiting for a decision."""
    from ingest.review import items

    with _store(read_only=True) as store:
        rows = items(store, status=None if status == "all" else status)
    if state.json:
        _emit(rows)
        return
    _table(
        f"review queue ({status})",
        ["id", "kind", "label", "text", "candidates", "source"],
        [
            [
                r["id"],
                r["kind"],
                r["label"],
                r["text"],
                ", ".join(r["candidates"] or []),
                r["source"],
            ]
            for r in rows
        ],
    )


@review_app.command("accept")
def review_accept(
    item: str,
    label: Annotated[
        str | None, typer.Option(help="What it is: City, Organisation, Company, Person, Country.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Its country (ISO code or name); needed for a city.")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Its name, if the source's wording needs correcting.")
    ] = None,
) -> None:
    """Create the entity the item names (the source's wording stays an alias)."""
    from ingest.review import accept

    with _store(read_only=False) as store:
        _done(accept(store, item, label=label, country=country, name=name))


@review_app.command("merge")
def review_merge(
    item: str, into: Annotated[str, typer.Option(help="Id or name of the entity it is.")]
) -> None:
    """The item is another name of an existing entity: keep its wording as an alias."""
    from ingest.review import merge

    with _store(read_only=False) as store:
        _done(merge(store, item, into=into))


@review_app.command("reject")
def review_reject(item: str) -> None:
    """Not an entity, or not worth keeping."""
    from ingest.review import reject

    with _store(read_only=False) as store:
        _done(reject(store, item))


def _done(result: dict[str, Any]) -> None:
    if state.json:
        _emit(result)
    else:
        out.print(
            f"{result['id']}: {result['status']}"
            + (
                f" → {result.get('created') or result.get('into')}"
                if result.get("created") or result.get("into")
                else ""
            )
        )


def main() -> None:
    try:
        app()
    except PartnergraphError as exc:
        # the message is shown as written: a query's [a IN list] is not markup
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":
    main()
