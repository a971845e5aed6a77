"""The name index that search runs over (:func:`graph.questions.lookup.search`): every name,
Vietnamese name and alias of every searchable entity, folded, as a few flat arrays and texts,
so that it is kept in a file beside the database and read back in milliseconds.

Exact names and prefixes by bisection in the names sorted by length, then text; word starts
the same in the words after a name's first; the rest through trigram lists, so that the work
per search is bounded whatever the graph holds. Scores are those of a full scan (see
:func:`_score`).

The file (``X.lbdb.names``) holds the graph's version (:meth:`GraphStore.graph_version`: the
file's identity and its write count, both kept in each write's transaction) and the searched
labels: it is read only while the database still has that version and the model those labels,
so that a write, in this process or another, makes it unused; the next search builds the index
from the graph and keeps it again. A file that cannot be read is built again; one that cannot
be written (a read-only folder) is only not kept.
"""

from __future__ import annotations

import heapq
import json
import logging
import os
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from pydantic import BaseModel

from graph import cypher
from graph.errors import ValidationError
from graph.schema import Model
from graph.stores.base import GraphStore
from graph.text import fold

__all__ = ["MAX_SEARCH_TEXT", "NameIndex", "SearchHit", "check_length", "kept_index"]

log = logging.getLogger("partnergraph")

MAX_SEARCH_TEXT = 200
"""Longest search text (characters): no name is longer, and longer texts only cost time."""

_FORMAT = b"partnergraph-names-1\n"
_END = "\U0010ffff"  # sorts after every character: [key, key + _END) holds what starts with key
_SCAN = 2_000  # most names one search reads from a prefix or word-start list
_RARE = 5_000  # a trigram in more names than this cannot narrow a "contains" search
_FUZZY_READ = 10_000  # most trigram list entries one search counts for close matches
_FUZZY_POOL = 500  # names sharing the most trigrams that are scored for close matches
# Letters beyond the text's own that lower a prefix's or a containing name's score, at most:
# longer names than that score the same, and their order is the label's rank, then the name.
_PREFIX_SPAN = 20
_CONTAINED_SPAN = 40
_CLOSE_RATIO = 80  # rapidfuzz's ratio from which a name is close (a score of 60)
_CLOSE_BELOW = 76.0  # scores under this are close matches (typos), not the name itself
_ALIAS = 1  # a name's kind: 0 its name in English or Vietnamese, 1 an alias


class SearchHit(BaseModel):
    id: str
    label: str
    name: str
    name_vi: str | None = None
    country: str | None = None
    """Its country's code (ISO 3166 alpha-2), for a country itself and what has one."""
    country_name: str | None = None
    country_name_vi: str | None = None
    matched: str
    score: float


def _score(key: str, folded: str, kind: int = 0) -> float | None:
    """How well the folded name ``folded`` matches the folded text ``key``: 100 exact (95 an
    alias), about 90 a prefix (shorter names first), about 80 contained, 60-75 close (typos),
    None otherwise."""
    if folded == key:
        return 95.0 if kind == _ALIAS else 100.0
    if folded.startswith(key):
        return 90.0 - min(len(folded) - len(key), _PREFIX_SPAN) * 0.1
    if key in folded:
        return 80.0 - min(len(folded) - len(key), _CONTAINED_SPAN) * 0.1
    if len(key) < 4:
        return None
    from rapidfuzz import fuzz  # typos only: a look-up by id or name never loads it (10 ms)

    ratio = fuzz.ratio(key, folded, score_cutoff=_CLOSE_RATIO)
    return ratio * 0.75 if ratio else None


def check_length(text: str) -> None:
    if len(text) > MAX_SEARCH_TEXT:
        raise ValidationError(
            f"a search text may have at most {MAX_SEARCH_TEXT} characters, this one has "
            f"{len(text):,}; search with part of the name"
        )


@dataclass(frozen=True, slots=True)
class _Entity:
    id: str
    label: str
    name: str
    name_vi: str | None
    country: str | None
    names: tuple[tuple[str, str, int], ...]  # (folded, as written, kind), each folded name once


def _word_starts(folded: str) -> Iterator[int]:
    """Where words after the first begin: "sainte-foy-les-lyon" -> 7, 11, 15."""
    for i in range(1, len(folded)):
        if folded[i].isalnum() and not folded[i - 1].isalnum():
            yield i


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _u32(values: Iterable[int] = ()) -> array[int]:
    return array("I", values)


