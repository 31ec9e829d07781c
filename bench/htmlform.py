"""Read an HTML form as a browser would submit it, and encode it the same way."""

import uuid
from html.parser import HTMLParser
from urllib.parse import urlencode


class _Forms(HTMLParser):
    """Collect every <form>: its attributes and the fields a submit would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and "name" in attrs and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "image", "reset", "file"):
                self._form["fields"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "select" and "name" in attrs:
            self._select, self._options = attrs["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and "name" in attrs:
            self._textarea = attrs["name"]
            self._form["fields"].append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea is not None:
            name, text = self._form["fields"][-1]
            self._form["fields"][-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._form["fields"][-1]
            # A browser drops the one newline that may follow <textarea>.
            self._form["fields"][-1] = (name, text.removeprefix("\n"))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            self._form["fields"] += [(self._select, value) for value in chosen]
            self._select = None


def form_with(html: str, field: str) -> dict:
    """Return the first form holding a field of this name:
    {"attrs": {...}, "fields": [(name, value), ...]}."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if any(name == field for name, _ in form["fields"]):
            return form
    raise LookupError(f"no form with a field {field!r}")


def replace(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """Return the fields with these names set to these values (one of each)."""
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())


def encode(form: dict, fields: list[tuple[str, str]]) -> tuple[bytes, str]:
    """Return the body and Content-Type a browser would send for the form."""
    if form["attrs"].get("enctype") != "multipart/form-data":
        return urlencode(fields).encode(), "application/x-www-form-urlencoded"
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n"
        for name, value in fields
    ]
    body = "".join(parts) + f"--{boundary}--\r\n"
    return body.encode(), f"multipart/form-data; boundary={boundary}"
