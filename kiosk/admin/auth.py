"""Staff accounts: log in and out, password hashing, and the guard of admin pages.

`protect(blueprint, role)` is the one guard of every staff page, ours and other
features': anonymous visitors go to the log-in page, a too weak role gets a 403.
"""

import hmac
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import bump, db, login_manager
from ..htmx import hx_redirect
from ..models import ROLES, User
from . import editing, throttle
from .forms import LoginForm
from .invitations import invited_email
from .pages import whole_number
from .setup_forms import MIN_PASSWORD_LENGTH, NewPasswordForm, PasswordForm

bp = Blueprint("auth", __name__, url_prefix="/admin")
# Checked when the e-mail is unknown, so a wrong e-mail takes as long as a wrong
# password and timing does not tell which accounts exist.
_DUMMY_HASH = generate_password_hash("not a password, only for timing")


def hash_password(password: str) -> str:
    """Return the scrypt hash of a password (werkzeug's default KDF and salt)."""
    return generate_password_hash(password)


def password_problem(password: str) -> str | None:
    """Return why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
    return None


def authenticate(email: str, password: str) -> User | None:
    """Return the active account with this e-mail and password, else None."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


@login_manager.user_loader
def load_user(key: str) -> User | None:
    """Return the account of a session key "id:hash-end:generation", None if the
    password changed or the account logged out since."""
    user_id, _sep, rest = key.partition(":")
    fingerprint, _sep, generation = rest.partition(":")
    number = whole_number(user_id)
    user = db.session.get(User, number) if number else None
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.password_hash[-16:], fingerprint):
        return None
    if generation != str(user.session_generation):
        return None
    return user


def end_sessions(user: User) -> None:
    """End every session of `user`, on every device (one UPDATE, committed; the
    account's version is not bumped: an administrator editing it loses nothing)."""
    bump(User.session_generation, user.id)


# The moment of the last request, kept in a staff session (seconds since the epoch;
# written at most once a minute, so a busy page does not rewrite its cookie).
SEEN = "seen"


def idle_seconds() -> float:
    """Return how long a staff session lasts without a request (STAFF_IDLE_HOURS)."""
    return float(current_app.config["STAFF_IDLE_HOURS"] or 8) * 3600


def end_idle_session() -> None:
    """Log out a staff session idle longer than STAFF_IDLE_HOURS (the next staff page
    then asks to log in, saying why); note the time of the others."""
    if "_user_id" not in session:  # kiosk screens: nothing to load or write
        return
    now = time.time()
    seen = session.get(SEEN)
    if not isinstance(seen, (int, float)) or now - seen > idle_seconds():
        logout_user()
        session.clear()
        flash(_("You were logged out after a long time without activity."))
        return
    if now - seen > 60:
        session[SEEN] = now


def safe_next(target: str | None) -> str | None:
    """Return `target` when it is a path on this site, else None (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    return target


def protect(blueprint: Blueprint, role: str = "editor") -> Blueprint:
    """Guard every route of a blueprint: anonymous visitors are sent to the log-in
    page (with `next`), accounts without `role` get the 403 page. Return it."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    guarded = blueprint.__dict__.setdefault("_staff_roles", set())
    if role in guarded:  # create_app may run many times (tests): guard once
        return blueprint
    guarded.add(role)

    @blueprint.before_request
    def require_role():
        if not current_user.is_authenticated:
            return _to_login()
        if not current_user.has_role(role):
            return render_template("admin/forbidden.html", role=role), 403
        return None

    return blueprint


def _to_login():
    """Return a redirect to the log-in page that comes back here afterwards."""
    here = request.full_path.rstrip("?") if request.method == "GET" else None
    # For htmx, not a redirect: a swap would put the log-in page inside a fragment.
    return hx_redirect(url_for("auth.login", next=here), 302, htmx_status=401)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Return the log-in form; on success, redirect to where the person was going."""

    form = LoginForm()
    target = safe_next(request.args.get("next"))
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(target or home_url(current_user))
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("admin/login.html", form=form), status
    email, address = form.email.data, request.remote_addr
    tried = throttle.claim_try(email, address)  # counted before the password is
    if tried is None:
        form.form_errors.append(
            _("Too many attempts. Wait a few minutes, then try again.")
        )
        return render_template("admin/login.html", form=form), 429
    user = authenticate(email, form.password.data)
    if user is None:
        form.form_errors.append(_("Wrong e-mail or password."))
        return render_template("admin/login.html", form=form), 422
    throttle.forget_try(tried, email, address)
    session.clear()  # a fresh session for the new identity
    login_user(user)
    session[SEEN] = time.time()
    return redirect(target or home_url(user))


def home_url(user: User) -> str:
    """Return where an account starts: the guide for a partner, else the
    dashboard."""
    return url_for(
        "guide.search" if not user.has_role("editor") else "admin.dashboard.index"
    )


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Return the form to change one's own password (any role); other sessions end
    on change."""
    if not current_user.is_authenticated:
        return _to_login()
    form = PasswordForm()
    if form.validate_on_submit():
        if check_password_hash(current_user.password_hash, form.current.data):
            try:
                with editing.transaction():
                    current_user.password_hash = hash_password(form.password.data)
            except (editing.Conflict, editing.SaveFailed):
                form.form_errors.append(
                    _("The database refused the change: nothing was changed.")
                )
                return render_template("admin/password.html", form=form), 422
            login_user(current_user._get_current_object())  # this session follows
            flash(_("Password changed."))
            return redirect(home_url(current_user))
        form.current.errors.append(_("This is not your current password."))
    status = 422 if request.method == "POST" else 200
    return render_template("admin/password.html", form=form), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """Return the form where an invited partner chooses a password; on a valid POST
    make the partner account, log it in and open the guide."""
    email = invited_email(token)
    taken = email and db.session.scalar(select(User).where(User.email == email))
    if email is None or taken:
        return render_template("admin/invitation.html", form=None, email=email), 410
    form = NewPasswordForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("admin/invitation.html", form=form, email=email), status
    user = User(
        email=email, role="partner", password_hash=hash_password(form.password.data)
    )
    try:
        with editing.transaction():
            db.session.add(user)
    except (editing.Conflict, editing.SaveFailed):
        return render_template("admin/invitation.html", form=None, email=email), 410
    session.clear()
    login_user(user)
    return redirect(home_url(user))


@bp.post("/logout")
def logout():
    """Log out (a POST, so no other site can do it) and go back to the log-in page:
    every session of the account ends, here and on any other device."""
    if current_user.is_authenticated:
        end_sessions(current_user)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    """Bind Flask-Login to the app: sessions remember the account, not a password."""
    # Flask-Login would load the account for every template, kiosk screens included
    # (a session read and a hash each time); its proxy loads it where a page uses it.
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    app.before_request(end_idle_session)
    app.register_blueprint(bp)
