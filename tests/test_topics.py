"""IPTC Media Topic tagging: the vocabulary, the shipped rules file and the tagger."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import pytest
import yaml

from newsroom.core.models import TopicTag
from newsroom.stages.topics import (
    DEFAULT_RULES_PATH,
    TopicRules,
    TopicTagger,
    Vocabulary,
    accept_topics,
    load_tagger,
    tokenize,
)

SPORT = "medtop:15000000"
POLITICS = "medtop:11000000"
ELECTION = "medtop:20000574"
CONFLICT = "medtop:16000000"
ARMED_CONFLICT = "medtop:20000056"
ECONOMY = "medtop:04000000"
SCIENCE = "medtop:13000000"
HEALTH = "medtop:07000000"
DISASTER = "medtop:03000000"
CRIME = "medtop:02000000"
BASEBALL = "medtop:20000849"
COMPETITION_DISCIPLINE = "medtop:20000822"
WEATHER = "medtop:17000000"
RETIRED = "medtop:20000030"  # music theatre, retired 2021

STORIES = {
    SPORT: (
        "Red Sox rally past Yankees in extra innings",
        "David Ortiz hit a two-run homer in the 10th inning and the Boston Red Sox beat the "
        "New York Yankees 6-4 on Sunday, moving one game closer to a playoff berth. The "
        "pitcher struck out nine and the bullpen held on in front of a sellout crowd.",
    ),
    POLITICS: (
        "Opposition wins landslide in general election",
        "Voters handed the opposition party a clear majority in parliament on Sunday. The "
        "prime minister conceded defeat after the electoral commission announced that turnout "
        "was the highest in two decades and the ballot count was complete.",
    ),
    CONFLICT: (
        "Troops battle insurgents as ceasefire collapses",
        "Government soldiers fought rebel militias on the outskirts of the city overnight, "
        "and at least twelve fighters were killed in the clashes, the army said. Artillery "
        "shelling continued after a ceasefire brokered last month collapsed.",
    ),
    ECONOMY: (
        "Shares slide as central bank raises interest rates",
        "Stocks fell on Wall Street after the central bank raised interest rates by half a "
        "point to fight inflation. Investors sold bank shares and bond yields climbed; "
        "economists expect slower economic growth and weaker quarterly profits.",
    ),
    SCIENCE: (
        "Astronomers find water vapour on distant planet",
        "Scientists using a space telescope found signs of water vapour in the atmosphere of "
        "a planet orbiting a nearby star. The researchers published their findings in the "
        "journal Nature and said the discovery would guide future research.",
    ),
    HEALTH: (
        "Measles outbreak prompts vaccination drive",
        "Health officials reported forty new cases of measles this week and urged parents to "
        "have their children vaccinated. Hospitals in the region set up clinics, and doctors "
        "said the disease spreads quickly among patients without the vaccine.",
    ),
    DISASTER: (
        "Earthquake kills dozens, thousands homeless",
        "A powerful earthquake struck the mountainous region before dawn, collapsing homes "
        "and triggering landslides. Rescue workers searched the rubble for survivors as the "
        "death toll rose; aftershocks forced thousands to leave their homes.",
    ),
    CRIME: (
        "Police arrest two men after jewellery store robbery",
        "Police arrested two suspects on Tuesday after an armed robbery at a jewellery store "
        "in the city centre. Detectives said the men stole watches worth thousands; both "
        "were charged and will appear in court on Friday.",
    ),
}


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


@pytest.fixture(scope="module")
def tagger() -> TopicTagger:
    return load_tagger()


def write_rules(path: Path, topics: dict, **settings: object) -> Path:
    path.write_text(yaml.safe_dump({"settings": settings, "topics": topics}), encoding="utf-8")
    return path


# -- vocabulary -------------------------------------------------------------------------------


def test_vocabulary_has_the_17_top_level_topics(vocabulary: Vocabulary) -> None:
    top = vocabulary.top_level()
    assert len(top) == 17
    assert {c.qcode for c in top} == {f"medtop:{n:02d}000000" for n in range(1, 18)}
    assert vocabulary[SPORT].label == "sport"
    assert all(c.parent is None and c.level == 1 for c in top)


def test_levels_and_parents(vocabulary: Vocabulary) -> None:
    assert vocabulary[COMPETITION_DISCIPLINE].level == 2
    assert vocabulary[COMPETITION_DISCIPLINE].parent == SPORT
    assert vocabulary[BASEBALL].level == 3
    assert vocabulary[BASEBALL].parent == COMPETITION_DISCIPLINE
    assert vocabulary[BASEBALL].definition
    for concept in vocabulary.concepts.values():
        if concept.parent is not None:
            assert concept.level == vocabulary[concept.parent].level + 1


def test_ancestors_nearest_first(vocabulary: Vocabulary) -> None:
    assert vocabulary.ancestors(BASEBALL) == [COMPETITION_DISCIPLINE, SPORT]
    assert vocabulary.ancestors(SPORT) == []


def test_retired_concepts_are_not_active(vocabulary: Vocabulary) -> None:
    assert vocabulary[RETIRED].retired
    active = {c.qcode for c in vocabulary.active()}
    assert RETIRED not in active
    assert BASEBALL in active
    assert len(active) == sum(not c.retired for c in vocabulary.concepts.values())
    assert len(active) < len(vocabulary)


def test_vocabulary_from_a_minimal_export() -> None:
    base = "http://cv.iptc.org/newscodes/mediatopic/"
    data = {
        "uri": base,
        "prefSchemeAlias": "medtop",
        "dateReleased": "2030-01-01",
        "conceptSet": [
            {"uri": base + "15000000", "prefLabel": {"en-GB": "sport"}},
            {"uri": base + "20000822", "prefLabel": {"en-GB": "discipline"},
             "broader": [base + "15000000"]},
            {"uri": base + "29999999", "prefLabel": {"en-US": "new thing"},
             "broader": [base + "20000822"], "retired": "2031-01-01"},
        ],
    }  # fmt: skip
    vocab = Vocabulary.from_json(data)
    assert vocab.released == "2030-01-01"
    assert vocab["medtop:20000822"].parent == SPORT
    assert vocab["medtop:29999999"].level == 3
    assert vocab["medtop:29999999"].label == "new thing"
    assert vocab.ancestors("medtop:29999999") == ["medtop:20000822", SPORT]
    assert [c.qcode for c in vocab.active()] == [SPORT, "medtop:20000822"]


# -- the shipped rules file -------------------------------------------------------------------


def test_shipped_rules_name_only_active_concepts(vocabulary: Vocabulary) -> None:
    rules = TopicRules.load()
    assert rules.rules
    for code, rule in rules.rules.items():
        assert code in vocabulary, code
        assert not vocabulary[code].retired, code
        assert rule.terms, code
        assert all(weight > 0 for weight in rule.terms.values()), code


def test_shipped_rules_cover_every_top_level_topic(vocabulary: Vocabulary) -> None:
    rules = TopicRules.load()
    for concept in vocabulary.top_level():
        assert concept.qcode in rules.rules, concept.label
    level2 = [c for c in vocabulary.active() if c.level == 2]
    covered = [c for c in level2 if c.qcode in rules.rules]
    assert len(covered) >= len(level2) // 2


def test_shipped_rules_labels_match_the_vocabulary(vocabulary: Vocabulary) -> None:
    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    for code, body in data["topics"].items():
        assert body["label"] == vocabulary[code].label, code


def test_loading_the_shipped_rules_warns_about_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="newsroom.stages.topics"):
        TopicTagger(Vocabulary.load(), TopicRules.load())
    assert caplog.records == []


# -- tagging ----------------------------------------------------------------------------------


@pytest.mark.parametrize("expected", list(STORIES))
def test_stories_get_their_top_level_topic_first(tagger: TopicTagger, expected: str) -> None:
    title, text = STORIES[expected]
    tags = tagger.tag(title, text)
    top_level = [tag for tag in tags if tag.level == 1]
    assert top_level, tags
    assert top_level[0].code == expected, [(t.code, t.score, t.evidence) for t in tags]


def test_tags_are_sorted_scored_and_carry_evidence(tagger: TopicTagger) -> None:
    for title, text in STORIES.values():
        tags = tagger.tag(title, text)
        assert tags
        assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)
        for tag in tags:
            assert 0.0 <= tag.score <= 1.0
            assert tag.evidence
            assert tag.method in ("rules", "implied")
            assert tag.label == tagger.vocabulary[tag.code].label
            assert tag.level == tagger.vocabulary[tag.code].level


def test_ancestors_are_implied(tagger: TopicTagger) -> None:
    tags = {tag.code: tag for tag in tagger.tag(*STORIES[SPORT])}
    assert BASEBALL in tags
    assert tags[BASEBALL].method == "rules"
    assert tags[COMPETITION_DISCIPLINE].method == "implied"
    assert tags[COMPETITION_DISCIPLINE].score >= tags[BASEBALL].score
    assert tags[SPORT].score >= tags[COMPETITION_DISCIPLINE].score
    assert "innings" in tags[BASEBALL].evidence
    assert "innings" in tags[SPORT].evidence


def test_every_tag_brings_its_ancestors(tagger: TopicTagger) -> None:
    for title, text in STORIES.values():
        codes = {tag.code for tag in tagger.tag(title, text, limit=100)}
        for code in codes:
            assert set(tagger.vocabulary.ancestors(code)) <= codes


def test_second_level_topics(tagger: TopicTagger) -> None:
    assert ELECTION in {t.code for t in tagger.tag(*STORIES[POLITICS])}
    assert ARMED_CONFLICT in {t.code for t in tagger.tag(*STORIES[CONFLICT])}


def test_limit_and_empty_input(tagger: TopicTagger) -> None:
    assert len(tagger.tag(*STORIES[SPORT], limit=2)) == 2
    assert tagger.tag("", "") == []
    assert tagger.tag(None, "The the the of and a.") == []


def test_whole_words_only(tagger: TopicTagger) -> None:
    # "warning", "Warsaw" and "warden" hold "war" but are not the word "war".
    tags = tagger.tag("Warsaw warden issues warning", "The warden in Warsaw issued a warning.")
    assert CONFLICT not in {t.code for t in tags}


def test_title_counts_more_than_text(tagger: TopicTagger) -> None:
    in_title = tagger.tag("Earthquake", "The town met on Tuesday.")
    in_text = tagger.tag("The town met on Tuesday", "Earthquake.")
    score = {t.code: t.score for t in in_title}
    assert score[DISASTER] > {t.code: t.score for t in in_text}.get(DISASTER, 0.0)


def test_repeats_saturate(tagger: TopicTagger) -> None:
    once = {t.code: t.score for t in tagger.tag(None, "The earthquake.")}
    many = {t.code: t.score for t in tagger.tag(None, "The earthquake. " * 50)}
    assert once[DISASTER] < many[DISASTER] <= 1.0


def test_never_assigns_retired_concepts(tagger: TopicTagger) -> None:
    retired = {c.qcode for c in tagger.vocabulary.concepts.values() if c.retired}
    for title, text in STORIES.values():
        assert not retired & {t.code for t in tagger.tag(title, text, limit=100)}


def test_tokenize() -> None:
    assert tokenize("U.S. Open: Nadal's WIN") == ["u", "s", "open", "nadal", "s", "win"]


# -- editing the rules ------------------------------------------------------------------------


def test_an_edited_rules_file_changes_the_result(tmp_path: Path, vocabulary: Vocabulary) -> None:
    story = ("Quiet day at the allotment", "The gardeners compared their marrows and leeks.")
    assert WEATHER not in {t.code for t in TopicTagger(vocabulary, TopicRules.load()).tag(*story)}

    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    data["topics"][WEATHER]["terms"].append({"marrows": 2})
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    tags = TopicTagger(vocabulary, TopicRules.load(path)).tag(*story)
    assert tags[0].code == WEATHER
    assert "marrows" in tags[0].evidence


def test_weights_phrases_and_plurals(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = write_rules(
        tmp_path / "rules.yaml",
        {SPORT: {"label": "sport", "terms": ["penalty kick", {"referee": 0.2}, "=goal"]}},
        label_weight=0,
    )
    tagger = TopicTagger(vocabulary, TopicRules.load(path))
    assert [t.evidence for t in tagger.tag(None, "Two penalty kicks were given.")] == [
        ["penalty kick"]
    ]
    assert tagger.tag(None, "The penalty was a kick in the teeth.") == []
    assert tagger.tag(None, "The referee spoke.") == []  # 0.2 stays under min_score 0.5
    assert tagger.tag(None, "Three goals.") == []  # "=goal" matches the exact form only
    assert tagger.tag(None, "A goal.")[0].code == SPORT


def test_subtracting_exclusion(tmp_path: Path, vocabulary: Vocabulary) -> None:
    topics = {CONFLICT: {"label": "conflict", "terms": ["war"], "exclude": [{"price war": 1}]}}
    tagger = TopicTagger(vocabulary, TopicRules.load(write_rules(tmp_path / "r.yaml", topics)))
    assert tagger.tag(None, "War broke out.")[0].code == CONFLICT
    assert tagger.tag(None, "Airlines start a price war.") == []


def test_veto_exclusion_covers_the_branch(tmp_path: Path, vocabulary: Vocabulary) -> None:
    topics = {
        SPORT: {"label": "sport", "terms": ["match"], "exclude": ["video game"]},
        BASEBALL: {"label": "baseball", "terms": ["baseball"]},
    }
    tagger = TopicTagger(vocabulary, TopicRules.load(write_rules(tmp_path / "r.yaml", topics)))
    assert {t.code for t in tagger.tag(None, "A baseball match.")} >= {SPORT, BASEBALL}
    assert tagger.tag(None, "A baseball video game with a match mode.") == []


def test_shipped_exclusions(tagger: TopicTagger) -> None:
    virus = tagger.tag("New computer virus spreads", "The computer virus infected computers.")
    assert HEALTH not in {t.code for t in virus}
    assert virus[0].code == SCIENCE


def test_min_score(tmp_path: Path, vocabulary: Vocabulary) -> None:
    topics = {SPORT: {"label": "sport", "terms": ["match"], "min_score": 0.8}}
    tagger = TopicTagger(vocabulary, TopicRules.load(write_rules(tmp_path / "r.yaml", topics)))
    assert tagger.tag(None, "A match.") == []
    assert tagger.tag("Match", "The match. The match. Match.")[0].code == SPORT


def test_a_topic_that_yields_keeps_its_tag_and_the_subject_leads(
    tmp_path: Path, vocabulary: Vocabulary
) -> None:
    topics = {
        CRIME: {
            "label": "crime",
            "terms": ["lawsuit", "court"],
            "yields_to": {"topics": [ECONOMY], "share": 0.3},
        },
        ECONOMY: {"label": "economy", "terms": ["shares"]},
    }
    tagger = TopicTagger(vocabulary, TopicRules.load(write_rules(tmp_path / "r.yaml", topics)))
    story = "The lawsuit went to court again, and the court heard the company's shares fell."
    tops = [tag for tag in tagger.tag(None, story) if tag.level == 1]
    assert [tag.code for tag in tops] == [ECONOMY, CRIME]  # more crime evidence, but business
    assert tops[1].score < tops[0].score
    alone = [tag.code for tag in tagger.tag(None, "The lawsuit went to court.") if tag.level == 1]
    assert alone == [CRIME]  # nothing to yield to: crime leads
    few = "A lawsuit, a lawsuit, a lawsuit; court, court, court. Shares were mentioned."
    assert [t.code for t in tagger.tag(None, few) if t.level == 1][0] == CRIME  # under the share


def test_shipped_rules_let_the_subject_of_a_company_s_lawsuit_lead(tagger: TopicTagger) -> None:
    tags = tagger.tag(
        "Drug maker sued over painkiller",
        "Shareholders filed a lawsuit against the drug maker, saying it hid trial results; "
        "its shares fell 5 percent and the company said it would fight the charges in court.",
    )
    tops = [tag.code for tag in tags if tag.level == 1]
    assert tops[0] == ECONOMY and CRIME in tops


def test_rules_for_retired_or_unknown_concepts_warn(
    tmp_path: Path, vocabulary: Vocabulary, caplog: pytest.LogCaptureFixture
) -> None:
    topics = {
        RETIRED: {"label": "music theatre", "terms": ["musical"]},
        "medtop:99999999": {"label": "nothing", "terms": ["nothing"]},
    }
    rules = TopicRules.load(write_rules(tmp_path / "r.yaml", topics, label_weight=0))
    with caplog.at_level(logging.WARNING, logger="newsroom.stages.topics"):
        tagger = TopicTagger(vocabulary, rules)
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert RETIRED in messages and "retired" in messages
    assert "medtop:99999999" in messages
    assert tagger.tag("A musical", "A musical about nothing.") == []


@pytest.mark.parametrize(
    "body",
    [
        {"terms": ["ok"], "colour": "red"},
        {"terms": "not a list"},
        {"terms": [{"ok": "heavy"}]},
        {"terms": [{"ok": 0}]},
        {"terms": [True]},
        {"terms": ["ok"], "min_score": 2},
        {"terms": ["ok"], "yields_to": ["medtop:04000000"]},
        {"terms": ["ok"], "yields_to": {"topics": ["medtop:04000000"], "share": 3}},
    ],
)
def test_bad_rules_are_rejected(tmp_path: Path, body: dict) -> None:
    with pytest.raises(ValueError, match="medtop:15000000"):
        TopicRules.load(write_rules(tmp_path / "r.yaml", {SPORT: body}))


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("topics: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="rules.yaml: not valid YAML"):
        TopicRules.load(rules)
    rules.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ValueError, match="rules.yaml: expected a mapping"):
        TopicRules.load(rules)
    vocabulary = tmp_path / "cptall.json"
    vocabulary.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="cptall.json: not an IPTC JSON export"):
        Vocabulary.load(vocabulary)


def test_bad_settings_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="settings"):
        TopicRules.load(write_rules(tmp_path / "r.yaml", {}, colour="red"))
    with pytest.raises(ValueError, match="repeat_decay"):
        TopicRules.load(write_rules(tmp_path / "r.yaml", {}, repeat_decay=1.5))


def test_quoted_weighted_term_is_read_as_a_weight() -> None:
    rules = TopicRules.from_dict({"topics": {SPORT: {"terms": ["match: 0.5", "goal"]}}})
    assert rules.rules[SPORT].terms == {"match": 0.5, "goal": 1.0}


# -- scoring: calibration, the best top-level topic, definition words --------------------------


def test_shipped_scores_are_calibrated_probabilities(tagger: TopicTagger) -> None:
    assert tagger.rules.calibration is not None
    sport = tagger.tag(*STORIES[SPORT])
    assert sport[0].code == SPORT and sport[0].score > 0.8
    # The same amount of evidence, shared with a rival topic, is less sure.
    mixed = tagger.tag(
        "Baseball club shares slide", "The baseball club's shares fell on Wall Street."
    )
    scores = {t.code: t.score for t in mixed}
    assert scores[SPORT] < sport[0].score and scores[ECONOMY] < 0.9


def test_calibration_setting(tmp_path: Path, vocabulary: Vocabulary) -> None:
    topics = {SPORT: {"terms": ["match"]}, ECONOMY: {"terms": ["shares"]}}
    calibration = {"intercept": 0.0, "evidence": 0.0, "share": 2.0}
    path = write_rules(tmp_path / "r.yaml", topics, calibration=calibration, label_weight=0)
    tagger = TopicTagger(vocabulary, TopicRules.load(path))
    alone = tagger.tag(None, "A match.")
    assert alone[0].score == pytest.approx(1 / (1 + math.exp(-2.0)), abs=1e-4)
    both = {t.code: t.score for t in tagger.tag(None, "A match about shares.")}
    assert both[SPORT] == both[ECONOMY] == pytest.approx(1 / (1 + math.exp(-1.0)), abs=1e-4)
    with pytest.raises(ValueError, match="calibration"):
        TopicRules.load(write_rules(tmp_path / "bad.yaml", topics, calibration={"share": 1}))


def test_ranking_uses_evidence_when_scores_saturate(tmp_path: Path, vocabulary: Vocabulary) -> None:
    topics = {CRIME: {"terms": ["court"]}, SPORT: {"terms": ["match", "goal", "league"]}}
    path = write_rules(tmp_path / "r.yaml", topics, label_weight=0, evidence_scale=0.01)
    tags = TopicTagger(vocabulary, TopicRules.load(path)).tag("Court match", "Goal. League.")
    assert [t.code for t in tags] == [SPORT, CRIME]


def test_keep_best_top(tmp_path: Path, vocabulary: Vocabulary) -> None:
    topics = {SPORT: {"terms": [{"referee": 0.2}]}, ECONOMY: {"terms": [{"shares": 0.1}]}}
    off = write_rules(tmp_path / "off.yaml", topics, label_weight=0)
    on = write_rules(tmp_path / "on.yaml", topics, label_weight=0, keep_best_top=True)
    story = (None, "The referee owns shares.")
    assert TopicTagger(vocabulary, TopicRules.load(off)).tag(*story) == []
    assert [t.code for t in TopicTagger(vocabulary, TopicRules.load(on)).tag(*story)] == [SPORT]


def test_definition_words_count_for_their_branch(tmp_path: Path, vocabulary: Vocabulary) -> None:
    on = write_rules(tmp_path / "on.yaml", {}, label_weight=0, definition_weight=5.0)
    tagger = TopicTagger(vocabulary, TopicRules.load(on))
    off = TopicTagger(vocabulary, TopicRules.load(write_rules(tmp_path / "off.yaml", {})))
    assert off.tag(None, "The athletes and the competitions.") == []
    tags = tagger.tag(None, "The athletes and the competitions.")
    assert tags and tags[0].code == SPORT
    assert tags[0].evidence


def test_common_english_words_are_no_definition_evidence(
    tmp_path: Path, vocabulary: Vocabulary
) -> None:
    # "must", "days" and "play" are frequent in the sport definitions and in all English.
    story = (None, "He must play on for days.")
    rules = {"label_weight": 0, "definition_weight": 5.0}
    keep = write_rules(tmp_path / "keep.yaml", {}, **rules)
    skip = write_rules(tmp_path / "skip.yaml", {}, definition_max_zipf=5.5, **rules)
    kept = TopicTagger(vocabulary, TopicRules.load(keep)).tag(*story)
    assert kept and kept[0].code == SPORT and "must" in kept[0].evidence
    assert TopicTagger(vocabulary, TopicRules.load(skip)).tag(*story) == []
    # Rarer definition words still count.
    athletes = TopicTagger(vocabulary, TopicRules.load(skip)).tag(None, "The athletes compete.")
    assert athletes and athletes[0].code == SPORT


def test_shipped_tagger_takes_no_common_word_as_evidence(tagger: TopicTagger) -> None:
    common = "They must do it like this, then once more, for days"
    assert tagger.tag(None, common + ".") == []  # common words alone tag nothing
    tags = tagger.tag(None, common + ", the football league said after the match.")
    assert tags and all(tag.evidence for tag in tags)
    for tag in tags:  # and beside words that do tag, they are never evidence
        assert not {"must", "like", "then", "once", "days"} & set(tag.evidence), tag


def test_evidence_by_concept(tagger: TopicTagger) -> None:
    evidence = tagger.evidence(*STORIES[SPORT])
    assert evidence[SPORT] >= evidence[BASEBALL] > 0
    assert tagger.evidence("", "") == {}


def test_a_universitys_team_is_no_evidence_of_technology(tagger: TopicTagger) -> None:
    codes = [t.code for t in tagger.tag("Virginia Tech Hokies", "Virginia Tech beat Miami 24-10.")]
    assert codes[:1] == [SPORT] and SCIENCE not in codes


def test_british_spellings_count_as_the_american_ones(tagger: TopicTagger) -> None:
    for name in ("World Trade Organisation", "World Trade Organization"):
        tags = tagger.tag(None, f"The {name} ruled against the subsidies.")
        economy = next(tag for tag in tags if tag.code == ECONOMY)
        assert name.lower() in economy.evidence


def test_every_active_concept_can_be_tagged_by_the_shipped_rules(tagger: TopicTagger) -> None:
    assert [concept.label for concept in tagger.untaggable()] == []


def test_untaggable_lists_the_concepts_no_term_speaks_for(
    tmp_path: Path, vocabulary: Vocabulary
) -> None:
    rules = write_rules(tmp_path / "r.yaml", {BASEBALL: {"terms": ["baseball"]}}, label_weight=0)
    missing = {
        concept.qcode for concept in TopicTagger(vocabulary, TopicRules.load(rules)).untaggable()
    }
    assert BASEBALL not in missing
    assert missing == {concept.qcode for concept in vocabulary.active()} - {BASEBALL}


@pytest.mark.parametrize(
    ("title", "text", "label", "level"),
    [
        (
            "Murder trial opens",
            "Jurors heard testimony as the murder trial opened.",
            "trial (court)",
            4,
        ),
        (
            "Driver fined",
            "The driver was fined 500 dollars by the magistrate.",
            "fine (penalty)",
            6,
        ),
        ("Copper climbs", "Copper prices rose on the London Metal Exchange.", "metal", 4),
    ],
)
def test_deep_concepts_are_tagged(
    tagger: TopicTagger, title: str, text: str, label: str, level: int
) -> None:
    tag = next(tag for tag in tagger.tag(title, text) if tag.label == label)
    assert tag.level == level and tag.method == "rules" and tag.evidence


def test_an_accepted_topic_makes_its_broader_topics_certain_and_the_text_orders_them(
    vocabulary: Vocabulary,
) -> None:
    """An agency's monetary policy (under economy) and antitrust regulations (under crime, law
    and justice): both top-level topics are certain, whatever the rules scored them, and the one
    the text speaks for more comes first."""
    monetary, antitrust = "medtop:20000379", "medtop:20000123"
    rules = [
        TopicTag(ECONOMY, "economy, business and finance", 0.78, 1, "rules", ["economy"]),
        TopicTag(SCIENCE, "science and technology", 0.77, 1, "rules", ["software"]),
    ]
    accepted = {monetary: ["wire subject 04019001"], antitrust: ["wire subject 04016004"]}
    tags = accept_topics(rules, accepted, vocabulary, "wire")
    top = [(tag.code, tag.score, tag.method) for tag in tags if tag.level == 1]
    assert top == [
        (ECONOMY, 1.0, "implied"),  # the rules' 0.78, made certain; it leads, as the text has it
        (CRIME, 1.0, "implied"),
        (SCIENCE, 0.77, "rules"),
    ]
