"""The ``partnergraph`` command line: tables on a terminal, TSV when piped, ``--json`` for
programs. Global options (``--db``, ``--home``, ``--json``, ``--neo4j``) go before or after
the command. Heavy modules are imported by the commands that need them, so that ``--help``
and a simple question start fast.

Exit codes: 0 done; 1 other error; 2 usage; 3 query refused or failed; 4 not found;
65 bad input (nothing written); 74 database error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

import typer
import typer.core
import typer.main

from graph.choices import BriefFormat, Direction, ExportFormat, Lang, ReviewStatus
from graph.dates import shown
from graph.errors import PartnergraphError, StoreError, ValidationError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from api.words import Words
    from graph.settings import Settings
    from graph.stores import GraphStore

GLOBALS = (
    "Global options, before or after the command: --db FILE, --home ID, --json, --lang vi|en, "
    "--neo4j URI."
)
_FLAGS = {"--json"}
_VALUED = {"--db", "--home", "--lang", "--neo4j"}

app = typer.Typer(
    name="partnergraph",
    help="A city's international partnerships as a knowledge graph, with the source of every "
    "fact.\n\nGlobal options go before or after the command: 'partnergraph history nl --json'.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: one line an option, nothing stripped as markup
    context_settings={"max_content_width": 100, "help_option_names": ["-h", "--help"]},
)
review_app = typer.Typer(
    help="The review queue: what an ingest would not guess.",
    epilog=GLOBALS,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(review_app, name="review")


class _State:
    """What the global options said; the settings are read when a command first needs them."""

    def __init__(self) -> None:
        self.reset({}, json=False)

    def reset(self, updates: dict[str, Any], *, json: bool) -> None:
        """One invocation's options (the tests run several in one process)."""
        self.updates = updates
        self.json = json
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """This invocation's settings: the environment's, with the global options over them
        (built here, validated, never taken from a process-wide cache)."""
        if self._settings is None:
            from graph.settings import Settings

            self._settings = Settings(**self.updates)
        return self._settings

    @property
    def lang(self) -> Lang:
        """The language of messages, counts, money and briefs: ``--lang``, else the setting when
        ``PARTNERGRAPH_LANG`` is set (the web app's), else English, as the command line was.
        Read as the settings read it but without them (a missing database is told before
        pydantic's import); a value they would refuse is theirs to explain."""
        if "lang" in self.updates:
            return Lang(self.updates["lang"])
        given = _language_set(dict(os.environ))
        if given is None:
            return Lang.en
        try:
            return Lang(given)
        except ValueError:
            return self.settings.lang


state = _State()


def _language_set(environ: dict[str, str]) -> str | None:
    """``PARTNERGRAPH_LANG`` in any case, as :class:`graph.settings.Settings` reads it."""
    return {k.upper(): v for k, v in environ.items()}.get("PARTNERGRAPH_LANG")


@cache
def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)


_MARKUP = re.compile(r"\[/?(?:bold|dim|cyan|yellow|red|green)\]")


def _say(text: str, *, stderr: bool = False) -> None:
    """A line for people: styled on a terminal, plain (never wrapped) when piped."""
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        _console(stderr).print(text, highlight=False)
    else:
        stream.write(_MARKUP.sub("", text) + "\n")


def _language() -> Words:
    """The command line's counts and money in this invocation's language (``--lang``, else
    the setting ``PARTNERGRAPH_LANG`` when it is set, else English)."""
    from api.words import Words

    return Words.get(state.lang)


def _t(message: str, /, **fields: Any) -> str:
    """A message for people in the invocation's language (the catalogue's text, English as
    written), its ``{fields}`` filled in. Every message is in the catalogue (a test reads each
    ``_t`` and ``_word`` of this file)."""
    text = _language().text(message)
    return text.format(**fields) if fields else text


def _ours(kind: type[PartnergraphError], message: str) -> PartnergraphError:
    """An error the command line refuses with, its message already in the invocation's
    language: the raise site's own sentence (:func:`_error_lines` adds no other)."""
    return kind(message, msgid=message)


def _error_lines(exc: PartnergraphError) -> list[str]:
    """What the command line says of an error: its message, as the library wrote it (English);
    in another language first the error's own sentence in it (the raise site's, else its
    class's, from the catalogue as the web app says them), then that message when it says
    more."""
    message = str(exc)
    words = _language()
    if words.code == "en":
        return [message]
    sentence = words.text(exc.msgid)
    if exc.params:
        sentence = sentence.format(**exc.params)
    return [sentence] if sentence == message else [sentence, message]


def _word(message: str) -> str:
    """A table's column, or a word of ours in its cells ("undated"): in the invocation's
    language on a terminal, as written when piped (a TSV's header and cells are data)."""
    return _t(message) if sys.stdout.isatty() else message


def _n(singular: str, plural: str, n: int) -> str:
    """A count with its plural in the invocation's language: "1 engagement", "2,061
    engagements" / "2.061 hoạt động" (``{n}`` in both texts; the catalogue has each pair)."""
    return _language().count(singular, plural, n)


def _num(n: float) -> str:
    """A number as the invocation's language writes it: "17,178" / "17.178"."""
    return _language().number(n, 0)


def _amount(value: Any, unit: str | None) -> str:
    """An indicator's value as a reader writes it: "USD 2,061.53 million", "88 projects" /
    "2.061,53 triệu USD", "88 dự án"."""
    if not isinstance(value, int | float):
        return "" if value is None else str(value)
    words = _language()
    if unit and len(unit) == 3 and unit.isupper():  # an ISO 4217 currency
        return words.money(value, unit)
    number = words.number(value, 0 if float(value).is_integer() else 2)
    if not unit:
        return number
    if words.code != "en":  # the briefs' vocabulary of units; no plural form
        from graph.briefs.i18n import Language

        return f"{number} {Language.get(words.code).term(unit)}"
    return number + " " + (unit if value == 1 or unit.endswith("s") else unit + "s")