class _Texts:
    """Strings kept as one text and where each ends: ``texts[i]``, without a list of them."""

    def __init__(self, text: str, ends: array[int]) -> None:
        self.text, self.ends = text, ends  # ends[0] == 0

    @classmethod
    def of(cls, items: Iterable[str]) -> _Texts:
        parts = list(items)
        ends = _u32([0])
        for part in parts:
            ends.append(ends[-1] + len(part))
        return cls("".join(parts), ends)

    def __getitem__(self, i: int) -> str:
        return self.text[self.ends[i] : self.ends[i + 1]]

    def __len__(self) -> int:
        return len(self.ends) - 1


# The parts of an index as the file keeps them, in order: name and kind ("t" texts, "a" a
# number array). See NameIndex.__init__ for what each holds.
_PARTS = (
    ("entities", "t"),
    ("entity_label", "a"),
    ("first_name", "a"),
    ("folded", "t"),
    ("written", "t"),
    ("kind", "a"),
    ("owner", "a"),
    ("starts", "a"),
    ("word_name", "a"),
    ("word_at", "a"),
    ("grams", "t"),
    ("gram_ends", "a"),
    ("postings", "a"),
)


class _Entities(Sequence[_Entity]):
    """The index's entities in its order (see :meth:`NameIndex.entity`)."""

    def __init__(self, index: NameIndex) -> None:
        self._of = index

    def __len__(self) -> int:
        return len(self._of.entity_label)

    @overload
    def __getitem__(self, i: int) -> _Entity: ...
    @overload
    def __getitem__(self, i: slice) -> list[_Entity]: ...
    def __getitem__(self, i: int | slice) -> _Entity | list[_Entity]:
        if isinstance(i, slice):
            return [self._of.entity(e) for e in range(len(self))[i]]
        return self._of.entity(range(len(self))[i])


class _Names(Sequence[tuple[str, int]]):
    """Every folded name with its entity, ``(folded, entity)``, in the index's order."""

    def __init__(self, index: NameIndex) -> None:
        self._of = index

    def __len__(self) -> int:
        return len(self._of.owner)

    @overload
    def __getitem__(self, i: int) -> tuple[str, int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, int]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, int] | list[tuple[str, int]]:
        if isinstance(i, slice):
            return [self[n] for n in range(len(self))[i]]
        n = range(len(self))[i]
        return self._of.folded[n], self._of.owner[n]


