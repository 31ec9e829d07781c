"""Places keep their own record: update links, campaigns, reminders and e-mail
through a real SMTP server on loopback (aiosmtpd), the form a place opens, what
staff see and decide."""

import re
from datetime import datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from bench.server import free_port
from kiosk.extensions import db
from kiosk.models import Invitation, Mail, Place, PlaceUpdate, Revision
from kiosk.upkeep import links
from kiosk.upkeep.updates import PLACE_ITSELF
from tests.conftest import FROZEN_NOW, make_structure

TODAY = datetime.fromisoformat(FROZEN_NOW).date()
LINK = re.compile(r"http://localhost(/mise-a-jour/[A-Za-z0-9._-]+)")


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"

    def links(self, to: str) -> list[str]:
        """Return the update links sent to an address, oldest first."""
        return [LINK.search(m.get_content())[1] for m in self.messages if m["To"] == to]


@pytest.fixture
def inbox(app):
    """A real SMTP server on loopback, set as the app's mail server."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(controller.port))
    yield handler
    controller.stop()


@pytest.fixture
def places(app):
    """Two places not verified for a year (one applies its changes at once), one
    checked last month, one without an e-mail address."""
    old = TODAY - timedelta(days=365)
    return {
        "library": make_structure(
            standard_id="bib",
            nom="Bibliothèque Mériadeck",
            courriels=["bib@example.org"],
            telephone="+33556000001",
            verified_on=old,
        ),
        "centre": make_structure(
            standard_id="centre",
            nom="Centre social Bastide",
            courriels=["centre@example.org"],
            verified_on=old,
            updates_reviewed=False,
        ),
        "fresh": make_structure(
            standard_id="frais",
            nom="Maison France Services",
            courriels=["fs@example.org"],
            verified_on=TODAY - timedelta(days=30),
        ),
        "silent": make_structure(
            standard_id="muet", nom="Permanence sans courriel", verified_on=None
        ),
    }


def move_clock(app, days: int) -> None:
    moment = datetime.fromisoformat(FROZEN_NOW) + timedelta(days=days)
    app.config["FROZEN_NOW"] = moment.isoformat()


def form_of(html: str) -> dict:
    """Return the update form's fields as a browser would send them."""
    form = html[html.index('class="editor"') :]
    data = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag or 'type="radio"' in tag:
            if "checked" in tag:
                value = re.search(r'value="([^"]*)"', tag)[1]
                data.setdefault(name[1], []).append(value)
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data.setdefault(name[1], value[1] if value else "")
    for name, text in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        data[name] = text.strip()
    for name, body in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S
    ):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"', body)
        chosen = chosen or re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', body)
        data[name] = chosen[1] if chosen else ""
    return data


