"""The spoken script of a screen: the text of its <main>, in on-screen order.

EN 301 549 5.1.3.3 asks that speech follow what is displayed. So the script is not
written separately: it is read out of the screen's own HTML, one sentence for each
block of text (heading, paragraph, list item, term, definition), skipping what is
hidden from people (`hidden`, `aria-hidden="true"`, <template>, <script>) and what
is there twice or only to move about (`data-unspoken`: the short form of a text that
larger text shows instead of the long one, the jumps to a screen's parts, the
language row, "(in French)" beside what the French voice reads anyway).

Each sentence keeps its language: content shown in French on an Arabic screen (marked
`lang="fr"` by `content()`) is read by a French voice, not the Arabic one.
"""

import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import NamedTuple

# A new sentence starts at each of these (their start and their end tag).
BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"}
    | {"figcaption", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li"}
    | {"main", "nav", "ol", "p", "section", "td", "th", "tr", "ul"}
)
SKIPPED = frozenset({"template", "script", "style", "noscript", "svg"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"source", "track", "wbr"}
)
# Beyond this the script is cut at a sentence boundary: it bounds the work of the
# speech engine whatever the data holds (a whole result screen is ~1,500).
MAX_CHARS = 4_000
END_PUNCTUATION = tuple(".!?:;…؟。")
SPACES = re.compile(r"\s+")


class Sentence(NamedTuple):
    """One sentence of a screen, and its language when not the screen's (else None)."""

    text: str
    lang: str | None = None


class _MainText(HTMLParser):
    """Collect the sentences of the first <main>, skipping hidden parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sentences: list[Sentence] = []
        self._current: list[tuple[str, str | None]] = []  # (text, its lang)
        self._langs: list[str | None] = []  # the lang of each open element in <main>
        self._in_main = 0  # depth inside <main>
        self._hidden = 0  # depth inside something hidden
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        attributes = dict(attrs)
        hidden = (
            tag in SKIPPED
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or "data-unspoken" in attributes
        )
        lang = (attributes.get("lang") or "").strip() or self._lang()
        if tag == "main" and not self._in_main:
            self._in_main = 1
            self._langs.append(lang)
            return
        if tag in BLOCKS:
            self._break()
        if tag in VOID:
            return
        if self._in_main:
            self._in_main += 1
            self._langs.append(lang)
            if self._hidden or hidden:
                self._hidden += 1

    def handle_endtag(self, tag):
        if self._done or not self._in_main or tag in VOID:
            return
        self._in_main -= 1
        self._langs.pop()
        if self._hidden:
            self._hidden -= 1
        if tag in BLOCKS:
            self._break()
        if self._in_main == 0:
            self._done = True

    def handle_data(self, data):
        if self._in_main and not self._hidden and not self._done:
            self._current.append((data, self._lang()))

    def _lang(self) -> str | None:
        """Return the lang of the innermost element that has one, None if none."""
        return self._langs[-1] if self._langs else None

    def _break(self):
        text = SPACES.sub(" ", "".join(data for data, _ in self._current)).strip()
        if text:
            # A sentence is in a language of its own only if all its text is.
            langs = {lang for data, lang in self._current if data.strip()}
            self.sentences.append(
                Sentence(text, langs.pop() if len(langs) == 1 else None)
            )
        self._current = []


def screen_sentences(html: str, lang: str | None = None) -> list[Sentence]:
    """Return the sentences a person sees in the <main> of `html`, in order.

    A sentence in `lang` (the screen's language) or in mixed languages has no lang.
    """
    # Only the first <main> is read (and a <main> holds no other): parse just it.
    start = html.find("<main")
    end = html.find("</main>", start)
    if start >= 0 and end >= 0:
        html = html[start : end + len("</main>")]
    return list(_sentences(html, lang))


@lru_cache(maxsize=256)
def _sentences(html: str, lang: str | None) -> tuple[Sentence, ...]:
    # Many kiosks show the very same <main> (a home screen, a result seen again):
    # parsing it once a worker is enough.
    parser = _MainText()
    parser.feed(html)
    parser.close()
    parser._break()
    return tuple(
        Sentence(text, None if own == lang else own) for text, own in parser.sentences
    )


def spoken_sentences(
    sentences: list[Sentence], max_chars: int = MAX_CHARS
) -> list[Sentence]:
    """Return the sentences for a speech engine: each punctuated, all bounded."""
    lines, total = [], 0
    for text, lang in sentences:
        line = text if text.endswith(END_PUNCTUATION) else text + "."
        if total + len(line) > max_chars:
            break
        lines.append(Sentence(line, lang))
        total += len(line) + 1
    return lines
