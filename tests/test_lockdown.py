"""No kiosk screen links out of the kiosk: every screen of the demo, scanned."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.languages import LANGUAGES
from kiosk.models import Need

URL_ATTRIBUTES = {"href", "hx-get", "hx-post", "action", "formaction", "src", "srcset"}


class Links(HTMLParser):
    """Collect every URL-bearing attribute and every target attribute of a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                self.urls.append((tag, name, value))
            if name == "target":
                self.targets.append(f"<{tag} target={value}>")


def off_site(url: str) -> bool:
    """Return True for a URL that would leave the kiosk: another site or app."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:  # https://, //host, tel:, mailto:, javascript:
        return True
    return not url.startswith("/")


def kiosk_screens(client) -> list[str]:
    """Return the URL of every screen a visitor can reach on the demo kiosk."""
    needs = db.session.scalars(select(Need)).all()
    urls = [f"/{code}/" for code in LANGUAGES] + ["/offline", "/fr/besoin/nope"]
    for code in ("fr", "ar"):
        urls += [f"/{code}/besoin/{need.slug}" for need in needs]
    for need in (n for n in needs if not n.children):
        html = client.get(f"/fr/besoin/{need.slug}").get_data(as_text=True)
        urls += [u for _, _, u in _parse(html).urls if "/lieu/" in u]
    return sorted(set(urls))


def _parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


@pytest.fixture
def screens(client, demo):
    client.get("/k/hotel-de-ville")
    return kiosk_screens(client)


def test_no_kiosk_screen_links_out_of_the_kiosk(client, screens):
    assert len(screens) > 60
    found = []
    for url in screens:  # full pages: an htmx fragment is a part of its page
        links = _parse(client.get(url).get_data(as_text=True))
        found += [(url, *link) for link in links.urls if off_site(link[2])]
        found += [(url, target) for target in links.targets]
    assert found == []


def test_the_scan_finds_what_it_looks_for():
    links = _parse(
        '<a href="https://example.org">x</a><a href="tel:+33500">t</a>'
        '<a href="//cdn.example.org/x.js">c</a><a href="/fr/" target="_blank">b</a>'
        '<img src="/static/pictos/x.svg"><a href="/fr/besoin/papiers">ok</a>'
    )
    assert [u for _, _, u in links.urls if off_site(u)] == [
        "https://example.org",
        "tel:+33500",
        "//cdn.example.org/x.js",
    ]
    assert links.targets == ["<a target=_blank>"]