@app.callback(epilog=GLOBALS)
def _main(
    db: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Database file [env PARTNERGRAPH_DB; default: data/partnergraph.lbdb].",
            show_default=False,
        ),
    ] = None,
    home: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="Id of the home city or province [env PARTNERGRAPH_HOME; default: haiphong-vn].",
        ),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of tables.", show_default=False)
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            help="Language of messages, counts, money and briefs [env PARTNERGRAPH_LANG; default: "
            "en].",
            show_default=False,
        ),
    ] = None,
    neo4j: Annotated[
        str | None,
        typer.Option(
            "--neo4j",
            metavar="URI",
            help="Use Neo4j at this address instead of the file [env NEO4J_URI, with NEO4J_USER, "
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
    if lang is not None:
        updates["lang"] = lang
    state.reset(updates, json=json_out)


def hoist(argv: list[str]) -> list[str]:
    """The global options moved before the command wherever they were given, so that
    ``partnergraph history nl --json`` means ``partnergraph --json history nl`` (up to a
    ``--``, after which everything is an argument).

    >>> hoist(["history", "nl", "--json", "--db=x.lbdb"])
    ['--json', '--db=x.lbdb', 'history', 'nl']
    >>> hoist(["--db", "x.lbdb", "cypher", "RETURN 1", "--home", "hue-vn", "--", "--json"])
    ['--db', 'x.lbdb', '--home', 'hue-vn', 'cypher', 'RETURN 1', '--', '--json']
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    ended = False
    while i < len(argv):
        token = argv[i]
        name = token.split("=", 1)[0]
        if ended:
            rest.append(token)
        elif token == "--":
            ended = True
            rest.append(token)
        elif token in _FLAGS or (name in _VALUED and "=" in token):
            front.append(token)
        elif token in _VALUED and i + 1 < len(argv):
            front += [token, argv[i + 1]]
            i += 1
        else:
            rest.append(token)
        i += 1
    return front + rest


_DEFAULT_DB = Path("data/partnergraph.lbdb")
"""graph.settings.Settings' default ``db`` (a test keeps them equal)."""


def _where(updates: dict[str, Any], environ: dict[str, str]) -> tuple[Path, str | None]:
    """The database file and the Neo4j address the settings will have, by their rules (the
    option, else the first variable set, in any case, else the default), without building
    them: pydantic's import is half of a start that only says the file is missing."""
    upper = {k.upper(): v for k, v in environ.items()}
    db = updates.get("db")
    if db is None:
        db = Path(upper["PARTNERGRAPH_DB"]) if "PARTNERGRAPH_DB" in upper else _DEFAULT_DB
    uri = updates.get("neo4j_uri")
    for variable in ("NEO4J_URI", "PARTNERGRAPH_NEO4J_URI"):
        if uri is None and variable in upper:
            uri = upper[variable]
    return Path(db), uri


def _need_database() -> None:
    """Refuse at once, before pydantic, the engine and the store's modules are imported, to
    read a file that is not there (Neo4j needs no file)."""
    db, uri = _where(state.updates, dict(os.environ))
    if not uri and not db.is_file():  # "--db ''" is the folder "."
        raise _ours(
            StoreError,
            _t(
                "no database at {db}; build one first with 'partnergraph load-sample' (or 'make "
                "run') or 'partnergraph ingest FILE', or point --db at an existing one",
                db=db,
            ),
        )


@contextmanager
def _store(*, read_only: bool) -> Iterator[GraphStore]:
    if read_only:
        _need_database()
    from graph.stores import open_store

    store = open_store(state.settings, read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def _emit(data: Any) -> None:
    from pydantic import BaseModel

    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if isinstance(d, BaseModel) else d for d in data]
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _cell(value: Any, *, terminal: bool) -> str:
    if value is None:
        return ""
    if terminal and isinstance(value, float) and value.is_integer() and abs(value) >= 1e4:
        return _num(int(value))
    text = str(value)
    return text if terminal else " ".join(text.split())  # one TSV cell: no tab, no newline


def _table(
    title: str | None, columns: list[str], rows: list[list[Any]], *, ours: bool = True
) -> None:
    """A table the width of the terminal, its columns in the invocation's language when they
    are ``ours`` (not a query's); when piped, TSV (a title as a ``# `` line)."""
    if not sys.stdout.isatty():
        lines = [f"# {title}"] if title else []
        lines.append("\t".join(columns))
        lines += ["\t".join(_cell(v, terminal=False) for v in r) for r in rows]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for c in columns:
        table.add_column(_word(c) if ours else c, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(v, terminal=True) for v in r))
    _console().print(table)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _ours(
            ValidationError,
            _t(
                "{option} {value} is not a date; write YYYY-MM-DD", option=option, value=repr(value)
            ),
        ) from None


def _progress() -> Progress:
    """A progress bar on the terminal (none under --json or when piped)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_console(True),
        transient=True,
        disable=state.json or not sys.stderr.isatty(),
    )


@contextmanager
def _status(text: str) -> Iterator[None]:
    """A spinner on a terminal's stderr while something slow runs; nothing when piped."""
    if state.json or not sys.stderr.isatty():
        yield
        return
    with _console(True).status(text):
        yield


def _run_ingest(paths: list[Path]) -> list[Any]:
    from ingest.pipeline import ingest_paths, iter_files

    total = len(list(iter_files(paths)))
    with _store(read_only=False) as store, _progress() as progress:
        task = progress.add_task(_t("checking every file"), total=total)
        done = 0

        def step(path: str) -> None:  # called as each file starts, after all were checked
            nonlocal done
            progress.update(
                task, description=_t("ingesting {file}", file=Path(path).name), completed=done
            )
            done += 1

        return ingest_paths(
            store,
            paths,
            home=state.settings.home,
            review_below=state.settings.review_below,
            progress=step,
        )


def _print_reports(reports: list[Any], *, next_step: str) -> None:
    """What each file added, then the step to take next (the review queue first, when an
    ingest left something to decide)."""
    if state.json:
        _emit(reports)
        return
    reviews = 0
    for r in reports:
        if r.skipped:
            said = _t(
                "{path}: already ingested, unchanged (source {source})",
                path=r.path,
                source=r.source,
            )
            _say(f"[dim]{said}[/dim]")
            continue
        created = sum(len(v) for v in r.written.created.values())
        matched = sum(len(v) for v in r.written.matched.values())
        reviews += r.reviews
        _say(
            _t(
                "{path} → source {source}: {nodes} added, {matched} matched, {relationships} "
                "added, {items} to review",
                path=f"[bold]{r.path}[/bold]",
                source=f"[cyan]{r.source}[/cyan]",
                nodes=_n("{n} node", "{n} nodes", created),
                matched=_num(matched),
                relationships=_n(
                    "{n} relationship", "{n} relationships", r.written.relationships_created
                ),
                items=_n("{n} item", "{n} items", r.reviews),
            )
        )
        if r.engagements:
            _table(
                None,
                ["engagement", "label", "date", "status"],
                [
                    [e["name"], e["label"], shown(e["date"], e.get("date_precision")), e["status"]]
                    for e in r.engagements[:50]
                ],
            )
        if r.written.conflicts:
            conflicts = _n(
                "{n} conflicting value", "{n} conflicting values", len(r.written.conflicts)
            )
            kept = _t("{values} kept as stored; see 'partnergraph review list'", values=conflicts)
            _say(f"[yellow]{kept}[/yellow]")
    if reviews:
        waiting = _n("{n} item waits", "{n} items wait", reviews)
        _say(
            _t(
                "Next: {items} for a decision: 'partnergraph review list', then 'partnergraph "
                "review accept|merge|reject ID' (or the /review page).",
                items=waiting,
            )
        )
    _say(_t("Next: {step}", step=next_step))


@app.command("load-sample", epilog=GLOBALS)
def load_sample(
    reference: Annotated[
        bool, typer.Option(help="Also load the 26,114 twin-city pairs (about 15 s).")
    ] = True,
) -> None:
    """Build the sample graph.

    Hai Phong 2022 from the two seed articles, plus the twin-city list; running it again
    changes nothing."""
    from ingest.pipeline import sample_files

    _print_reports(
        _run_ingest(sample_files(reference=reference)),
        next_step=_t(
            "'partnergraph serve' for the web app (http://127.0.0.1:8000), or ask 'partnergraph "
            "history Denmark'."
        ),
    )


@app.command(epilog=GLOBALS)
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH|URL...",
            help="Files or folders: .txt .md .html articles; .yaml .json .csv records; or the "
            "address of an article's page (https://...), fetched when the machine is online.",
        ),
    ],
) -> None:
    """Ingest articles and records.

    Articles in Vietnamese or English, records as YAML, JSON or CSV. Each file is all or
    nothing; ingesting the same file again changes nothing."""
    import tempfile

    from ingest.fetch import local_paths

    with tempfile.TemporaryDirectory(prefix="partnergraph-fetch-") as fetched:
        reports = _run_ingest(local_paths(paths, Path(fetched)))
    _print_reports(
        reports,
        next_step=_t(
            "'partnergraph review list' for what waits for a person, 'partnergraph history "
            "PARTNER' or 'partnergraph show ID' for what it added."
        ),
    )


