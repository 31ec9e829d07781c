"""The load test's client: kiosk tablets and staff editors as locust users.

Run by bench/load.py in a process of its own (locust patches the standard library
with gevent when imported): `python -m bench.swarm SETTINGS.json OUTPUT.json`.
Each tablet is one kiosk with its own cookies and CSRF token; each editor one staff
account. At the deadline every user finishes what it is doing and stops, so a save
the server committed is never left unrecorded by a killed client.
"""

import json
import random
import re
import resource
import sys
import time
from itertools import count
from pathlib import Path

import gevent
from locust import FastHttpUser, between, constant, events, task
from locust.env import Environment
from locust.exception import StopUser

from tests.qr_decode import decode, svg_image

from .htmlform import encode, form_with, replace

SETTINGS: dict = {}  # read from the settings file by main()
TIMINGS: list[tuple[str, float, bool]] = []  # (kind, milliseconds, as expected)
FAILURES: list[str] = []
EDITS: list[dict] = []  # every staff save the server confirmed
BEATING: set[str] = set()  # the kiosks whose heartbeat the server accepted
STATIC = re.compile(r'(?:src|href)="(/static/[^"]+\?v=[^"]+)"')
LINK = re.compile(r'<a href="([^"]+)"[^>]*\bclass="([^"]*)"')
LANGUAGE = re.compile(r'<a href="([^"]+)"\s+lang="(\w+)"[^>]*\s+class="language"')
QR = re.compile(r'<svg[^>]*class="qr".*?</svg>', re.S)
GRACE = 20  # seconds for users to finish their step after the deadline
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


@events.request.add_listener
def _timed(name, response_time, exception, **_):
    TIMINGS.append((name, response_time, exception is None))
    if exception is not None and len(FAILURES) < 50:
        FAILURES.append(f"{name}: {exception}")


class Browser(FastHttpUser):
    """A user whose requests are checked against the status they must get."""

    abstract = True
    network_timeout = connection_timeout = 20.0

    def fetch(self, kind, path, status=200, method="GET", **kw) -> str:
        """Return the body of a request; any other status is counted an error
        (`self.ok` says whether this one was as expected). Past the deadline the
        user stops instead: a request under way always ends first."""
        self.stop_when_time_is_up()
        with self.client.request(
            method, path, name=kind, allow_redirects=False, catch_response=True, **kw
        ) as response:
            self.ok = response.status_code == status
            self.location = response.headers.get("Location")
            if not self.ok:
                problem = response.error or f"HTTP {response.status_code}"
                response.failure(f"{problem!r}, not {status}")
            return response.text or ""

    def stop_when_time_is_up(self) -> None:
        if time.monotonic() > SETTINGS["deadline"]:
            raise StopUser()


