"""Evaluate the wire readers on every sample in ../shared/data/newswire-formats.

Each file is read as the ingest reads it (bytes decoded, the format told from the content) and
each story goes through the pipeline. Its headline, body and dateline are checked against a
reference read of the same file made here with plain lxml XPath / JSON / byte slicing, sharing
no code with the readers:

- headline: the reference headline (NewsML-G2 ``contentMeta/headline``, NITF ``hl1`` else
  ``title``, NewsML 1.x ``HeadLine``, ninjs ``headline``/main ``headlines``, ANPA's second ``^``
  line, IPTC 7901's last line before the `` =`` line) equals ours, spaces normalised; a sample
  with no headline anywhere must give none;
- body: the first 60 characters of the reference body (the XHTML/NITF body, ``inlineData``,
  ``DataContent``, ninjs body, the take's text), letters and digits only, are found in the first
  200 of ours; a sample with no body must give none;
- dateline: where the markup has a dateline or ``located``, ours names that place (either
  contains the other, case-insensitive) or the body's printed one; where it has none, ours is
  the body's own opening (or there is none). Every miss is printed, to be read.

Files that are no story (pictures, packages, planning, concept items, WordPress exports, a
Ritzau feed format of its own) are listed with what was done with them: skipped with why, or
refused with a clear failure. None may be read as plain text.

The collection report (``--collection``, on by default) reads every file of ``eval/wire/``: wire
files written for this project in the structure of public agency fixtures (``SOURCES.md`` names
each one), one or more per format and per class of variant of issue 22, with what reading each
must give in ``expected.yaml``: per item its outcome (story, skipped, failed) and, for a story,
its headline, the opening of its text, its status, dateline and the wire fields the file carries
(abstract, sub-headlines, take key, priority, creditline, structured place, associations,
translations, body HTML, notes). A file is *fully right* when it gives as many items as expected
and each matches in every field listed. Files right / total are printed per format and per class,
then every miss with what differed. ``--floor PERCENT`` exits non-zero when the overall share or
any format's is below it.

Usage: .venv/bin/python eval/wire.py [--data PATH] [--no-collection] [--floor PERCENT]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

import yaml  # noqa: E402
from lxml import etree  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from newsroom.core.errors import InputError  # noqa: E402
from newsroom.core.models import ParsedArticle, RawItem, Skipped  # noqa: E402
from newsroom.stages.pipeline import process_item, warm_up  # noqa: E402
from newsroom.stages.readers import decode, discover, read_document, read_ref  # noqa: E402

MAX_BYTES = 10_000_000  # the ingest's default file size limit
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "newswire-formats"
COLLECTION = PROJECT_ROOT / "eval" / "wire"
G2 = "http://iptc.org/std/nar/2006-10-01/"


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def letters(text: str | None) -> str:
    return re.sub(r"[\W_]+", "", (text or "").lower())


def _text(element: Any) -> str:
    return norm("".join(element.itertext())) if element is not None else ""


def _local(element: Any) -> str:
    return etree.QName(element).localname


def _xpath(element: Any, path: str) -> list[Any]:
    return list(element.xpath(path))


# -- the reference read: headline, body, markup dateline places -----------------------------------


def reference(path: Path) -> list[dict[str, Any]] | None:
    """What each text story of a file says, read independently; None for a file that is none
    of the formats (the readers must not read it as text either)."""
    data = path.read_bytes()
    if data[:1] in (b"\x01", b"\x16"):
        return [_control_coded(data)]
    if path.suffix == ".json":
        try:
            document = json.loads(data)
        except ValueError:
            return None
        return _ninjs(document)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if "Ã" in _text(root):  # declared ISO-8859-1, written in UTF-8 (four samples are)
        fixed = re.sub(rb"encoding=[\"'][^\"']+[\"']", b'encoding="utf-8"', data, count=1)
        root = etree.fromstring(fixed, parser)
    if etree.QName(root).namespace == G2:
        return _g2(root)
    if _local(root) == "nitf":
        return [_nitf(root)]
    if _local(root) == "NewsML":
        return _newsml1(root)
    if _local(root) in ("RBNews", "XMLNewsQueuedResponse"):
        return _rbnews(root)
    return None


NOT_PLACE = re.compile(  # a markup dateline or located that names no place
    r"^\W*(?:[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}|[\d/ :.+-]+|\d{4}-\d\d-\d\d.*|No-Data-Available)\W*$"
)


def _story(headline: str, body: str, places: list[str]) -> dict[str, Any]:
    return {
        "headline": norm(headline),
        "body": norm(body),
        "places": [p for p in places if p and not NOT_PLACE.match(p)],
    }


def _nitf(nitf: Any) -> dict[str, Any]:
    hl1 = [_text(h) for h in _xpath(nitf, './/*[local-name()="hedline"]/*[local-name()="hl1"]')]
    title = [_text(t) for t in _xpath(nitf, './*[local-name()="head"]/*[local-name()="title"]')]
    content = _xpath(nitf, './*[local-name()="body"]/*[local-name()="body.content"]')
    places = [_text(d) for d in _xpath(nitf, './/*[local-name()="dateline"]')]
    return _story((hl1 or title or [""])[0], _text(content[0]) if content else "", places)


def _g2(root: Any) -> list[dict[str, Any]]:
    items = [root] if _local(root) == "newsItem" else list(root.iter(f"{{{G2}}}newsItem"))
    stories = []
    for item in items:
        item_class = item.xpath(
            'string(*[local-name()="itemMeta"]/*[local-name()="itemClass"]/@qcode)'
        )
        if item_class and not item_class.endswith(":text"):
            continue
        meta = item.find(f"{{{G2}}}contentMeta")
        headlines = (
            [_text(h) for h in meta.findall(f"{{{G2}}}headline")] if meta is not None else []
        )
        places = []
        if meta is not None:
            places += [_text(d) for d in meta.findall(f"{{{G2}}}dateline")]
            for located in meta.findall(f"{{{G2}}}located"):
                name = located.find(f"{{{G2}}}name")
                places.append(
                    _text(name) if name is not None else (located.get("qcode") or "").split(":")[-1]
                )
        body, nitf_story = "", None
        for content in item.iter(f"{{{G2}}}inlineXML", f"{{{G2}}}inlineData"):
            if _local(content) == "inlineData":
                body = norm(re.sub(r"<[^>]+>", " ", content.text or ""))
            else:
                nested = _xpath(content, './/*[local-name()="nitf"]')
                if nested:
                    nitf_story = _nitf(nested[0])
                    body = nitf_story["body"]
                else:
                    html_body = _xpath(content, './/*[local-name()="body"]')
                    body = _text(html_body[0] if html_body else content)
            if body:
                break
        headline = (headlines or [nitf_story["headline"] if nitf_story else ""])[0]
        if nitf_story:
            places += nitf_story["places"]
        stories.append(_story(headline, body, places))
    return stories


def _newsml1(root: Any) -> list[dict[str, Any]]:
    stories = []
    for item in root.iter("NewsItem"):
        contents = list(item.iter("DataContent"))
        if not contents:
            continue
        content = contents[0]
        body = _text(content) if len(content) else norm(re.sub(r"<[^>]+>", " ", content.text or ""))
        headline = next((_text(h) for h in item.iter("HeadLine")), "")
        places = [_text(d) for d in item.iter("DateLine")]
        stories.append(_story(headline, body, places))
    return stories


def _rbnews(root: Any) -> list[dict[str, Any]]:
    """Ritzau's RBNews, or a feed response's list of them: the body is escaped HTML."""
    stories = []
    for news in root.iter("RBNews"):
        content = next(news.iter("content"), None)
        markup = (content.text or "") if content is not None else ""
        body = html.unescape(re.sub(r"<[^>]+>", " ", markup))
        headline = next((_text(h) for h in news.iter("headline")), "")
        places = [_text(town) for town in news.iter("town")]
        stories.append(_story(headline, body, places))
    return stories


def _ninjs(document: Any) -> list[dict[str, Any]]:
    if isinstance(document, dict) and isinstance(document.get("data"), dict):
        data = document["data"]
        items = (
            [data["item"]] if "item" in data else [entry["item"] for entry in data.get("items", [])]
        )
    elif isinstance(document, dict) and isinstance(document.get("item"), list):
        items = document["item"]
    else:
        items = document if isinstance(document, list) else [document]
    stories = []
    for item in items:
        if str(item.get("type") or "text") not in ("text", "composite", "story", "advisory"):
            continue
        body = item.get("body_text") or ""
        markup = item.get("body_html") or item.get("body_xhtml") or ""
        if not body and markup:
            body = lxml_html.fromstring(f"<div>{markup}</div>").text_content()
        if not body:
            main = [b for b in item.get("bodies") or [] if b.get("role", "main") == "main"]
            if main:
                body = lxml_html.fromstring(f"<div>{main[0].get('value', '')}</div>").text_content()
        headline = item.get("headline") or next(
            (
                h.get("value")
                for h in item.get("headlines") or []
                if h.get("role", "main") == "main"
            ),
            "",
        )
        located = item.get("located") or (item.get("datelinelocation") or {}).get("city")
        stories.append(_story(headline or "", body, [located] if located else []))
    return stories


def _control_coded(data: bytes) -> dict[str, Any]:
    start, end = data.index(b"\x02") + 1, data.find(b"\x03")
    text = data[start : end if end > 0 else len(data)].decode("latin-1").replace("\r", "")
    if data[:1] == b"\x16" or b"\x1f" in data.split(b"\n", 1)[0]:  # ANPA-1312
        lines = text.split("\n")
        headers = [line.strip("^<= ") for line in lines if line.startswith("^")]
        body = " ".join(line.strip() for line in lines if line.strip() and line[0] != "^")
        headline = headers[1] if len(headers) > 1 and headers[1] != "END" else ""
        return _story(headline, body or " ".join(headers[2:]), [])
    head, _, rest = text.partition(" =\n")
    lines = [line.strip() for line in head.split("\n") if line.strip()]
    plain = [line for line in lines if not line.startswith("By ")]
    return _story(plain[-1] if plain else "", rest, [])


# -- the comparison -------------------------------------------------------------------------------


def dateline_right(story: dict[str, Any], article: Any) -> bool:
    ours = article.dateline
    if story["places"]:
        if ours is None:
            return False
        mine = [ours.location or "", ours.city or "", ours.raw or ""]
        for place in story["places"]:
            wanted = place.lower().rstrip(" -,")
            if any(wanted in m.lower() or (m and m.lower() in wanted) for m in mine):
                return True
        return article.text.lower().startswith((ours.raw or "\0").lower())
    return ours is None or ours.raw in article.text[:80]


def evaluate(data: Path) -> tuple[dict[str, Counter[str]], list[str], list[str]]:
    """Counts per format, the misses, and what was done with the files that hold no story."""
    warm_up()
    table: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    others: list[str] = []
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        if path.suffix in (".xsd", ".txt") and path.read_bytes()[:1] not in (b"\x01", b"\x16"):
            continue  # schemas and licence texts
        name = str(path.relative_to(data))
        try:
            text = decode(path.read_bytes(), name)
            items = list(
                read_document(text, origin=name, source="eval", key=name, suffix=path.suffix)
            )
        except InputError as exc:
            items = [exc]
        stories = [item for item in items if isinstance(item, RawItem)]
        expected = reference(path) or []
        if not stories or not expected:
            kinds = Counter(
                "skipped"
                if isinstance(i, Skipped)
                else "failed"
                if isinstance(i, InputError)
                else "story"
                for i in items
            )
            reason = next((str(i.reason) for i in items if isinstance(i, Skipped | InputError)), "")
            others.append(f"  {name}: {dict(kinds)} {reason[:90]}")
            continue
        for item, story in zip(stories, expected, strict=False):
            wire = item.wire
            fmt = wire.format if wire is not None else "PLAIN TEXT"
            counts = table[fmt]
            counts["stories"] += 1
            try:
                article = process_item(item)
            except InputError as exc:
                if not story["body"] and "no text in it" in str(exc):
                    counts["no text"] += 1  # rightly: the file carries no body to store
                    continue
                counts["failed"] += 1
                misses.append(f"  {name} [{fmt}] failed: {exc}")
                continue
            # A story without a headline in its markup gets its first line as title.
            headline_ok = not story["headline"] or norm(article.title) == story["headline"]
            theirs, ours = letters(story["body"]), letters(article.text)
            # Either opening is in the other's: ours leaves out a byline or a repeated
            # headline the body starts with; theirs may start with a keyword line.
            body_ok = theirs[:60] in ours[:600] or ours[:60] in theirs[:600]
            dateline_ok = dateline_right(story, article)
            counts["headline"] += headline_ok
            counts["body"] += body_ok
            counts["dateline"] += dateline_ok
            counts["dateline found"] += article.dateline is not None
            counts["right"] += headline_ok and body_ok and dateline_ok
            if not (headline_ok and body_ok and dateline_ok):
                what = [
                    w
                    for w, ok in (
                        ("headline", headline_ok),
                        ("body", body_ok),
                        ("dateline", dateline_ok),
                    )
                    if not ok
                ]
                printed = article.dateline.raw if article.dateline else None
                misses.append(
                    f"  {name} [{fmt}] {', '.join(what)}: ours {article.title!r} / "
                    f"{article.text[:50]!r} / {printed!r}; reference "
                    f"{story['headline'][:50]!r} / {story['body'][:50]!r} / {story['places']}"
                )
    return table, misses, others


def right_share(table: dict[str, Counter[str]]) -> float:
    """The share of stories read right: no text rightly, or headline, body and dateline right."""
    stories = sum(counts["stories"] for counts in table.values())
    right = sum(counts["no text"] + counts["right"] for counts in table.values())
    return right / stories if stories else 1.0


# -- the collection: eval/wire/ against expected.yaml ---------------------------------------------

Outcome = ParsedArticle | Skipped | InputError  # what one item of a file came to


def read_collection_file(path: Path) -> list[Outcome]:
    """A file's items exactly as the ingest reads them (``discover`` and ``read_ref``: bytes
    decoded with their notes, JSON Lines a line at a time, the format told from the content),
    each story through the pipeline."""
    items: list[RawItem | Skipped | InputError] = []
    for ref in discover([str(path)]):
        if isinstance(ref, InputError):
            items.append(ref)
            continue
        items += read_ref(ref, source="eval", max_bytes=MAX_BYTES)
    outcomes: list[Outcome] = []
    for item in items:
        if isinstance(item, RawItem):
            try:
                outcomes.append(process_item(item))
            except InputError as exc:
                outcomes.append(exc)
        else:
            outcomes.append(item)
    return outcomes


def _kind(outcome: Outcome) -> str:
    if isinstance(outcome, ParsedArticle):
        return "story"
    return "skipped" if isinstance(outcome, Skipped) else "failed"


def _same(ours: str | None, theirs: str | None) -> bool:
    return (norm(ours) or None) == (norm(theirs) or None)


def _place_named(place: str, article: ParsedArticle) -> bool:
    dateline = article.dateline
    if dateline is None:
        return False
    wanted = place.casefold()
    named = [(value or "").casefold() for value in (dateline.location, dateline.city, dateline.raw)]
    return any(value and (wanted in value or value in wanted) for value in named)


def _story_differences(expected: dict[str, Any], article: ParsedArticle) -> list[str]:
    found: list[str] = []
    if "headline" in expected:
        allowed = (
            expected["headline"]
            if isinstance(expected["headline"], list)
            else [expected["headline"]]
        )
        if not any(_same(article.title, headline) for headline in allowed):
            found.append(f"headline {article.title!r}, expected {expected['headline']!r}")
    if "body_start" in expected:
        start = expected["body_start"]
        if start is None:
            if article.text.strip():
                found.append(f"text {article.text[:60]!r}, expected none")
        elif not letters(article.text).startswith(letters(start)):
            found.append(f"text starts {article.text[:60]!r}, expected {start!r}")
    if "body_end" in expected and not letters(article.text).endswith(letters(expected["body_end"])):
        found.append(f"text ends {article.text[-60:]!r}, expected {expected['body_end']!r}")
    if "status" in expected and article.status != expected["status"]:
        found.append(f"status {article.status!r}, expected {expected['status']!r}")
    if "dateline" in expected:
        place = expected["dateline"]
        printed = article.dateline.raw if article.dateline else None
        if place is None and article.dateline is not None:
            found.append(f"dateline {printed!r}, expected none")
        elif place is not None and not _place_named(place, article):
            found.append(f"dateline {printed!r}, expected one naming {place!r}")
    if "byline" in expected and not _same(article.byline, expected["byline"]):
        found.append(f"byline {article.byline!r}, expected {expected['byline']!r}")
    notes = " | ".join(article.notes)
    if "notes_contain" in expected and expected["notes_contain"].casefold() not in notes.casefold():
        found.append(f"notes {notes[:120]!r}, expected one naming {expected['notes_contain']!r}")
    if expected.get("notes_nonempty") and not article.notes:
        found.append("no note, expected one saying what reading changed")
    return found + _wire_differences(expected, article)


def _wire_differences(expected: dict[str, Any], article: ParsedArticle) -> list[str]:
    wire = article.wire
    if wire is None:
        return ["no wire data"] if set(expected) & WIRE_KEYS else []
    found: list[str] = []
    for name in ("abstract", "take_key", "creditline", "ednote"):
        if name in expected and not _same(getattr(wire, name), expected[name]):
            found.append(f"{name} {getattr(wire, name)!r}, expected {expected[name]!r}")
    for name in ("priority", "version"):
        if name in expected and getattr(wire, name) != expected[name]:
            found.append(f"{name} {getattr(wire, name)!r}, expected {expected[name]!r}")
    if "subheadlines" in expected:
        lines = [norm(line) for line in wire.subheadlines]
        if lines != expected["subheadlines"]:
            found.append(f"subheadlines {lines!r}, expected {expected['subheadlines']!r}")
    if "place" in expected:
        for name, value in expected["place"].items():
            ours = getattr(wire.place, name, None) if wire.place is not None else None
            if (ours or "").casefold() != str(value).casefold():
                found.append(f"place {name} {ours!r}, expected {value!r}")
    if "associations" in expected:
        wanted = expected["associations"]
        uris = [association.uri for association in wire.associations]
        if len(uris) != wanted["count"] or (uris and uris[0] != wanted.get("first_uri", uris[0])):
            found.append(f"associations {uris!r}, expected {wanted!r}")
    if "translations" in expected:
        languages = sorted(t.language.lower().split("-")[0] for t in wire.translations)
        if languages != sorted(expected["translations"]):
            found.append(f"translations {languages!r}, expected {expected['translations']!r}")
    if "wire_topics" in expected:
        topics = [subject.media_topic for subject in wire.subjects if subject.media_topic]
        if topics != expected["wire_topics"]:
            found.append(f"wire subjects' topics {topics!r}, expected {expected['wire_topics']!r}")
    if "body_html_contains" in expected and expected["body_html_contains"] not in (
        wire.body_html or ""
    ):
        found.append(
            f"body_html {(wire.body_html or '')[:60]!r}, expected it to hold "
            f"{expected['body_html_contains']!r}"
        )
    return found


WIRE_KEYS = frozenset(
    {
        "abstract",
        "take_key",
        "creditline",
        "priority",
        "version",
        "subheadlines",
        "place",
        "associations",
        "translations",
        "body_html_contains",
        "ednote",
        "wire_topics",
    }
)


def item_differences(expected: dict[str, Any], outcome: Outcome) -> list[str]:
    """What differs between one item's outcome and what the manifest expects of it."""
    kind = _kind(outcome)
    if kind != expected["outcome"]:
        if isinstance(outcome, ParsedArticle):
            detail = f"{outcome.title!r} / {outcome.text[:50]!r}"
        else:
            detail = str(outcome.reason)[:120]
        return [f"{kind} ({detail}), expected {expected['outcome']}"]
    if isinstance(outcome, ParsedArticle):
        return _story_differences(expected, outcome)
    found = []
    reason = str(outcome.reason)
    if "reason" in expected and expected["reason"].casefold() not in reason.casefold():
        found.append(f"reason {reason[:100]!r}, expected one naming {expected['reason']!r}")
    if "headline" in expected:
        ours = outcome.headline if isinstance(outcome, Skipped) else None
        if not _same(ours, expected["headline"]):
            found.append(f"headline {ours!r}, expected {expected['headline']!r}")
    return found


