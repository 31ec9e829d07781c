"""The Listen button in Debian's Chromium: browser voice (stubbed) and server audio."""

import io
import wave
from array import array

import pytest
from playwright.sync_api import expect

from kiosk.languages import LANGUAGES
from tests.e2e.conftest import TABLET, serve

# A browser with voices: speechSynthesis replaced before any page script runs. It
# records what it is asked to say, and starts and ends each sentence at once (or
# never starts, with window.__voiceStuck, like a broken speech-dispatcher).
FAKE_VOICES = """
window.__spoken = []; window.__cancelled = 0;
const voices = [
  {name: "Fake French", lang: "fr-FR", localService: true, voiceURI: "fr"},
  {name: "Fake Arabic", lang: "ar-SA", localService: true, voiceURI: "ar"},
  {name: "Fake English", lang: "en_GB", localService: true, voiceURI: "en"},
];
window.SpeechSynthesisUtterance = class {
  constructor(text) { this.text = text; this.lang = ""; this.voice = null;
                      this.volume = 1; this.rate = 1; }
};
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => voices,
  addEventListener() {},
  cancel() { window.__cancelled += 1; },
  speak(u) {
    window.__spoken.push({text: u.text, lang: u.lang, volume: u.volume,
                          voice: u.voice && u.voice.name});
    if (window.__voiceStuck) return;
    setTimeout(() => { u.onstart && u.onstart({}); u.onend && u.onend({}); }, 5);
  },
}});
"""


@pytest.fixture
def voiced_page(browser):
    """Return a tablet page whose browser has a French and an Arabic voice."""
    context = browser.new_context(viewport=TABLET, has_touch=True)
    context.add_init_script("window.KIOSK_REPEAT_MS = 0;" + FAKE_VOICES)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def mute_server(tmp_path_factory):
    """Serve a kiosk whose speech engine is missing; yield its base URL."""
    server = serve(tmp_path_factory.mktemp("mute"), ESPEAK_COMMAND="/no/espeak-ng")
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def script(page) -> list[str]:
    return page.eval_on_selector_all(
        "#speech-script",
        "t => [...t[0].content.querySelectorAll('p')].map(p => p.textContent)",
    )


def test_browser_voice_reads_the_screen_in_its_language(voiced_page, live_server):
    page = voiced_page
    page.goto(f"{live_server}/fr/besoin/passeport")
    page.locator("[data-speech-play]").click()
    panel = page.locator("#speech-panel")
    expect(panel).to_have_attribute("data-speech-state", "done")
    expect(panel).to_have_attribute("data-speech-path", "browser")
    spoken = page.evaluate("window.__spoken")
    assert [s["text"] for s in spoken] == script(page)
    assert spoken[0]["text"] == "Passeport français"
    assert any("Hôtel de Ville de Bordeaux" in s["text"] for s in spoken[:3])
    assert {(s["lang"], s["voice"], s["volume"]) for s in spoken} == {
        ("fr-FR", "Fake French", 0.6)
    }


def test_browser_voice_in_arabic_and_the_volume(voiced_page, live_server):
    page = voiced_page
    page.goto(f"{live_server}/ar/besoin/papiers")
    page.locator("[data-speech-play]").click()
    louder = page.locator("[data-speech-volume='1']")
    louder.click()
    louder.click()
    louder.click()  # beyond the top step: stays at 5
    expect(page.locator("#speech-panel meter")).to_have_js_property("value", 5)
    page.evaluate("window.__spoken = []")
    page.locator("[data-speech-again]").click()
    expect(page.locator("#speech-panel")).to_have_attribute("data-speech-state", "done")
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["text"] == "الوثائق"
    assert {(s["lang"], s["voice"], s["volume"]) for s in spoken} == {
        ("ar-SA", "Fake Arabic", 1.0)
    }
    # The volume is kept for the visit (another screen, a full page) ...
    page.goto(f"{live_server}/ar/")
    page.locator("[data-speech-play]").click()
    expect(page.locator("#speech-panel meter")).to_have_js_property("value", 5)
    # ... and back to the default when the kiosk resets.
    page.evaluate("document.dispatchEvent(new CustomEvent('kiosk:reset'))")
    expect(page.locator("#speech-panel meter")).to_have_js_property("value", 3)
    assert not page.evaluate(
        "Object.keys(sessionStorage).filter(k => k.startsWith('kiosk.'))"
    )


def test_french_shown_on_an_arabic_screen_is_read_by_the_french_voice(
    voiced_page, live_server
):
    page = voiced_page
    page.goto(f"{live_server}/ar/besoin/passeport")
    french = page.eval_on_selector_all(
        "#speech-script",
        "t => [...t[0].content.querySelectorAll('p[lang=fr]')].map(p => p.textContent)",
    )
    assert french  # the demo places' "how to get there" has no Arabic
    page.locator("[data-speech-play]").click()
    expect(page.locator("#speech-panel")).to_have_attribute("data-speech-state", "done")
    spoken = page.evaluate("window.__spoken")
    assert [s["text"] for s in spoken] == script(page)
    voices = {s["text"]: (s["lang"], s["voice"]) for s in spoken}
    assert spoken[0]["text"] == "جواز السفر الفرنسي"
    assert voices["جواز السفر الفرنسي"] == ("ar-SA", "Fake Arabic")
    for text in french:
        assert voices[text] == ("fr-FR", "Fake French"), text
    arabic = [s for s in spoken if s["text"] not in french]
    assert {s["voice"] for s in arabic} == {"Fake Arabic"}


