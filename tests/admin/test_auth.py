"""Logging in and out: messages, rate limit, cookies, CSRF, the create-user command."""

from datetime import timedelta

from sqlalchemy import func, select

from kiosk import create_app
from kiosk.admin import auth, throttle
from kiosk.admin.auth import safe_next
from kiosk.extensions import db
from kiosk.models import LoginAttempt, Revision, User

from .conftest import PASSWORD, TOKEN, csrf_token, fresh, make_user


def _login(staff, email, password=PASSWORD, address="127.0.0.1", url="/admin/login"):
    token = csrf_token(staff.client)
    return fresh(
        staff.client,
        "post",
        url,
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_login_page_lets_password_managers_fill_it(client):
    page = client.get("/admin/login?l=en").get_data(as_text=True)
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert "onpaste" not in page  # pasting a password must work (WCAG 3.3.8)


def test_login_goes_where_the_person_was_going(staff, editor):
    response = staff.get("/admin/places/?q=gare")
    assert response.status_code == 302
    target = response.location
    assert target == "/admin/login?next=/admin/places/?q%3Dgare"
    response = _login(staff, editor.email, url=target)
    assert response.status_code == 302 and response.location == "/admin/places/?q=gare"
    assert staff.get("/admin/places/").status_code == 200


def test_next_never_leaves_the_site():
    assert safe_next("/admin/places/") == "/admin/places/"
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "x"):
        assert safe_next(evil) is None


def test_wrong_password_is_refused_with_a_message(staff, editor):
    response = _login(staff, editor.email, "wrong password", url="/admin/login?l=en")
    assert response.status_code == 422
    assert "Wrong e-mail or password." in response.get_data(as_text=True)
    assert staff.get("/admin/").status_code == 302


def test_unknown_and_inactive_accounts_get_the_same_answer(staff, editor):
    editor.active = False
    db.session.commit()
    inactive = _login(staff, editor.email, url="/admin/login?l=en")
    unknown = _login(staff, "nobody@example.org", url="/admin/login?l=en")
    assert inactive.status_code == unknown.status_code == 422
    assert "Wrong e-mail or password." in unknown.get_data(as_text=True)


def test_five_failures_from_one_address_make_that_address_wait_for_the_account(
    staff, editor
):
    for _attempt in range(5):
        assert _login(staff, editor.email, "nope", "10.0.0.1").status_code == 422
    blocked = _login(staff, editor.email, PASSWORD, "10.0.0.1", "/admin/login?l=en")
    assert blocked.status_code == 429
    assert "Too many attempts. Wait a few minutes" in blocked.get_data(as_text=True)
    assert staff.get("/admin/").status_code == 302
    # A minute later (two here) the account may try again from there.
    _age_attempts(timedelta(minutes=2))
    assert _login(staff, editor.email, PASSWORD, "10.0.0.1").status_code == 302


def _age_attempts(by: timedelta) -> None:
    """Move every counted try `by` into the past (as if that time had gone by)."""
    for attempt in db.session.scalars(select(LoginAttempt)):
        attempt.at -= by
    db.session.commit()


def test_guessing_on_slows_down_more_and_more(staff, editor):
    for _attempt in range(5):
        _login(staff, editor.email, "nope", "10.0.0.2")
    _age_attempts(timedelta(minutes=2))  # the first minute's wait is over
    for _attempt in range(6):
        _login(staff, editor.email, "nope", "10.0.0.2")
    _age_attempts(timedelta(minutes=2))  # 11 in a few minutes: a minute is not enough
    assert _login(staff, editor.email, PASSWORD, "10.0.0.2").status_code == 429
    _age_attempts(timedelta(minutes=15))
    assert _login(staff, editor.email, PASSWORD, "10.0.0.2").status_code == 302


def test_another_address_cannot_lock_the_right_person_out(app, editor):
    # Issue 19, finding 7: five wrong tries from elsewhere made the right password 429.
    from .conftest import Staff

    desk, guesser, later, stranger = (Staff(app.test_client()) for _ in range(4))
    assert _login(desk, editor.email, PASSWORD, "192.0.2.10").status_code == 302
    for attempt in range(60):  # a guesser spread over many addresses
        _login(guesser, editor.email, "nope", f"10.1.0.{attempt}")
    assert _login(later, editor.email, PASSWORD, "192.0.2.10").status_code == 302
    # The account is guarded from addresses it never logged in from.
    assert _login(stranger, editor.email, PASSWORD, "192.0.2.99").status_code == 429