@app.command(epilog=GLOBALS)
def search(
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT", help="Any name, in any language, with or without diacritics."
        ),
    ],
    limit: Annotated[int, typer.Option(metavar="N", min=1, help="How many hits.")] = 20,
) -> None:
    """Find entities by name or alias ("dan mach" finds Denmark)."""
    with _store(read_only=True) as store:
        from graph.questions import search as do_search

        hits = do_search(store, text, limit=limit)
    if state.json:
        _emit(hits)
    elif not hits:
        _say(_t("nothing matches {text}", text=repr(text)))
    else:
        _table(
            None,
            ["id", "label", "name", "name (vi)", "country", "matched"],
            [[h.id, h.label, h.name, h.name_vi, h.country, h.matched] for h in hits],
        )


@app.command(epilog=GLOBALS)
def show(entity: Annotated[str, typer.Argument(metavar="ENTITY", help="Id or name.")]) -> None:
    """An entity with its sources and relationships."""
    with _store(read_only=True) as store:
        from graph.questions import show as do_show

        view = do_show(store, entity)
    if state.json:
        _emit(view)
        return
    props = {k: v for k, v in view.properties.items() if v not in (None, [], "") and k != "text"}
    if props.get("date"):  # at its precision: "2022", not "2022-01-01"
        props["date"] = shown(props["date"], props.get("date_precision"))
    if view.label == "Indicator" and "value" in props:
        props["value"] = _amount(props["value"], props.pop("unit", None))
    _table(f"{view.label} {view.id}", ["property", "value"], [[k, v] for k, v in props.items()])
    _table(_t("sources"), ["source", "evidence"], [[s.source, s.evidence] for s in view.sources])
    _table(
        _t("relationships"),
        ["type", "direction", "id", "name", "label", "role", "source"],
        [[n.type, n.direction, n.id, n.name, n.label, n.role, n.source] for n in view.neighbours],
    )


