"""The spoken script is the text of the screen's <main>, in on-screen order."""

from kiosk.public.listen import MAX_CHARS, Sentence, screen_sentences, spoken_sentences


def texts(sentences: list[Sentence]) -> list[str]:
    return [sentence.text for sentence in sentences]


def test_one_sentence_per_block_in_document_order():
    html = """
    <header><a>Accueil</a></header>
    <main>
      <h1><img alt=""> Passeport</h1>
      <p class="state"><strong>Ouvert</strong> — ferme à 17:00</p>
      <dl><dt>Téléphone</dt><dd><span dir="ltr">05 56 10 20 30</span></dd></dl>
      <ul><li><a><p>Mairie</p><p>Bègles — 2 km</p></a></li></ul>
    </main>
    <footer>Pied</footer>"""
    assert texts(screen_sentences(html)) == [
        "Passeport",
        "Ouvert — ferme à 17:00",
        "Téléphone",
        "05 56 10 20 30",
        "Mairie",
        "Bègles — 2 km",
    ]


def test_hidden_parts_are_not_read():
    html = """<main><p>Vu</p><p hidden>Caché</p><div aria-hidden="true"><p>Icône</p>
    </div><template><p>Modèle</p></template><script>var x = "<p>";</script>
    <p>Aussi vu<br>ligne 2</p></main>"""
    assert texts(screen_sentences(html)) == ["Vu", "Aussi vu", "ligne 2"]


def test_only_the_first_main_and_entities_decoded():
    html = "<main><p>L&#39;accueil &amp; vous</p></main><main><p>Non</p></main>"
    assert texts(screen_sentences(html)) == ["L'accueil & vous"]


def test_no_main_means_nothing_to_read():
    assert screen_sentences("<p>Bonjour</p>") == []


# An Arabic screen whose place has no Arabic "how to get there": content() shows
# the French, marked lang="fr".
ARABIC_SCREEN = """<main>
  <h1>جواز السفر</h1>
  <dl><dt>كيف تصل</dt>
  <dd><span lang="fr" dir="ltr">Tram A, arrêt Hôtel de Ville</span></dd>
  <dt>ماذا تحضر</dt>
  <dd><span lang="fr">Une photo</span><br><span lang="fr">Un justificatif</span></dd>
  <dd><span lang="fr">Mairie</span> — 2 كم</dd>
  <dd lang="fr"><p>Ouvert <span lang="ar">الآن</span></p></dd>
  <dd lang="fr"><span lang="ar" hidden>مخفي</span> <b>Fermé</b>
    <i aria-hidden="true">★</i></dd>
  <dd><span lang="ar">مفتوح</span></dd>
  </dl></main>"""


def test_text_in_another_language_is_a_sentence_in_that_language():
    assert screen_sentences(ARABIC_SCREEN, "ar") == [
        ("جواز السفر", None),
        ("كيف تصل", None),
        ("Tram A, arrêt Hôtel de Ville", "fr"),
        ("ماذا تحضر", None),
        ("Une photo", "fr"),
        ("Un justificatif", "fr"),
        # Mixed: in the screen's language, whether the other part is around it ...
        ("Mairie — 2 كم", None),
        # ... or inside it.
        ("Ouvert الآن", None),
        # Hidden parts are skipped, so they do not make a sentence mixed.
        ("Fermé", "fr"),
        # Marked with the screen's own language: nothing to switch.
        ("مفتوح", None),
    ]
    # Without the screen's language, a mark is kept as it is.
    assert screen_sentences(ARABIC_SCREEN)[-1] == ("مفتوح", "ar")


def test_main_itself_may_carry_the_language():
    html = '<main lang="fr"><p>Bonjour</p><p lang="en">Hello</p></main>'
    assert screen_sentences(html, "uk") == [("Bonjour", "fr"), ("Hello", "en")]
    assert screen_sentences(html, "fr") == [("Bonjour", None), ("Hello", "en")]


def test_spoken_sentences_end_each_sentence_so_engines_pause():
    lines = spoken_sentences(
        [Sentence("Téléphone"), Sentence("Ouvert.", "fr"), Sentence("هل تحتاج؟")]
        + [Sentence("À apporter :")]
    )
    assert lines == [
        ("Téléphone.", None),
        ("Ouvert.", "fr"),
        ("هل تحتاج؟", None),
        ("À apporter :", None),
    ]


def test_spoken_sentences_are_bounded_at_a_sentence_boundary():
    sentences = [Sentence(f"Phrase numéro {n}", "fr") for n in range(2000)]
    lines = spoken_sentences(sentences)
    assert sum(len(text) + 1 for text, _ in lines) - 1 <= MAX_CHARS
    assert len(lines) > 100
    assert lines[-1] == (f"Phrase numéro {len(lines) - 1}.", "fr")