def test_one_address_trying_many_accounts_is_stopped(staff, editor):
    for n in range(20):
        _login(staff, f"guess{n}@example.org", "nope", "192.0.2.7")
    assert _login(staff, editor.email, PASSWORD, "192.0.2.7").status_code == 429
    assert _login(staff, editor.email, PASSWORD, "192.0.2.8").status_code == 302


def test_the_counter_is_shared_through_the_database(app):
    for _ in range(5):
        assert throttle.claim_try("a@example.org", "198.51.100.1") is not None
    assert throttle.claim_try("A@example.org", "198.51.100.1") is None  # the pair
    assert throttle.claim_try("a@example.org", "203.0.113.1") is not None


def test_fifty_tries_at_once_check_five_passwords(app, editor, tmp_path):
    # Issue 19, finding 6: 50 parallel tries checked 11-18 passwords.
    from concurrent.futures import ThreadPoolExecutor

    from .conftest import Staff

    app.config["WTF_CSRF_ENABLED"] = False
    checked = []
    real = auth.authenticate

    def counting(email, password):
        checked.append(email)
        return real(email, password)

    def one_try(_n):
        client = Staff(app.test_client()).client
        with app.app_context():
            form = {"email": editor.email, "password": "nope"}
            response = client.post("/admin/login", data=form)
            db.session.remove()
            return response.status_code

    auth.authenticate = counting
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(one_try, range(50)))
    finally:
        auth.authenticate = real
    # A burst may find every try over the limit once counted (on PostgreSQL, all
    # commit before any counts): then no password is checked at all, which is safe.
    assert set(answers) <= {422, 429} and 429 in answers
    assert len(checked) == answers.count(422) <= 5


def test_logout_is_a_post_and_ends_the_session(as_editor):
    assert as_editor.get("/admin/logout").status_code == 405
    assert as_editor.post("/admin/logout").status_code == 302
    assert as_editor.get("/admin/").status_code == 302