@app.command(epilog=GLOBALS)
def history(
    partner: Annotated[
        str,
        typer.Argument(
            metavar="PARTNER", help="Id or name (English or Vietnamese) of the partner."
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The relationship as it stood on this date, YYYY-MM-DD [default: the latest "
            "date the sources reach].",
        ),
    ] = None,
    months: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            min=1,
            help="Months without contact after which it counts as dormant [default: 12, "
            "PARTNERGRAPH_DORMANT_MONTHS].",
        ),
    ] = None,
) -> None:
    """Every engagement with a partner, in date order, with sources.

    Between the home city (its bodies and officials) and the partner (for a country: its
    cities, companies, bodies and people)."""
    with _store(read_only=True) as store:
        from graph.questions import history as do_history

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
    _say(
        _t(
            "{partner} ({label} {id}) and {home}, as of {date}",
            partner=f"[bold]{h.partner.name}[/bold]",
            label=h.partner.label,
            id=h.partner.id,
            home=h.home,
            date=h.as_of,
        )
    )
    engagements = _n("{n} engagement", "{n} engagements", s.engagements)
    if s.undated:
        engagements = _t("{engagements} ({n} undated)", engagements=engagements, n=_num(s.undated))
    _say(
        _t(
            "first contact {first}, last {last}, {engagements}, status {status}",
            first=s.first_shown or "-",
            last=s.last_shown or "-",
            engagements=engagements,
            status=f"[bold]{_relation_status(s.status)}[/bold]",
        )
    )
    rows = []
    for e in h.entries:
        partner_side = "; ".join(f"{p.name} ({p.role})" for p in e.parties if p.side == "partner")
        home_side = "; ".join(f"{p.name} ({p.role})" for p in e.parties if p.side == "home")
        when = shown(e.date, e.date_precision) or _word("undated")
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
    _table(
        _t("timeline"),
        ["date", "kind", "engagement", "home side", "partner side", "sources"],
        rows,
    )
    if h.ties:
        _table(
            _t("standing ties"),
            ["type", "from", "to", "details", "source"],
            [[t.type, t.from_name, t.to_name, t.details or "", t.source] for t in h.ties],
        )
    if s.by_year:
        years = ", ".join(f"{y}: {_num(n)}" for y, n in s.by_year.items())
        _say(_t("by year: {years}", years=years))


def _relation_status(status: str) -> str:
    """A relationship's status (a history's summary) in words."""
    words = {"active": _t("active"), "dormant": _t("dormant"), "none": _t("none")}
    return words.get(status, status)


@app.command(epilog=GLOBALS)
def localities(
    partner: Annotated[
        str,
        typer.Argument(
            metavar="PARTNER", help="Id or name (English or Vietnamese) of the partner."
        ),
    ],
) -> None:
    """Which localities of the home's country engage a partner, the most engaged first.

    Each with as many engagements as its own history with the partner lists, and its latest
    contact; --home chooses the country (the home's)."""
    with _store(read_only=True) as store:
        from graph.questions.localities import localities as do_localities

        found = do_localities(store, partner, home=state.settings.home)
    if state.json:
        _emit(found)
        return
    rows = [[x.name, x.id, x.engagements, x.last_shown] for x in found.localities]
    title = _t(
        "localities of {country} engaging {partner}",
        country=found.country or "-",
        partner=found.partner.name,
    )
    _table(title, ["locality", "id", "engagements", "last contact"], rows)


@app.command(epilog=GLOBALS)
def unexplored(
    limit: Annotated[int, typer.Option(metavar="N", min=1, help="How many suggestions.")] = 20,
    label: Annotated[
        list[str] | None,
        typer.Option(
            metavar="LABEL",
            help="Only this label, one the schema lets be suggested (such as City or "
            "Organisation; docs/schema.md); repeat for several.",
        ),
    ] = None,
) -> None:
    """Partners close in the graph, not yet engaged, with why."""
    with _store(read_only=True) as store:
        from graph.questions import unexplored as do_unexplored

        unknown = sorted(set(label or []) - store.model.candidate_labels)
        if unknown:
            raise _ours(
                ValidationError,
                _t(
                    "--label {labels}: not a label that may be suggested; use {allowed}",
                    labels=", ".join(unknown),
                    allowed=", ".join(sorted(store.model.candidate_labels)),
                ),
            )
        found = do_unexplored(
            store, home=state.settings.home, limit=limit, labels=set(label) if label else None
        )
    if state.json:
        _emit(found)
        return
    _table(
        _t("unexplored partners"),
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


@app.command(epilog=GLOBALS)
def dormant(
    months: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            min=1,
            help="Quiet for more than this many months [default: 12, PARTNERGRAPH_DORMANT_MONTHS].",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Date to count from, YYYY-MM-DD [default: the latest date the sources reach].",
        ),
    ] = None,
) -> None:
    """Partners and agreements with no activity for N months."""
    with _store(read_only=True) as store:
        from graph.questions import dormant as do_dormant

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
        _t("as of {date}", date=d.as_of)
        if d.as_of_basis == "given"
        else _t("as of {date}, the latest date the sources reach (--as-of to choose)", date=d.as_of)
    )
    quiet = _n("{n} month", "{n} months", d.months)
    undated = _word("undated")
    _table(
        _t("partners quiet for more than {months} ({basis})", months=quiet, basis=basis),
        ["name", "label", "last activity", "months", "engagements", "note"],
        [
            [p.name, p.label, p.last_shown or undated, p.months_quiet, p.engagements, p.note]
            for p in d.partners
        ],
    )
    if d.agreements:
        _table(
            _t("agreements"),
            ["name", "last activity", "months", "note"],
            [[a.name, a.last_shown or undated, a.months_quiet, a.note] for a in d.agreements],
        )
    else:
        _say(_t("no agreement quiet for more than {months}", months=quiet))


