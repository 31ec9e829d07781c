"""Hours that cannot be read, said in the staff's language: the place editor and
the import report show these sentences (never a visitor: see STAFF_ONLY in
tests/test_translations.py)."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .hours import MAX_LENGTH, HoursProblem, hours_problem

EXPECTED = {
    "time": _l("a time such as 17:00"),
    "timespan": _l("a time range such as 09:00-17:00"),
    "quote": _l('a closing quote (")'),
    "days": _l("days such as Mo-Fr"),
    "off": _l("“off”"),
    "separator": _l("“;” between rules"),
}
# What people who never met the syntax type: French day names, "8h30".
_FRENCH = re.compile(
    r"\b(?:lun|mar|mer|jeu|ven|sam|dim)[a-z]*\b|\b\d{1,2}\s*h\s*\d{0,2}\b",
    flags=re.IGNORECASE,
)


def describe(problem: HoursProblem, text: str = "") -> str:
    """Return the sentence that tells staff what is wrong with hours they typed."""
    if problem.kind == "too_long":
        sentence = _(
            "Too long: %(length)d characters, at most %(max)d.",
            length=problem.length,
            max=MAX_LENGTH,
        )
    elif problem.kind == "incomplete":
        sentence = _(
            "Incomplete: something is missing after “%(text)s”.",
            text=problem.excerpt,
        )
    elif problem.kind == "at":
        sentence = _(
            "Not understood at character %(position)d: “%(text)s”.",
            position=problem.position,
            text=problem.excerpt,
        )
    else:
        sentence = _("Not valid opening hours.")
    wanted = [str(EXPECTED[key]) for key in problem.expected if key in EXPECTED]
    if len(wanted) == 2:
        wanted = [_("%(first)s or %(second)s", first=wanted[0], second=wanted[1])]
    if wanted:
        sentence += " " + _("Expected: %(what)s.", what=wanted[0])
    if _FRENCH.search(text or ""):
        sentence += " " + _(
            "Write days as Mo Tu We Th Fr Sa Su and times as 08:30, or use the "
            "week grid."
        )
    return sentence


def hours_error(horaires: str | None) -> str | None:
    """Return None when the hours are usable or empty, else what is wrong, in the
    current language."""
    problem = hours_problem(horaires)
    return None if problem is None else describe(problem, horaires or "")
