"""Dates at the precision the sources give them.

A date is stored as the first day of its period plus a precision (``day``, ``month`` or
``year``): "năm 2022" is 2022-01-01 at year precision, which means *during 2022*, not on New
Year's Day. So a period is shown as what it is, and time since it counts from its end.

Examples
--------
>>> shown("2022-01-01", "year")
'2022'
>>> shown("2023-11-01", "month", "vi"), shown("2023-11-01", "month")
('11/2023', 'Nov 2023')
>>> shown("2023-11-09", "day", "vi"), shown("2023-11-09", "day")
('9/11/2023', '9 Nov 2023')
>>> period_end("2022-01-01", "year"), period_end("2024-02-01", "month")
(datetime.date(2022, 12, 31), datetime.date(2024, 2, 29))
>>> months_since(period_end("2022-01-01", "year"), dt.date(2023, 6, 30))
6
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["as_date", "months_since", "period_end", "shown"]

_MONTHS_EN = [calendar.month_abbr[m] for m in range(13)]


def as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def period_end(value: str | dt.date | None, precision: str | None) -> dt.date | None:
    """The last day of the period a date stands for."""
    day = as_date(value)
    if day is None:
        return None
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def months_since(end: dt.date, as_of: dt.date) -> int:
    """Whole months from ``end`` to ``as_of`` (0 when ``as_of`` is inside or before it)."""
    months = (as_of.year - end.year) * 12 + (as_of.month - end.month)
    if as_of.day < end.day and as_of.day < calendar.monthrange(as_of.year, as_of.month)[1]:
        months -= 1
    return max(months, 0)


def shown(value: str | dt.date | None, precision: str | None, lang: str = "en") -> str:
    """A date as a reader writes it at its precision: 2022; 11/2023 or Nov 2023; 9/11/2023 or
    9 Nov 2023. Nothing for no date."""
    day = as_date(value)
    if day is None:
        return ""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{day.month}/{day.year}" if lang == "vi" else f"{_MONTHS_EN[day.month]} {day.year}"
    if lang == "vi":
        return f"{day.day}/{day.month}/{day.year}"
    return f"{day.day} {_MONTHS_EN[day.month]} {day.year}"