@app.command(epilog=GLOBALS)
def cypher(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="A read-only Cypher query.")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar="NAME=VALUE",
            help="A parameter ($NAME in the query); VALUE is read as JSON when it parses, else "
            "as text. Repeat for several.",
        ),
    ] = None,
    fmt: Annotated[
        Literal["table", "json", "csv"],
        typer.Option("--format", help="Output format."),
    ] = "table",
    timeout: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS",
            help="Time limit [default: 10, PARTNERGRAPH_QUERY_TIMEOUT_MS / 1000].",
        ),
    ] = None,
    max_rows: Annotated[
        int | None,
        typer.Option(metavar="N", min=1, help="Row cap [default: 10,000, PARTNERGRAPH_MAX_ROWS]."),
    ] = None,
) -> None:
    """Run a read-only Cypher query (writes, files and network are refused)."""
    params: dict[str, Any] = {}
    for p in param or []:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise _ours(
                ValidationError, _t("--param {param}: write it as name=value", param=repr(p))
            )
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
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
        _table(None, result.columns, result.flat_rows(), ours=False)
        said = _t(
            "{rows} in {ms} ms",
            rows=_n("{n} row", "{n} rows", len(result.rows)),
            ms=_language().number(round(result.elapsed_ms, 1), 1),
        )
        if result.truncated:
            said += f" ({result.truncated_why or _t('cut at the row cap')})"
        _say(f"[dim]{said}[/dim]", stderr=not sys.stdout.isatty())  # the TSV stays a table


@app.command(epilog=GLOBALS)
def brief(
    partner: Annotated[
        str, typer.Argument(metavar="PARTNER", help="Id or name, in English or Vietnamese.")
    ],
    visit_date: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Date of the visit, YYYY-MM-DD (shown on the cover)."),
    ] = None,
    direction: Annotated[
        Direction | None,
        typer.Option(
            help="incoming: they visit us; outgoing: we visit them.",
        ),
    ] = None,
    fmt: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format",
            help="File format [default: from -o's suffix, else pdf].",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="File to write [default: brief-ID-LANG.FORMAT]."
        ),
    ] = None,
) -> None:
    """A briefing pack before a visit, every line citing its sources.

    Key facts, timeline, agreements, counterparts, economic ties, networks, opportunities
    and points to raise; in the language of --lang vi|en (a global option)."""
    from graph.briefs import build_brief, render

    suffix = output.suffix.lstrip(".").lower() if output and output.suffix else "pdf"
    if fmt is None and suffix not in set(BriefFormat):
        raise _ours(
            ValidationError,
            _t(
                "-o {output}: write a {suffixes} file, or give --format",
                output=output,
                suffixes="." + ", .".join(BriefFormat),
            ),
        )
    chosen = fmt or BriefFormat(suffix)
    lang = state.lang
    with _store(read_only=True) as store, _status(_t("gathering what the graph knows…")):
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
        _say(
            _t(
                "wrote {file} ({format}, {size}): {heading}",
                file=f"[bold]{target}[/bold]",
                format=chosen,
                size=_n("{n} byte", "{n} bytes", len(data)),
                heading=made.heading,
            )
        )


@app.command(epilog=GLOBALS)
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="json: the lossless dump ('partnergraph import' reads it back); graphml, "
            "gexf: Gephi, yEd, networkx; csv: a folder for neo4j-admin database import; cypher: "
            "a script for Neo4j 5; ftm: FollowTheMoney entities.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="PATH", help="File to write (a folder for csv)."),
    ],
) -> None:
    """Export the whole graph with its provenance, for other tools."""
    from graph.exports import export as do_export

    with _store(read_only=True) as store, _status(_t("exporting as {format}…", format=fmt)):
        files = do_export(store, fmt, output)
    size = sum(f.stat().st_size for f in files)
    if state.json:
        _emit({"format": fmt, "files": [str(f) for f in files], "bytes": size})
    else:
        shown = ", ".join(str(f) for f in files[:3]) + (" …" if len(files) > 3 else "")
        _say(
            _t(
                "wrote {files}, {size}: {names}",
                files=_n("{n} file", "{n} files", len(files)),
                size=_n("{n} byte", "{n} bytes", size),
                names=shown,
            )
        )


@app.command("import", epilog=GLOBALS)
def import_(
    path: Annotated[
        Path,
        typer.Argument(metavar="DUMP", help="A dump made by 'partnergraph export --format json'."),
    ],
) -> None:
    """Import a JSON dump, in one transaction.

    Every line is checked first, then all is written at once. Nodes already stored must be
    identical; importing twice changes nothing."""
    from graph.exports import read_dump

    if not path.is_file():
        raise _ours(
            ValidationError,
            _t(
                "{path}: no such file; give a dump made by 'partnergraph export --format json'",
                path=path,
            ),
        )
    with _store(read_only=False) as store, _status(_t("importing {file}…", file=path.name)):
        report = read_dump(store, path)
    created = sum(len(v) for v in report.created.values())
    matched = sum(len(v) for v in report.matched.values())
    if state.json:
        _emit(report)
    else:
        _say(
            _t(
                "{path}: {nodes} added, {matched} already there; {relationships} added, "
                "{relationships_matched} already there",
                path=path,
                nodes=_n("{n} node", "{n} nodes", created),
                matched=_num(matched),
                relationships=_n(
                    "{n} relationship", "{n} relationships", report.relationships_created
                ),
                relationships_matched=_num(report.relationships_matched),
            )
        )