def test_a_whole_campaign_through_a_real_smtp_server(app, staff_client, inbox, places):
    answer = staff_client.post("/admin/mises-a-jour/campagnes", data={"months": 6})
    assert answer.status_code == 302
    page = staff_client.get(answer.location).get_data(as_text=True)
    assert "Bibliothèque Mériadeck" in page and "Centre social Bastide" in page
    assert "Maison France Services" not in page  # checked last month
    # The e-mails arrived, in French, each with its own place's link.
    assert sorted(m["To"] for m in inbox.messages) == [
        "bib@example.org",
        "centre@example.org",
    ]
    mail = inbox.messages[0]
    assert "est-elle juste" in mail["Subject"]
    assert mail.get_content_type() == "text/plain"
    assert "Rien n'a changé" in mail.get_content()
    [library_link] = inbox.links("bib@example.org")
    [centre_link] = inbox.links("centre@example.org")

    # The library opens its link and changes its phone: it waits for staff.
    client = app.test_client()
    html = client.get(library_link).get_data(as_text=True)
    assert "Bibliothèque Mériadeck" in html and 'lang="fr"' in html
    assert "Centre social" not in html
    sent = form_of(html)
    sent["telephone"] = "05 56 00 00 99"
    answer = client.post(library_link, data=sent)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "vérifie" in answer.get_data(as_text=True)
    library = db.session.get(Place, places["library"].id)
    db.session.refresh(library)
    assert library.telephone == "+33556000001"  # not yet
    [waiting] = db.session.scalars(select(PlaceUpdate)).all()
    assert waiting.changes == {"telephone": "+33556000099"}
    home = staff_client.get("/admin/mises-a-jour/").get_data(as_text=True)
    assert "Bibliothèque Mériadeck" in home and "+33556000099" in home
    dashboard = staff_client.get("/admin/").get_data(as_text=True)
    assert "1 lieu a envoyé des changements de sa fiche" in dashboard
    staff_client.post(
        f"/admin/mises-a-jour/envois/{waiting.id}", data={"decision": "accept"}
    )
    db.session.refresh(library)
    assert library.telephone == "+33556000099"
    assert library.verified_on == TODAY
    revision = db.session.scalars(
        select(Revision).where(Revision.entity_id == library.id)
    ).all()[-1]
    assert (
        revision.user_email == f"{PLACE_ITSELF}, appliqué par staff-client@example.org"
    )

    # A week later the centre, which has not answered, gets a reminder; the
    # library does not.
    move_clock(app, 8)
    result = app.test_cli_runner().invoke(args=["upkeep"])
    assert "1 reminders queued; 1 sent, 0 failed" in result.output
    assert len(inbox.links("centre@example.org")) == 2
    assert len(inbox.links("bib@example.org")) == 1
    assert "Rappel" in inbox.messages[-1]["Subject"]
    # It answers "nothing changed" from the reminder: verified, no more reminders.
    reminder_link = inbox.links("centre@example.org")[-1]
    client.post(reminder_link, data={"nothing_changed": "1"})
    centre = db.session.get(Place, places["centre"].id)
    db.session.refresh(centre)
    assert centre.verified_on == TODAY + timedelta(days=8)
    last = db.session.scalars(
        select(Revision).where(Revision.entity_id == centre.id)
    ).all()[-1]
    assert (last.action, last.user_email) == ("verify", PLACE_ITSELF)
    move_clock(app, 22)
    result = app.test_cli_runner().invoke(args=["upkeep"])
    assert "0 reminders queued" in result.output
    page = staff_client.get(answer_location(staff_client)).get_data(as_text=True)
    assert "Confirmé : rien n’a changé : <strong>1</strong>" in page
    assert "A répondu avec des changements : <strong>1</strong>" in page
    # The first link still opens until it expires.
    assert client.get(centre_link).status_code == 200


def answer_location(staff_client) -> str:
    html = staff_client.get("/admin/mises-a-jour/").get_data(as_text=True)
    return re.search(r'href="(/admin/mises-a-jour/campagnes/\d+)"', html)[1]


def test_a_place_that_applies_at_once_makes_a_revision_by_itself(
    app, staff_client, inbox, places
):
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['centre'].id}/lien")
    [link] = inbox.links("centre@example.org")
    client = app.test_client()
    sent = form_of(client.get(link).get_data(as_text=True))
    sent.update(telephone="0556112233", to_bring_fr="Votre carte Vitale")
    sent["week-1-opens"], sent["week-1-closes"] = "09:00", "12:00"
    sent["hours_grid"] = "1"
    answer = client.post(link, data=sent)
    assert "montrent" in answer.get_data(as_text=True)  # "the kiosks show them now"
    centre = db.session.get(Place, places["centre"].id)
    db.session.refresh(centre)
    assert centre.telephone == "+33556112233"
    assert centre.to_bring["fr"] == "Votre carte Vitale"
    assert "Tu 09:00-12:00" in centre.horaires
    dashboard = staff_client.get("/admin/").get_data(as_text=True)
    assert "1 changement envoyé par un lieu a été appliqué aussitôt" in dashboard
    revision = db.session.scalars(
        select(Revision).where(Revision.entity_id == centre.id)
    ).all()[-1]
    assert revision.user_email == PLACE_ITSELF
    assert centre.nom == "Centre social Bastide"


def test_the_link_never_grants_more_than_its_place(app, staff_client, inbox, places):
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['library'].id}/lien")
    [link] = inbox.links("bib@example.org")
    client = app.test_client()
    sent = form_of(client.get(link).get_data(as_text=True))
    # Fields the form does not have are ignored, whatever a script posts.
    sent.update(nom="Pirate", standard_id="centre", on_kiosk="", latitude="0")
    client.post(link, data=sent)
    library = db.session.get(Place, places["library"].id)
    db.session.refresh(library)
    assert (library.nom, library.standard_id, library.on_kiosk) == (
        "Bibliothèque Mériadeck",
        "bib",
        True,
    )
    assert db.session.get(Place, places["centre"].id).nom == "Centre social Bastide"
    # A link is signed: another invitation's number in it is a tampered link.
    other = links.update_token(db.session.scalar(select(Invitation)))
    payload, rest = other.split(".", 1)
    forged = f"/mise-a-jour/{payload[:-1]}A.{rest}"
    assert client.get(forged).status_code == 404