def load_manifest(folder: Path = COLLECTION) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = yaml.safe_load((folder / "expected.yaml").read_text())[
        "files"
    ]
    return files


def evaluate_collection(
    folder: Path = COLLECTION,
) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], list[str]]:
    """Files fully right and in all, per format and per class, and each miss with what differed."""
    warm_up()
    by_format: dict[str, Counter[str]] = defaultdict(Counter)
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    for name, entry in sorted(load_manifest(folder).items()):
        outcomes = read_collection_file(folder / name)
        expected = entry["items"]
        found: list[str] = []
        if len(outcomes) != len(expected):
            kinds = ", ".join(_kind(outcome) for outcome in outcomes) or "nothing"
            found.append(f"{len(outcomes)} items ({kinds}), expected {len(expected)}")
        for index, (wanted, outcome) in enumerate(zip(expected, outcomes, strict=False)):
            where = f"item {index + 1}: " if len(expected) > 1 else ""
            found += [where + difference for difference in item_differences(wanted, outcome)]
        right = not found
        for counts in [by_format[entry["format"]], *(by_class[c] for c in entry["classes"])]:
            counts["files"] += 1
            counts["right"] += right
        if found:
            classes = ", ".join(entry["classes"])
            misses.append(f"  {name} [{entry['format']}; {classes}]: " + "; ".join(found))
    return by_format, by_class, misses