class Tablet(Browser):
    """A kiosk tablet: a full first load, then htmx swaps as visitors tap."""

    wait_time = constant(0)  # the visitor's own pauses are in the journey
    numbers = count()

    def on_start(self):
        kiosks = SETTINGS["kiosks"]
        self.slug = kiosks[next(Tablet.numbers) % len(kiosks)]
        self.cached: set[str] = set()
        self.languages: list[str] = []  # the language row's links (other languages)
        self.next_beat = 0.0
        token = SETTINGS["tablet_tokens"][self.slug]  # enrolled by staff's link
        enrol = f"/k/{self.slug}/tablette/{token}"
        self.fetch("kiosk set-up (/k/slug)", enrol, status=302)
        self.screen = self.full_load("home, full load", "/fr/")
        self.heartbeat()

    def think(self) -> None:
        """Wait as a visitor reading the screen does; beat when it is time."""
        gevent.sleep(random.uniform(*SETTINGS["think"]))
        self.stop_when_time_is_up()
        if time.monotonic() >= self.next_beat:
            self.heartbeat()

    def full_load(self, kind: str, path: str) -> str:
        """Load a page as the browser does: the page, then what it has not cached."""
        page = self.fetch(kind, path)
        found = CSRF.search(page)
        self.token = found[1] if found else self.token
        # The bar with the language row comes with a full page only.
        self.languages = [url for url, lang in LANGUAGE.findall(page)] or self.languages
        self.here = path
        self.load_static(page)
        return page

    def load_static(self, html: str) -> None:
        for url in dict.fromkeys(STATIC.findall(html)):
            if url not in self.cached:
                self.cached.add(url)
                self.fetch("static file", url.replace("&amp;", "&"))

    def swap(self, kind: str, path: str) -> str:
        """Return the fragment of a tap (htmx), after loading its new pictures."""
        fragment = self.fetch(kind, path, headers={"HX-Request": "true"})
        self.here = path  # htmx pushes the screen's URL
        self.load_static(fragment)
        return fragment

    def post_json(self, kind: str, path: str, data: dict, status: int) -> str:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.token}
        body = json.dumps(data)
        return self.fetch(kind, path, status, "POST", data=body, headers=headers)

    def heartbeat(self) -> None:
        """Send what heartbeat.js sends, and keep the fresh token it answers."""
        beat = {"version": "0.1.0", "screen": "1280x800"}
        answer = self.post_json("heartbeat (POST)", "/kiosk/heartbeat", beat, 200)
        if self.ok:
            self.token = json.loads(answer)["csrf"]
            BEATING.add(self.slug)
        self.next_beat = time.monotonic() + 60

    @task
    def visitor(self):
        """One visitor: a need, maybe a sub-need, the result, then home again."""
        self.think()
        page, need = self.tap_tile(self.screen)
        if 'data-screen="precise"' in page:
            self.think()
            if random.random() < 0.1:  # gave up: the idle reset counts it
                return self.reset(need)
            page, need = self.tap_tile(page)
        self.take_home(page, need)
        self.think()
        if random.random() < 0.5:
            self.screen = self.swap("home (tap)", "/fr/")
        else:
            self.reset(None)

    def tap_tile(self, screen: str) -> tuple[str, str]:
        """Tap one of the screen's need tiles; return its answer and the need."""
        url = random.choice([url for url, cls in LINK.findall(screen) if cls == "tile"])
        return self.swap("need: sub-needs or result", url), url.rsplit("/", 1)[1]

    def take_home(self, page: str, need: str) -> None:
        """What some visitors do on a result: another place, the phone, a language."""
        alternatives = [url for url, cls in LINK.findall(page) if cls == "alternative"]
        if alternatives and random.random() < 0.3:
            self.think()
            page = self.swap("result: another place", random.choice(alternatives))
        if random.random() < 0.2:  # a phone scans the QR code and opens its page
            url = decode(svg_image(QR.search(page)[0]))[0]
            self.fetch("phone page (from the QR)", "/p/" + url.split("/p/", 1)[1])
        if random.random() < 0.15:
            # A language link asks for the screen it is tapped on (its Referer) in
            # that language; the answer sends the browser there.
            self.think()
            referer = {"Referer": self.host + self.here}
            url = random.choice(self.languages)
            self.fetch("language change (link)", url, 302, headers=referer)
            if self.ok:
                self.full_load("language change (full load)", self.location)

    def reset(self, need: str | None) -> None:
        """The idle reset: count a visitor who left without a result, go home."""
        if need is not None:
            event = {"kind": "reset", "need": need, "language": "fr"}
            self.post_json("usage event (POST)", "/kiosk/event", event, 204)
        self.fetch("idle reset (/)", "/", status=302)
        self.screen = self.full_load("home, full load", "/fr/")


