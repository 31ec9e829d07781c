"""Editing needs: texts per language, pictograms (bundled or uploaded), order, rule,
and the preview of what each kiosk would show."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from kiosk.admin.setup_forms import NeedForm
from kiosk.extensions import db
from kiosk.models import Need
from kiosk.revisions import snapshot
from tests.conftest import make_kiosk, make_need, make_structure, relink

from .conftest import fresh

# Uploaded pictures go to a temporary folder (the `uploads` fixture).
pytestmark = pytest.mark.usefixtures("uploads")


def _reload(need):
    db.session.expire_all()
    return db.session.get(Need, need.id)


def _post(staff, need, upload=None, **changes):
    from .conftest import form_data

    data = form_data(NeedForm, snapshot(need), **changes)
    if upload is not None:
        data.add("upload", upload)
    return staff.post(
        f"/admin/needs/{need.id}?l=en", data, content_type="multipart/form-data"
    )


def _picture(kind="PNG", size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 255)).save(out, format=kind)
    return out.getvalue()


def test_texts_are_saved_per_language(as_editor, need):
    response = _post(
        as_editor,
        need,
        **{
            "label-fr": "Impôts",
            "label-ar": "الضرائب",
            "to_bring-fr": "Votre avis d'imposition",
        },
    )
    assert response.status_code == 302
    saved = _reload(need)
    assert saved.label == {"fr": "Impôts", "ar": "الضرائب"}
    assert saved.to_bring == {"fr": "Votre avis d'imposition"}


def test_a_label_without_french_is_refused(as_editor, need):
    response = _post(as_editor, need, **{"label-fr": "", "label-en": "Taxes"})
    assert response.status_code == 422
    assert "Write it in French at least" in response.get_data(as_text=True)
    assert _reload(need).label == {"fr": "Impôts"}


def test_a_png_upload_is_re_encoded_under_a_new_name_and_served(
    as_editor, need, uploads
):
    data = _picture("PNG") + b"trailing bytes a PNG never needs"
    response = _post(as_editor, need, upload=(io.BytesIO(data), "../../evil.png"))
    assert response.status_code == 302
    pictogram = _reload(need).pictogram
    assert pictogram.startswith("uploads/") and pictogram.endswith(".png")
    assert "evil" not in pictogram
    served = fresh(as_editor.client, "get", f"/static/pictos/{pictogram}")
    assert served.status_code == 200
    body = served.get_data()
    served.close()
    assert body != data and b"trailing" not in body
    assert Image.open(io.BytesIO(body)).size == (64, 64)
    assert [f.name for f in uploads.iterdir()] == [pictogram.split("/")[1]]


def test_a_webp_upload_is_accepted(as_editor, need):
    response = _post(as_editor, need, upload=(io.BytesIO(_picture("WEBP")), "a.webp"))
    assert response.status_code == 302
    assert _reload(need).pictogram.endswith(".webp")


@pytest.mark.parametrize(
    "content, name, message",
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "icon.svg",
            "Only PNG or WebP",
        ),
        (b"GIF89a not really", "icon.png", "Only PNG or WebP"),
        (None, "big.png", "larger than 100 KB"),
        ("huge", "huge.png", "larger than 2048 pixels"),
    ],
)
def test_bad_uploads_are_refused_in_the_field(
    as_editor, need, app, content, name, message
):
    # A small limit here: Werkzeug's test client leaks the temporary file it
    # spools bodies over 500 KB to. The default limit (512 KB) is set in pictos.
    app.config["PICTOGRAM_MAX_BYTES"] = 100 * 1024
    if content is None:
        content = b"\x89PNG" + b"0" * (150 * 1024)
    elif content == "huge":
        content = _picture("PNG", (3000, 10))
    before = _reload(need).pictogram
    response = _post(as_editor, need, upload=(io.BytesIO(content), name))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="upload-error"' in page and message in page
    assert _reload(need).pictogram == before


def test_order_moves_with_buttons(as_editor, app):
    first, second, third = (make_need(sort_order=n) for n in (10, 10, 30))
    as_editor.post(f"/admin/needs/{third.id}/move", {"direction": "up"})
    db.session.expire_all()
    top = db.session.scalars(
        select(Need.id).where(Need.parent_id.is_(None)).order_by(Need.sort_order)
    )
    assert list(top) == [first.id, third.id, second.id]
    as_editor.post(f"/admin/needs/{first.id}/move", {"direction": "up"})  # stays
    db.session.expire_all()
    assert _reload(first).sort_order == 10


def test_a_rule_change_reaches_the_kiosk_and_its_preview(as_editor, need, client):
    make_kiosk(name="Hall de la mairie", is_default=True)
    tax_office = make_structure(nom="Centre des finances publiques", typologie=["CFP"])
    relink()
    preview = as_editor.get(f"/admin/needs/{need.id}?l=en").get_data(as_text=True)
    assert "Hall de la mairie" in preview
    assert tax_office.nom not in preview.split('id="s-preview"')[1]
    response = _post(as_editor, need, rule_typologies=["CFP"])
    assert response.status_code == 302
    preview = as_editor.get(f"/admin/needs/{need.id}?l=en").get_data(as_text=True)
    assert tax_office.nom in preview.split('id="s-preview"')[1]
    page = fresh(client, "get", "/fr/besoin/impots").get_data(as_text=True)
    assert tax_office.nom in page


def test_a_new_need_goes_last_with_its_slug_checked(as_editor, need):
    from .conftest import form_data

    values = {
        "slug": "impots",
        "label": {"fr": "Doublon"},
        "pictogram": "openmoji/2753.svg",
    }
    clash = as_editor.post("/admin/needs/new?l=en", form_data(NeedForm, values))
    assert clash.status_code == 422
    assert "Another need already has this short name." in clash.get_data(as_text=True)
    values["slug"] = "Pas Un Slug"
    wrong = as_editor.post("/admin/needs/new?l=en", form_data(NeedForm, values))
    assert "Use lower-case letters" in wrong.get_data(as_text=True)
    values["slug"] = "logement"
    assert (
        as_editor.post("/admin/needs/new", form_data(NeedForm, values)).status_code
        == 302
    )
    created = db.session.scalar(select(Need).where(Need.slug == "logement"))
    assert created.sort_order > need.sort_order


def test_the_preview_shows_a_few_kiosks_and_counts_the_others(as_editor, need):
    from kiosk.admin.views.needs import PREVIEW_KIOSKS

    for n in range(PREVIEW_KIOSKS + 3):
        make_kiosk(name=f"Kiosque {n:02}")
    page = as_editor.get(f"/admin/needs/{need.id}?l=en").get_data(as_text=True)
    preview = page.split('id="s-preview"')[1]
    shown = [f"Kiosque {n:02}" for n in range(PREVIEW_KIOSKS)]
    assert all(name in preview for name in shown)
    assert f"<h3>Kiosque {PREVIEW_KIOSKS:02}</h3>" not in preview  # only to choose
    assert "And 3 other kiosks, not shown here." in preview


def test_any_kiosk_can_be_previewed_from_the_editor(as_editor, need):
    from kiosk.admin.views.needs import PREVIEW_KIOSKS

    far = {"latitude": 45.1885, "longitude": 5.7245}  # Grenoble, far from the others
    kiosks = [
        make_kiosk(name=f"Kiosque {n:02}", **(far if n == 8 else {}))
        for n in range(PREVIEW_KIOSKS + 3)
    ]
    ninth = kiosks[8]
    make_structure(nom="Mairie du neuvième", latitude=45.189, longitude=5.7245)
    relink()
    page = as_editor.get(f"/admin/needs/{need.id}?l=en").get_data(as_text=True)
    chooser = page.split('id="preview-kiosk"')[1].split("</select>")[0]
    assert f'<option value="{ninth.id}">Kiosque 08</option>' in chooser
    url = f"/admin/needs/{need.id}/preview?kiosk={ninth.id}&l=en"
    swap = as_editor.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<h3>Kiosque 08</h3>" in swap and "Mairie du neuvième" in swap
    assert "<html" not in swap
    whole = as_editor.get(url)
    assert whole.status_code == 200 and "<h2>Kiosque 08</h2>" in whole.get_data(
        as_text=True
    )
    assert as_editor.get(f"/admin/needs/{need.id}/preview?kiosk=x").status_code == 404


def test_a_need_moved_under_a_parent_shows_under_it_on_the_kiosk(
    as_editor, need, client
):
    papers = make_need(slug="papiers", label={"fr": "Papiers"}, rule_typologies=[])
    make_need(slug="passeport", label={"fr": "Passeport"}, parent_id=papers.id)
    make_kiosk(is_default=True)
    make_structure(nom="Centre des impôts")
    relink()
    home = fresh(client, "get", "/fr/").get_data(as_text=True)
    assert 'href="/fr/besoin/impots"' in home
    response = _post(as_editor, need, parent_id=str(papers.id))
    assert response.status_code == 302
    assert _reload(need).parent_id == papers.id
    home = fresh(client, "get", "/fr/").get_data(as_text=True)
    assert 'href="/fr/besoin/impots"' not in home
    under = fresh(client, "get", "/fr/besoin/papiers").get_data(as_text=True)
    assert 'href="/fr/besoin/impots"' in under and "Impôts" in under
    assert "Centre des impôts" in fresh(client, "get", "/fr/besoin/impots").get_data(
        as_text=True
    )


def test_a_need_with_sub_needs_cannot_get_a_parent(as_editor, need):
    papers = make_need(slug="papiers", label={"fr": "Papiers"}, rule_typologies=[])
    make_need(slug="passeport", label={"fr": "Passeport"}, parent_id=need.id)
    response = _post(as_editor, need, parent_id=str(papers.id))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    field = (
        page.split('id="parent_id"')[0].rsplit("<div", 1)[1]
        + page.split('id="parent_id"')[1].split("</div>")[0]
    )
    assert "A need with sub-needs stays on the home screen." in field
    assert _reload(need).parent_id is None


def test_a_picture_uploaded_for_a_failed_save_is_not_left_behind(
    as_editor, need, uploads, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    from kiosk.admin import editing

    def broken(entity):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(editing, "relink", broken)
    response = _post(as_editor, need, upload=(io.BytesIO(_picture()), "new.png"))
    assert response.status_code == 500
    assert _reload(need).pictogram == "openmoji/2753.svg"
    assert list(uploads.iterdir()) == []  # written for the save, deleted with it
