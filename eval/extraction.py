"""Compare HTML main-text extractors on the article extraction benchmark (181 real pages).

Every extractor runs on the same pages, interleaved page by page, on HTML already decoded in memory
(the page's declared charset, else UTF-8, undecodable bytes replaced). Each gets one untimed warm-up
call; after that only the extraction call is timed, in this single process. The score is the
benchmark's own (scrapinghub/article-extraction-benchmark, ``evaluate.py``): see ``match_shingles``
and ``score_pages``. With 181 pages, F1 differences under about 0.01 are noise.

Columns: ``empty`` counts pages where the extractor returned no text (for ``newsroom`` that is a
``FormatError``), ``errors`` pages where it raised anything else (scored as empty).

To compare another extractor, add a ``name: callable(html, page_id) -> text`` entry to
``EXTRACTORS``.

``--by-language`` adds the figures per language of the page (told from its ground truth by the
pipeline's own language detection): the benchmark is mostly English, with 20 pages in
Portuguese, Russian, Korean, Italian, Indonesian, German and Japanese.

``--readability FOLDER`` scores the same extractors on Mozilla Readability's test pages instead
(github.com/mozilla/readability, ``test/test-pages/PAGE/source.html`` and ``expected.html``, not
shipped here): pages in French, Spanish, Portuguese, German, Chinese, Japanese and Czech among
them. The reference is Readability.js's own output for each page, not a person's reading, so the
figures say how far each extractor agrees with Readability, per language of the page.

Usage: .venv/bin/python eval/extraction.py [--data PATH] [--limit N] [--by-language]
       .venv/bin/python eval/extraction.py --readability FOLDER
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from newsroom.core.errors import FormatError
from newsroom.stages.extraction import extract_main_text
from newsroom.stages.htmltree import parse_html
from newsroom.stages.pages import extract_html

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "article-extraction-benchmark"

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")  # str patterns match Unicode word characters; case is kept
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def extract_newsroom(html: str, page_id: str) -> str:
    try:
        return extract_html(html, origin=page_id).text
    except FormatError:  # the pipeline's way of saying "no article text here"
        return ""


def extract_newsroom_extraction(html: str, page_id: str) -> str:
    """``newsroom.stages.extraction``: one lxml parse, then the main text from the tree."""
    try:
        tree = parse_html(html, origin=page_id)
    except FormatError:
        return ""
    return extract_main_text(tree)


def trafilatura_with(**options: bool) -> Callable[[str, str], str]:
    """Return an extractor calling ``trafilatura.extract(html, **options)``; None becomes ""."""
    import trafilatura

    def extract(html: str, _page_id: str) -> str:
        return trafilatura.extract(html, **options) or ""

    return extract


EXTRACTORS: dict[str, Callable[[str, str], str]] = {
    "newsroom": extract_newsroom,  # text and metadata, as the pipeline runs it
    "newsroom extraction": extract_newsroom_extraction,  # main text only
}
try:  # the comparison, when trafilatura is installed (make eval installs it)
    EXTRACTORS |= {
        "trafilatura": trafilatura_with(),
        "trafilatura precision": trafilatura_with(favor_precision=True),
        "trafilatura recall": trafilatura_with(favor_recall=True),
    }
except ImportError:
    print(
        "trafilatura is not installed: comparing nothing (pip install trafilatura)", file=sys.stderr
    )


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if 0 < len(tokens) < SHINGLE_SIZE:  # as in the benchmark: a short text is one short shingle
        return Counter([tuple(tokens)])
    return Counter(
        tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1)
    )


def match_shingles(true: str, pred: str) -> tuple[float, float, float]:
    """Return one page's (TP, FP, FN) over 4-token shingles, rescaled so that they sum to 1.

    Text is split into ``\\w+`` tokens (Unicode, case kept); the shingles are the overlapping runs
    of 4 tokens, compared as multisets: TP counts shared shingles, FP those only in ``pred``, FN
    those only in ``true``. Rescaling gives every page the same weight whatever its length. As in
    the benchmark's ``evaluate.py``, a text of 1-3 tokens is one shorter shingle, and a text with no
    token has none (all three stay 0).
    """
    true_shingles, pred_shingles = _shingles(true), _shingles(pred)
    tp = sum((true_shingles & pred_shingles).values())
    fp = sum((pred_shingles - true_shingles).values())
    fn = sum((true_shingles - pred_shingles).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score_pages(matches: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Return the benchmark's (F1, precision, recall) from per-page ``match_shingles`` results.

    Precision is the mean of TP/(TP+FP) over the pages where the extractor returned any text
    (TP+FP > 0); recall is the mean of TP/(TP+FN) over all pages (those whose ground truth has
    text, which is every page of this benchmark), so a page with no output scores recall 0; F1 is
    2PR/(P+R) of those two means, not a mean of per-page F1. A mean with no page is NaN.
    """
    matches = list(matches)
    precisions = [tp / (tp + fp) for tp, fp, _fn in matches if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _fp, fn in matches if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else math.nan
    recall = sum(recalls) / len(recalls) if recalls else math.nan
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return f1, precision, recall


def decode_html(raw: bytes) -> str:
    """Decode with the charset the page declares in a <meta> tag, else UTF-8; never fail."""
    match = _META_CHARSET.search(raw[:4096])
    encoding = "utf-8"
    if match:
        try:
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode(encoding, errors="replace")


def load_pages(data: Path, limit: int | None) -> list[tuple[str, str, str]]:
    """Return (page id, decoded HTML, ground-truth articleBody), sorted by page id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit is not None else sorted(truth)
    return [
        (
            page_id,
            decode_html(gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())),
            truth[page_id].get("articleBody") or "",
        )
        for page_id in ids
    ]


# Elements whose text the expected text of a Readability page keeps on a line of its own.
BLOCK_BREAKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote")


def load_readability_pages(folder: Path) -> list[tuple[str, str, str]]:
    """(page name, source HTML, expected text) for each ``PAGE/`` of ``folder`` holding
    Readability's ``source.html`` and ``expected.html``, sorted by name. The expected text is
    the text of ``expected.html`` (Readability.js's own output for the page, not a person's
    reading), blocks separated by a line break."""
    pages = []
    for source in sorted(folder.glob("*/source.html")):
        expected = source.with_name("expected.html")
        if not expected.is_file():
            continue
        tree = lxml.html.fromstring(expected.read_text(encoding="utf-8", errors="replace"))
        for block in tree.iter(*BLOCK_BREAKS):
            block.tail = "\n" + (block.tail or "")
        text = "\n".join(" ".join(line.split()) for line in tree.text_content().splitlines())
        # The test pages are stored as UTF-8 whatever charset their <meta> still declares
        html = source.read_text(encoding="utf-8", errors="replace")
        pages.append((source.parent.name, html, text.strip()))
    return pages


@dataclass
class ExtractorScore:
    f1: float
    precision: float
    recall: float
    seconds: float  # extracting, all pages
    empty: int  # pages with no text
    errors: list[str]  # pages the extractor raised on


def score_extractor(
    pages: list[tuple[str, str, str]], extract: Callable[[str, str], str]
) -> ExtractorScore:
    """One extractor on every page, against the ground truth (after one warm-up call, so that
    lazy imports and caches stay out of the timing)."""
    extract(pages[0][1], pages[0][0])
    matches = []
    seconds, empty, errors = 0.0, 0, []
    for page_id, html, truth in pages:
        started = time.perf_counter()
        try:
            text = extract(html, page_id)
        except Exception as exc:  # one page never sinks the run; reported
            text = ""
            errors.append(f"{page_id}: {type(exc).__name__}: {exc}")
        seconds += time.perf_counter() - started
        empty += not text.strip()
        matches.append(match_shingles(truth, text))
    f1, precision, recall = score_pages(matches)
    return ExtractorScore(f1, precision, recall, seconds, empty, errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="article-extraction-benchmark folder (default: %(default)s)",
    )
    parser.add_argument("--limit", type=int, help="evaluate only the first N pages (by id)")
    parser.add_argument(
        "--by-language", action="store_true", help="F1 per language of the pages, too"
    )
    parser.add_argument(
        "--readability",
        type=Path,
        metavar="FOLDER",
        help="instead, a folder of Mozilla Readability's test pages (PAGE/source.html and "
        "PAGE/expected.html): agreement with Readability.js's expected text, by language",
    )
    args = parser.parse_args(argv)
    if args.readability:
        pages = load_readability_pages(args.readability)
        if not pages:
            print(f"error: no PAGE/source.html with PAGE/expected.html in {args.readability}",
                  file=sys.stderr)  # fmt: skip
            return 2
        report(pages, str(args.readability), by_language=True)
        return 0

    missing = [
        str(path)
        for path in (args.data / "ground-truth.json", args.data / "html")
        if not path.exists()
    ]
    if missing:
        print(f"error: benchmark data not found: {', '.join(missing)}", file=sys.stderr)
        print(
            "pass --data pointing at article-extraction-benchmark (see ../shared/data/README.md)",
            file=sys.stderr,
        )
        return 2
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")

    report(load_pages(args.data, args.limit), str(args.data), by_language=args.by_language)
    return 0


def report(pages: list[tuple[str, str, str]], source: str, *, by_language: bool) -> None:
    """Every extractor's figures on ``pages``, and per language with ``by_language``."""
    scores = {name: score_extractor(pages, extract) for name, extract in EXTRACTORS.items()}
    width = max(len(name) for name in EXTRACTORS)
    print(f"{len(pages)} pages from {source}")
    print(
        f"{'extractor':<{width}}  {'F1':>5}  {'prec':>5}  {'recall':>6}  {'pages/s':>7}  "
        f"{'empty':>5}  {'errors':>6}"
    )
    for name, score in scores.items():
        print(
            f"{name:<{width}}  {score.f1:5.3f}  {score.precision:5.3f}  {score.recall:6.3f}  "
            f"{len(pages) / score.seconds:7.1f}  {score.empty:5d}  {len(score.errors):6d}"
        )
    if by_language:
        print_by_language(pages)
    for name, score in scores.items():
        for failure in score.errors:
            print(f"error in {name}: {failure}", file=sys.stderr)


def pages_by_language(pages: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    """The pages grouped by the language of their ground truth (the pipeline's own detection),
    largest group first."""
    from newsroom.stages.language import detect_language

    groups: dict[str, list[tuple[str, str, str]]] = {}
    for page in pages:
        groups.setdefault(detect_language(page[2][:1000]) or "unknown", []).append(page)
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))


def not_in_english(groups: dict[str, list[tuple[str, str, str]]]) -> list[tuple[str, str, str]]:
    """The pages of every group but English (``pages_by_language``'s groups)."""
    return [page for language, group in groups.items() if language != "en" for page in group]


def print_by_language(pages: list[tuple[str, str, str]]) -> None:
    """F1 of each extractor on the pages of each language but English, and on all the others."""
    groups = pages_by_language(pages)
    others = not_in_english(groups)
    names = list(EXTRACTORS)
    print("F1 by language of the page: " + ", ".join(names))
    for language, group in [*groups.items(), ("not en", others)]:
        figures = [score_extractor(group, EXTRACTORS[name]).f1 for name in names]
        print(f"  {language:<8} {len(group):4d} pages  " + "  ".join(f"{f:.3f}" for f in figures))


if __name__ == "__main__":
    sys.exit(main())
