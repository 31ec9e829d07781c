"""The deployment files, tested where they can be: the kiosk launch script, the
systemd units, the nginx site, the environment files and the backup command."""

import configparser
import http.client
import os
import re
import shlex
import shutil
import socket
import sqlite3
import ssl
import subprocess
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.backup import backup_sqlite
from kiosk.config import Config

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
LAUNCH = DEPLOY / "kiosk-chromium.sh"
KIOSK_FLAGS = [
    "--kiosk",
    "--kiosk-printing",
    "--noerrdialogs",
    "--disable-pinch",
    "--overscroll-history-navigation=0",
]


def launch(*args, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "AIGUILLAGE_URL"}
    return subprocess.run(
        ["bash", str(LAUNCH), *args],
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_shell_scripts_parse():
    for script in DEPLOY.glob("*.sh"):
        subprocess.run(["bash", "-n", str(script)], check=True)
        assert os.access(script, os.X_OK), script


def test_dry_run_prints_the_kiosk_command(tmp_path):
    profile = tmp_path / "profile"
    url = "https://aiguillage.example.org/k/hall-mairie/tablette/WzEsMF0.aB-c_9"
    result = launch("--dry-run", url, AIGUILLAGE_PROFILE=str(profile))
    assert result.returncode == 0, result.stderr
    command = shlex.split(result.stdout)
    assert Path(command[0]).name.startswith("chromium")
    for flag in KIOSK_FLAGS:
        assert flag in command, flag
    assert f"--user-data-dir={profile}" in command
    assert command[-1] == url
    assert not profile.exists()  # a dry run touches nothing


def test_the_url_may_come_from_the_environment_file():
    url = "http://192.168.1.10:8000/k/hall"
    result = launch("--dry-run", AIGUILLAGE_URL=url)
    assert shlex.split(result.stdout)[-1] == url


@pytest.mark.parametrize("url", [None, "aiguillage.example.org/k/hall", "https://x/"])
def test_without_a_kiosk_url_it_explains_and_starts_nothing(url):
    result = launch(*([url] if url else []))
    assert result.returncode == 2
    assert "usage:" in result.stderr and result.stdout == ""


def test_after_a_power_cut_chromium_is_told_it_exited_cleanly(tmp_path):
    preferences = tmp_path / "profile" / "Default" / "Preferences"
    preferences.parent.mkdir(parents=True)
    preferences.write_text('{"profile":{"exit_type":"Crashed","exited_cleanly":false}}')
    url = "https://aiguillage.example.org/k/hall"
    # `echo` stands for the browser: the script execs it with the real arguments.
    result = launch(url, AIGUILLAGE_PROFILE=str(tmp_path / "profile"), CHROMIUM="echo")
    assert result.returncode == 0
    assert result.stdout.split()[-1] == url and "--kiosk" in result.stdout.split()
    assert preferences.read_text() == (
        '{"profile":{"exit_type":"Normal","exited_cleanly":true}}'
    )


def units() -> list[Path]:
    return sorted([*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")])


def test_systemd_units_have_the_sections_they_need():
    assert len(units()) == 8
    for unit in units():
        parser = configparser.ConfigParser(interpolation=None, strict=True)
        parser.optionxform = str
        parser.read(unit)
        kind = "Timer" if unit.suffix == ".timer" else "Service"
        assert {"Unit", kind} <= set(parser.sections()), unit.name


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd")
def test_systemd_units_verify(tmp_path):
    """systemd's own check; only the install paths (absent here) may be missing."""
    for unit in units():
        shutil.copy(unit, tmp_path)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(tmp_path.iterdir())],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line and not re.search(r"Command .* is not executable: No such file", line)
    ]
    assert problems == []


# nginx lives in /usr/sbin, often not on a user's PATH.
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")


def nginx_site(tmp_path: Path) -> dict:
    """Write the site wrapped in a minimal nginx.conf into `tmp_path`: the real
    certificate paths become a self-signed pair, ports 80, 443 and gunicorn's 8000
    free loopback ones; return those ports (http, https, upstream)."""
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", key, "-out", cert, "-subj", "/CN=aiguillage.example.org"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    ports = dict(zip(("http", "https", "upstream"), free_ports(3), strict=True))
    site = (DEPLOY / "nginx-aiguillage.conf").read_text()
    letsencrypt = "/etc/letsencrypt/live/aiguillage.example.org"
    assert f"{letsencrypt}/fullchain.pem" in site and "listen 443 ssl" in site
    site = site.replace(letsencrypt, str(tmp_path))
    site = re.sub(r"listen 80\b", f"listen 127.0.0.1:{ports['http']}", site)
    site = re.sub(r"listen 443\b", f"listen 127.0.0.1:{ports['https']}", site)
    site = site.replace("127.0.0.1:8000", f"127.0.0.1:{ports['upstream']}")
    (tmp_path / "site.conf").write_text(site)
    temp = " ".join(
        f"{kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'};\n"
        "events {}\n"
        f"http {{ access_log off; {temp} include {tmp_path / 'site.conf'}; }}\n"
    )
    return ports


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for probe in sockets:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in sockets]
    finally:
        for probe in sockets:
            probe.close()


