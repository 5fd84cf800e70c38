"""Characters per word in Chinese, Japanese and Thai news copy, by segmenters (issue 21).

``newsroom.stages.words.count_words`` counts words in scripts without spaces by characters over
an average word length. This measures those averages with real segmenters on news copy written
for the project (the briefs of ``eval/langid_samples.txt`` and the paragraphs of
``tests/test_word_counts.py``), and compares each text's count with ``count_words``:

- Chinese: jieba (its default dictionary, HMM on), which keeps compounds like 国家统计局 whole.
- Japanese: janome (IPADIC morphemes: particles and endings apart, as MeCab counts them).
- Thai: PyThaiNLP's ``newmm`` (dictionary-based maximal matching).

A word is a token holding a letter or digit (punctuation is no word). The segmenters are not the
project's dependencies (on a paragraph of 100-300 characters: jieba 167 µs, janome 2.6 ms,
newmm 312 µs, against 7-12 µs for ``count_words``; 0.2-0.8 s each to load); install them into
any environment to run this:

    python -m venv /tmp/seg && /tmp/seg/bin/pip install jieba janome pythainlp
    /tmp/seg/bin/python eval/word_counts.py

Measured 2026-12-04 (jieba 0.42.1, janome 0.5.1, PyThaiNLP 5.4.0):

    lang  texts  chars  words  chars/word  count_words/segmenter: median  min   max
    ja       27   1659   1017        1.63                            0.97  0.81  1.19
    zh       26   1048    502        2.09                            1.00  0.90  1.29
    th       26   2790    505        5.52                            1.00  0.82  1.42
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from langid import read_samples  # noqa: E402

from newsroom.stages.words import count_words  # noqa: E402

WORD = re.compile(r"[^\W_]")


def segmenters() -> dict[str, object]:
    import jieba
    from janome.tokenizer import Tokenizer
    from pythainlp.tokenize import word_tokenize

    jieba.setLogLevel(60)
    tokenizer = Tokenizer(wakati=True)
    return {
        "zh": jieba.lcut,
        "ja": lambda text: list(tokenizer.tokenize(text)),
        "th": lambda text: word_tokenize(text, engine="newmm"),
    }


def test_paragraphs() -> dict[str, list[str]]:
    """The paragraphs of tests/test_word_counts.py, read without importing the test module."""
    namespace: dict[str, object] = {}
    source = (ROOT / "tests" / "test_word_counts.py").read_text(encoding="utf-8")
    for name in ("JAPANESE", "CHINESE", "THAI"):
        start = source.index(f"{name} = (")
        end = source.index(")\n", start) + 1
        exec(source[start:end], namespace)  # plain string literals
    story = source[source.index("STORY = [") : source.index("]\n", source.index("STORY = ["))]
    paragraphs = re.findall(r'"([^"]*)"', story)
    return {
        "ja": [str(namespace["JAPANESE"]), "".join(paragraphs)],
        "zh": [str(namespace["CHINESE"])],
        "th": [str(namespace["THAI"])],
    }


def main() -> int:
    try:
        segment = segmenters()
    except ImportError as exc:
        print(f"needs {exc.name}: see this script's docstring", file=sys.stderr)
        return 2
    texts = test_paragraphs()
    for language, kind, text in read_samples():
        if kind == "brief" and language in texts:
            texts[language].append(text)
    print("lang  texts  chars  words  chars/word  count_words/segmenter: median  min   max")
    for language, samples in texts.items():
        cut = segment[language]
        chars = words = 0
        ratios = []
        for text in samples:
            tokens = [token for token in cut(text) if WORD.search(token)]
            chars += sum(len(token) for token in tokens)
            words += len(tokens)
            ratios.append(count_words(text) / len(tokens))
        print(
            f"{language:<5} {len(samples):>5} {chars:>6} {words:>6} {chars / words:>11.2f}"
            f"  {statistics.median(ratios):>30.2f} {min(ratios):>5.2f} {max(ratios):>5.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