def test_other_language_without_a_voice_is_read_by_the_screens_voice(
    voiced_page, live_server
):
    page = voiced_page
    page.add_init_script(
        "const all = speechSynthesis.getVoices().slice();"
        "speechSynthesis.getVoices = () => all.filter(v => v.lang !== 'fr-FR');"
    )
    page.goto(f"{live_server}/ar/besoin/passeport")
    page.locator("[data-speech-play]").click()
    expect(page.locator("#speech-panel")).to_have_attribute(
        "data-speech-path", "browser"
    )
    expect(page.locator("#speech-panel")).to_have_attribute("data-speech-state", "done")
    assert {s["voice"] for s in page.evaluate("window.__spoken")} == {"Fake Arabic"}


def test_a_new_screen_stops_the_reading(voiced_page, live_server):
    page = voiced_page
    page.add_init_script("window.__voiceStuck = true;")
    page.goto(f"{live_server}/fr/besoin/papiers")
    page.locator("[data-speech-play]").click()
    expect(page.locator("#speech-panel")).to_have_attribute(
        "data-speech-state", "playing"
    )
    cancelled = page.evaluate("window.__cancelled")
    page.get_by_role("link", name="Passeport français").click()
    expect(page).to_have_url(f"{live_server}/fr/besoin/passeport")
    assert page.evaluate("window.__cancelled") > cancelled
    expect(page.locator("#speech-panel")).to_be_hidden()


def test_stop_then_again(voiced_page, live_server):
    page = voiced_page
    page.add_init_script("window.__voiceStuck = true;")
    page.goto(f"{live_server}/en/")
    page.get_by_role("button", name="Listen").click()
    panel = page.locator("#speech-panel")
    page.get_by_role("button", name="Stop").click()
    expect(panel).to_have_attribute("data-speech-state", "stopped")
    expect(panel.get_by_role("status")).to_have_text("Stopped.")
    page.evaluate("window.__spoken = []")
    page.get_by_role("button", name="Again").click()
    expect(panel).to_have_attribute("data-speech-state", "playing")
    expect(panel).to_have_attribute("data-speech-path", "browser")
    # Android writes "en_GB": it still counts as an English voice.
    assert page.evaluate("window.__spoken[0]") == {
        "text": "What help do you need?",
        "lang": "en_GB",
        "volume": 0.6,
        "voice": "Fake English",
    }


def test_server_audio_when_the_browser_has_no_voice(page, live_server):
    page.goto(f"{live_server}/fr/besoin/passeport")
    assert page.evaluate("speechSynthesis.getVoices().length") == 0  # headless
    with page.expect_response("**/fr/ecouter?**") as answer:
        page.locator("[data-speech-play]").click()
    response = answer.value
    assert response.status in (200, 206)  # the media element asks for byte ranges
    assert response.headers["content-type"] == "audio/mpeg"  # Chromium plays MP3
    assert "ecran=/fr/besoin/passeport" in response.url
    panel = page.locator("#speech-panel")
    expect(panel).to_have_attribute("data-speech-path", "server")
    expect(panel).to_have_attribute("data-speech-state", "playing")
    page.locator("[data-speech-stop]").click()
    expect(panel).to_have_attribute("data-speech-state", "stopped")


def test_server_audio_when_the_browser_has_voices_but_not_this_language(
    voiced_page, live_server
):
    page = voiced_page  # French, Arabic and English voices: no Ukrainian one
    page.goto(f"{live_server}/uk/besoin/papiers")
    with page.expect_response("**/uk/ecouter?**") as answer:
        page.locator("[data-speech-play]").click()
    assert answer.value.status in (200, 206)
    assert answer.value.headers["content-type"] == "audio/mpeg"
    expect(page.locator("#speech-panel")).to_have_attribute(
        "data-speech-path", "server"
    )
    assert page.evaluate("window.__spoken") == []  # no French voice reading Ukrainian


def wav_seconds_and_peak(data: bytes) -> tuple[float, int]:
    """Return how long a 16-bit mono WAV lasts and its loudest sample."""
    with wave.open(io.BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    return seconds, max(abs(sample) for sample in array("h", frames))


def test_server_audio_speaks_every_language(page, live_server):
    """The audio URL each screen carries gives a real recording in all nine."""
    for lang in LANGUAGES:
        page.goto(f"{live_server}/{lang}/besoin/papiers")
        url = page.locator("#speech-script").get_attribute("data-audio")
        assert page.request.get(live_server + url).headers["content-type"] == (
            "audio/mpeg"
        )
        response = page.request.get(f"{live_server}{url}&format=wav")  # the fallback
        assert response.status == 200, lang
        assert response.headers["content-type"] == "audio/wav", lang
        seconds, peak = wav_seconds_and_peak(response.body())
        assert seconds > 1 and peak > 1000, (lang, seconds, peak)


def test_a_stuck_browser_voice_falls_back_to_server_audio(voiced_page, live_server):
    page = voiced_page
    page.add_init_script("window.__voiceStuck = true;")
    page.goto(f"{live_server}/fr/")
    with page.expect_response("**/fr/ecouter?**", timeout=10_000) as answer:
        page.locator("[data-speech-play]").click()
    assert answer.value.status in (200, 206)
    expect(page.locator("#speech-panel")).to_have_attribute(
        "data-speech-path", "server"
    )


def test_when_nothing_can_speak_the_panel_says_so(page, mute_server):
    page.goto(f"{mute_server}/en/besoin/passeport")
    page.get_by_role("button", name="Listen").click()
    panel = page.locator("#speech-panel")
    expect(panel).to_have_attribute("data-speech-state", "error")
    expect(panel.get_by_role("status")).to_contain_text("Reading aloud does not work")
