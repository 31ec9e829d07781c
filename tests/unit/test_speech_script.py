"""The spoken script is the text of the screen's <main>, in on-screen order."""

from kiosk.speech.script import MAX_CHARS, screen_sentences, spoken_text


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
    assert screen_sentences(html) == [
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
    assert screen_sentences(html) == ["Vu", "Aussi vu", "ligne 2"]


def test_only_the_first_main_and_entities_decoded():
    html = "<main><p>L&#39;accueil &amp; vous</p></main><main><p>Non</p></main>"
    assert screen_sentences(html) == ["L'accueil & vous"]


def test_no_main_means_nothing_to_read():
    assert screen_sentences("<p>Bonjour</p>") == []


def test_spoken_text_ends_each_sentence_so_engines_pause():
    text = spoken_text(["Téléphone", "Ouvert.", "هل تحتاج؟", "À apporter :"])
    assert text.split("\n") == ["Téléphone.", "Ouvert.", "هل تحتاج؟", "À apporter :"]


def test_spoken_text_is_bounded_at_a_sentence_boundary():
    sentences = [f"Phrase numéro {n}" for n in range(2000)]
    text = spoken_text(sentences)
    assert len(text) <= MAX_CHARS
    assert text.endswith(".") and text.split("\n")[-1].startswith("Phrase numéro")
