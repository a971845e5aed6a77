"""Why a partner is suggested (graph.questions.unexplored), said in the page's language.

A reason's ``text`` is English, written when the ranking explains it; a page says it again from
its signal and the entities it goes through (``via``, each with both names), through the web
catalogue. A signal this module does not know keeps its English text.
"""

from __future__ import annotations

import re

from graph.briefs.i18n import Language
from graph.questions.unexplored import Reason

__all__ = ["REASON_MESSAGES", "said"]

NAMES_SHOWN = 3
"""How many entities a reason names before "and 2 more"."""

REASON_MESSAGES = {
    "shared_membership": "a fellow member of {names}",
    "priority_sector": "works in {names}, a priority sector of {home}",
    "sister_of_partner": "a sister city of {names}, partners of {home}",
    "top_investor": "in {names}, investor no. {rank} in {home} ({period})",
    "investor": "in {names}, an investor in {home} ({period})",
    "linked": "linked to {names}, as {home} is",
    "close": "close to {home} in the graph",
    "steps": "within a few steps of {home} in the network, through {names}",
    "far": "within a few steps of {home} in the network",
    "more": "{names} and {n} more",
    "no_period": "period not given",
}
"""Each signal's sentence (English is the catalogue's source language)."""

_LINK_PREDICTION = {"adamic_adar": ("linked", "close"), "resource_allocation": ("linked", "close")}
_RANK = re.compile(r"investor no\. (\d+)")
_PERIOD = re.compile(r"\(([^()]*)\)$")


def said(lang: Language, reason: Reason, home: str) -> str:
    """``reason`` in ``lang``: the entities it goes through by their names in that language,
    ``home`` as the page names it."""
    names = [_name(lang, v.name, v.name_vi) for v in reason.via]
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown = lang.gettext(REASON_MESSAGES["more"], names=shown, n=len(names) - NAMES_SHOWN)
    signal = reason.signal
    if signal in ("shared_membership", "priority_sector", "sister_of_partner") and names:
        return lang.gettext(REASON_MESSAGES[signal], names=shown, home=home)
    if signal in _LINK_PREDICTION:
        found, none = _LINK_PREDICTION[signal]
        return lang.gettext(REASON_MESSAGES[found if names else none], names=shown, home=home)
    if signal == "pagerank":
        return lang.gettext(REASON_MESSAGES["steps" if names else "far"], names=shown, home=home)
    if signal == "top_investor" and names:
        # the rank and the period are only in the English text (unexplored's renderer)
        rank, period = _RANK.search(reason.text), _PERIOD.search(reason.text)
        when = period.group(1) if period else REASON_MESSAGES["no_period"]
        if when == REASON_MESSAGES["no_period"]:
            when = lang.gettext(when)
        key = "top_investor" if rank else "investor"
        return lang.gettext(
            REASON_MESSAGES[key],
            names=shown,
            rank=rank.group(1) if rank else "",
            home=home,
            period=when,
        )
    return reason.text


def _name(lang: Language, name: str, name_vi: str | None) -> str:
    return (name_vi or name) if lang.code == "vi" else (name or name_vi or "")