class Editor(Browser):
    """A staff member saving edits through the admin forms every few seconds."""

    wait_time = between(2, 6)
    numbers = count()

    def on_start(self):
        self.number = next(Editor.numbers)
        self.email = SETTINGS["editors"][self.number]
        self.saves = count(1)
        values = dict(email=self.email, password=SETTINGS["password"])
        self.submit("log in", "/admin/login", "password", values)

    def submit(self, kind: str, path: str, field: str, values: dict) -> bool:
        """Open a form, change some fields, post it as the browser does; return
        True when the server answered the 302 of a save."""
        form = form_with(self.fetch(f"staff: {kind} (form)", path), field)
        body, content_type = encode(form, replace(form["fields"], **values))
        headers = {"Content-Type": content_type}
        self.fetch(
            f"staff: {kind} (save)", path, 302, "POST", data=body, headers=headers
        )
        return self.ok

    def mine(self, ids: list[int]) -> int:
        """Return one of the rows this editor looks after (no two edit the same)."""
        return random.choice(ids[self.number :: len(SETTINGS["editors"])])

    def save(self, kind: str, path: str, key, values: dict[str, str]):
        """Save fields through a form; remember the edit when the server confirmed
        it (`key`: what bench/load.py finds the row by, the last value: what it
        checks)."""
        self.stop_when_time_is_up()
        field, value = list(values.items())[-1]
        if self.submit(kind, path, field, values):
            EDITS.append(dict(kind=kind, key=key, value=value))

    @task(2)
    def place_hours(self):
        """Change a place's opening hours (a value no other save uses)."""
        place, n = self.mine(SETTINGS["places"]), next(self.saves)
        hours = f"Mo-Fr 08:{n % 60:02}-17:{self.number:02}; PH off"
        self.save("place hours", f"/admin/places/{place}", place, {"horaires": hours})

    @task(1)
    def need_text(self):
        """Change a need's French description."""
        need, n = self.mine(SETTINGS["needs"]), next(self.saves)
        text = f"Texte revu par {self.email}, enregistrement {n}."
        self.save("need text", f"/admin/needs/{need}", need, {"description-fr": text})

    @task(1)
    def new_place(self):
        """Create a place in Bordeaux (its name is the key: no two are alike)."""
        name = f"Lieu {self.email} {next(self.saves)}"
        values = dict(
            adresse="1 place Pey Berland",
            code_postal="33000",
            commune="Bordeaux",
            latitude="44.8378",
            longitude="-0.5792",
            horaires="Mo-Fr 09:00-12:00",
            nom=name,
        )
        self.save("new place", "/admin/places/new", name, values)


def main(argv: list[str]) -> int:
    """Run the users until the deadline; write what they measured; return 0."""
    settings_file, output = map(Path, argv)
    SETTINGS.update(json.loads(settings_file.read_text()))
    Tablet.fixed_count = len(SETTINGS["kiosks"])
    Editor.fixed_count = len(SETTINGS["editors"])
    users = Tablet.fixed_count + Editor.fixed_count
    environment = Environment(
        user_classes=[Tablet, Editor], events=events, host=SETTINGS["host"]
    )
    runner = environment.create_local_runner()
    started = time.monotonic()
    SETTINGS["deadline"] = started + SETTINGS["ramp"] + SETTINGS["seconds"]
    runner.start(users, spawn_rate=users / SETTINGS["ramp"])
    gevent.sleep(SETTINGS["ramp"] + SETTINGS["seconds"])
    # Each user stops at its next step; a save under way ends first.
    while runner.user_count and time.monotonic() < SETTINGS["deadline"] + GRACE:
        gevent.sleep(0.2)
    stragglers = runner.user_count
    runner.quit()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    crashes = list(runner.exceptions.values())  # a user's code failed: an error too
    figures = dict(
        timings=TIMINGS,
        failures=FAILURES + [f"{c['count']} × {c['msg']}" for c in crashes],
        crashes=sum(c["count"] for c in crashes),
        edits=EDITS,
        beating=len(BEATING),
        stragglers=stragglers,
        seconds=time.monotonic() - started,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )
    output.write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
