"""The load test's form reader submits what a browser would."""

from bench.htmlform import encode, form_with, replace

PAGE = """
<form method="post" action="/admin/logout"><input type="hidden" name="csrf_token"
  value="t0"></form>
<form method="post" class="editor" enctype="multipart/form-data">
  <input type="hidden" name="csrf_token" value="t1">
  <input name="nom" value="Mairie &amp; annexe">
  <input type="checkbox" name="typologie" value="MUNI" checked>
  <input type="checkbox" name="typologie" value="CCAS">
  <input type="radio" name="wheelchair" value="yes">
  <input type="radio" name="wheelchair" value="no" checked>
  <input type="file" name="upload"><input type="submit" name="go" value="Save">
  <input name="off" value="x" disabled>
  <select name="parent_id"><option value="">Home</option><option value="3"
    selected>Papiers</option></select>
  <select name="commune"><option value="Bordeaux">Bordeaux</option></select>
  <textarea name="horaires">
Mo-Fr 09:00-12:00</textarea>
</form>
"""


def test_the_form_holds_what_a_browser_would_send():
    form = form_with(PAGE, "horaires")
    assert form["fields"] == [
        ("csrf_token", "t1"),
        ("nom", "Mairie & annexe"),
        ("typologie", "MUNI"),
        ("wheelchair", "no"),
        ("parent_id", "3"),
        ("commune", "Bordeaux"),
        ("horaires", "Mo-Fr 09:00-12:00"),
    ]
    assert form_with(PAGE, "csrf_token")["attrs"]["action"] == "/admin/logout"


def test_a_changed_field_is_sent_once_and_multipart_when_the_form_says_so():
    form = form_with(PAGE, "horaires")
    fields = replace(form["fields"], horaires="Sa 10:00-12:00")
    assert [v for k, v in fields if k == "horaires"] == ["Sa 10:00-12:00"]
    body, content_type = encode(form, fields)
    boundary = content_type.split("boundary=")[1]
    assert content_type.startswith("multipart/form-data")
    assert b'name="horaires"\r\n\r\nSa 10:00-12:00\r\n' in body
    assert body.endswith(f"--{boundary}--\r\n".encode())
    plain, kind = encode({"attrs": {}}, [("a", "b c"), ("a", "&")])
    assert (plain, kind) == (b"a=b+c&a=%26", "application/x-www-form-urlencoded")