@app.command(epilog=GLOBALS)
def recover() -> None:
    """Finish what a crash or a kill cut short; deletes nothing.

    A write that was checkpointing is completed (by a read-write open), and ingests whose
    files must be run again are listed. Needs write access to the database's folder."""
    with _store(read_only=False) as store:
        counts = store.counts()
        unstamped = store.unstamped_sources()
        model = store.model
    nodes = sum(n for k, n in counts.items() if k in model.labels)
    rels = sum(n for k, n in counts.items() if k in model.rels)
    if state.json:
        _emit({"counts": counts, "ingests_cut_short": unstamped})
        return
    _say(
        _t(
            "{db}: recovered; {nodes}, {relationships}",
            db=state.settings.db,
            nodes=_n("{n} node", "{n} nodes", nodes),
            relationships=_n("{n} relationship", "{n} relationships", rels),
        )
    )
    if unstamped:
        files = ", ".join(s.get("file") or s["id"] for s in unstamped)
        said = _t(
            "ingests cut short: {files}; run the same ingest (or load-sample) again: it "
            "completes them",
            files=files,
        )
        _say(f"[yellow]{said}[/yellow]")


def _transfer(to_neo4j: bool) -> None:
    from graph.stores import open_embedded, open_neo4j
    from graph.stores.transfer import copy_graph

    settings = state.settings
    uri = settings.neo4j_uri
    if not uri:
        raise _ours(
            ValidationError, _t("give the Neo4j address: --neo4j neo4j://host:7687 (or NEO4J_URI)")
        )
    remote = open_neo4j(settings, uri, read_only=not to_neo4j)
    try:
        local = open_embedded(settings, read_only=to_neo4j)
        try:
            source, target = (local, remote) if to_neo4j else (remote, local)
            with _progress() as progress:
                task = progress.add_task(_t("push to Neo4j") if to_neo4j else _t("pull from Neo4j"))
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
    _say(
        _t(
            "{nodes} and {relationships} copied ({nodes_there} and {relationships_there} were "
            "already there); counts match",
            nodes=_n("{n} node", "{n} nodes", report.nodes_copied),
            relationships=_n("{n} relationship", "{n} relationships", report.relationships_copied),
            nodes_there=_num(report.nodes_already_there),
            relationships_there=_num(report.relationships_already_there),
        )
    )


@app.command(epilog=GLOBALS)
def push() -> None:
    """Copy the embedded graph (--db) into Neo4j (--neo4j URI).

    Batched, idempotent and resumable (run it again after an interruption), with a count
    check at the end."""
    _transfer(True)


@app.command(epilog=GLOBALS)
def pull() -> None:
    """Copy the graph in Neo4j (--neo4j URI) into the embedded file (--db).

    The same way as push."""
    _transfer(False)


@app.command(epilog=GLOBALS)
def serve(
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="Address to listen on.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8000,
    public_without_key: Annotated[
        bool,
        typer.Option(
            "--public-without-key",
            help="Listen on a public address although no API key is set (uploads stay off).",
            show_default=False,
        ),
    ] = False,
    access_log: Annotated[bool, typer.Option(help="Print a line per request on stderr.")] = True,
) -> None:
    """Serve the web app and the JSON API (/docs).

    Without PARTNERGRAPH_API_KEY the database is opened read-only (other commands can read it
    meanwhile) and uploads are refused; with a key, uploads need it in the X-API-Key header."""
    import ipaddress

    settings = state.settings
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback and settings.api_key is None and not public_without_key:  # usage: exit 2
        raise typer.BadParameter(
            _t(
                "{host} is reachable from other machines and no API key is set; set "
                "PARTNERGRAPH_API_KEY, or pass --public-without-key if you mean it",
                host=host,
            ),
            param_hint="'--host'",
        )
    if not settings.neo4j_uri and not settings.db.exists():
        raise _ours(
            ValidationError,
            _t(
                "no database at {db}; build the sample with 'partnergraph load-sample' (or "
                "'make run'), or point --db at an existing one",
                db=settings.db,
            ),
        )
    import uvicorn

    from api.app import create_app

    where = (
        _t(
            "Neo4j {uri}, database {database}",
            uri=settings.neo4j_uri,
            database=settings.neo4j_database,
        )
        if settings.neo4j_uri
        else settings.db
    )
    mode = _t("read-only, uploads off") if settings.api_key is None else _t("uploads need the key")
    said = _t(
        "partnergraph serving {where} on {address} ({mode}); Ctrl-C stops it",
        where=where,
        address=f"http://{host}:{port}/",
        mode=mode,
    )
    sys.stderr.write(said + "\n")
    sys.stderr.flush()
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="info" if access_log else "warning",
        access_log=access_log,
        log_config=_log_config(),
    )