def test_expired_revoked_and_tampered_links_say_so(app, staff_client, inbox, places):
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['library'].id}/lien")
    [link] = inbox.links("bib@example.org")
    client = app.test_client()
    tampered = client.get(link[:-3] + "xyz")
    assert tampered.status_code == 404
    assert "pas complet" in tampered.get_data(as_text=True)
    move_clock(app, 31)
    expired = client.get(link)
    assert expired.status_code == 410 and "expiré" in expired.get_data(as_text=True)
    move_clock(app, 0)
    assert client.get(link).status_code == 200
    staff_client.post(
        f"/admin/mises-a-jour/lieux/{places['library'].id}/reglages",
        data={"action": "revoke"},
    )
    revoked = client.get(link)
    assert revoked.status_code == 410
    assert "plus valable" in revoked.get_data(as_text=True)
    assert client.post(link, data={"nothing_changed": "1"}).status_code == 410
    db.session.expire_all()
    assert db.session.get(Place, places["library"].id).verified_on != TODAY


def test_a_failed_send_is_kept_shown_and_sent_again(app, staff_client, places):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(free_port()))  # closed
    answer = staff_client.post("/admin/mises-a-jour/campagnes", data={"months": 6})
    page = staff_client.get(answer.location).get_data(as_text=True)
    assert "ConnectionRefusedError" in page
    mails = db.session.scalars(select(Mail)).all()
    assert len(mails) == 2 and all(m.sent_at is None and m.tries == 1 for m in mails)
    # The server comes back: "send again" delivers them, nothing lost.
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config["MAIL_PORT"] = str(controller.port)
        staff_client.post("/admin/mises-a-jour/envoyer", data={"next": "/admin/"})
    finally:
        controller.stop()
    assert sorted(m["To"] for m in handler.messages) == [
        "bib@example.org",
        "centre@example.org",
    ]
    db.session.expire_all()
    assert all(m.sent_at for m in db.session.scalars(select(Mail)))


def test_without_a_mail_server_the_e_mails_wait_in_the_outbox(
    app, staff_client, places
):
    assert not app.config["MAIL_SERVER"]
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['library'].id}/lien")
    outbox = staff_client.get("/admin/mises-a-jour/boite-d-envoi")
    html = outbox.get_data(as_text=True)
    assert "bib@example.org" in html
    link = LINK.search(html)[1]
    assert app.test_client().get(link).status_code == 200


def test_the_form_refuses_bad_input_in_its_field(app, staff_client, inbox, places):
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['library'].id}/lien")
    [link] = inbox.links("bib@example.org")
    client = app.test_client()
    sent = form_of(client.get(link).get_data(as_text=True))
    sent.update(
        telephone="appelez-nous",
        to_bring_fr="x" * 5000,
        courriels="<script>alert(1)</script>",
    )
    answer = client.post(link, data=sent)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "<script>alert" not in html
    assert html.count('aria-invalid="true"') >= 3
    assert db.session.scalars(select(PlaceUpdate)).all() == []


def test_the_form_needs_its_csrf_token(app, inbox, places):
    from kiosk.upkeep import campaigns

    with app.test_request_context():
        campaigns.invite(places["library"], "bib@example.org")
        db.session.commit()
    link = LINK.search(db.session.scalar(select(Mail)).body)[1]
    client = app.test_client()
    assert client.post(link, data={"nothing_changed": "1"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Place, places["library"].id).verified_on != TODAY


def test_the_update_form_s_hours_editor_answers_under_its_link(
    app, staff_client, inbox, places
):
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['library'].id}/lien")
    [link] = inbox.links("bib@example.org")
    client = app.test_client()
    live = client.get(
        link + "/horaires",
        query_string={"changed": "text", "horaires": "Mo 09:00-12:00"},
        headers={"HX-Request": "true"},
    )
    assert live.status_code == 200 and "hours-preview" in live.get_data(True)
    assert client.get(link[:-2] + "/horaires").status_code == 404


