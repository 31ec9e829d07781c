"""Staff accounts (administrators only): create, change role, deactivate."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...htmx import render
from ...models import User
from .. import editing
from ..auth import end_sessions as end_every_session
from ..auth import hash_password
from ..invitations import VALID_DAYS, invitation_token
from ..pages import get_or_404, keeps_typing
from ..setup_forms import InvitationForm, UserForm

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
FIELDS = ("email", "role", "active")


@bp.get("/")
def index():
    """Return the staff accounts and the form to invite a partner."""
    return _list(InvitationForm(formdata=None))


def _list(form: InvitationForm, status: int = 200, link: str | None = None):
    users = db.session.scalars(select(User).order_by(User.email))
    return render(
        "admin/accounts/list.html",
        status=status,
        users=users,
        invite=form,
        link=link,
        valid_days=VALID_DAYS,
    )


@bp.post("/invite")
def invite():
    """Return the accounts with an invitation link for a partner (nothing stored:
    the account is made when the partner chooses a password)."""
    form = InvitationForm()
    if form.validate_on_submit():
        if db.session.scalar(select(User).where(User.email == form.email.data)):
            form.email.errors.append(_("Another account has this e-mail."))
        else:
            token = invitation_token(form.email.data)
            link = url_for("auth.invitation", token=token, _external=True)
            return _list(form, link=link)
    return _list(form, 422)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:user_id>", methods=["GET", "POST"])
@keeps_typing
def edit(user_id: int | None = None):
    """Return an account's form (empty for a new one); on a valid POST save it,
    unless someone else saved it since the form was read (then the form, 409)."""
    user = get_or_404(User, user_id) if user_id else None
    form = UserForm(obj=user)
    if not (form.validate_on_submit() and _check(form, user)):
        status = 422 if request.method == "POST" else 200
        return _page(form, user, status)
    try:
        _save(user, form)
    except editing.Conflict:
        return _page(form, user, 409, saved=editing.saved_meanwhile(form, user, FIELDS))
    except editing.SaveFailed:
        form.form_errors.append(
            _("The database refused the change: nothing was changed.")
        )
        return _page(form, user, 422)
    flash(_("Account saved."))
    return redirect(url_for(".index"))


@bp.post("/<int:user_id>/sessions")
def end_sessions(user_id: int):
    """End every session of an account, on every device (a lost or shared computer);
    the administrator's own included when it is theirs."""
    user = get_or_404(User, user_id)
    end_every_session(user)
    flash(_("Every session of %(email)s has ended.", email=user.email))
    return redirect(url_for(".edit", user_id=user.id))


def _page(form: UserForm, user: User | None, status: int, saved=None):
    return render(
        "admin/accounts/edit.html", status=status, form=form, user=user, saved=saved
    )


def _save(user: User | None, form: UserForm) -> None:
    """Write the form onto an account (a new one if None) and commit; raise Conflict
    or SaveFailed (nothing written) as editing.transaction does."""
    editing.check_version(user, form)
    user = user or User(email=form.email.data)
    user.email, user.role, user.active = (
        form.email.data,
        form.role.data,
        form.active.data,
    )
    if form.password.data:
        user.password_hash = hash_password(form.password.data)
    with editing.transaction():
        db.session.add(user)


def _check(form: UserForm, user: User | None) -> bool:
    """Return True when the account can be saved; else put errors on the form."""
    clash = db.session.scalar(select(User).where(User.email == form.email.data))
    if clash is not None and clash is not user:
        form.email.errors.append(_("Another account has this e-mail."))
    if user is None and not form.password.data:
        form.password.errors.append(_("A new account needs a password."))
    yourself = user is not None and user.id == current_user.id
    if yourself and (form.role.data != "admin" or not form.active.data):
        form.role.errors.append(_("You cannot remove your own administrator rights."))
    return not (form.email.errors or form.password.errors or form.role.errors)