def _log_config() -> dict[str, Any]:
    """uvicorn's logging, every line on stderr with its time: the access log one line a
    request ("2026-12-01 13:05:38 127.0.0.1 GET /entities/dk 200")."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(message)s", "datefmt": "%Y-%m-%d %H:%M:%S"},
            "access": {
                "()": "uvicorn.logging.AccessFormatter",
                "fmt": '%(asctime)s %(client_addr)s "%(request_line)s" %(status_code)s',
                "datefmt": "%Y-%m-%d %H:%M:%S",
                "use_colors": False,
            },
        },
        "handlers": {
            "plain": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "access",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "uvicorn": {"handlers": ["plain"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


@app.command("schema-docs", epilog=GLOBALS)
def schema_docs(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="Write here instead of printing."),
    ] = None,
) -> None:
    """The schema as Markdown (docs/schema.md is made with this)."""
    from graph.schema import MODEL
    from graph.schema_docs import render

    text = render(MODEL)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@review_app.command("list", epilog=GLOBALS)
def review_list(
    status: Annotated[
        ReviewStatus,
        typer.Option(
            help="Which items.",
        ),
    ] = ReviewStatus.open,
) -> None:
    """Items waiting for a decision."""
    from ingest.review import items

    with _store(read_only=True) as store:
        rows = items(store, status=status.stored)
    if state.json:
        _emit(rows)
        return
    _table(
        _t(
            "review queue ({status}): {items}",
            status=status,
            items=_n("{n} item", "{n} items", len(rows)),
        ),
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
    if rows and not sys.stdout.isatty():
        return
    if rows:
        _say(
            _t(
                "Next: 'partnergraph review accept ID [--label L --country C --name N]', "
                "'partnergraph review merge ID --into ENTITY' or 'partnergraph review reject ID'."
            )
        )


ITEM = Annotated[str, typer.Argument(metavar="ITEM", help="The item's id (review list).")]


@review_app.command("accept", epilog=GLOBALS)
def review_accept(
    item: ITEM,
    label: Annotated[
        str | None,
        typer.Option(
            metavar="LABEL",
            help="What it is: an actor's label (such as City or Organisation), for an "
            "engagement an engagement's (such as Visit); docs/schema.md lists them.",
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(metavar="COUNTRY", help="Its country (ISO code or name); needed for a city."),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Its name, if the source's wording needs correcting."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="An engagement's date: YYYY, YYYY-MM or YYYY-MM-DD ('' for none)."
        ),
    ] = None,
    direction: Annotated[
        str | None,
        typer.Option(
            metavar="DIRECTION",
            help="An engagement's direction: incoming, outgoing or third-place ('' for none).",
        ),
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID=ROLE",
            help="A party's role in an engagement (host, guest, delegation, signatory...); "
            "repeat for each.",
        ),
    ] = None,
) -> None:
    """Create the entity the item names (the source's wording stays an alias), or write the
    engagement it proposes, corrected first where you say."""
    from ingest.review import accept

    roles: dict[str, str] = {}
    for given in role or []:
        party, sep, value = given.partition("=")
        if not sep or not party or not value:
            raise typer.BadParameter(
                _t("{role}: write a party's id, '=', and its role", role=repr(given))
            )
        roles[party.strip()] = value.strip()
    with _store(read_only=False) as store:
        _done(
            accept(
                store,
                item,
                label=label,
                country=country,
                name=name,
                date=date,
                direction=direction,
                roles=roles,
            )
        )


@review_app.command("merge", epilog=GLOBALS)
def review_merge(
    item: ITEM,
    into: Annotated[
        str,
        typer.Option(
            metavar="ENTITY", help="Id or name of the entity it is (an engagement: its id)."
        ),
    ],
) -> None:
    """The item is another name of an existing entity (its wording kept as an alias), or
    the engagement it proposes is one the graph holds (give that engagement's id)."""
    from ingest.review import merge

    with _store(read_only=False) as store:
        _done(merge(store, item, into=into))


@review_app.command("reject", epilog=GLOBALS)
def review_reject(item: ITEM) -> None:
    """Not an entity, or not worth keeping."""
    from ingest.review import reject

    with _store(read_only=False) as store:
        _done(reject(store, item))


def _done(result: dict[str, Any]) -> None:
    if state.json:
        _emit(result)
    else:
        _say(
            f"{result['id']}: {result['status']}"
            + (
                f" → {result.get('created') or result.get('into')}"
                if result.get("created") or result.get("into")
                else ""
            )
        )


def _as_typer_would(param: Any, value: Any) -> tuple[bool, Any]:
    """What typer's coercion makes of ``value`` where that needs no pydantic (typer builds a
    pydantic TypeAdapter for every parameter it processes, a left-out one too: pydantic's
    import, 0.15-0.2 s of starting ``history --help``): a left-out optional value is None (or
    no values), a value already of the parameter's type (a text given for a text, a default)
    stays itself; one of a choice's values is its member (``--lang vi``, ``--format csv``), and
    a text given for a path with no conditions (``--db FILE``) is that path where typer, which
    then only checks it can read one that exists, would find nothing wrong. (False, None): ask
    typer, which also says what is wrong."""
    if value is None and not param.required:
        return True, (() if param.multiple or param.nargs == -1 else None)
    kind = param.type_descriptor.annotation
    if isinstance(kind, type) and type(value) is kind:  # given text, a default of its type
        return True, value
    info = param.type_descriptor.parameter_info
    if not isinstance(value, str) or not isinstance(kind, type):
        return False, None
    if issubclass(kind, Enum) and info.case_sensitive and value in {m.value for m in kind}:
        return True, kind(value)
    if kind is Path and value and _plain_path(info):
        path = Path(value)
        if not (info.readable and path.exists() and not os.access(path, os.R_OK)):
            return True, path
    return False, None


def _plain_path(info: Any) -> bool:
    """A path option or argument with none of click's conditions but its default "readable"."""
    return (
        not (info.exists or info.writable or info.resolve_path or info.allow_dash)
        and info.file_okay
        and info.dir_okay
        and info.path_type is None
    )


def _processed(param: Any, ctx: Any, value: Any) -> tuple[bool, Any]:
    """``param.process_value`` without typer where :func:`_as_typer_would` can: the value, then
    the parameter's callback (``--help``'s)."""
    done, plain = _as_typer_would(param, value)
    if done and param.callback is not None:
        plain = param.callback(ctx, param, plain)
    return done, plain


class _QuickOption(typer.core.TyperOption):
    def process_value(self, ctx: Any, value: Any) -> Any:
        done, plain = _processed(self, ctx, value)
        return plain if done else super().process_value(ctx, value)


class _PlainArgument(typer.core.TyperArgument):
    """An argument shown as Unix tools show one: ``PARTNER`` in the usage line and its help,
    no ``{PARTNER}`` nor ``<str>``."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        done, plain = _processed(self, ctx, value)
        return plain if done else super().process_value(ctx, value)

    def _usage_display_name(self) -> str:
        name = self.metavar or (self.name or "").upper()
        return name if self.required else f"[{name}]"

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


TYPER_WORDS = (
    "Arguments",
    "Options",
    "Commands",
    "default: {default}",
    "env var: {var}",
    "required",
    "(dynamic)",
    "Missing command.",
    "No such command {name!r}.",
    "Aborted!",
)
"""What typer's help and errors write through gettext (``typer.core``'s ``_``), in the
catalogue: its usage lines and click's errors are English only ("Usage:", "No such option")."""


def help_key(text: str) -> str:
    """A help text as the catalogue holds it: its paragraphs, each on one line (click wraps
    them again as it writes the help)."""
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())


