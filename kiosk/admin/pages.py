"""Rendering admin screens: a full page, or one block of it for an htmx swap."""

from flask import abort, current_app, flash, make_response, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import HTTPException
from wtforms import ValidationError

from ..extensions import db

MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of every id column


def whole_number(text, limit: int = MAX_ID) -> int | None:
    """Return the number a text writes in ASCII digits, None if not one or too big.

    Not `str.isdigit()`: it is True for "²", which `int()` refuses.
    """
    text = str(text or "")
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(limit)):
        return None
    number = int(text)
    return number if number <= limit else None


def get_or_404(model, row_id: int):
    """Return the row with this id, or answer 404."""
    row = db.session.get(model, row_id) if 0 < row_id <= MAX_ID else None
    if row is None:
        abort(404)
    return row


def form_errors_list(form) -> list[tuple[str, str, str]]:
    """Return (field id, label, first message) of each field in error, in order."""
    wrong = []
    for field in form:
        if field.type == "CSRFTokenField":  # form_again() explains it at the top
            continue
        wrong.extend(_errors(field, None))
    return wrong


def _errors(field, within: str | None) -> list[tuple[str, str, str]]:
    """Return the errors of a field and of the fields inside it: "Group (field)".
    A list's rows carry their own names ("Monday"), not the list's."""
    label = str(field.label.text)
    if within is not None:
        label = f"{within} ({label})"
    if field.type == "FieldList":
        return [found for row in field for found in _errors(row, None)]
    if field.type == "FormField":
        return [found for sub in field for found in _errors(sub, label)]
    if field.errors and isinstance(field.errors, list | tuple):
        return [(field.id, label, str(field.errors[0]))]
    return []


def first_error(form) -> str | None:
    """Return the id of the first field in error (it gets the focus), or None."""
    wrong = form_errors_list(form)
    return wrong[0][0] if wrong else None


def too_large_message() -> str:
    """Return the sentence for an upload above MAX_CONTENT_LENGTH (in KB or MB)."""
    kilobytes = int(current_app.config["MAX_CONTENT_LENGTH"]) // 1024
    if kilobytes >= 1024:
        return _("The file is larger than %(size)d MB.", size=kilobytes // 1024)
    return _("The file is larger than %(size)d KB.", size=kilobytes)


def is_editor() -> bool:
    """Return True when the request comes from a logged-in editor or administrator.

    An error handler may run before the blueprint's guard (the CSRF check reads the
    form first): it must not show a staff form to anyone else.
    """
    return current_user.is_authenticated and current_user.has_role("editor")


def keeps_typing(view):
    """Mark a form view that runs again when the CSRF token of its POST is refused,
    to give back what the person typed with a fresh token (`form_again`).

    Only for views that write nothing before `validate_on_submit()`: that check
    refuses the same token (Flask-WTF's form checks it too), so the view can only
    show its form.
    """
    view.keeps_typing = True
    return view


def form_again():
    """Return the form a logged-in person posted with a refused CSRF token, with
    what they typed and a fresh token (400); None when this POST has no such form.

    Only a token that is itself wrong or old runs the view again: the view's form
    then refuses it too, so it can only render. A POST refused for another reason
    (over HTTPS, a missing or foreign Referer) with a good token would pass the
    form's check and save, so it gets the plain refusal instead.
    The CSRF check runs before the blueprints' guards, so they are run here first,
    as Flask would: someone logged out or without the role gets their answer.
    """
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "keeps_typing", False) or not current_user.is_authenticated:
        return None
    if _token_is_good():
        return None
    for name in reversed(request.blueprints):  # outermost first, as Flask runs them
        for before in current_app.before_request_funcs.get(name, ()):
            refusal = before()
            if refusal is not None:
                return refusal
    flash(
        _(
            "This form had expired, so nothing was saved. What you typed is below:"
            " check it and save again."
        ),
        "error",
    )
    try:
        response = make_response(view(**(request.view_args or {})))
    except HTTPException as answer:  # e.g. the place was purged meanwhile: 404
        return answer
    response.status_code = 400
    return response


def _token_is_good() -> bool:
    """Return True when the POST's CSRF token itself is valid for this session."""
    try:
        validate_csrf(request.form.get(current_app.config["WTF_CSRF_FIELD_NAME"]))
    except ValidationError:
        return False
    return True