class NameIndex:
    """Every name, Vietnamese name and alias of every searchable entity, folded (about 1 s to
    build for the sample with the twin-city list, 7 MB in its file). ``model`` says which
    labels are searched (the ``searchable`` facet, whose order breaks ties) and which go by
    acronyms."""

    def __init__(self, model: Model, head: dict[str, Any], parts: dict[str, Any]) -> None:
        self.model = model
        self.labels: list[str] = head["labels"]  # a label's number is its rank
        self.countries: dict[str, list[str | None]] = head["countries"]  # code -> names
        # Entities in index order (label rank, then name, then id): a JSON text of each one's
        # [id, name, name_vi, country] ...
        self.entity_json: _Texts = parts["entities"]
        self.entity_label: array[int] = parts["entity_label"]
        # ... and its names: folded, as written and their kind, the names of entity e being
        # first_name[e] to first_name[e + 1], their entity in owner.
        self.first_name: array[int] = parts["first_name"]
        self.folded: _Texts = parts["folded"]
        self.written: _Texts = parts["written"]
        self.kind: array[int] = parts["kind"]
        self.owner: array[int] = parts["owner"]
        # The names sorted by length, then folded name, then entity, and where each length's
        # run begins and ends ([length, lo, hi]).
        self.starts: array[int] = parts["starts"]
        self.start_runs: list[list[int]] = head["start_runs"]
        self._same_length = {length: (lo, hi) for length, lo, hi in self.start_runs}
        # Every word after a name's first as (name, where it begins), sorted by the whole
        # name's length, then the text from the word on, then entity; and the runs.
        self.word_name: array[int] = parts["word_name"]
        self.word_at: array[int] = parts["word_at"]
        self.word_runs: list[list[int]] = head["word_runs"]
        # Trigrams (of "  name "), sorted, each with the names holding it (in name order).
        self.grams: _Texts = parts["grams"]
        self.gram_ends: array[int] = parts["gram_ends"]
        self.postings: array[int] = parts["postings"]

    # -- built from the graph -------------------------------------------------------------
    @classmethod
    def build(cls, store: GraphStore) -> NameIndex:
        return cls.of_rows(
            (
                (label, row)
                for label in store.model.searchable_labels
                for row in store.read(cypher.names_of_label(store.model, label))
            ),
            store.model,
        )

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[str, dict[str, Any]]], model: Model) -> NameIndex:
        labels = list(model.searchable_labels)
        rank = {lab: i for i, lab in enumerate(labels)}
        entities = []
        countries: dict[str, list[str | None]] = {}
        for label, row in rows:
            names: dict[str, tuple[str, int]] = {}
            own = [row["name"], row["name_vi"]]
            for i, name in enumerate([*own, *(row["aliases"] or [])]):
                if name and (key := fold(name)):
                    names.setdefault(key, (name, 0 if i < len(own) else _ALIAS))
            code: str | None = row["id"] if label == "Country" else row.get("country_code")
            if label == "Country":
                countries[row["id"].upper()] = [row["name"], row["name_vi"]]
            if names:
                entities.append(
                    _Entity(
                        row["id"],
                        label,
                        row["name"],
                        row["name_vi"],
                        code.upper() if code else None,
                        tuple((f, n, k) for f, (n, k) in names.items()),
                    )
                )
        # Index order is the order of equal scores: label rank, then name.
        entities.sort(key=lambda e: (rank[e.label], e.name or "", e.id))
        folded: list[str] = []
        written: list[str] = []
        kind, owner, first = _u32(), _u32(), _u32([0])
        for e, entity in enumerate(entities):
            for f, name, k in entity.names:
                folded.append(f)
                written.append(name)
                kind.append(k)
                owner.append(e)
            first.append(len(folded))
        starts = sorted(range(len(folded)), key=lambda n: (len(folded[n]), folded[n], owner[n]))
        words = sorted(
            (
                (len(f), f[i:], owner[n], n, i)
                for n, f in enumerate(folded)
                for i in _word_starts(f)
            ),
            key=lambda w: w[:3],
        )
        grams: dict[str, list[int]] = {}
        for n, f in enumerate(folded):
            for gram in _trigrams(f"  {f} "):
                grams.setdefault(gram, []).append(n)
        ordered = sorted(grams)
        gram_ends = _u32([0])
        postings = _u32()
        for gram in ordered:
            postings.extend(grams[gram])
            gram_ends.append(len(postings))
        head = {
            "labels": labels,
            "countries": countries,
            "start_runs": _runs([len(folded[n]) for n in starts]),
            "word_runs": _runs([w[0] for w in words]),
        }
        parts = {
            "entities": _Texts.of(
                json.dumps([x.id, x.name, x.name_vi, x.country], ensure_ascii=False)
                for x in entities
            ),
            "entity_label": _u32(rank[x.label] for x in entities),
            "first_name": first,
            "folded": _Texts.of(folded),
            "written": _Texts.of(written),
            "kind": kind,
            "owner": owner,
            "starts": _u32(starts),
            "word_name": _u32(w[3] for w in words),
            "word_at": _u32(w[4] for w in words),
            "grams": _Texts.of(ordered),
            "gram_ends": gram_ends,
            "postings": postings,
        }
        return cls(model, head, parts)

    # -- kept in a file -------------------------------------------------------------------
    def save(self, path: Path, version: str) -> None:
        """Keep the index at ``path`` for the graph's ``version`` (written aside, then moved
        in place, so that a reader never sees half a file)."""
        blobs = []
        for name, kind in _PARTS:
            part = getattr(self, _ATTRS[name])
            if kind == "a":
                blobs.append(part.tobytes())
            else:
                blobs += [part.text.encode("utf-8"), part.ends.tobytes()]
        head = {
            "version": version,
            "byteorder": sys.byteorder,
            "labels": self.labels,
            "countries": self.countries,
            "start_runs": self.start_runs,
            "word_runs": self.word_runs,
            "sizes": [len(b) for b in blobs],
        }
        part_path = path.with_name(f"{path.name}.{os.getpid()}.part")
        try:
            with part_path.open("wb") as f:
                f.write(_FORMAT)
                f.write(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n")
                f.writelines(blobs)
            os.replace(part_path, path)
        except OSError as exc:
            log.info("%s: the name index is not kept (%s)", path, exc)
            part_path.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, version: str, model: Model) -> NameIndex | None:
        """The index kept at ``path`` if it was made at the graph's ``version`` for the labels
        ``model`` searches, else None."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("%s: the kept name index could not be read (%s); building it", path, exc)
            return None
        if not data.startswith(_FORMAT):
            return None
        try:
            end = data.index(b"\n", len(_FORMAT))
            head = json.loads(data[len(_FORMAT) : end])
            if (head["version"], head["byteorder"], head["labels"]) != (
                version,
                sys.byteorder,
                list(model.searchable_labels),
            ):
                return None
            sizes = iter(head["sizes"])
            at = end + 1
            view = memoryview(data)

            def blob() -> memoryview:
                nonlocal at
                size = next(sizes)
                at += size
                return view[at - size : at]

            parts: dict[str, Any] = {}
            for name, kind in _PARTS:
                if kind == "a":
                    parts[name] = _u32()
                    parts[name].frombytes(blob())
                else:
                    text = str(blob(), "utf-8")
                    ends = _u32()
                    ends.frombytes(blob())
                    parts[name] = _Texts(text, ends)
            if at != len(data):
                raise ValueError(f"{len(data) - at} bytes more than its parts")
        except (ValueError, KeyError, TypeError, StopIteration) as exc:
            log.warning("%s: the kept name index could not be read (%s); building it", path, exc)
            return None
        return cls(model, head, parts)

    # -- what it holds --------------------------------------------------------------------
    def entity(self, e: int) -> _Entity:
        """The ``e``-th entity in the index's order, with its names."""
        id_, name, name_vi, country = json.loads(self.entity_json[e])
        names = range(self.first_name[e], self.first_name[e + 1])
        return _Entity(
            id_,
            self.labels[self.entity_label[e]],
            name,
            name_vi,
            country,
            tuple((self.folded[n], self.written[n], self.kind[n]) for n in names),
        )

    @property
    def entities(self) -> Sequence[_Entity]:
        return _Entities(self)

    @property
    def names(self) -> Sequence[tuple[str, int]]:
        return _Names(self)

    # -- search ---------------------------------------------------------------------------
    def search(
        self, text: str, *, limit: int = 20, labels: Iterable[str] | None = None
    ) -> list[SearchHit]:
        """See :func:`graph.questions.lookup.search`."""
        check_length(text)
        key = fold(text)
        if not key:
            return []
        rank = {lab: i for i, lab in enumerate(self.labels)}
        wanted = {rank.get(lab, -1) for lab in labels} if labels else None
        # Stages in falling order of score (exact 100, prefix 88-90, contains 76-80, close
        # 60-75): one that finds ``limit`` entities leaves nothing for the later ones.
        found = {e for e in self._exact(key) if self._wanted(e, wanted)}
        starts = (self.start_runs, self._start_key, self._start_owner)
        found |= self._starting(*starts, _PREFIX_SPAN, key, wanted, limit)
        if len(found) < limit:
            found |= self._starting(
                self.word_runs,
                self._word_key,
                self._word_owner,
                _CONTAINED_SPAN,
                key,
                wanted,
                limit,
            )
            if len(key) >= 3:
                found |= self._containing(key, wanted, limit)
        if len(found) < limit and len(key) >= 4:
            found |= self._close(key, wanted)
        # An acronym ("KOTRA", "JETRO") names what goes by one (the schema's `acronyms`: an
        # organisation or company) before a place.
        word = text.strip()
        acronym = word.isalpha() and word.isupper() and 2 <= len(word) <= 8
        hits = []
        for e in found:
            scored = [
                (s, n)
                for n in range(self.first_name[e], self.first_name[e + 1])
                if (s := _score(key, self.folded[n], self.kind[n])) is not None
            ]
            if scored:
                score, n = max(scored, key=lambda sn: sn[0])
                first = acronym and self.model.labels[self.labels[self.entity_label[e]]].acronyms
                hits.append((not first, -round(score, 1), e, self.written[n]))
        # Typos only when nothing has the name itself: "dan mach" is Đan Mạch, not Damascus.
        if any(-h[1] >= _CLOSE_BELOW for h in hits):
            hits = [h for h in hits if -h[1] >= _CLOSE_BELOW]
        return [
            self._hit(e, matched, -score) for _, score, e, matched in heapq.nsmallest(limit, hits)
        ]

    def _hit(self, e: int, matched: str, score: float) -> SearchHit:
        id_, name, name_vi, code = json.loads(self.entity_json[e])
        country = self.countries.get(code or "", [None, None])
        return SearchHit(
            id=id_,
            label=self.labels[self.entity_label[e]],
            name=name,
            name_vi=name_vi,
            country=code,
            country_name=country[0],
            country_name_vi=country[1],
            matched=matched,
            score=score,
        )

    def _wanted(self, e: int, wanted: set[int] | None) -> bool:
        return wanted is None or self.entity_label[e] in wanted

    def _start_key(self, i: int) -> str:
        return self.folded[self.starts[i]]

    def _start_owner(self, i: int) -> int:
        return self.owner[self.starts[i]]

    def _word_key(self, i: int) -> str:
        n = self.word_name[i]
        return self.folded.text[self.folded.ends[n] + self.word_at[i] : self.folded.ends[n + 1]]

    def _word_owner(self, i: int) -> int:
        return self.owner[self.word_name[i]]

    def _exact(self, key: str) -> Iterator[int]:
        """The entities with a name that is ``key``."""
        lo, hi = self._same_length.get(len(key), (0, 0))
        everything = range(len(self.starts))
        i = bisect_left(everything, key, lo, hi, key=self._start_key)
        while i < hi and self._start_key(i) == key:
            yield self._start_owner(i)
            i += 1

    def _starting(
        self,
        runs: list[list[int]],
        key_of: Callable[[int], str],
        owner_of: Callable[[int], int],
        span: int,
        key: str,
        wanted: set[int] | None,
        limit: int,
    ) -> set[int]:
        """Entities with a name (or a word of one) starting with ``key``, shortest names first
        (they score highest): every length up to the one where ``limit`` entities are found,
        or all of them once lengths ``span`` beyond the key's score the same."""
        found: set[int] = set()
        read = 0
        everything = range(runs[-1][2] if runs else 0)
        for length, lo, hi in runs:
            if length < len(key):
                continue
            first = bisect_left(everything, key, lo, hi, key=key_of)
            last = bisect_left(everything, key + _END, first, hi, key=key_of)
            for i in range(first, last):
                read += 1
                e = owner_of(i)
                if self._wanted(e, wanted):
                    found.add(e)
            if (len(found) >= limit and length < len(key) + span) or read >= _SCAN:
                break
        return found

    def _postings(self, gram: str) -> array[int]:
        """The names holding ``gram`` (none: an empty array)."""
        grams = self.grams
        i = bisect_left(range(len(grams)), gram, key=grams.__getitem__)
        if i == len(grams) or grams[i] != gram:
            return _u32()
        return self.postings[self.gram_ends[i] : self.gram_ends[i + 1]]

    def _containing(self, key: str, wanted: set[int] | None, limit: int) -> set[int]:
        """Entities with a name holding ``key`` inside a word (found through the key's rarest
        trigram), the shortest names first: they score highest."""
        lists = [self._postings(g) for g in _trigrams(key)]
        rarest = min(lists, key=len)
        if len(rarest) > _RARE:
            return set()
        shortest: dict[int, int] = {}  # entity -> its shortest name holding the key
        for n in rarest:
            folded, e = self.folded[n], self.owner[n]
            if key in folded and self._wanted(e, wanted):
                length = min(len(folded), len(key) + _CONTAINED_SPAN)
                shortest[e] = min(length, shortest.get(e, length))
        return set(heapq.nsmallest(limit, shortest, key=lambda e: (shortest[e], e)))

    def _close(self, key: str, wanted: set[int] | None) -> set[int]:
        """Entities with a close name (typos): of the names sharing the most trigrams with
        ``key`` (counted over its rarest trigrams within a fixed budget), those whose ratio
        reaches the mark, in one call into rapidfuzz."""
        counts: Counter[int] = Counter()
        read = 0
        for postings in sorted((self._postings(g) for g in _trigrams(f"  {key} ")), key=len):
            read += len(postings)
            if read > _FUZZY_READ:
                break
            counts.update(postings)
        pool = [n for n, _ in counts.most_common(_FUZZY_POOL)]
        from rapidfuzz import fuzz, process

        close = process.extract(
            key,
            [self.folded[n] for n in pool],
            scorer=fuzz.ratio,
            score_cutoff=_CLOSE_RATIO,
            limit=None,
        )
        return {e for _, _, i in close if self._wanted(e := self.owner[pool[i]], wanted)}


#: Each part's attribute on a NameIndex.
_ATTRS = {
    "entities": "entity_json",
    **{name: name for name, _ in _PARTS if name != "entities"},
}


def _runs(lengths: list[int]) -> list[list[int]]:
    """Where each length's run begins and ends in a list sorted by length: [length, lo, hi]."""
    runs: list[list[int]] = []
    for i, length in enumerate(lengths):
        if runs and runs[-1][0] == length:
            runs[-1][2] = i + 1
        else:
            runs.append([length, i, i + 1])
    return runs


def kept_index(store: GraphStore) -> NameIndex:
    """The index of ``store``'s graph: read from its file while the graph has not changed, else
    built and kept there (a store with no file or no version: built every time)."""
    version, path = store.graph_version(), store.kept_file("names")
    if version and path:
        index = NameIndex.load(path, version, store.model)
        if index is not None:
            return index
    index = NameIndex.build(store)  # after the version was read: never newer than the rows
    if version and path:
        index.save(path, version)
    return index