def nginx(tmp_path: Path, *args: str) -> list:
    command = [NGINX, "-p", tmp_path, "-e", tmp_path / "error.log"]
    return command + ["-c", tmp_path / "nginx.conf", *args]


@pytest.mark.skipif(not NGINX, reason="needs nginx (Debian package nginx)")
def test_nginx_site_passes_nginx_t(tmp_path):
    """nginx's own check of the site."""
    nginx_site(tmp_path)
    result = subprocess.run(
        nginx(tmp_path, "-t"), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.skipif(not NGINX, reason="needs nginx (Debian package nginx)")
@pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="no database: once is enough"
)
def test_nginx_refuses_other_hosts_large_bodies_and_slow_clients(tmp_path):
    """The site running for real (issue 19, findings 1, 10, 11): an unknown host gets
    no answer, a body the app accepts passes and a larger one does not, a client
    that sends its headers too slowly is dropped."""
    ports = nginx_site(tmp_path)
    server = subprocess.Popen(
        # One process as this user: no worker that drops to "nobody", who could not
        # write the request bodies into the test's folder.
        nginx(tmp_path, "-g", "daemon off; master_process off;"),
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(ports["https"])
        site = "aiguillage.example.org"
        plain = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
        plain.request("GET", "/", headers={"Host": site})
        assert plain.getresponse().status == 301  # to https
        plain.close()
        forged = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
        forged.request("GET", "/", headers={"Host": "evil.example"})
        with pytest.raises(http.client.RemoteDisconnected):
            forged.getresponse()  # 444: no answer at all
        forged.close()
        tls = ssl.create_default_context()
        tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
        raw = socket.create_connection(("127.0.0.1", ports["https"]), 10)
        with raw, pytest.raises(ssl.SSLError):  # no certificate for another name
            tls.wrap_socket(raw, server_hostname="evil.example")
        for size, answer in ((2_000_000, 502), (33 * 1024 * 1024, 413)):
            https = http.client.HTTPSConnection(site, ports["https"], timeout=30)
            raw = socket.create_connection(("127.0.0.1", ports["https"]), 30)
            https.sock = tls.wrap_socket(raw, server_hostname=site)  # SNI, no DNS
            https.request(
                "POST",
                "/admin/donnees/import",
                body=b"x" * size,
                headers={"Host": site},
            )
            assert https.getresponse().status == answer, size  # 502: passed on
            https.close()
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", ports["http"]), 30) as slow:
            slow.sendall(f"GET / HTTP/1.1\r\nHost: {site}\r\n".encode())
            assert slow.recv(1024) == b""  # closed, never passed on
        waited = time.monotonic() - started
        assert 9 <= waited < 29, waited  # client_header_timeout 10s
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 1):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on {port}")