def _share(counts: Counter[str]) -> float:
    return 100 * counts["right"] / counts["files"] if counts["files"] else 100.0


def report_collection(folder: Path, floor: float | None) -> bool:
    """Print the collection report; whether it meets the floor (overall and every format)."""
    by_format, by_class, misses = evaluate_collection(folder)
    total = Counter[str]()
    for counts in by_format.values():
        total.update(counts)
    print(f"\ncollection {folder.relative_to(PROJECT_ROOT)}: files fully right")
    for title, table in (("format", by_format), ("class", by_class)):
        print(f"{title:28} {'right':>6} {'files':>6} {'%':>6}")
        for key, counts in sorted(table.items()):
            print(f"{key:28} {counts['right']:6} {counts['files']:6} {_share(counts):6.1f}")
    print(f"{'all':28} {total['right']:6} {total['files']:6} {_share(total):6.1f}")
    if misses:
        print(f"misses ({len(misses)}):")
        print("\n".join(misses))
    if floor is None:
        return True
    low = [fmt for fmt, counts in sorted(by_format.items()) if _share(counts) < floor]
    if _share(total) < floor or low:
        print(
            f"below the floor of {floor:g}%: " + ", ".join(["all"] * (_share(total) < floor) + low)
        )
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--collection",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure eval/wire/ against its expected.yaml (default: on)",
    )
    parser.add_argument(
        "--floor",
        type=float,
        default=None,
        help="exit non-zero when the collection's share of files fully right, overall or in any "
        "format, is below this percentage",
    )
    args = parser.parse_args()
    if args.data.exists():
        report_samples(args.data)
    else:
        print(f"no samples at {args.data} (see ../shared/data/README.md); collection only")
    if args.collection and not report_collection(COLLECTION, args.floor):
        sys.exit(1)


def report_samples(data: Path) -> None:
    """The report on the shared samples: counts per format, misses, files that hold no story."""
    table, misses, others = evaluate(data)
    columns = ("stories", "no text", "headline", "body", "dateline", "dateline found", "failed")
    print(f"{'format':10} " + " ".join(f"{column:>14}" for column in columns))
    total = Counter[str]()
    for fmt, counts in sorted(table.items()):
        total.update(counts)
        print(f"{fmt:10} " + " ".join(f"{counts[column]:14}" for column in columns))
    print(f"{'all':10} " + " ".join(f"{total[column]:14}" for column in columns))
    print("no text: text items whose file holds no body (remote content, metadata only): a")
    print("failure that says so, rightly. headline, body, dateline: right, of the others;")
    print("dateline found: a dateline at all (the rest rightly have none).")
    if misses:
        print(f"misses ({len(misses)}):")
        print("\n".join(misses))
    print(f"files that are no story, or in no format read here ({len(others)}):")
    print("\n".join(others))


if __name__ == "__main__":
    main()
