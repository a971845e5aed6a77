"""``docs/schema.md``, generated from the schema (a test fails when the file is stale)."""

from __future__ import annotations

from graph.schema import MODEL, Model, Property

__all__ = ["render"]


def _row(name: str, prop: Property) -> str:
    enum = f" One of: {', '.join(MODEL.enums[prop.enum])}." if prop.enum else ""
    bounds = f" {prop.bounds.capitalize()}." if prop.bounds else ""
    url = " An http:// or https:// address." if prop.format == "url" else ""
    doc = (_sentence(prop.doc) + enum + bounds + url).replace("|", "\\|").strip()
    return f"| `{name}` | {prop.type} | {'yes' if prop.required else ''} | {doc} |"


def _sentence(doc: str) -> str:
    doc = doc.strip()
    return doc + "." if doc and doc[-1] not in ".!?)" else doc


def render(model: Model = MODEL) -> str:
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
                "| property | type | required | meaning |",
                "|---|---|---|---|",
            ]
            lines += [_row(p, prop) for p, prop in lab.properties.items()]
            lines.append("")
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
            lines += ["| property | type | required | meaning |", "|---|---|---|---|"]
            lines += [_row(p, prop) for p, prop in rel.own_properties.items()]
            lines.append("")
    lines += [
        "## Provenance on every relationship",
        "",
        "| property | type | required | meaning |",
        "|---|---|---|---|",
    ]
    lines += [_row(p, prop) for p, prop in model.provenance.items()]
    lines += ["", "## Enumerations", ""]
    lines += [f"- `{name}`: {', '.join(values)}" for name, values in model.enums.items()]
    return "\n".join(lines) + "\n"
