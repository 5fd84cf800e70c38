"""eval/arabic.py, eval/lemonde.py, eval/lemonde_iptc.py, eval/headlines.py and eval/realnews.py
read their sets as published and score them (their figures are eval's to print): the ANT
corpus's files by section, Le Monde's feed items by the section of their URL or by what three
annotators agree they are about, published headlines by their site's section, real news as
JSON Lines by its label; eval/topics_multilingual.py gives each
written story its language when asked. Files written here stand in for the listed ones."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "eval"
sys.path.insert(0, str(EVAL))

import arabic  # noqa: E402
import headlines  # noqa: E402
import lemonde  # noqa: E402
import lemonde_iptc  # noqa: E402
import realnews  # noqa: E402

SPORT_DOC = """<DOC>
<DOCNO>JA-sport-1</DOCNO>
<CAT>sport</CAT>
<TITLE>المنتخب يفوز في المباراة الودية</TITLE>
<ABSTRACT>
</ABSTRACT>
<TEXT>
فاز المنتخب الوطني لكرة القدم على نظيره في المباراة التي أقيمت على الملعب الأولمبي، وأشاد
المدرب بأداء اللاعبين قبل انطلاق البطولة.
</TEXT>
</DOC>"""


def listed(paths: Path) -> list[str]:
    return [line for line in paths.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]


def test_arabic_reads_the_listed_files_by_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repository, _, name = next(
        line for line in listed(arabic.PATHS) if "/sport/" in line
    ).partition(":")
    assert repository.startswith("antcorpus/")
    (tmp_path / name).parent.mkdir(parents=True)
    (tmp_path / name).write_text(SPORT_DOC, encoding="utf-8")
    assert arabic.main([str(tmp_path), "--part", "all"]) == 0
    out, err = capsys.readouterr()
    assert "ANT corpus: 1 stories (all)" in out
    assert "detected language: ar 1" in out and "tagged by: rules:ar 1" in out
    assert "strict: 1.000 (1/1; no target)" in out
    assert "missing or empty (fetch it from antcorpus/" in err  # every other listed file


def test_arabic_without_its_files_says_where_to_fetch_them(tmp_path: Path) -> None:
    assert arabic.main([str(tmp_path / "nowhere")]) == 2
    assert arabic.main([str(tmp_path)]) == 2  # a folder without the listed files: nothing read


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Le Monde.fr - Sport</title>
<item><title><![CDATA[Le XV de France bat l'Angleterre au Tournoi des six nations]]></title>
<description><![CDATA[Les Bleus ont remporté le match, samedi au Stade de France, grâce à
deux essais en seconde période : l'équipe reste invaincue dans la compétition.]]></description>
<link>https://www.lemonde.fr/sport/article/2022/01/01/le-xv-de-france_1_3242.html</link></item>
<item><title><![CDATA[Le XV de France bat l'Angleterre au Tournoi des six nations]]></title>
<description><![CDATA[Le même article, deux fois dans le flux.]]></description>
<link>https://www.lemonde.fr/sport/article/2022/01/01/le-xv-de-france_1_3242.html?xtor=RSS</link></item>
<item><title><![CDATA[« Le sport doit rester une fête »]]></title>
<description><![CDATA[Une tribune.]]></description>
<link>https://www.lemonde.fr/idees/article/2022/01/01/le-sport_2_3232.html</link></item>
</channel></rss>"""


def test_lemonde_reads_feed_items_by_the_section_of_their_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = listed(lemonde.PATHS)[0]
    (tmp_path / first).parent.mkdir(parents=True)
    (tmp_path / first).write_text(FEED, encoding="utf-8")
    stories, problems = lemonde.read_feeds(tmp_path)
    assert [story.category for listed_ in stories.values() for story in listed_] == ["sport"]
    assert len(problems) == len(listed(lemonde.PATHS)) - 1  # the files not written here
    assert lemonde.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Le Monde: 1 stories (all)" in out  # the copy and the opinion piece are not read
    assert "strict: 1.000 (1/1; target 0.75)" in out