def test_a_session_cookie_copied_before_logout_saves_nothing_after(app, editor, staff):
    # Issue 19, finding 3: a cookie captured before the log-out still saved edits.
    assert staff.login(editor.email).status_code == 302
    token = csrf_token(staff.client, "/admin/password")
    cookie = staff.client.get_cookie("session").value
    assert staff.post("/admin/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert fresh(thief, "get", "/admin/").status_code == 302  # to the log-in page
    before = db.session.scalar(select(func.count(Revision.id)))
    answer = fresh(
        thief, "post", "/admin/password", data={"csrf_token": token, "current": "x"}
    )
    assert answer.status_code == 302 and "/admin/login" in answer.location
    assert db.session.scalar(select(func.count(Revision.id))) == before


def test_an_administrator_logs_an_account_out_everywhere(app, editor, admin_user):
    from .conftest import Staff

    laptop, phone, admin = (Staff(app.test_client()) for _ in range(3))
    for device in (laptop, phone):
        assert device.login(editor.email).status_code == 302
    assert admin.login(admin_user.email).status_code == 302
    page = admin.get(f"/admin/accounts/{editor.id}").get_data(as_text=True)
    assert "Log out everywhere" in page or "Déconnecter partout" in page
    answer = admin.post(f"/admin/accounts/{editor.id}/sessions")
    assert answer.status_code == 302
    assert laptop.get("/admin/").status_code == 302  # both devices must log in again
    assert phone.get("/admin/").status_code == 302
    assert admin.get("/admin/").status_code == 200  # the administrator's own goes on
    assert laptop.login(editor.email).status_code == 302  # and logging in works
    assert laptop.get("/admin/").status_code == 200


def test_a_staff_session_ends_after_the_idle_time(app, editor, staff):
    app.config["STAFF_IDLE_HOURS"] = "8"
    assert staff.login(editor.email).status_code == 302
    assert staff.get("/admin/").status_code == 200
    with staff.client.session_transaction() as session:
        session["seen"] -= 7.9 * 3600  # a long lunch: still in
    assert staff.get("/admin/").status_code == 200
    with staff.client.session_transaction() as session:
        session["seen"] -= 8.1 * 3600  # the next morning: out
    answer = staff.get("/admin/")
    assert answer.status_code == 302 and "/admin/login" in answer.location
    login = staff.get(answer.location).get_data(as_text=True)
    assert "inactivité" in login  # the log-in page says why, in French


def test_changing_a_password_ends_the_other_sessions(app, editor, staff):
    from werkzeug.security import check_password_hash

    from .conftest import Staff

    other = Staff(app.test_client())
    assert staff.login(editor.email).status_code == 302
    assert other.login(editor.email).status_code == 302
    new = "a brand new long password"
    response = staff.post(
        "/admin/password",
        {"current": PASSWORD, "password": new, "confirm": new},
    )
    assert response.status_code == 302
    assert staff.get("/admin/").status_code == 200  # this session follows
    assert other.get("/admin/").status_code == 302  # the other one is over
    db.session.expire_all()
    assert check_password_hash(db.session.get(User, editor.id).password_hash, new)


def test_session_cookie_is_httponly_lax_and_secure_behind_https(
    tmp_path, editor, staff
):
    response = staff.login(editor.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    https = create_app(
        {
            "HTTPS": "1",
            "SECRET_KEY": "t",
            "PUBLIC_BASE_URL": "https://kiosque.example.fr",
            "DATABASE_URL": f"sqlite:///{tmp_path}/s.db",
        }
    )
    assert https.config["SESSION_COOKIE_SECURE"] is True
    assert https.config["PREFERRED_URL_SCHEME"] == "https"
    with https.app_context():
        db.create_all()
        make_user("https@example.org")
        plain = fresh(https.test_client(), "get", "/admin/login")  # nginx to gunicorn
        cookie = _https_login(https.test_client(), "https@example.org")
    assert "Secure" in plain.headers["Set-Cookie"]
    assert cookie.status_code == 302
    header = cookie.headers["Set-Cookie"]
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


def _https_login(client, email):
    """Log in over HTTPS (Flask-WTF then wants a same-site Referer)."""
    https = {
        "base_url": "https://localhost",
        "headers": {"Referer": "https://localhost/"},
    }
    page = fresh(client, "get", "/admin/login", **https).get_data(as_text=True)
    form = {"csrf_token": TOKEN.search(page)[1], "email": email, "password": PASSWORD}
    return fresh(client, "post", "/admin/login", data=form, **https)


def test_session_cookie_is_secure_on_a_request_made_over_https(editor, app):
    response = _https_login(app.test_client(), editor.email)
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_post_without_csrf_token_is_refused(as_editor, app):
    place_form = fresh(as_editor.client, "post", "/admin/places/new?l=en", data={})
    assert place_form.status_code == 400  # the form again, as typed (nothing here)
    assert "This form had expired, so nothing was saved" in place_form.get_data(
        as_text=True
    )
    verify = fresh(as_editor.client, "post", "/admin/places/1/verify?l=en", data={})
    assert verify.status_code == 400
    assert "This form has expired" in verify.get_data(as_text=True)
    login = fresh(app.test_client(), "post", "/admin/login", data={"email": "x"})
    assert login.status_code == 400


def test_an_htmx_post_without_csrf_token_refreshes_the_page(as_editor):
    response = fresh(
        as_editor.client,
        "post",
        "/admin/places/1/verify",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert response.headers["HX-Refresh"] == "true"


def test_an_htmx_request_of_an_anonymous_visitor_redirects_the_whole_page(staff):
    response = staff.get("/admin/places/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/admin/login")


def test_create_user_takes_the_password_from_the_environment(app, runner, monkeypatch):
    monkeypatch.setenv("AIGUILLAGE_PASSWORD", "a long enough password")
    result = runner.invoke(args=["create-user", "Boss@Example.org", "--role", "admin"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.role == "admin" and user.active
    assert "a long enough password" not in user.password_hash
    assert user.password_hash.startswith("scrypt:32768:8:1$")  # werkzeug's default


def test_create_user_asks_twice_for_a_hidden_password(app, runner, monkeypatch):
    monkeypatch.delenv("AIGUILLAGE_PASSWORD", raising=False)
    typed = "typed at the prompt ok\ntyped at the prompt ok\n"
    result = runner.invoke(args=["create-user", "ed@example.org"], input=typed)
    assert result.exit_code == 0, result.output
    assert "typed at the prompt" not in result.output  # hidden input
    user = db.session.scalar(select(User).where(User.email == "ed@example.org"))
    assert user.role == "editor"


def test_create_user_refuses_a_short_password(app, runner, monkeypatch):
    monkeypatch.setenv("AIGUILLAGE_PASSWORD", "short")
    result = runner.invoke(args=["create-user", "x@example.org"])
    assert result.exit_code != 0
    assert db.session.scalar(select(User)) is None