def test_due_places_are_counted_before_a_campaign(staff_client, places):
    html = staff_client.get("/admin/mises-a-jour/?mois=6").get_data(as_text=True)
    assert re.search(r"3 lieux", html)
    assert db.session.scalars(select(Mail)).all() == []


def test_restoring_an_old_revision_does_not_bring_back_links_taken_back(
    app, staff_client, inbox, places
):
    from kiosk.admin import editing
    from kiosk.revisions import record

    library = places["library"]
    old = record("structure", library, "update", None, None)  # last week's state
    db.session.commit()
    staff_client.post(f"/admin/mises-a-jour/lieux/{library.id}/lien")
    [link] = inbox.links("bib@example.org")
    staff_client.post(
        f"/admin/mises-a-jour/lieux/{library.id}/reglages", data={"action": "revoke"}
    )
    db.session.expire_all()
    editing.restore(db.session.get(Place, library.id), old, None)
    assert app.test_client().get(link).status_code == 410


def test_a_change_already_made_or_a_second_confirmation_is_recorded_all_the_same(
    app, staff_client, inbox, places
):
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['library'].id}/lien")
    [link] = inbox.links("bib@example.org")
    client = app.test_client()
    sent = form_of(client.get(link).get_data(as_text=True))
    sent["telephone"] = "05 56 00 00 99"
    client.post(link, data=sent)
    client.post(link, data=sent)  # the same change, sent twice
    first, second = db.session.scalars(select(PlaceUpdate)).all()
    for update in (first, second):
        answer = staff_client.post(
            f"/admin/mises-a-jour/envois/{update.id}", data={"decision": "accept"}
        )
        assert answer.status_code == 302
    db.session.expire_all()
    assert [u.status for u in db.session.scalars(select(PlaceUpdate))] == [
        "applied",
        "applied",
    ]
    # Verified today already: "nothing changed" is still an answer, kept.
    assert client.post(link, data={"nothing_changed": "1"}).status_code == 200
    invitation = db.session.scalar(select(Invitation))
    db.session.refresh(invitation)
    assert invitation.confirmed and invitation.answered_at is not None


def test_no_reminder_goes_with_links_taken_back(app, staff_client, inbox, places):
    staff_client.post("/admin/mises-a-jour/campagnes", data={"months": 6})
    staff_client.post(
        f"/admin/mises-a-jour/lieux/{places['centre'].id}/reglages",
        data={"action": "revoke"},
    )
    move_clock(app, 8)
    result = app.test_cli_runner().invoke(args=["upkeep"])
    assert "1 reminders queued" in result.output  # the library's, not the centre's
    assert len(inbox.links("centre@example.org")) == 1


def test_a_line_break_in_a_name_blocks_no_e_mail(app, staff_client, inbox, places):
    from kiosk.upkeep import proposals

    proposal = proposals.add({"nom": "Espace\r\nBcc: x@evil.example"}, "a@b.fr")
    staff_client.post(
        f"/admin/mises-a-jour/propositions/{proposal.id}",
        data={"decision": "decline", "reason": "Hors du territoire."},
    )
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['library'].id}/lien")
    assert [m["To"] for m in inbox.messages] == ["a@b.fr", "bib@example.org"]
    assert "\n" not in inbox.messages[0]["Subject"]
    assert inbox.messages[0]["Bcc"] is None


def test_two_deliveries_at_once_send_an_e_mail_once(app, inbox, places):
    from sqlalchemy import update

    from kiosk.upkeep import mail

    with app.test_request_context():
        invite_mail = mail.queue("bib@example.org", "Objet", "Texte", "link")
        db.session.commit()
        seen = db.session.get(Mail, invite_mail.id)
        assert seen.tries == 0
        with db.engine.begin() as other:  # another delivery claims it meanwhile
            other.execute(update(Mail).values(tries=Mail.tries + 1))
        assert mail._claim(seen) is False
        assert inbox.messages == []


def test_one_link_sends_ten_answers_an_hour_at_most(app, staff_client, inbox, places):
    staff_client.post(f"/admin/mises-a-jour/lieux/{places['library'].id}/lien")
    [link] = inbox.links("bib@example.org")
    client = app.test_client()
    for _ in range(10):
        assert client.post(link, data={"nothing_changed": "1"}).status_code == 200
    limited = client.post(link, data={"nothing_changed": "1"})
    assert limited.status_code == 429
    assert "Réessayez dans une heure" in limited.get_data(as_text=True)
