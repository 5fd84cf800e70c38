"""Quality floors, as a CI gate: a fast subset of the evaluations, failing below set figures.

Datelines on Reuters-21578 (location and date exact, against values read off ``<DATELINE>``),
datelines and country tags in twenty languages (eval/multilingual.py, on the project's own set),
topics in each language with rules (eval/topics_multilingual.py, on the independent set),
main-text extraction on the 181-page benchmark (F1, precision, recall against its ground truth;
F1 on its 20 pages not in English),
story clusters on Reuters-21578 repeats and edited copies (eval/clusters.py), the wire
samples read right (eval/wire.py), and the language of short headlines and briefs
(eval/langid.py).
The floors sit just under the figures measured when they were set (2026-11-29: datelines 1.000,
extraction F1 0.967, precision 0.962, recall 0.973), so a change that loses quality fails CI
while noise does not. Raise them when the figures improve; never lower them to let a change in.

    .venv/bin/python eval/gate.py        # make gate; .ci/run runs it

The data sets are not part of the project: without ``../shared/data`` the gate says so and
passes (exit 0), so that a checkout elsewhere can run CI; with it, a figure under its floor exits
1. ``--require-data`` makes missing data fail too.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

from newsroom.stages.tagger import rules_files

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clusters  # noqa: E402  (the evaluation scripts beside this one)
import datelines  # noqa: E402
import extraction  # noqa: E402
import langid  # noqa: E402
import multilingual  # noqa: E402
import topics_multilingual  # noqa: E402
import wire  # noqa: E402

FLOORS = {
    "datelines: Reuters-21578 location and date exact": 0.995,
    "extraction: F1": 0.960,
    "extraction: precision": 0.955,
    "extraction: recall": 0.965,
    # issue 21: the benchmark's 20 pages in Portuguese, Russian, Korean, Italian, Indonesian,
    # German and Japanese (0.926 when set; 0.950 after names in five languages, teaser cards and
    # printed addresses kept, trafilatura 0.938 in the same run)
    "extraction: F1, pages not in English": 0.94,
    # issue 12's targets; measured 0.990 and 0.969 when set
    "clusters: precision": 0.98,
    "clusters: recall": 0.95,
    "wire samples: stories read right": 0.98,  # 93 of 93 when set
    # issue 22's target, on eval/wire/ (106 files modelled on public fixtures): 1.000 when set
    "wire variants: files fully right (lowest format)": 0.95,
    # issue 21's targets, on the project's own multilingual set (eval/multilingual/)
    "datelines, 20 languages: place right (lowest)": 0.95,  # 0.970 when set
    "datelines, 20 languages: no false dateline": 1.0,
    "countries, 20 languages: recall (lowest)": 0.85,  # 0.861 when set (0.852: Norwegian)
    # eval/langid.py, 400 headlines and 400 briefs in 16 languages: 0.953 and 1.000 when set
    "language id: headlines right": 0.94,
    "language id: briefs right": 0.99,
    # the independent topic set (eval/multilingual/topics.jsonl), 40 stories a language, in the
    # languages with topic rules: de, fr, es, it, pt, ru (0.850 when set), sv, da, no (0.900),
    # zh (1.000), ja (0.925), ko (0.900), nl (0.950), pl (0.850), tr (0.900), fi (0.925),
    # uk (0.925), el (0.925), fa (0.925), hi (0.900), he (0.925), id (0.925), vi (0.950),
    # nn (0.900), ms (0.875), th (0.850), cs (0.900), ro (0.950), hu (0.900), bg (0.975),
    # ca (0.950), hr (0.900)
    "topics, languages with rules: top-level top-1 (lowest)": 0.80,
}


def measure(reuters: Path, pages: Path, samples: Path) -> dict[str, float]:
    records = datelines.load(reuters)
    score = datelines.score_reuters(records, datelines.PlaceNames())
    benchmark = extraction.load_pages(pages, None)
    extracted = extraction.score_extractor(benchmark, extraction.extract_newsroom)
    not_english = extraction.not_in_english(extraction.pages_by_language(benchmark))
    abroad = extraction.score_extractor(not_english, extraction.extract_newsroom)
    items, truth = clusters.build(records, 4000, 7)
    with tempfile.TemporaryDirectory() as folder:
        precision, recall = clusters.evaluate(items, truth, f"sqlite:///{folder}/clusters.db")
    table, _, _ = wire.evaluate(samples)
    by_format, _, _ = wire.evaluate_collection()
    with contextlib.redirect_stdout(io.StringIO()):  # its tables: eval/multilingual.py prints them
        local = multilingual.score_datelines(multilingual.load("datelines.jsonl"), failures=0)
        countries = multilingual.score_places(multilingual.load("places.jsonl"), failures=0)
    topics = topics_multilingual.top1_by_language()
    return {
        "topics, languages with rules: top-level top-1 (lowest)": min(
            share for language, share in topics.items() if language in rules_files(None)
        ),
        "datelines, 20 languages: place right (lowest)": local["lowest place share"],
        "datelines, 20 languages: no false dateline": local["openings left alone"],
        "countries, 20 languages: recall (lowest)": min(r for _, r in countries.values()),
        "datelines: Reuters-21578 location and date exact": score.exact / score.total,
        "extraction: F1": extracted.f1,
        "extraction: precision": extracted.precision,
        "extraction: recall": extracted.recall,
        "extraction: F1, pages not in English": abroad.f1,
        "clusters: precision": precision,
        "clusters: recall": recall,
        "wire samples: stories read right": wire.right_share(table),
        "wire variants: files fully right (lowest format)": min(
            counts["right"] / counts["files"] for counts in by_format.values()
        ),
        **language_id(),
    }


def language_id() -> dict[str, float]:
    """The pipeline's language id on the samples written for the project (in the repository:
    no data set needed, but measured with the rest)."""
    samples = langid.read_samples()
    detect = langid.pipeline_detector()
    return {
        f"language id: {kind}s right": langid.score(detect, samples, kind)[1]
        for kind in ("headline", "brief")
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuters", type=Path, default=datelines.DEFAULT_DATA)
    parser.add_argument("--pages", type=Path, default=extraction.DEFAULT_DATA)
    parser.add_argument("--samples", type=Path, default=wire.DEFAULT_DATA)
    parser.add_argument(
        "--require-data", action="store_true", help="fail (exit 2) when the data is missing"
    )
    args = parser.parse_args(argv)
    paths = (args.reuters, args.pages, args.samples)
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"quality gate skipped: evaluation data not found ({', '.join(missing)})")
        return 2 if args.require_data else 0
    started = time.perf_counter()
    figures = measure(args.reuters, args.pages, args.samples)
    below = []
    for name, floor in FLOORS.items():
        figure = figures[name]
        verdict = "ok" if figure >= floor else "BELOW THE FLOOR"
        print(f"{name:<52} {figure:.4f}  floor {floor:.3f}  {verdict}")
        if figure < floor:
            below.append(name)
    print(
        f"quality gate: {len(FLOORS) - len(below)} of {len(FLOORS)} floors met in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
