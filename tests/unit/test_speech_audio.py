"""espeak-ng really speaks, the cache is reused and bounded, failures are clear."""

import os
import stat
import wave

import pytest

from kiosk.languages import LANGUAGES
from kiosk.speech.audio import (
    Engine,
    SpeechError,
    cache_name,
    ssml,
    synthesize,
    trim_cache,
)


def engine(tmp_path, command="espeak-ng", **overrides) -> Engine:
    return Engine(
        command=command,
        cache_dir=tmp_path / "cache",
        **{"cache_bytes": 50 * 1024 * 1024, **overrides},
    )


def seconds(path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def script(tmp_path, body: str) -> str:
    path = tmp_path / "fake-espeak"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_voice_exists_in_espeak_ng(tmp_path, lang):
    path = synthesize(
        "Bonjour. 05 56 10 20 30.", LANGUAGES[lang].espeak_voice, engine(tmp_path)
    )
    assert seconds(path) > 1


def test_the_cache_is_reused_and_named_by_a_hash(tmp_path):
    first = synthesize("Ouvert maintenant.", "fr-fr", engine(tmp_path))
    assert first.name == cache_name("Ouvert maintenant.", "fr-fr", 150)
    assert "Ouvert" not in first.name
    # A broken engine does not matter when the audio is already made.
    again = synthesize("Ouvert maintenant.", "fr-fr", engine(tmp_path, "/nope"))
    assert again == first
    other = synthesize("Fermé maintenant.", "fr-fr", engine(tmp_path))
    assert other != first and len(list((tmp_path / "cache").iterdir())) == 2


def test_text_starting_with_a_dash_is_read_not_taken_as_an_option(tmp_path):
    path = synthesize("--help -v xx", "fr-fr", engine(tmp_path))
    assert seconds(path) > 0.5


def test_ssml_marks_other_voices_and_escapes_the_text():
    text = ssml(
        [
            ("كيف تصل؟", None),
            ('Tram <b>A</b> & "bus"</s><s xml:lang="en">', "fr-fr"),
            ("3 < 4 & 5 > 2.", None),
        ]
    )
    assert text == (
        "<speak>كيف تصل؟\n"
        '<voice xml:lang="fr-fr">Tram &lt;b&gt;A&lt;/b&gt; &amp; "bus"'
        '&lt;/s&gt;&lt;s xml:lang="en"&gt;</voice>\n'
        "3 &lt; 4 &amp; 5 &gt; 2.</speak>"
    )


def frames(path) -> bytes:
    with wave.open(str(path)) as audio:
        return audio.readframes(audio.getnframes())


def test_a_marked_sentence_is_read_by_its_own_voice(tmp_path):
    """French inside an Arabic script: the French voice reads it, not the Arabic."""
    french = "Prendre le tram A, arrêt Hôtel de Ville."
    marked = synthesize(ssml([(french, "fr-fr")]), "ar", engine(tmp_path))
    by_french = synthesize(ssml([(french, "fr-fr")]), "fr-fr", engine(tmp_path))
    by_arabic = synthesize(ssml([(french, None)]), "ar", engine(tmp_path))
    assert len({marked, by_french, by_arabic}) == 3  # three files, three cache names
    assert frames(marked) == frames(by_french)
    assert frames(marked) != frames(by_arabic)
    # After it, the Arabic voice reads on (the French one would spell Arabic out
    # letter by letter, 16 s instead of 4 for this sentence).
    arabic = "مرحبا بكم في المكتب. شكرا جزيلا لكم."
    alone = seconds(synthesize(ssml([(arabic, None)]), "ar", engine(tmp_path)))
    script = ssml([(arabic, None), (french, "fr-fr"), (arabic, None)])
    whole = seconds(synthesize(script, "ar", engine(tmp_path)))
    assert abs(whole - (2 * alone + seconds(marked))) < 1, (whole, alone)


def test_escaped_markup_is_read_not_obeyed(tmp_path):
    # Unescaped, espeak-ng would take "<b>" as a tag and drop it: escaped, its "b"
    # is read (1.7 s against 1.3 s), and "&" is read too ("et").
    without = synthesize(ssml([("R&D ici", None)]), "fr-fr", engine(tmp_path))
    tagged = synthesize(ssml([("R&D <b> ici", None)]), "fr-fr", engine(tmp_path))
    no_and = synthesize(ssml([("RD ici", None)]), "fr-fr", engine(tmp_path))
    assert seconds(tagged) > seconds(without) + 0.2
    assert seconds(without) > seconds(no_and) + 0.1


def test_missing_engine_is_a_clear_error(tmp_path):
    with pytest.raises(SpeechError, match="not installed"):
        synthesize("Bonjour.", "fr-fr", engine(tmp_path, "/no/such/espeak-ng"))


def test_failing_engine_is_a_clear_error_and_leaves_nothing(tmp_path):
    command = script(tmp_path, 'echo "no voice" >&2; exit 3')
    with pytest.raises(SpeechError, match="no voice"):
        synthesize("Bonjour.", "fr-fr", engine(tmp_path, command))
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_slow_engine_is_stopped(tmp_path):
    command = script(tmp_path, "sleep 5")
    with pytest.raises(SpeechError, match="more than"):
        synthesize("Bonjour.", "fr-fr", engine(tmp_path, command, timeout_s=0.3))
    assert list((tmp_path / "cache").iterdir()) == []


def test_silent_output_is_an_error(tmp_path):
    with pytest.raises(SpeechError, match="no sound"):
        synthesize("Bonjour.", "xx-nope", engine(tmp_path, script(tmp_path, "true")))


def test_trim_removes_least_recently_used_first(tmp_path):
    for n in range(5):
        path = tmp_path / f"{n}.wav"
        path.write_bytes(b"x" * 1000)
        os.utime(path, (1000 + n, 1000 + n))
    trim_cache(tmp_path, 3000, keep=tmp_path / "0.wav")
    # 5,000 bytes: 1 and 2 go (oldest); 0 is the one just made, it stays.
    assert sorted(p.name for p in tmp_path.glob("*.wav")) == ["0.wav", "3.wav", "4.wav"]