def env_keys(path: Path) -> set[str]:
    lines = path.read_text().splitlines()
    return {
        line.split("=", 1)[0]
        for line in lines
        if "=" in line and not line.startswith("#")
    }


def test_environment_files_only_set_known_variables():
    assert env_keys(DEPLOY / "aiguillage.env.example") <= set(Config.names())
    assert env_keys(DEPLOY / "kiosk-chromium.env.example") == {"AIGUILLAGE_URL"}


def test_the_server_unit_runs_what_make_serve_runs():
    service = (DEPLOY / "aiguillage.service").read_text()
    makefile = (DEPLOY.parent / "Makefile").read_text()
    assert "gunicorn --bind 127.0.0.1:8000" in service and "wsgi:app" in service
    assert re.search(r"serve:.*\n\t.*\$\(BIN\)/gunicorn .* wsgi:app", makefile)


def test_backup_is_a_consistent_copy_and_keeps_the_newest(tmp_path):
    source = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(source)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE kiosk (slug TEXT)")
        db.execute("INSERT INTO kiosk VALUES ('hall')")
        db.commit()
        copies = [
            backup_sqlite(source, tmp_path / "backups", datetime(2026, 11, d), keep=3)
            for d in range(1, 6)
        ]
    kept = sorted((tmp_path / "backups").iterdir())
    assert kept == copies[-3:]
    with closing(sqlite3.connect(kept[-1])) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT slug FROM kiosk").fetchall() == [("hall",)]


@pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="the backup command copies SQLite; PostgreSQL is backed up with pg_dump",
)
def test_backup_command(runner, app, tmp_path):
    from kiosk.extensions import db

    db.engine.dispose()
    result = runner.invoke(args=["backup", str(tmp_path / "backups"), "--keep", "2"])
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output
    assert len(list((tmp_path / "backups").glob("aiguillage-*.sqlite3"))) == 1


def test_backup_command_on_postgresql_says_to_use_pg_dump(runner, app):
    app.config["DATABASE_URL"] = "postgresql://u:p@localhost/aiguillage"
    result = runner.invoke(args=["backup", "/tmp/nowhere"])
    assert result.exit_code != 0 and "pg_dump" in result.output


def env_values(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and line[:1] != "#")
    return {key: value for key, value in pairs}


def test_the_documented_settings_make_a_secure_log_in_cookie(tmp_path):
    """The env example, as deploying.md installs it, behind nginx (one proxy that
    says the visitor came over HTTPS): the log-in cookie is Secure, HttpOnly, Lax,
    and the visitor's address is theirs, not the proxy's."""
    from kiosk import create_app
    from kiosk.extensions import db
    from kiosk.models import LoginAttempt
    from tests.admin.conftest import PASSWORD, TOKEN, make_user

    settings = env_values(DEPLOY / "aiguillage.env.example")
    assert settings["HTTPS"] == "1" and settings["TRUSTED_PROXIES"] == "1"
    settings.update(SECRET_KEY="a-real-secret", DATABASE_URL=f"sqlite:///{tmp_path}/d")
    app = create_app(settings)
    client = app.test_client()
    nginx = {
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
        "Referer": "https://localhost/admin/login",
    }
    with app.app_context():
        db.create_all()
        make_user("deploy@example.org")
        page = client.get("/admin/login", headers=nginx).get_data(as_text=True)
        form = {"csrf_token": TOKEN.search(page)[1], "email": "deploy@example.org"}
        bad = {**form, "password": "not the password"}
        wrong = client.post("/admin/login", data=bad, headers=nginx)
        assert wrong.status_code == 422
        keys = set(db.session.scalars(db.select(LoginAttempt.key)))
        assert "address:203.0.113.7" in keys
        response = client.post(
            "/admin/login", data={**form, "password": PASSWORD}, headers=nginx
        )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert attribute in cookie
