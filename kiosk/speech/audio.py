"""Server speech: espeak-ng turns a text into a WAV file, then libsndfile into an
MP3 (about 15 times smaller: what the tablets download), both cached on disk.

Used when the kiosk's browser has no voice for the visitor's language (Chromium on
Linux, Android WebView kiosk browsers). The text never comes from the visitor: the
caller recomputes it from the screen (see views.py), and it is bounded. It is given
to espeak-ng as SSML, so a sentence in another language than the screen's (French
shown through on an Arabic screen) is read by that language's voice.
"""

import hashlib
import os
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

# At most this many syntheses at once: the kiosk server is small and shared.
_WORKERS = threading.BoundedSemaphore(2)
WAIT_FOR_WORKER_S = 10


class SpeechError(Exception):
    """The audio could not be made (engine missing, failed, too slow or busy)."""


@dataclass(frozen=True)
class Engine:
    """How to run espeak-ng and where to keep what it made."""

    command: str  # the espeak-ng executable
    cache_dir: Path
    cache_bytes: int  # the cache is trimmed, oldest first, beyond this
    rate: int = 150  # words per minute: slower than espeak's 175, for seniors
    timeout_s: float = 30.0


def ssml(lines: list[tuple[str, str | None]]) -> str:
    """Return the SSML that reads `lines` (text, espeak-ng voice or None for the
    engine's own) in order, each in its voice.

    Text is escaped: whatever the content holds, it is read, never taken as markup.
    """
    # <voice>, not <s>: after </s xml:lang> espeak-ng 1.51 keeps that voice for the
    # rest (Arabic read letter by letter by the French voice, 3x longer); after
    # </voice> it goes back to the engine's own.
    parts = [
        escape(text)
        if voice is None
        else f"<voice xml:lang={quoteattr(voice)}>{escape(text)}</voice>"
        for text, voice in lines
    ]
    return "<speak>" + "\n".join(parts) + "</speak>"


def cache_name(text: str, voice: str, rate: int) -> str:
    """Return the file name of the audio of `text` in `voice` (a hash, never text)."""
    digest = hashlib.sha256(f"{voice}\0{rate}\0{text}".encode()).hexdigest()
    return f"{digest}.wav"


def synthesize(text: str, voice: str, engine: Engine) -> Path:
    """Return the path of a WAV of `text` (SSML, see `ssml`) spoken in `voice`, made
    or from the cache."""
    engine.cache_dir.mkdir(parents=True, exist_ok=True)
    target = engine.cache_dir / cache_name(text, voice, engine.rate)
    if target.exists():
        os.utime(target)  # recently used: trimmed last
        return target
    if not _WORKERS.acquire(timeout=WAIT_FOR_WORKER_S):
        raise SpeechError("every speech worker is busy")
    try:
        _run_espeak(text, voice, engine, target)
    finally:
        _WORKERS.release()
    trim_cache(engine.cache_dir, engine.cache_bytes, keep=target)
    return target


@contextmanager
def _in_place(target: Path):
    """Yield a temporary file's path beside `target`, moved onto it when the block
    ends without error: the cache never holds a half-written file."""
    handle, temporary = tempfile.mkstemp(suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _run_espeak(text: str, voice: str, engine: Engine, target: Path) -> None:
    """Write the WAV to a temporary file, then move it into place atomically."""
    command = [engine.command, "-m", "-v", voice, "-s", str(engine.rate), "-b", "1"]
    try:
        with _in_place(target) as temporary:
            # The text goes through stdin: never parsed as options, no argv limit.
            # -m: it is SSML.
            subprocess.run(
                [*command, "-w", temporary, "--stdin"],
                input=text.encode(),
                capture_output=True,
                timeout=engine.timeout_s,
                check=True,
            )
            if os.path.getsize(temporary) <= 44:  # a WAV header and no sound
                raise SpeechError(f"espeak-ng made no sound for voice {voice!r}")
    except FileNotFoundError as error:
        raise SpeechError(f"{engine.command} is not installed") from error
    except subprocess.TimeoutExpired as error:
        raise SpeechError(f"espeak-ng took more than {engine.timeout_s} s") from error
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip()
        raise SpeechError(f"espeak-ng failed: {message}") from error


def is_cached(text: str, voice: str, engine: Engine) -> bool:
    """Return True when the audio of `text` in `voice` is made already."""
    return (engine.cache_dir / cache_name(text, voice, engine.rate)).exists()


def mp3_of(wav: Path) -> Path:
    """Return the MP3 of a WAV made by `synthesize`, encoded once (libsndfile); the
    WAV stays, for a browser that cannot play MP3."""
    target = wav.with_suffix(".mp3")
    if target.exists():
        os.utime(target)
        return target
    import soundfile  # noqa: PLC0415 (numpy behind it: loaded only when speaking)

    try:
        with _in_place(target) as temporary:
            data, rate = soundfile.read(wav, dtype="int16")
            soundfile.write(
                temporary,
                data,
                rate,
                format="MP3",
                subtype="MPEG_LAYER_III",
                # About 24 kbit/s, constant: a synthetic voice at 22 kHz needs no more.
                compression_level=0.95,
                bitrate_mode="CONSTANT",
            )
    except (RuntimeError, OSError) as error:  # LibsndfileError is a RuntimeError
        raise SpeechError(f"the MP3 could not be made: {error}") from error
    return target


def trim_cache(cache_dir: Path, max_bytes: int, keep: Path | None = None) -> None:
    """Delete the least recently used audio files until the cache fits in max_bytes."""
    files = []
    for path in [*cache_dir.glob("*.wav"), *cache_dir.glob("*.mp3")]:
        try:
            stat = path.stat()
        except FileNotFoundError:  # another worker trimmed it
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= max_bytes:
            break
        if path == keep:
            continue
        path.unlink(missing_ok=True)
        total -= size