def _help_language(argv: list[str]) -> str:
    """The language of ``--help``, before the options are parsed: ``--lang``, else
    ``PARTNERGRAPH_LANG``, else English (as :attr:`_State.lang`; a value neither language is
    left for the parse to refuse)."""
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if token.startswith("--lang="):
            return token.partition("=")[2]
    return _language_set(dict(os.environ)) or "en"


def _in_language(cmd: Any, code: str) -> None:
    """A command's help, epilog and its parameters' help in the language ``code`` (through
    the catalogue; English as written), and typer's own words (its headings and defaults)."""
    from api.words import Words

    words = Words.get(code if code in set(Lang) else "en")
    typer.core._ = words.text  # type: ignore[attr-defined]  # the module's gettext
    for owner in (cmd, *cmd.params, getattr(cmd, "_help_option", None)):
        for attr in ("help", "epilog", "short_help"):
            text = getattr(owner, attr, None)
            if text:
                setattr(owner, attr, words.text(help_key(text)) if code != "en" else text)


def command(lang: str = "en") -> Any:
    """The click command ``main`` runs: typer's, with plain argument names, parameters that
    ask pydantic only for values that need it, and its help in the language ``lang``."""
    root = typer.main.get_command(app)
    todo = [root]
    while todo:
        cmd = todo.pop()
        for param in cmd.params:
            if isinstance(param, typer.core.TyperArgument):
                param.__class__ = _PlainArgument
            elif type(param) is typer.core.TyperOption:
                param.__class__ = _QuickOption
        if getattr(cmd, "_help_option", False) is None:  # made at the first parse, else
            from typer._click.decorators import help_option

            help_option(["-h", "--help"])(cmd)
            made = cmd.params.pop()
            made.__class__ = _QuickOption
            cmd._help_option = cast(_QuickOption, made)
        _in_language(cmd, lang)
        todo += getattr(cmd, "commands", {}).values()  # a group's commands
    return root


_PYDANTIC_LOADER = "pydantic.plugin._loader"


def _no_plugin_search() -> None:
    """With pydantic's plugins turned off, its plugin loader is given ahead as a module whose
    ``get_plugins`` finds none, as the real one then does: the real one imports
    ``importlib.metadata`` (with email, zipfile and csv: 15 ms of a question's start) before it
    reads ``PYDANTIC_DISABLE_PLUGINS``. Anything else asked of it is the real module's."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    if _PYDANTIC_LOADER in sys.modules:
        return
    import types

    def real(name: str) -> Any:
        if name.startswith("__"):  # what the import system asks of any module
            raise AttributeError(name)
        del sys.modules[_PYDANTIC_LOADER]
        import importlib

        return getattr(importlib.import_module(_PYDANTIC_LOADER), name)

    loader = types.ModuleType(_PYDANTIC_LOADER, "pydantic's plugin loader, finding none")
    setattr(loader, "get_plugins", lambda: ())  # noqa: B010 - a module made here
    setattr(loader, "__getattr__", real)  # noqa: B010
    sys.modules[_PYDANTIC_LOADER] = loader


def main() -> None:
    # no pydantic plugin is used here: not scanning every installed package's entry points for
    # one saves each command 20-40 ms of its start (a user's own setting wins)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_search()
    try:
        argv = hoist(sys.argv[1:])
        command(_help_language(argv))(args=argv, prog_name="partnergraph")
    except PartnergraphError as exc:
        first, *more = _error_lines(exc)
        if sys.stderr.isatty():
            from rich.markup import escape

            # the message is shown as written: a query's [a IN list] is not markup
            said = _t("error: {message}", message=f"[/red]{escape(first)}")
            _console(True).print(f"[red]{said}", *map(escape, more), sep="\n", highlight=False)
        else:
            sys.stderr.write("\n".join([_t("error: {message}", message=first), *more]) + "\n")
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":
    main()
