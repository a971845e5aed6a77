"""``docs/schema.md``, generated from the schema (a test fails when the file is stale)."""

from __future__ import annotations

from graph.schema import FACETS, Label, Model, Property

__all__ = ["EXAMPLE_LABEL", "EXAMPLE_LABEL_VI", "render"]

# The label docs/schema.md adds as its example, under `labels:` (tests add it to a copy).
EXAMPLE_LABEL = """\
  University:
    group: actor
    doc: A university or research institute.
    style: {color: "#aec7e8", shape: hexagon}
    ftm: Organization
    candidate: true
    by_code: true
    properties:
      country_code: {type: STRING, doc: ISO 3166-1 alpha-2 code of its country.}
"""
EXAMPLE_LABEL_VI = "Trường đại học"


def _row(model: Model, name: str, prop: Property) -> str:
    enum = f" One of: {', '.join(model.enums[prop.enum])}." if prop.enum else ""
    bounds = f" {prop.bounds.capitalize()}." if prop.bounds else ""
    url = " An http:// or https:// address." if prop.format == "url" else ""
    doc = (_sentence(prop.doc) + enum + bounds + url).replace("|", "\\|").strip()
    return f"| `{name}` | {prop.type} | {'yes' if prop.required else ''} | {doc} |"


def _table(model: Model, props: dict[str, Property]) -> list[str]:
    head = ["| property | type | required | meaning |", "|---|---|---|---|"]
    return [*head, *(_row(model, p, prop) for p, prop in props.items()), ""]


def _default(value: object) -> str:
    return "none" if value is None else str(value).lower()


def _sentence(doc: str) -> str:
    doc = doc.strip()
    return doc + "." if doc and doc[-1] not in ".!?)" else doc


def _does(lab: Label) -> str:
    """What a label does, from its facets, in one sentence."""
    parts = []
    if lab.style:
        parts.append(f"drawn in the network view as a {lab.style.shape} ({lab.style.color})")
    else:
        parts.append("not drawn in the network view")
    parts.append(f"exported to FollowTheMoney as {lab.ftm}" if lab.ftm else "not in the FtM export")
    if lab.searchable:
        parts.append("found by search" + (", by its acronym first" if lab.acronyms else ""))
    if lab.candidate:
        parts.append("suggested as an unexplored partner")
    if lab.by_code:
        parts.append("part of the country whose code it carries")
    if not lab.analytics:
        parts.append("left out of link prediction")
    return "It is " + ", ".join(parts[:-1]) + " and " + parts[-1] + "."


def render(model: Model) -> str:
    lines = [
        "# The partnergraph schema",
        "",
        "Generated from `graph/schema.yaml` by `partnergraph schema-docs -o docs/schema.md`;",
        "do not edit by hand. The same file gives the database's tables and the validation of",
        "every record.",
        "",
        "Every value is checked against its type: numbers are finite (no NaN or Infinity), an",
        "INT64 fits in 64 bits, ranges are given in the table where a property has one, and",
        f"dates (DATE, TIMESTAMP) are {model.dates.words}.",
        "",
        "What a label does (drawn in the network view, exported to FollowTheMoney, found by",
        "search, suggested as an unexplored partner) is said under it, from the same file: the",
        "code reads it from there, so a new label needs no change in Python.",
        "",
        "## What a label does",
        "",
        "Facets, given to a label or to its group: a label's own value wins, then its group's,",
        "then those of the groups it extends, then the default.",
        "",
        "| facet | default | what it does |",
        "|---|---|---|",
        *(f"| `{name}` | {_default(default)} | {doc} |" for name, (doc, default) in FACETS.items()),
        "",
        "## Adding a label",
        "",
        "One edit of `graph/schema.yaml` and one catalogue line. Under `labels:`, give the label",
        "its group (an `actor` takes part in engagements and is a source's subject: the",
        "relationships whose ends name the group take it), its `doc`, its facets (above) and",
        "its own properties; add it to the relationships that list their ends by label where",
        "it belongs (`LOCATED_IN`, `MEMBER_OF`). Then its name in Vietnamese in the web app's",
        "catalogue",
        '(`graph/briefs/locale/vi/LC_MESSAGES/web.po`: `msgid "University"`,',
        f'`msgstr "{EXAMPLE_LABEL_VI}"`: the pages, the network legend and the briefs all name',
        "it from there), and `partnergraph schema-docs -o docs/schema.md`. No Python changes:",
        "the code reads what labels do from the loaded schema (`graph.schema.Model`). A file",
        "gains the new table and relationship pairs the next time it is opened for writing (a",
        "read-only open adds the table, when no other process holds the file).",
        "`tests/graph/test_schema_new_label.py` does exactly this with a `University`:",
        "",
        "```yaml",
        EXAMPLE_LABEL.rstrip("\n"),
        "```",
        "",
        "## Labels",
        "",
    ]
    for group, spec in model.groups.items():
        labels = model.labels_in(group)
        if not labels:
            continue
        lines += [f"### {group.capitalize()}: {', '.join(labels)}", "", spec.doc, ""]
        for name in labels:
            lab = model.labels[name]
            lines += [
                f"#### {name}",
                "",
                lab.doc,
                "",
                _does(lab),
                "",
                *_table(model, lab.properties),
            ]
    lines += [
        "## Relationships",
        "",
        "Every relationship also carries the provenance properties below.",
        "",
    ]
    for name, rel in model.rels.items():
        lines += [
            f"### {name}",
            "",
            rel.doc,
            "",
            f"From {', '.join(rel.from_labels)} to {', '.join(rel.to_labels)}."
            + (f" One per source and {', '.join(rel.key)}." if rel.key else " One per source."),
            "",
        ]
        if rel.own_properties:
            lines += _table(model, rel.own_properties)
    lines += ["## Provenance on every relationship", "", *_table(model, model.provenance)]
    lines += ["## Enumerations", ""]
    lines += [f"- `{name}`: {', '.join(values)}" for name, values in model.enums.items()]
    return "\n".join(lines) + "\n"