SPORT, POLITICS, ARTS = "medtop:15000000", "medtop:11000000", "medtop:01000000"
TWO_ITEMS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Le Monde.fr - Sport</title>
<item><title><![CDATA[Le XV de France bat l'Angleterre au Tournoi des six nations]]></title>
<description><![CDATA[Les Bleus ont remporté le match, samedi au Stade de France, grâce à
deux essais en seconde période : l'équipe reste invaincue dans la compétition.]]></description>
<link>https://www.lemonde.fr/sport/article/2022/03/01/le-xv-de-france_1_3242.html</link></item>
<item><title><![CDATA[Le ministre de la culture visite le festival]]></title>
<description><![CDATA[Une visite au festival de musique.]]></description>
<link>https://www.lemonde.fr/culture/article/2022/03/01/le-ministre_1_3246.html</link></item>
</channel></rss>"""


def answers(path: Path, topics: dict[int, str]) -> Path:
    path.write_text("".join(json.dumps({"n": n, "topic": t}) + "\n" for n, t in topics.items()))
    return path


def test_lemonde_iptc_scores_the_tagger_against_what_three_annotators_agree_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = listed(lemonde_iptc.PATHS)[0]
    (tmp_path / first).parent.mkdir(parents=True)
    (tmp_path / first).write_text(TWO_ITEMS, encoding="utf-8")
    items = tmp_path / "items.jsonl"
    assert lemonde_iptc.main([str(tmp_path), "--annotation", str(items)]) == 0
    shown = [json.loads(line) for line in items.read_text(encoding="utf-8").splitlines()]
    assert sorted(record["n"] for record in shown) == [0, 1]
    assert all(set(record) == {"n", "headline", "lead"} for record in shown)  # no URL, no section
    sport = next(r["n"] for r in shown if r["headline"].startswith("Le XV de France"))
    other = 1 - sport
    given = [
        answers(tmp_path / "a.jsonl", {sport: SPORT, other: ARTS}),
        answers(tmp_path / "b.jsonl", {sport: SPORT, other: POLITICS}),
        answers(tmp_path / "c.jsonl", {sport: POLITICS, other: SPORT}),
    ]
    labels = tmp_path / "labels.jsonl"
    combine = [str(tmp_path), "--combine", *map(str, given), "--labels", str(labels)]
    assert lemonde_iptc.main(combine) == 0
    records = {r["url"]: r for r in map(json.loads, labels.read_text().splitlines())}
    assert [r["topic"] for r in records.values()].count(None) == 1  # all three differ
    capsys.readouterr()
    assert lemonde_iptc.main([str(tmp_path), "--labels", str(labels)]) == 0
    out = capsys.readouterr().out
    assert "2 items, 1 with a label (1 on which the three annotators all differ)" in out
    assert "top-1 top-level: 1.000 (1/1; target 0.75)" in out
    assert "each annotator against the label: 1.000, 1.000, 0.000" in out


def test_lemonde_iptc_names_the_answer_file_that_leaves_an_item_out(tmp_path: Path) -> None:
    first = listed(lemonde_iptc.PATHS)[0]
    (tmp_path / first).parent.mkdir(parents=True)
    (tmp_path / first).write_text(TWO_ITEMS, encoding="utf-8")
    short = answers(tmp_path / "short.jsonl", {0: SPORT})
    full = answers(tmp_path / "full.jsonl", {0: SPORT, 1: ARTS})
    with pytest.raises(SystemExit, match=r"short\.jsonl: no answer for items \[1\]"):
        lemonde_iptc.main([str(tmp_path), "--combine", str(full), str(short), str(full)])


def test_headlines_are_read_by_their_header_once_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    detik = tmp_path / "berita.csv"
    detik.write_text(
        "JUDUL,KATEGORI\n"
        '"Gempa Guncang Cianjur, Warga Mengungsi",Politik\n'
        "Timnas Kalah di Stadion GBK,Olahraga\n"
        "Timnas Kalah di Stadion GBK,Olahraga\n"  # the set repeats rows: read once
        "Harga Saham Bank Anjlok,Ekonomi\n"
        "Judul tanpa kategori,Hiburan\n",  # no section of the set's: said, not read
        encoding="utf-8",
    )
    chosen, stories, problems = headlines.read_headlines(detik)
    assert chosen is headlines.INDONESIAN
    assert {section: len(listed) for section, listed in stories.items() if listed} == {
        "Politik": 1,
        "Olahraga": 1,
        "Ekonomi": 1,
    }
    assert problems == [f"{detik}:6: no headline of a known section"]
    assert headlines.main([str(detik), "--declared"]) == 0
    out = capsys.readouterr().out
    assert "Indonesian detik.com headlines: 3 stories (all)" in out
    assert "detected language: id 3" in out  # declared, as a feed would


def test_headlines_of_another_shape_are_refused_with_the_shapes_known(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("headline,label\nA,B\n", encoding="utf-8")
    with pytest.raises(ValueError, match="title,source_category"):
        headlines.read_headlines(other)
    assert headlines.main([str(other)]) == 2
    assert headlines.main([str(tmp_path / "missing.csv")]) == 2


def test_topics_multilingual_can_give_each_story_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import topics_multilingual

    story = {
        "lang": "ms",
        "topic": "medtop:04000000",
        "title": "Harga minyak sawit naik",
        "text": "Harga minyak sawit mentah naik pada dagangan hari ini susulan permintaan yang "
        "tinggi dari India, kata peniaga.",
    }
    stories = tmp_path / "stories.jsonl"
    stories.write_text(json.dumps(story) + "\n", encoding="utf-8")
    assert topics_multilingual.main(["--stories", str(stories)]) == 0
    assert "detected language: id 1" in capsys.readouterr().out  # Malay read as Indonesian
    assert topics_multilingual.main(["--stories", str(stories), "--declared"]) == 0
    out = capsys.readouterr().out
    assert "detected language: ms 1" in out and "tagged by: rules:ms (1)" in out


def test_topic_terms_lists_the_names_of_concepts_the_tagger_counts_only() -> None:
    import topic_terms

    from newsroom.stages.topics import load_translations

    active = topic_terms.active_translations("fr")
    backstroke = "medtop:20001072"  # retired; its French name "dos" (the back) reads nothing
    assert load_translations("fr")[backstroke][0] == ("dos",)
    assert backstroke not in active and "medtop:15000000" in active


def test_realnews_reads_labelled_stories_and_scores_each_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {
            "title": "巨人が阪神に勝利",
            "text": "プロ野球のセ・リーグで巨人が阪神を下した。",
            "label": "sports-watch",
        },
        {"title": "新型デジカメ発売", "text": "一眼レフの新機種が発売された。", "label": "smax"},
        {
            "title": "日本代表が優勝",
            "text": "サッカーの日本代表が決勝で勝った。",
            "label": "sports-watch",
        },
        {"title": "x", "text": "y", "label": "no-such-channel"},
    ]
    path = tmp_path / "ja.jsonl"
    path.write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\nnot json\n",
        encoding="utf-8",
    )
    stories, problems = realnews.read_jsonl(path, realnews.SETS["livedoor"])
    assert [story.category for story in stories] == ["sports-watch", "smax", "sports-watch"]
    assert problems == [
        f"{path}:4: label 'no-such-channel' is not one of livedoor news corpus's",
        f"{path}:5: not JSON (Expecting value)",
    ]
    assert realnews.main(["livedoor", str(path), "--part", "dev"]) == 0
    out = capsys.readouterr().out
    assert "livedoor news corpus (ja): 2 stories (dev)" in out  # each label's first, third...
    assert "strict: 1.000 (2/2" in out
    assert realnews.main(["livedoor", str(tmp_path / "missing.jsonl")]) == 2


ARCHIVE_ITEM = """<item><title><![CDATA[{title}]]></title>
<description><![CDATA[{lead}]]></description>
<link>https://www.lemonde.fr/{section}/article/{date}/item-{n}_{n}_1.html</link></item>"""
# Words no French rule knows: only a model learnt from the archive's health section can file them
INVENTED = ("Les flimbores de Zorblax, numéro {n}", "Le plonvir a grelté les flimbores mardi.")
MATCH = ("Le club de {n} gagne le match de football", "L'équipe a marqué deux buts samedi.")


def test_learn_archive_tags_each_day_by_a_model_of_the_archive_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Le Monde's archive, filed by section, teaches a French model; each labelled day is tagged
    by what was published before it, and an archive item that is a labelled one is not taught."""
    items = [
        ARCHIVE_ITEM.format(title=title.format(n=n), lead=lead, section=section, date=date, n=n)
        for n in range(30)
        for section, (title, lead), date in (
            ("sante", INVENTED, "2022/08/10"),
            ("sport", MATCH, "2022/08/10"),
        )
    ]
    late = ARCHIVE_ITEM.format(
        title="Les flimbores tardives",
        lead="Après le jour.",
        section="sante",
        date="2022/10/01",
        n=99,
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel>{"".join(items)}{late}</channel></rss>'
    )
    (tmp_path / "archive.xml").write_text(feed, encoding="utf-8")
    paths = tmp_path / "paths.txt"
    paths.write_text("# the archive\narchive.xml\n", encoding="utf-8")
    health, sport = lemonde.HEALTH, lemonde.SPORT
    stories, labels = [], {}
    for n in range(100, 110):
        for topic, (title, lead) in ((health, INVENTED), (sport, MATCH)):
            url = f"https://www.lemonde.fr/international/article/2022/09/01/{topic[-8:]}-{n}_1.html"
            stories.append(
                lemonde.Story("international", url, f"{title.format(n=n)}\n{lead}", title)
            )
            labels[url] = {"topic": topic}
    # the first archive item again, labelled: not taught
    stories.append(lemonde.Story("sante", items[0].split("<link>")[1].split("<")[0], "x\ny", "x"))
    labels[stories[-1].origin] = {"topic": None}

    archive = lemonde_iptc.read_archive(tmp_path, paths, stories)
    assert len(archive) == 60 and stories[-1].origin not in {story.origin for story in archive}
    lemonde_iptc.evaluate_archive(archive, stories, labels, "test")
    out = capsys.readouterr().out
    assert "2022-09-01: 20 items tagged, 59 archive items taught: rules alone 0.500, with" in out
    assert "by section (60 items in all), tagged the test part" in out
    assert "rules and model 1.000 (20/20)" in out
    assert f"  {health}   10  rules 0.000  with model 1.000" in out
    assert f"  {sport}   10  rules 1.000  with model 1.000" in out


def test_the_archive_part_scores_the_pipeline_against_its_one_annotator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--part archive``: the archive's items (not the labelled ones) against the archive's
    labels, without the three annotators' figures the archive has not."""
    first = listed(lemonde_iptc.PATHS)[0]
    (tmp_path / first).parent.mkdir(parents=True)
    (tmp_path / first).write_text(TWO_ITEMS, encoding="utf-8")
    items = [
        ARCHIVE_ITEM.format(title=title.format(n=n), lead=lead, section="sport", date=date, n=n)
        for n, (title, lead), date in ((1, MATCH, "2022/01/15"), (2, INVENTED, "2022/02/15"))
    ]
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{"".join(items)}</channel></rss>'
    (tmp_path / "archive.xml").write_text(feed, encoding="utf-8")
    paths = tmp_path / "paths.txt"
    paths.write_text("archive.xml\n", encoding="utf-8")
    urls = [item.split("<link>")[1].split("<")[0] for item in items]
    labels = tmp_path / "archive_labels.jsonl"
    labels.write_text(
        "".join(json.dumps({"url": url, "topic": SPORT}) + "\n" for url in urls), encoding="utf-8"
    )
    monkeypatch.setattr(lemonde_iptc, "ARCHIVE_PATHS", paths)
    monkeypatch.setattr(lemonde_iptc, "ARCHIVE_LABELS", labels)
    assert lemonde_iptc.main([str(tmp_path), "--part", "archive"]) == 0
    out = capsys.readouterr().out
    assert "2 items, 2 with a label\n" in out
    assert "top-1 top-level: 0.500 (1/2; target 0.75)\n" in out  # the invented words: no topic
    assert "annotators" not in out and "all three" not in out
