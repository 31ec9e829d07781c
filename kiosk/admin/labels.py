"""Names and values of fields as staff read them (history and conflict screens)."""

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..ranking.closures import Closure, from_stored
from .forms import PlaceForm
from .setup_forms import NeedForm

EXTRA = {
    "position": _l("Position (latitude, longitude)"),
    "verified_on": _l("Last verified"),
    "deleted_at": _l("In the bin since"),
    "on_kiosk": _l("Shown on the kiosks"),
    "sort_order": _l("Order"),
    "parent_id": _l("Shown under"),
    "languages": _l("Languages spoken"),
    "pins": _l("Places shown first (pinned)"),
    "to_bring_needs": _l("What to bring: for which needs"),
    "closures": _l("Closures and notices"),
}
FORMS = {"structure": PlaceForm, "need": NeedForm}


def field_label(kind: str, name: str) -> str:
    """Return the label staff know a field by, else its name."""
    if name in EXTRA:
        return str(EXTRA[name])
    unbound = getattr(FORMS.get(kind), name, None)
    label = None
    if unbound is not None and hasattr(unbound, "kwargs"):
        label = unbound.kwargs.get("label") or (
            unbound.args[0] if unbound.args else None
        )
    return str(label) if label else name


def revision_value(value) -> str:
    """Return a stored value as text: lists joined, texts per language, yes/no."""
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return "\n".join(f"{lang}: {text}" for lang, text in value.items())
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "\n".join(closure_line(c) for c in from_stored(value))
    if isinstance(value, list):
        if all(v is None for v in value):
            return "—"
        return ", ".join("—" if v is None else str(v) for v in value)
    return str(value)


ACTIONS = {
    "create": _l("Created"),
    "update": _l("Edited"),
    "verify": _l("Marked verified"),
    "hide": _l("Hidden from the kiosks"),
    "show": _l("Shown on the kiosks"),
    "delete": _l("Moved to the bin"),
    "undelete": _l("Restored from the bin"),
    "restore": _l("Restored an earlier version"),
    "move": _l("Moved in the order"),
    "import": _l("Imported from a file"),
    "pin": _l("Pinned a place"),
    "unpin": _l("Unpinned a place"),
    "closure": _l("Added a closure or a notice"),
    "unclosure": _l("Removed a closure or a notice"),
}


def action_name(action: str) -> str:
    """Return what a revision's action means, in words."""
    return str(ACTIONS.get(action, action))


REASONS = {
    "typologie": _l("its type"),
    "programme": _l("its programme or label"),
    "service": _l("its services"),
    "support": _l("its specific support"),
    "fallback": _l("its services, as a last resort"),
}


def need_reason(reason: str) -> str:
    """Return how a place answers a need's rule, in words."""
    return str(REASONS.get(reason, reason))


def closure_dates(closure: Closure) -> str:
    """Return the days of a closure as staff read them."""
    if closure.starts_on == closure.ends_on:
        return _("on %(date)s", date=format_date(closure.starts_on, "EEEE d MMMM y"))
    return _(
        "from %(start)s to %(end)s",
        start=format_date(closure.starts_on, "d MMMM y"),
        end=format_date(closure.ends_on, "d MMMM y"),
    )


def closure_line(closure: Closure) -> str:
    """Return a closure in one line: its days, closed or a notice, its text."""
    kind = _("closed") if closure.closed else _("notice")
    if closure.service:
        kind = f"{kind} ({closure.service})"
    line = f"{closure_dates(closure)}, {kind}"
    return f"{line}: {closure.notice}" if closure.notice else line
