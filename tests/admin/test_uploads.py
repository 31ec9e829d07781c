"""Uploads are judged by their content, never their name or Content-Type: pictograms
(re-encoded, metadata stripped, SVG refused) and open-data files; a file too large
for the server gets a clear message in its field, not a bare 413 page."""

import io

import pytest
from PIL import Image, PngImagePlugin

from kiosk.admin import pictos
from kiosk.admin.setup_forms import NeedForm
from kiosk.extensions import db
from kiosk.models import Need
from kiosk.revisions import snapshot

from .conftest import form_data, fresh

# Uploaded pictures go to a temporary folder (the `uploads` fixture).
pytestmark = pytest.mark.usefixtures("uploads")

SCRIPT = b"<html><script>alert(document.cookie)</script></html>"


def picture(kind="PNG", size=(32, 32), **save) -> bytes:
    """Return a small real picture."""
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=kind, **save)
    return out.getvalue()


def png_with_metadata() -> bytes:
    """Return a PNG carrying text chunks (author, place, a script) and EXIF."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jeanne Secret")
    info.add_text("Comment", SCRIPT.decode())
    exif = Image.Exif()
    exif[0x010E] = "GPS 44.8378 -0.5792"  # ImageDescription
    return picture(pnginfo=info, exif=exif)


def post_picture(staff, need, content: bytes, name: str, mimetype="image/png"):
    data = form_data(NeedForm, snapshot(need))
    data.add("upload", (io.BytesIO(content), name, mimetype))
    return staff.post(
        f"/admin/needs/{need.id}?l=en", data, content_type="multipart/form-data"
    )


def saved_pictogram(need) -> str:
    db.session.expire_all()
    return db.session.get(Need, need.id).pictogram


@pytest.mark.parametrize(
    "content, name, mimetype",
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "icon.png",
            "image/png",
        ),  # an SVG renamed .png, sent as image/png
        (b"\x89PNG\r\n\x1a\n" + SCRIPT, "icon.png", "image/png"),  # header, then HTML
        (SCRIPT, "icon.png", "image/png"),
        (picture("GIF"), "icon.png", "image/png"),
        (picture("JPEG"), "icon.png", "image/png"),  # a real picture, not PNG/WebP
        (b"", "icon.png", "image/png"),
    ],
)
def test_uploads_are_judged_by_their_content(as_editor, need, content, name, mimetype):
    before = saved_pictogram(need)
    response = post_picture(as_editor, need, content, name, mimetype)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="upload-error"' in page
    assert "Only PNG or WebP pictures are accepted." in page
    assert saved_pictogram(need) == before


def test_a_polyglot_is_re_encoded_into_a_plain_picture(as_editor, need, uploads):
    """A real PNG with HTML after its end and in its text chunks: accepted as the
    picture it is, stored without a byte of the HTML, served as an image."""
    polyglot = png_with_metadata() + SCRIPT
    response = post_picture(as_editor, need, polyglot, "<script>.html", "text/html")
    assert response.status_code == 302
    pictogram = saved_pictogram(need)
    name = pictogram.split("/")[1]
    assert pictogram.startswith("uploads/") and name.endswith(".png")
    assert "script" not in name and "html" not in name
    stored = (uploads / name).read_bytes()
    for secret in (b"script", b"Jeanne", b"GPS", b"Comment", b"eXIf"):
        assert secret not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")  # nothing after the picture
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (32, 32)
        assert image.info == {} or set(image.info) <= {"dpi", "gamma"}
    served = fresh(as_editor.client, "get", f"/static/pictos/{pictogram}")
    assert served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in served.headers["Content-Security-Policy"]
    served.close()


def test_webp_metadata_is_stripped_too():
    exif = Image.Exif()
    exif[0x013B] = "Jeanne Secret"  # Artist
    data, extension = pictos.reencode(picture("WEBP", exif=exif, lossless=True))
    assert extension == "webp" and b"Jeanne" not in data and b"EXIF" not in data


def test_a_stored_name_is_always_generated(app):
    first, second = pictos.store(picture(), "png"), pictos.store(picture(), "png")
    assert first != second
    for value in (first, second):
        name = value.split("/")[1]
        assert len(name) == 36 and name[:32].isalnum() and name.endswith(".png")


def test_a_file_too_large_for_the_server_is_said_in_the_picture_field(
    as_editor, need, app
):
    # Small limits: Werkzeug's test client leaks the temporary file it spools
    # bodies over 500 KB to.
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024
    before = saved_pictogram(need)
    big = b"\x89PNG" + b"0" * (150 * 1024)
    response = post_picture(as_editor, need, big, "big.png")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert 'id="upload-error"' in page and "The file is larger than 100 KB." in page
    # Werkzeug refused the body unread: the page says the rest was not saved.
    assert "what you had typed in the other fields is lost" in page
    assert saved_pictogram(need) == before


def test_the_picture_field_carries_its_limit_for_the_browser(as_editor, need, app):
    """admin.js refuses a picture over data-max-bytes as soon as it is chosen, with
    the server's own sentence (tests/e2e/test_admin.py)."""
    app.config["PICTOGRAM_MAX_BYTES"] = 100 * 1024
    page = as_editor.get(f"/admin/needs/{need.id}?l=en").get_data(as_text=True)
    assert 'data-max-bytes="102400"' in page
    assert 'data-too-large="The picture is larger than 100 KB."' in page


def test_an_import_too_large_for_the_server_is_said_in_the_file_field(as_editor, app):
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024
    form = {"file": (io.BytesIO(b"id,nom\n" + b"x,y\n" * 40000), "lieux.csv")}
    response = as_editor.post(
        "/admin/donnees/import?l=en", form, content_type="multipart/form-data"
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page and "The file is larger than 100 KB." in page
    assert "the choices below were reset" in page
    assert 'data-max-bytes="102400"' in page  # admin.js refuses it before sending


@pytest.mark.parametrize(
    "content",
    [png_with_metadata(), picture("GIF"), SCRIPT, b"\x00\x01\x02" * 100],
)
def test_an_import_is_judged_by_its_content_not_its_name(as_editor, app, content):
    form = {"file": (io.BytesIO(content), "lieux.csv", "text/csv")}
    response = as_editor.post(
        "/admin/donnees/import?l=en", form, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page
    assert "<script>alert" not in page


def test_a_too_large_post_shows_no_staff_form_to_anonymous_visitors(staff, need, app):
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024
    for url in (f"/admin/needs/{need.id}", "/admin/donnees/import"):
        big = {"upload": (io.BytesIO(b"0" * (150 * 1024)), "big.png")}
        response = fresh(
            staff.client, "post", url, data=big, content_type="multipart/form-data"
        )
        assert response.status_code == 413
        assert "csrf_token" not in response.get_data(as_text=True)
