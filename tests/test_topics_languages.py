"""Topics by the story's language: one language's rules never read another language's words.

English rules read on German text took "mit" for MIT, "war" for a war and "Chef" for a cook; on
French text "un" for the UN and "par" for golf. Each story is now tagged by the rules of its own
language (English also for text of unknown language), or by none, and ``topics_method`` says
which. Accepted topics (given with the input, sent by the agency) apply in every language.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import Engine, update
from sqlmodel import Session

from db import crud
from db.models import Article
from newsroom.core.models import RawItem
from newsroom.core.settings import get_settings
from newsroom.services.retagging import retag_articles
from newsroom.stages.pipeline import process_item, process_json_line
from newsroom.stages.tagger import get_tagger, model_path, rules_files
from newsroom.stages.topic_model import CombinedTagger, TopicModel, save
from newsroom.stages.topics import TopicRules, TopicTagger, load_tagger, load_translations
from tests.cli import newsroom

GERMAN = (
    "Der Chef war mit dem Ergebnis zufrieden",
    "Der Chef des Unternehmens war mit dem Ergebnis des Jahres zufrieden. Der Umsatz stieg um "
    "zwölf Prozent, wie die Firma am Dienstag in München mitteilte. Mit dem neuen Werk will der "
    "Konzern weiter wachsen, sagte der Chef.",
)
FRENCH = (
    "Un accord signé par les deux villes",
    "Un accord a été signé mardi par les maires des deux villes pour un nouveau pont sur la "
    "Loire. Le chantier, financé par la région, doit durer un an, selon un communiqué publié "
    "par la mairie.",
)
LITHUANIAN = (  # a language without topic rules
    "Vilniuje atidarytas naujas meno muziejus",
    "Vilniuje šeštadienį atidarytas naujas meno muziejus, ir pirmąją dieną parodą aplankė keli "
    "tūkstančiai žmonių. Muziejaus direktorius sakė, kad kolekcijoje yra Lietuvos ir užsienio "
    "menininkų darbų.",
)
ENGLISH = (
    "Rebels attack army base",
    "Rebels attacked an army base in the north of the country on Tuesday, and the fighting "
    "went on through the night, the defence ministry said. The war has driven thousands from "
    "their homes.",
)
# What English rules read in the German and French stories: none of it is there.
FALSE_FRIENDS = {"mit", "war", "chef", "un", "par"}
CONFLICT, LIFESTYLE, SCIENCE, POLITICS, SPORT = (
    "medtop:16000000",
    "medtop:10000000",
    "medtop:13000000",
    "medtop:11000000",
    "medtop:15000000",
)
INTERNATIONAL_ORGANISATION = "medtop:20000644"


def parsed(title: str, text: str, **fields: Any) -> dict[str, Any]:
    """What ``newsroom parse --jsonl`` gives for one record."""
    return process_json_line(json.dumps({"id": 1, "title": title, "text": text, **fields}), 1)


def evidence(output: dict[str, Any]) -> set[str]:
    return {word.lower() for tag in output["topics"] for word in tag["evidence"]}


def test_a_german_story_gets_no_tag_from_english_rules() -> None:
    output = parsed(*GERMAN)
    assert output["error"] is None and output["language"] == "de"
    assert not evidence(output) & FALSE_FRIENDS
    assert output["topics_method"] == "rules:de"
    codes = {tag["code"] for tag in output["topics"]}
    assert not codes & {CONFLICT, LIFESTYLE, SCIENCE}  # war, chef, MIT


def test_a_french_story_gets_no_united_nations_from_un() -> None:
    output = parsed(*FRENCH)
    assert output["error"] is None and output["language"] == "fr"
    assert not evidence(output) & FALSE_FRIENDS
    assert output["topics_method"] == "rules:fr"
    codes = {tag["code"] for tag in output["topics"]}
    assert INTERNATIONAL_ORGANISATION not in codes and SPORT not in codes  # the UN, golf's par


def test_a_story_in_a_language_without_rules_gets_no_topics_and_says_why() -> None:
    output = parsed(*LITHUANIAN)
    assert output["error"] is None and output["language"] == "lt"
    assert output["topics"] == []
    assert output["topics_method"] == "none: no topic rules for language 'lt'"


def test_accepted_topics_apply_in_every_language() -> None:
    output = parsed(*LITHUANIAN, topics=["arts, culture, entertainment and media"])
    assert [(tag["code"], tag["method"]) for tag in output["topics"]] == [
        ("medtop:01000000", "input")
    ]
    assert output["topics_method"] == "none: no topic rules for language 'lt'"


def test_english_stories_are_tagged_as_before() -> None:
    output = parsed(*ENGLISH)
    assert output["language"] == "en" and output["topics_method"] == "rules:en"
    alone = load_tagger().tag(ENGLISH[0], ENGLISH[1])  # the English rules, as on every story
    assert [(t["code"], t["score"]) for t in output["topics"]] == [(t.code, t.score) for t in alone]
    assert output["topics"][0]["code"] == CONFLICT


def test_text_of_unknown_language_is_read_by_the_english_rules() -> None:
    article = process_item(RawItem("test", "short", "short", text="War.", title="War"))
    assert article.language is None
    assert article.topics_method == "rules:en"
    assert CONFLICT in {tag.code for tag in article.topics}


def test_retag_reads_each_stored_story_in_its_own_language(sqlite_engine: Engine) -> None:
    items = [
        RawItem("test", key, key, title=title, text=text)
        for key, (title, text) in {"de": GERMAN, "fr": FRENCH, "en": ENGLISH}.items()
    ]
    articles = [process_item(item) for item in items]
    with Session(sqlite_engine) as session:
        crud.sync_topics(get_tagger().vocabulary.concepts.values(), session=session)
        crud.upsert_articles(articles, session=session)
        session.commit()
    ids = {article.key: article.id for article in articles}
    with Session(sqlite_engine) as session:
        before = crud.topic_links(list(ids.values()), session=session)
    retag_articles(list(ids.values()), engine=sqlite_engine, tagger=get_tagger())
    with Session(sqlite_engine) as session:
        after = crud.topic_links(list(ids.values()), session=session)
        # the same German story stored without a language: unknown, so read as English
        session.execute(update(Article).where(Article.id == ids["de"]).values(language=None))  # type: ignore[arg-type]
        session.commit()
    assert after == before  # nothing changed: retag reads what ingest read
    assert CONFLICT not in after[ids["de"]] and CONFLICT in after[ids["en"]]
    retag_articles([ids["de"]], engine=sqlite_engine, tagger=get_tagger())
    with Session(sqlite_engine) as session:
        unknown = crud.topic_links([ids["de"]], session=session)[ids["de"]]
    assert CONFLICT in unknown  # "war": the language column is what keeps English rules off


def test_a_model_never_tags_another_language_than_it_learnt() -> None:
    model = TopicModel(
        TfidfVectorizer(), [], np.zeros((0, 0)), np.zeros(0), np.zeros((0, 5)), 0.5, 0
    )
    german = TopicTagger(
        load_tagger().vocabulary, TopicRules.from_dict({"settings": {"language": "de"}})
    )
    assert model.language == "en"  # a model saved before languages were recorded: English
    with pytest.raises(ValueError, match="cannot tag with the 'de' rules"):
        CombinedTagger(german, model)
    assert CombinedTagger(load_tagger(), model).language == "en"


def test_an_english_model_tags_english_stories_only() -> None:
    model = TopicModel(
        TfidfVectorizer(), [], np.zeros((0, 0)), np.zeros(0), np.zeros((0, 5)), 0.5, 0
    )
    english = Path(get_settings().tagger_model)
    save(model, english)
    tagger = get_tagger()
    assert tagger.method("en") == "rules+model:en" and tagger.method(None) == "rules+model:en"
    assert tagger.method("de") == "rules:de"  # no German model: the English one never reads it
    save(TopicModel(**{**vars(model), "language": "de"}), model_path(english, "de"))
    assert tagger.method("de") == "rules+model:de"
    save(model, model_path(english, "fr"))  # an English model where the French one goes
    with pytest.raises(ValueError, match="cannot tag with the 'fr' rules"):
        tagger.tag(*FRENCH, language="fr")


def test_rules_of_another_language_ignore_the_vocabulary_s_english_labels() -> None:
    vocabulary = load_tagger().vocabulary
    german = TopicTagger(
        vocabulary,
        TopicRules.from_dict(
            {
                "settings": {"language": "de", "label_weight": 0.3, "definition_weight": 0.3},
                "topics": {POLITICS: {"terms": ["wahl*", "*wahl", "=parlament"]}},
            }
        ),
    )
    assert german.tag(None, "The election and the war in the army.") == []  # English labels
    tags = {tag.code: tag for tag in german.tag(None, "Die Bundestagswahl und die Wahlen.")}
    assert tags[POLITICS].evidence == ["*wahl", "wahl*"]


SPANISH = (
    "Elecciones anticipadas en Portugal",
    "El presidente ha disuelto el Parlamento y convocado elecciones anticipadas para marzo. Los "
    "sondeos apuntan a un empate entre los dos grandes partidos.",
)


def test_a_spanish_story_is_tagged_by_the_iptc_s_spanish_names() -> None:
    output = parsed(*SPANISH)
    assert output["language"] == "es" and output["topics_method"] == "rules:es"
    assert output["topics"][0]["code"] == POLITICS
    assert not evidence(output) & FALSE_FRIENDS


def test_translated_names_that_list_things_count_as_each() -> None:
    french = load_translations("fr")
    assert french["medtop:01000000"][0] == ("arts", "culture", "divertissement", "médias")
    assert "kriminalität" in load_translations("de")["medtop:02000000"][0]
    assert load_translations("xx") == {}


# Italian and Russian: hand-written terms only (the IPTC has no names in either). The Italian
# story holds a word the English rules read as a topic: "dell'estate" is Dell, the company.
ITALIAN = (
    "Rapina in una villa, la polizia arresta tre uomini",
    "La polizia di Napoli ha arrestato tre uomini accusati di una rapina in una villa sul "
    "lungomare, avvenuta alla fine dell'estate. Secondo la procura, un complice è ancora "
    "ricercato. Il giudice ha convalidato il fermo e i tre restano in carcere.",
)
RUSSIAN_ELECTION = (
    "В Молдавии прошли выборы в парламент",
    "Выборы в парламент прошли в воскресенье. На выборах победила правящая партия, сообщила "
    "центральная избирательная комиссия. Явка составила 52 процента, оппозиция заявила о "
    "нарушениях.",
)
RUSSIAN_THEFT = (
    "Полиция задержала подозреваемых в краже",
    "Полиция Санкт-Петербурга задержала двух мужчин, подозреваемых в краже из частной "
    "коллекции. Вместе с полицией в обыске участвовали следователи. По данным прокуратуры, "
    "возбуждено уголовное дело.",
)
CRIME = "medtop:02000000"
EDUCATION = "medtop:05000000"


def tagged_by_own_rules(story: tuple[str, str], language: str, topic: str) -> dict[str, Any]:
    """The story parsed, found in ``language``, tagged ``topic`` first by that language's rules."""
    output = parsed(*story)
    assert output["error"] is None and output["language"] == language
    assert output["topics_method"] == f"rules:{language}"
    assert output["topics"][0]["code"] == topic and output["topics"][0]["method"] == "rules"
    return output


def rule_terms(language: str) -> set[str]:
    """Every term the shipped rules of ``language`` write, as written."""
    rules = TopicRules.load(rules_files(None)[language])
    return {term for rule in rules.rules.values() for term in rule.terms}


@pytest.mark.parametrize(
    ("story", "language", "topic", "stems"),
    [
        (ITALIAN, "it", CRIME, {"polizia", "rapina*", "arrestat*"}),
        (RUSSIAN_ELECTION, "ru", POLITICS, {"выбор*"}),  # выборы, выборах
        (RUSSIAN_THEFT, "ru", CRIME, {"полиц*"}),  # полиция, полицией
    ],
)
def test_italian_and_russian_stories_are_tagged_by_their_own_rules(
    story: tuple[str, str], language: str, topic: str, stems: set[str]
) -> None:
    output = tagged_by_own_rules(story, language, topic)
    found = {word for tag in output["topics"] for word in tag["evidence"]}
    assert stems <= found
    assert found <= rule_terms(language)  # no English term, no IPTC name: the rules' own


def test_english_rules_would_misread_the_italian_story() -> None:
    alone = {word for tag in load_tagger().tag(*ITALIAN) for word in tag.evidence}
    assert "dell" in alone  # what the language gate keeps off Italian text
    output = parsed(*ITALIAN)
    assert output["topics"] and "dell" not in evidence(output)  # tagged, by Italian words


ARTS = "medtop:01000000"
# German-language news as Austria and Switzerland write it, and the subjects "Spiel" misled
# (written for the project; the misses that showed the gap were 10kGNAD's, eval/gnad.py).
GERMAN_REAL_NEWS = [
    (
        (
            "Streit um Budget",
            "Wien – ÖVP und SPÖ haben sich im Nationalrat nicht auf das Budget geeinigt. Der "
            "Landeshauptmann von Tirol und die FPÖ forderten am Montag Neuwahlen.",
        ),
        POLITICS,
        {"övp", "spö", "nationalrat*", "landeshauptm*", "fpö"},
    ),
    (
        (
            "Neue Sendung im ORF",
            "Der ORF startet im Herbst eine neue Sendung am Sonntagabend. Die Moderatorin kommt "
            "vom Privatsender, teilte der Chefredakteur mit.",
        ),
        ARTS,
        {"orf", "sendung*", "moderator*", "chefredakteur*"},
    ),
    (
        (
            "Rollenspiel für die Konsole",
            "Das neue Rollenspiel des Studios erscheint im Frühjahr für PC und Konsole. Spieler "
            "können das Videospiel vorab auf der Playstation testen.",
        ),
        LIFESTYLE,
        {"rollenspiel*", "videospiel*", "playstation"},
    ),
]


@pytest.mark.parametrize(
    "language", ["it", "ru", "ja", "ko", "ms", "cs", "ro", "hu", "bg", "ca", "hr"]
)
def test_tagger_check_explains_a_language_without_iptc_names(language: str) -> None:
    checked = newsroom("tagger", "check", "--language", language)
    assert checked.returncode == 0, checked.stderr
    assert "17 can be tagged" in checked.stdout
    assert f"names and definitions in {language!r}: none" in checked.stdout
    assert "have no terms (add some" not in checked.stdout  # every top-level topic has terms
    assert checked.stderr == ""


@pytest.mark.parametrize("language", sorted(rules_files(None)))
def test_every_shipped_rules_file_loads_every_term(
    language: str, caplog: pytest.LogCaptureFixture
) -> None:
    # A term the tagger cannot read is dropped with a warning: a shipped file must have none
    # (Polish "mgł*" was too short, Turkish "milli takım*" a phrase with an ending).
    from newsroom.stages.topics import DEFAULT_VOCABULARY_PATH, build_tagger

    with caplog.at_level(logging.WARNING, logger="newsroom.stages.topics"):
        build_tagger(DEFAULT_VOCABULARY_PATH, rules_files(None)[language])
    assert caplog.text == ""


def test_rules_that_weigh_names_the_iptc_never_wrote_say_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from newsroom.stages.topics import rules_translations  # new with Italian and Russian rules

    vocabulary = load_tagger().vocabulary
    rules = TopicRules.from_dict({"settings": {"language": "it", "label_weight": 0.3}})
    with caplog.at_level(logging.WARNING, logger="newsroom.stages.topics"):
        assert rules_translations(vocabulary, rules) == {}
    assert "no names or definitions in 'it'" in caplog.text
    caplog.clear()
    shipped = TopicRules.load(rules_files(None)["ru"])
    with caplog.at_level(logging.WARNING, logger="newsroom.stages.topics"):
        assert rules_translations(vocabulary, shipped) == {}
    assert caplog.text == ""  # the shipped Russian rules weigh names at 0


ECONOMY = "medtop:04000000"
SCIENCE = "medtop:13000000"
# Francophone news outside France (written for the project; the misses that showed the gap were
# MasakhaNEWS's BBC Afrique articles, eval/masakhane.py): money in CFA francs and dollars, and
# the web and telephones.
FRENCH_REAL_NEWS = [
    (
        (
            "Le FMI accorde un prêt au Sénégal",
            "Dakar – Le Fonds monétaire international (FMI) a approuvé un financement de 500 "
            "millions de dollars. La dette du pays et la monnaie commune, le franc CFA, pèsent "
            "sur les investissements, selon la Banque mondiale.",
        ),
        ECONOMY,
        {"=fmi", "financ*", "=dollars", "dette*", "monnaie*", "franc cfa", "banque mondiale"},
    ),
    (
        (
            "Des pirates informatiques visent les téléphones portables",
            "Abidjan – Une cyberattaque a visé les utilisateurs de WhatsApp et de Facebook. Les "
            "hackers ont volé des données personnelles grâce à un logiciel malveillant, selon "
            "une société de cybersécurité.",
        ),
        SCIENCE,
        {"téléphones portables", "cyber*", "hacker*", "données personnelles"},
    ),
]


# Spanish-language news outside Spain (written for the project; the misses that showed the gap
# were El Comercio's, eval/elcomercio.py): the exchange rate, money in dollars and soles, and
# telephones and the web.
SPANISH_REAL_NEWS = [
    (
        (
            "El dólar abre la semana a la baja en Lima",
            "Lima – El tipo de cambio cerró el lunes en 3,79 soles por dólar en el mercado "
            "interbancario, según el Banco Central de Reserva. En las casas de cambio la "
            "cotización fue de 3,80, tras la entrada de divisas por 500 millones de dólares.",
        ),
        ECONOMY,
        {"tipo de cambio", "interbancari*", "casas de cambio", "cotizaci*", "divisa*"},
    ),
    (
        (
            "Una falla deja sin WhatsApp a los celulares de millones de usuarios",
            "Lima – Los usuarios de teléfonos celulares no pudieron enviar mensajes por la "
            "aplicación durante dos horas. La empresa descartó un ciberataque y pidió paciencia "
            "en sus redes sociales.",
        ),
        SCIENCE,
        {"whatsapp", "celular*", "usuario*", "ciber*", "redes sociales"},
    ),
]


# Brazilian news (written for the project; the misses that showed the gap were those of
# eval/brazil.py's dev part): the dollar's rate and share offerings, computing and phones, and
# television's reality shows and their hosts.
PORTUGUESE_REAL_NEWS = [
    (
        (
            "Dólar fecha em alta e Bolsa recua com cautela fiscal",
            "A moeda norte-americana subiu 1,2% e terminou cotada a R$ 5,31, enquanto o "
            "Ibovespa caiu. No mercado de câmbio, a cotação reagiu às dúvidas sobre as contas "
            "públicas, e a varejista adiou o seu IPO na bolsa de valores.",
        ),
        ECONOMY,
        {"dólar", "câmbio", "cotação", "moeda norte-americana", "ipo", "bolsa de valores"},
    ),
    (
        (
            "Novo aplicativo de mensagens chega aos celulares Android",
            "O aplicativo promete criptografia e já pode ser baixado por usuários de "
            "smartphones. A empresa afirma que os dados pessoais ficam no dispositivo e que "
            "a versão para tablets e para o videogame da casa sai em março.",
        ),
        SCIENCE,
        {"aplicativo*", "usuário*", "dados pessoais", "dispositivo*", "videogame*"},
    ),
    (
        (
            "Apresentadora confirma nova edição do reality no ar em janeiro",
            "A emissora anunciou que o reality terá participantes famosos, e a apresentadora "
            "prometeu provas ao vivo. A cantora convidada fará um show na estreia.",
        ),
        ARTS,
        {"reality*", "apresentador*", "emissora*", "show"},
    ),
]


@pytest.mark.parametrize(
    ("language", "story", "topic", "terms"),
    [("de", *case) for case in GERMAN_REAL_NEWS]
    + [("fr", *case) for case in FRENCH_REAL_NEWS]
    + [("es", *case) for case in SPANISH_REAL_NEWS]
    + [("pt", *case) for case in PORTUGUESE_REAL_NEWS],
)
def test_rules_know_the_words_of_news_beyond_one_country(
    language: str, story: tuple[str, str], topic: str, terms: set[str]
) -> None:
    # German: Austrian politics, broadcasting and video games; French: money and computing as
    # francophone Africa writes them; Spanish: the exchange rate and telephones as Latin
    # America writes them; Portuguese: the dollar, computing and television as Brazil does.
    output = parsed(*story)
    assert output["language"] == language and output["topics_method"] == f"rules:{language}"
    assert output["topics"][0]["code"] == topic
    assert {term.lstrip("=") for term in terms} <= evidence(output)  # as written, without "="


# Celebrity news names the network a star posted on and the phone in her hand (written for the
# project; the misses that showed it were those of eval/brazil.py's test part).
WHERE_A_STORY_HAPPENS = [
    (
        "pt",
        "Ator revela como o nome da esposa está salvo no celular",
        "Em vídeo no Instagram, o ator da novela das nove mostrou a tela do celular aos "
        "seguidores e brincou com os fãs.",
        {"celular", "instagram"},
    ),
    (
        "es",
        "El actor muestra cómo guarda el nombre de su esposa en el celular",
        "En un video en Instagram, el actor de la telenovela enseñó la pantalla de su celular "
        "a sus seguidores y bromeó con sus fans.",
        {"celular*", "instagram"},
    ),
    (
        "fr",
        "La chanteuse répond aux rumeurs sur Instagram",
        "Dans une vidéo publiée sur Instagram et sur TikTok, la chanteuse a démenti les rumeurs "
        "sur son couple. Elle a remercié ses fans pour leurs messages sur son téléphone portable.",
        {"téléphone portable", "=instagram", "=tiktok"},
    ),
]


@pytest.mark.parametrize(("language", "title", "text", "terms"), WHERE_A_STORY_HAPPENS)
def test_a_phone_or_a_social_network_is_where_a_story_happens(
    language: str, title: str, text: str, terms: set[str]
) -> None:
    # The Portuguese, Spanish and French rules count a social network's name and a phone
    # weakly (0.3): the story stays arts (at full weight, as they had them, science and
    # technology led each of these stories).
    output = parsed(title, text)
    assert output["language"] == language
    assert output["topics"][0]["code"] == ARTS
    assert {term.lstrip("=") for term in terms} <= evidence(output)


# Arabic: the article, conjunctions and prepositions are written as one word with the noun
# (والاقتصاد, بالحكومة, للانتخابات), so the Arabic rules match stems (newsroom/stages/stemming.py).
# Stories written for the project, in the style of Arabic agency copy.
ARABIC_ECONOMY = (
    "البنك المركزي المصري يرفع أسعار الفائدة",
    "قرر البنك المركزي المصري رفع أسعار الفائدة بواقع 200 نقطة أساس لمواجهة التضخم، وقال "
    "محللون إن القرار سيدعم الجنيه ويجذب الاستثمارات الأجنبية إلى البورصة والاقتصاد.",
)
ARABIC_POLITICS = (
    "البرلمان يقر قانون الانتخابات",
    "أقر البرلمان التونسي مشروع قانون يتعلق بالانتخابات التشريعية المقبلة، فيما دعت أحزاب "
    "المعارضة إلى مقاطعة الاستحقاق. وقال رئيس الحكومة إن حكومته ستلتزم بالدستور وبموعد "
    "الانتخابات البلدية.",
)
ARABIC_SPORT = (
    "المنتخب المغربي يتأهل إلى نصف النهائي",
    "تأهل المنتخب المغربي لكرة القدم إلى الدور نصف النهائي بعد فوزه على نظيره البرتغالي في "
    "المباراة التي أقيمت على ملعب الثمامة، وأشاد المدرب بأداء اللاعبين.",
)
# Riyadh (الرياض) stems as sport (رياضة) does, and ل + بنك as لبنان: neither may tag.
ARABIC_RIYADH = (
    "وزير الخارجية السعودي يستقبل نظيره اللبناني في الرياض",
    "استقبل وزير الخارجية السعودي في الرياض نظيره اللبناني، وبحث الجانبان العلاقات بين "
    "البلدين والأوضاع في لبنان، وأكدا دعم الحكومة اللبنانية.",
)
ECONOMY_, SPORT_ = "medtop:04000000", "medtop:15000000"


@pytest.mark.parametrize(
    ("story", "topic", "terms"),
    [
        (ARABIC_ECONOMY, ECONOMY_, {"البنك المركزي", "أسعار الفائدة", "تضخم", "اقتصاد"}),
        (ARABIC_POLITICS, POLITICS, {"برلمان", "انتخابات", "معارضة", "حكومة", "دستور"}),
        (ARABIC_SPORT, SPORT_, {"منتخب", "كرة القدم", "مباراة", "ملعب", "مدرب", "لاعب"}),
    ],
)
def test_an_arabic_story_is_tagged_by_the_arabic_rules(
    story: tuple[str, str], topic: str, terms: set[str]
) -> None:
    output = parsed(*story)
    assert output["error"] is None and output["language"] == "ar"
    assert output["topics_method"] == "rules:ar"
    assert output["topics"][0]["code"] == topic
    # each term found in the forms the story prints: والاقتصاد, بالانتخابات, بالدستور, حكومته
    assert terms <= evidence(output)


def test_arabic_words_that_stem_like_a_topic_s_term_do_not_tag_it() -> None:
    output = parsed(*ARABIC_RIYADH)
    assert output["language"] == "ar" and output["topics"]
    assert output["topics"][0]["code"] == POLITICS
    codes = {tag["code"] for tag in output["topics"]}
    assert SPORT_ not in codes and ECONOMY_ not in codes  # الرياض, لبنان


def test_arabic_short_vowels_and_tatweel_do_not_cut_words() -> None:
    plain = load_arabic().tag(None, "قضت المحكمة بسجن المتهم في قضية فساد")
    marked = load_arabic().tag(None, "قَضَتِ المحكمةُ بسجنِ المتّهم في قضيـــة فسادٍ")
    assert plain and [(t.code, t.evidence) for t in marked] == [(t.code, t.evidence) for t in plain]
    assert plain[0].code == CRIME


def load_arabic() -> TopicTagger:
    tagger = get_tagger().taggers["ar"]
    assert isinstance(tagger, TopicTagger)
    return tagger


def test_arabic_iptc_names_that_list_things_count_as_each() -> None:
    arabic = load_translations("ar")
    assert arabic["medtop:01000000"][0] == ("فنون", "ثقافة", "ترفيه")  # فنون، ثقافة وترفيه
    assert arabic["medtop:16000000"][0] == ("نزاعات", "حرب", "سلام")
    # a word that begins with و is "and" only when wordfreq finds it rarer than without it
    assert arabic["medtop:20000579"][0] == ("انتخابات وطنية",)  # national elections


def test_tagger_check_reads_the_arabic_rules() -> None:
    checked = newsroom("tagger", "check", "--language", "ar")
    assert checked.returncode == 0, checked.stderr
    tagged = re.search(r"(\d+) can be tagged", checked.stdout)
    assert tagged and int(tagged.group(1)) > 17  # below the top level too: the IPTC's names
    assert re.search(r"names and definitions in 'ar': \d+ concepts", checked.stdout)


def test_rules_that_name_an_unknown_stemmer_are_refused() -> None:
    rules = TopicRules.from_dict({"settings": {"language": "xx", "stemmer": "klingon"}})
    with pytest.raises(ValueError, match="no Snowball stemmer 'klingon'"):
        TopicTagger(load_tagger().vocabulary, rules)


# Swedish, Danish and Norwegian: rules of their own, and the IPTC's names in each (2026-12-06).
# The stories are written for these tests.
SWEDISH_RATES = (
    "Riksbanken sänker styrräntan",
    "STOCKHOLM (TT) Riksbanken sänker styrräntan med en kvarts procentenhet till 2 procent, "
    "meddelade banken på torsdagen. Inflationen har fallit snabbare än väntat och kronan har "
    "stärkts, skriver Riksbanken. Bankerna väntas sänka sina boräntor redan nästa vecka.",
)
DANISH_STABBING = (
    "Ung mand anholdt efter knivstik i Aarhus",
    "AARHUS (Ritzau) Østjyllands Politi har anholdt en 23-årig mand efter et knivstik natten "
    "til lørdag. Han er sigtet for drabsforsøg og fremstilles i grundlovsforhør i dag. Politiet "
    "efterlyser vidner, der opholdt sig i området omkring klokken tre.",
)
NORWEGIAN_BUDGET = (
    "Stortinget vedtok statsbudsjettet",
    "OSLO (NTB) Stortinget vedtok torsdag kveld statsbudsjettet for neste år etter en lang "
    "debatt. Regjeringen fikk flertall med støtte fra Senterpartiet og SV. Opposisjonen mener "
    "budsjettet gir for lite til politiet og til kommunene.",
)
NORWEGIAN_STORM = (
    "Farevarsel for storm på Vestlandet",
    "BERGEN (NTB) Meteorologisk institutt har sendt ut farevarsel for storm og kraftig nedbør "
    "på Vestlandet fredag. Vinden kan nå orkan styrke på kysten, og det er fare for flom.",
)
WEATHER = "medtop:17000000"

# Japanese and Korean: rules that read characters, by hand only (the IPTC translates neither).
# The stories are written for these tests.
JAPANESE_EARTHQUAKE = (
    "宮城県で震度5強 津波の心配なし",
    "【仙台共同】5日午前、宮城県沖を震源とする地震があり、同県の一部で震度5強の揺れを観測した。"
    "気象庁によると、津波の心配はない。県内では2人が軽傷を負い、一部の鉄道が運転を見合わせた。",
)
JAPANESE_STEROIDS = (
    "コレステロール値と持病",
    "コレステロール値の高い患者にステロイドを使う治療について、病院の医師が注意を呼びかけた。",
)
KOREAN_RATES = (
    "한은, 기준금리 동결…물가 안정세",
    "(서울=연합뉴스) 김민수 기자 = 한국은행이 기준금리를 연 3.0%로 동결했다. 한은은 물가가 "
    "안정세를 보이고 있지만 경제 성장세가 약해 금리 인하 시기를 신중히 판단하겠다고 밝혔다.",
)
DISASTER = "medtop:03000000"
DUTCH_BUDGET = (
    "Tweede Kamer stemt in met begroting",
    "DEN HAAG (ANP) - De Tweede Kamer heeft dinsdag ingestemd met de begroting van het kabinet. "
    "De coalitiepartijen stemden voor, de oppositie tegen. De minister van Financiën noemde de "
    "uitslag een steun in de rug voor het beleid van de regering.",
)
POLISH_STRIKE = (
    "Strajk pielęgniarek w szpitalach",
    "Warszawa (PAP) - Związki zawodowe pielęgniarek ogłosiły w poniedziałek strajk w kilkunastu "
    "szpitalach. Związkowcy domagają się podwyżki wynagrodzenia i zatrudnienia nowych "
    "pracowników. Strajkujący zapowiadają, że protest potrwa do końca tygodnia.",
)
TURKISH_STRIKE = (
    "İşçiler greve çıktı",
    "İSTANBUL (DHA) - İşçiler, maaşlarına yapılan zammın yetersiz olduğunu belirterek greve "
    "çıktı. Sendika yetkilisi, işveren ile toplu sözleşme görüşmelerinin sürdüğünü söyledi.",
)
TURKISH_COACH = (
    "Milli takımın yeni hocası belli oldu",
    "ANKARA (AA) - Türkiye Futbol Federasyonu, milli takımın teknik direktörlüğüne eski "
    "kaleci Ahmet Yılmaz'ı getirdi. Yılmaz, ilk maçında Almanya ile karşılaşacak.",
)
FINNISH_VOTE = (
    "Eduskunta hyväksyi uuden vaalilain",
    "HELSINKI (STT) - Eduskunta hyväksyi tiistaina hallituksen esityksen uudeksi vaalilaiksi "
    "äänin 102-87. Oppositio vaati muutoksia, mutta hallituspuolueiden kansanedustajat "
    "äänestivät esityksen puolesta.",
)
FINNISH_CEASEFIRE = (
    "Sodan osapuolet sopivat tulitauosta",
    "KIOVA (STT-Reuters) - Sodan osapuolet sopivat sunnuntaina tulitauosta, joka astuu voimaan "
    "maanantaina. Armeijan mukaan taistelut jatkuivat kuitenkin rintamalla vielä yöllä.",
)
UKRAINIAN_VOTE = (
    "Верховна Рада ухвалила закон про місцеві вибори",
    "КИЇВ (Укрінформ) - Верховна Рада ухвалила в цілому законопроєкт про місцеві вибори. За "
    "рішення проголосували 260 народних депутатів, опозиція виступила проти. Документ має "
    "підписати президент.",
)
UKRAINIAN_SNOW = (
    "Синоптики попереджають про сильний снігопад",
    "КИЇВ (УНІАН) - Синоптики прогнозують у четвер сильний снігопад і ожеледицю на дорогах. "
    "Температура вночі знизиться до мінус 12 градусів, пориви вітру сягатимуть 20 метрів за "
    "секунду.",
)
GREEK_VOTE = (
    "Η Βουλή ψήφισε το νομοσχέδιο για τις δημοτικές εκλογές",
    "ΑΘΗΝΑ (ΑΠΕ-ΜΠΕ) - Η Βουλή ψήφισε την Πέμπτη το νομοσχέδιο της κυβέρνησης για τις δημοτικές "
    "εκλογές. Υπέρ τάχθηκαν 158 βουλευτές, ενώ η αντιπολίτευση καταψήφισε.",
)
GREEK_QUAKE = (
    "ΣΕΙΣΜΟΣ 5,2 ΡΙΧΤΕΡ ΣΤΗΝ ΚΡΗΤΗ",
    "ΗΡΑΚΛΕΙΟ (ΑΠΕ-ΜΠΕ) - Σεισμική δόνηση 5,2 Ρίχτερ σημειώθηκε τα ξημερώματα νότια της Κρήτης. "
    "Ζημιές σε παλιά κτίρια ανέφερε η Πυροσβεστική, χωρίς τραυματισμούς.",
)
PERSIAN_VOTE = (
    "مجلس طرح اصلاح قانون انتخابات را تصویب کرد",
    "تهران (ایرنا) - نمایندگان مجلس روز سه‌شنبه با ۱۸۰ رای موافق، کلیات طرح اصلاح قانون "
    "انتخابات را تصویب کردند. وزیر کشور گفت دولت این طرح را اجرا خواهد کرد.",
)
PERSIAN_QUAKE = (
    "زلزله ۵.۲ ریشتری كرمان را لرزاند",  # كرمان with Arabic's kaf, as Persian is often typed
    "کرمان (ایسنا) - زلزله‌ای به بزرگی ۵.۲ ریشتر بامداد امروز حوالی کرمان را لرزاند. به گفته "
    "هلال احمر، ۱۲ نفر مجروح شدند و امدادگران به منطقه اعزام شدند.",
)
HINDI_VOTE = (
    "लोकसभा में चुनाव सुधार विधेयक पारित",
    "नई दिल्ली, चार दिसंबर (भाषा) लोकसभा ने बृहस्पतिवार को चुनाव सुधार विधेयक पारित कर दिया। "
    "विपक्षी सांसदों ने मतदान का बहिष्कार किया, जबकि सरकार ने कहा कि इससे मतदाताओं को लाभ होगा।",
)
HEBREW_VOTE = (
    "הכנסת אישרה בקריאה שלישית את חוק הבחירות",
    "ירושלים - מליאת הכנסת אישרה הלילה בקריאה שנייה ושלישית את הצעת החוק לשינוי שיטת הבחירות. 64 "
    "חברי כנסת תמכו והאופוזיציה הצביעה נגד. ראש הממשלה בירך על ההחלטה.",
)
VIETNAMESE_VOTE = (
    "Quốc hội thông qua Luật Bầu cử sửa đổi",
    "HÀ NỘI (TTXVN) - Chiều 4/12, Quốc hội đã biểu quyết thông qua Luật Bầu cử đại biểu Quốc hội "
    "sửa đổi với 465 đại biểu tán thành. Thủ tướng Chính phủ cho biết luật sẽ có hiệu lực từ năm "
    "sau.",
)
INDONESIAN_BRIBE = (
    "KPK Tetapkan Bupati sebagai Tersangka Korupsi",
    "JAKARTA (ANTARA) - Komisi Pemberantasan Korupsi (KPK) menetapkan seorang bupati di Sumatera "
    "sebagai tersangka kasus suap proyek jalan. Penyidik menyita uang tunai miliaran rupiah dan "
    "menahan tersangka selama 20 hari ke depan.",
)
NYNORSK_SCHOOLS = (
    "Kommunen legg ned to grendeskular",
    "FØRDE (NPK): Sunnfjord kommune legg ned to grendeskular frå neste skuleår. Foreldra meiner "
    "elevane får altfor lang skuleveg, og lærarane fryktar større klassar. Rektor ved den eine "
    "skulen seier undervisninga vil halde fram som før fram til sommaren.",
)
MALAY_COURT = (
    "Bekas pengurus didakwa menipu RM2 juta",
    "KUALA LUMPUR, 7 Dis (Bernama) -- Seorang bekas pengurus syarikat didakwa di Mahkamah Sesyen "
    "di sini hari ini atas tiga pertuduhan menipu majikannya membabitkan wang berjumlah RM2 juta. "
    "Tertuduh mengaku tidak bersalah dan hakim membenarkan ikat jamin RM50,000.",
)
THAI_FLOOD = (
    "น้ำท่วมฉับพลันหลายอำเภอในเชียงใหม่",
    "เชียงใหม่ 5 ธ.ค.- เกิดน้ำท่วมฉับพลันหลายอำเภอหลังฝนตกหนักต่อเนื่อง หน่วยกู้ภัยเร่งอพยพชาวบ้าน"
    "ออกจากพื้นที่เสี่ยง กรมป้องกันและบรรเทาสาธารณภัยรายงานว่ามีผู้ประสบภัยกว่าสองพันครัวเรือน",
)
CZECH_COURT = (
    "Soud poslal exředitele nemocnice na pět let do vězení",
    "Brno (ČTK) - Krajský soud v Brně poslal bývalého ředitele nemocnice na pět let do vězení za "
    "zmanipulované zakázky. Obžaloba mu kladla za vinu, že si od dodavatelů řekl o úplatky. "
    "Rozsudek není pravomocný, obhajoba se odvolá k vrchnímu soudu.",
)
ROMANIAN_CEDILLAS = (  # s and t typed with a cedilla, as older text and keyboards write them
    "Poliţia a reţinut doi suspecţi de furt",
    "Iaşi, 4 dec /Agerpres/ - Poliţiştii au reţinut doi bărbaţi bănuiţi de furt din locuinţe. "
    "Procurorii au cerut arestarea preventivă a suspecţilor, iar instanţa urmează să decidă.",
)
HUNGARIAN_MATCH = (
    "Döntetlen a Ferencváros bajnoki rangadóján",
    "Budapest (MTI) – Döntetlent játszott a Ferencváros a bajnokság rangadóján. A vendégek a "
    "második félidőben egyenlítettek tizenegyesből, a hazai csapat edzője szerint a "
    "játékvezető hibázott.",
)
BULGARIAN_CHARGE = (
    "Прокуратурата повдигна обвинение на бивш кмет",
    "София, 4 декември /БТА/. Софийската градска прокуратура повдигна обвинение на бивш кмет за "
    "присвояване на средства. Съдът остави обвиняемия в ареста, съобщиха от прокуратурата. "
    "Делото е за злоупотреба с обществени поръчки.",
)
CROATIAN_DERBY = (
    "Dinamo svladao Hajduk u derbiju",
    "ZAGREB, 4. prosinca (Hina) - Nogometaši Dinama svladali su Hajduk s 2:1 u derbiju 18. kola "
    "HNL-a na Maksimiru. Pobjednički gol postigao je napadač Dinama u nadoknadi drugog "
    "poluvremena, a trener Hajduka nakon utakmice je kritizirao suca.",
)
CATALAN_AI = (
    "Un centre de Barcelona entrena un model d'intel·ligència artificial en català",
    "Barcelona (ACN).- Investigadors del Barcelona Supercomputing Center han entrenat un nou "
    "model d'intel·ligència artificial amb textos en català. El superordinador MareNostrum ha "
    "treballat durant tres mesos i el codi es publicarà en obert, segons els científics.",
)
LABOUR = "medtop:09000000"


@pytest.mark.parametrize(
    ("story", "language", "topic", "terms"),
    [
        (SWEDISH_RATES, "sv", ECONOMY, {"styrränta*", "riksbank*", "inflation*"}),
        (DANISH_STABBING, "da", CRIME, {"=politiet", "anholdt*", "sigtet*", "knivstik*"}),
        (NORWEGIAN_BUDGET, "no", POLITICS, {"storting*", "regjering*", "senterpartiet"}),
        (NORWEGIAN_STORM, "no", WEATHER, {"=storm", "farevarsel*", "nedbør*"}),
        (JAPANESE_EARTHQUAKE, "ja", DISASTER, {"震度", "地震", "津波"}),
        # 기준금리를, 경제: particles written onto the word
        (KOREAN_RATES, "ko", ECONOMY, {"기준금리", "금리", "물가", "경제"}),
        (DUTCH_BUDGET, "nl", POLITICS, {"tweede kamer", "kabinet*", "coalitie*", "oppositie*"}),
        (POLISH_STRIKE, "pl", LABOUR, {"strajk*", "związki zawodowe", "wynagrodze*"}),
        # İşçiler, İSTANBUL: Turkish lowers İ to i (Python's lower() adds a combining dot)
        (TURKISH_STRIKE, "tr", LABOUR, {"işçi*", "grev*", "sendika*", "toplu sözleşme"}),
        # phrases in their case forms ("milli takım*" was dropped: * ends one word only)
        (TURKISH_COACH, "tr", SPORT, {"milli takımın", "teknik direktörlüğüne"}),
        # Finnish case endings and consonant gradation: sota, sodan; tulitauko, tulitauosta
        (FINNISH_VOTE, "fi", POLITICS, {"eduskunta*", "hallitukse*", "oppositio*"}),
        (FINNISH_CEASEFIRE, "fi", CONFLICT, {"sodan", "tulitauo*", "armeija*"}),
        (UKRAINIAN_VOTE, "uk", POLITICS, {"верховна рада", "законопроєкт*", "депутат*"}),
        (UKRAINIAN_SNOW, "uk", WEATHER, {"синоптик*", "снігопад*", "ожеледиц*"}),
        (GREEK_VOTE, "el", POLITICS, {"=βουλή", "νομοσχέδι*", "εκλογ*", "βουλευτ*"}),
        # a headline in capitals, without accents: ΣΕΙΣΜΟΣ is σεισμός
        (GREEK_QUAKE, "el", DISASTER, {"σεισμ*", "πυροσβεστικ*"}),
        # نمایندگان, انتخابات: words a zero-width non-joiner does not split
        (PERSIAN_VOTE, "fa", POLITICS, {"=مجلس", "=نمایندگان", "=انتخابات"}),
        (PERSIAN_QUAKE, "fa", DISASTER, {"زلزله*", "هلال احمر", "امدادگر*"}),
        # सांसदों, मतदाताओं: Devanagari's vowel signs belong to the word
        (HINDI_VOTE, "hi", POLITICS, {"=लोकसभा", "=विधेयक", "=सांसदों", "=मतदाताओं"}),
        # הכנסת, והאופוזיציה, הממשלה: an ending reads the word behind its prefixes
        (HEBREW_VOTE, "he", POLITICS, {"*כנסת", "*אופוזיציה", "*ממשלה", "*בחירות"}),
        # Vietnamese words of several syllables are phrases
        (VIETNAMESE_VOTE, "vi", POLITICS, {"quốc hội", "bầu cử", "biểu quyết"}),
        (INDONESIAN_BRIBE, "id", CRIME, {"kpk", "tersangka", "korupsi", "suap"}),
        # Nynorsk's own forms: skular, skuleår, lærarane (Bokmål skoler, skoleår, lærerne)
        (NYNORSK_SCHOOLS, "nn", EDUCATION, {"*skular", "skule*", "elev*", "lærarane"}),
        # Malaysia's courts and charges, not Indonesia's (pengadilan, dakwaan)
        (MALAY_COURT, "ms", CRIME, {"mahkamah sesyen", "pertuduhan", "tertuduh", "ikat jamin"}),
        # Czech cases: written out where a stem begins other words (soud, soudu; not soudruh)
        (CZECH_COURT, "cs", CRIME, {"soud", "soudu", "vězen*", "obžalob*", "rozsud*"}),
        # Romanian's cedilla letters read as the comma's: "Poliţia" matches the terms' poliți*
        (ROMANIAN_CEDILLAS, "ro", CRIME, {"poliți*", "reținut*", "instanț*", "furt"}),
        # Hungarian suffixes on stems: bajnokság, edzője, Ferencváros
        (HUNGARIAN_MATCH, "hu", SPORT, {"bajnok*", "edző*", "ferencváros*"}),
        # Bulgarian's article written onto the noun: "съдът", "прокуратурата"
        (BULGARIAN_CHARGE, "bg", CRIME, {"прокурат*", "обвинен*", "арест*", "съдът"}),
        # Croatian cases written out: "Hajduka", "Dinama", "Maksimiru"
        (CROATIAN_DERBY, "hr", SPORT, {"hajduk", "hajduka", "dinama", "maksimiru", "derbi*"}),
        # Catalan's middle dot inside a word: "intel·ligència" is one word, not two
        (CATALAN_AI, "ca", SCIENCE, {"intel·ligència artificial"}),
        # Thai words as a segmenter cuts them: no space marks them
        (THAI_FLOOD, "th", DISASTER, {"น้ำท่วม", "ผู้ประสบภัย", "กรมป้องกันและบรรเทาสาธารณภัย"}),
    ],
)
def test_stories_are_tagged_by_their_own_language_s_rules(
    story: tuple[str, str], language: str, topic: str, terms: set[str]
) -> None:
    output = tagged_by_own_rules(story, language, topic)
    top = output["topics"][0]["evidence"]
    assert {term.lstrip("=") for term in terms} <= set(top)


def test_the_norwegian_budget_is_no_crime_story_though_it_names_the_police() -> None:
    # "politiet" (the police) is a crime term, "politikk" is not: the IPTC's Norwegian name
    # "politi" would begin both, so the rules skip it as a prefix
    output = parsed(*NORWEGIAN_BUDGET)
    assert output["topics"][0]["code"] == POLITICS
    assert "politi*" not in evidence(output)


# Frankrig (France) ends with "krig" (war); "påverkar" (affects) begins with "påve" (pope);
# "beskytte" (protect) begins like "beskytning" (shelling), and "naturligvis" (of course) with
# the IPTC's Norwegian name "natur" (nature).
DANISH_FRANCE = (
    "Frankrig og Danmark",
    "Frankrig og Danmark vil samarbejde mere om kultur, siger ministrene efter et møde i Paris. "
    "Aftalen omfatter film, musik og teater.",
)
SWEDISH_CULTURE = (
    "Kulturen påverkar",
    "Kulturen påverkar oss alla, och teatern, musiken och konsten påverkas av hur vi lever, "
    "säger författaren på bokmässan i Göteborg.",
)
NORWEGIAN_CHILDREN = (
    "Nye regler skal beskytte barn",
    "Regjeringen vil beskytte barn mot reklame på nett, og naturligvis skal foreldrene få si "
    "sin mening, sier statsministeren.",
)
RELIGION, ENVIRONMENT = "medtop:12000000", "medtop:06000000"


@pytest.mark.parametrize(
    ("story", "language", "absent"),
    [
        (DANISH_FRANCE, "da", CONFLICT),
        (SWEDISH_CULTURE, "sv", RELIGION),
        (NORWEGIAN_CHILDREN, "no", CONFLICT),
        (NORWEGIAN_CHILDREN, "no", ENVIRONMENT),
    ],
)
def test_nordic_words_that_begin_or_end_like_a_term_do_not_tag_its_topic(
    story: tuple[str, str], language: str, absent: str
) -> None:
    output = parsed(*story)
    assert output["language"] == language and output["topics_method"] == f"rules:{language}"
    assert output["topics"]  # tagged, by what the story is about
    assert absent not in {tag["code"] for tag in output["topics"]}


def test_the_iptc_s_swedish_names_count_where_the_rules_have_no_term() -> None:
    story = (
        "Bandyfinalen avgjordes efter förlängning",
        "UPPSALA (TT) Bandyfinalen avgjordes först efter förlängning. Västerås vann SM-guld i "
        "bandy för första gången på tio år inför 20 000 åskådare.",
    )
    assert not any(term.startswith("bandy") for term in rule_terms("sv"))
    output = parsed(*story)
    assert output["topics_method"] == "rules:sv"
    assert output["topics"][0]["code"] == SPORT
    assert "bandy*" in output["topics"][0]["evidence"]  # the IPTC's Swedish name of the sport


def test_bokmal_as_declared_is_read_by_the_norwegian_rules_and_nynorsk_by_its_own() -> None:
    tagger = get_tagger()
    assert tagger.method("nb-NO") == "rules:no"
    assert tagger.method("nn") == "rules:nn"
    assert tagger.method("nn-NO") == "rules:nn"
    tags, method = tagger.tag_story(*NORWEGIAN_STORM, language="nb")
    assert method == "rules:no" and tags[0].code == WEATHER


@pytest.mark.parametrize("language", ["sv", "da", "no", "nn", "zh"])
def test_tagger_check_reads_rules_that_count_the_iptc_s_names(language: str) -> None:
    checked = newsroom("tagger", "check", "--language", language)
    assert checked.returncode == 0, checked.stderr
    tagged = re.search(r"(\d+) can be tagged", checked.stdout)
    assert tagged and int(tagged.group(1)) > 500  # the IPTC's names reach the lower levels
    assert re.search(rf"names and definitions in '{language}': \d+ concepts", checked.stdout)
    assert "(level 1)" not in checked.stdout  # every top-level topic has terms
    assert checked.stderr == ""


# Chinese: rules that read characters, for a script that puts no space between words
# (2026-12-06). The stories are written for these tests.
CHINESE_RATES = (
    "央行宣布降准0.25个百分点",
    "新华社北京12月5日电（记者 李明）中国人民银行5日宣布，下调金融机构存款准备金率0.25个"
    "百分点。专家表示，此举有助于稳定经济增长，降低实体经济融资成本，股市当日收涨。",
)
CHINESE_COACH = (
    "国足主教练公布集训名单",
    "中新网北京12月5日电 中国足协5日公布国家队集训名单，主教练表示球队将在海口集训两周，"
    "备战明年的世界杯预选赛。多名年轻球员首次入选。",
)


def test_a_chinese_story_is_tagged_by_the_chinese_rules_read_a_character_at_a_time() -> None:
    output = tagged_by_own_rules(CHINESE_RATES, "zh", ECONOMY)
    found = set(output["topics"][0]["evidence"])
    assert {"央行", "股市", "收涨"} <= found
    assert "经济" in found  # inside 经济增长 and 实体经济: no space marks a word


def test_characters_of_a_term_inside_a_word_of_another_sense_do_not_tag_it() -> None:
    output = tagged_by_own_rules(CHINESE_COACH, "zh", SPORT)
    assert "medtop:12000000" not in {tag["code"] for tag in output["topics"]}  # 主教练, 主教
    assert "主教练" in output["topics"][0]["evidence"]


def test_chinese_text_is_split_into_characters_whole_latin_words_and_boundaries() -> None:
    from newsroom.stages.topics import tokenize_characters  # new with the Chinese rules

    assert tokenize_characters("11月份PMI升至50.6%，A股收涨") == [
        "11", "月", "份", "pmi", "升", "至", "50", "|", "6", "|", "a", "股", "收", "涨",
    ]  # fmt: skip


def test_chinese_iptc_names_that_list_things_count_as_each() -> None:
    chinese = load_translations("zh")
    assert chinese["medtop:01000000"][0] == (
        "艺术",
        "文化",
        "娱乐",
        "媒体",
    )  # 艺术、文化、娱乐和媒体
    assert chinese["medtop:16000000"][0] == ("冲突", "战争", "和平")  # 冲突、战争与和平
    # 和 is "and" only between two names of two characters or more: not in 和平, 维和部队
    assert chinese["medtop:20000073"][0] == ("和平进程",)
    assert chinese["medtop:20000059"][0] == ("维和部队",)


def test_rules_that_read_characters_must_say_true_or_false() -> None:
    with pytest.raises(ValueError, match="characters must be true or false"):
        TopicRules.from_dict({"settings": {"language": "zh", "characters": "yes"}})


def test_a_katakana_term_inside_a_longer_word_of_another_sense_does_not_tag() -> None:
    # テロ (terror) sits in コレステロール and ステロイド: the rules write テロ攻撃, テロ組織
    output = parsed(*JAPANESE_STEROIDS)
    assert output["topics_method"] == "rules:ja"
    assert CONFLICT not in {tag["code"] for tag in output["topics"]}


def test_korean_syllables_are_tokens_within_a_word_and_a_space_parts_them() -> None:
    from newsroom.stages.topics import tokenize_characters

    assert tokenize_characters("한국 가수, 국민경제는") == [
        "한", "국", "|", "가", "수", "|", "국", "민", "경", "제", "는",
    ]  # fmt: skip


def test_a_korean_phrase_term_matches_where_its_first_word_carries_a_particle() -> None:
    tagger = get_tagger()
    for text in ("여야가 합의", "여야 합의", "여야는 합의했다", "여야의 합의로"):
        tags, method = tagger.tag_story(None, text, language="ko")
        assert method == "rules:ko"
        assert tags and tags[0].code == POLITICS and "여야 합의" in tags[0].evidence, text
    assert not tagger.tag_story(None, "여야가 만나 합의", language="ko")[0]  # a word between


def test_a_thai_term_matches_whole_words_not_the_inside_of_one() -> None:
    tagger = get_tagger()
    court, _ = tagger.tag_story(None, "ศาลอาญาพิพากษาจำคุกจำเลย", language="th")
    assert court and court[0].code == CRIME
    # ศาลา (a pavilion) holds the letters of ศาล (a court)
    pavilion, method = tagger.tag_story(None, "ชาวบ้านนั่งพักที่ศาลาริมน้ำ", language="th")
    assert method == "rules:th" and CRIME not in [tag.code for tag in pavilion]


def test_particles_are_read_only_by_rules_that_read_characters() -> None:
    with pytest.raises(ValueError, match="particles needs characters: true"):
        TopicRules.from_dict({"settings": {"language": "ms", "particles": ["nya"]}})
    with pytest.raises(ValueError, match="particles must be a list of words"):
        settings = {"language": "ko", "characters": True, "particles": "가"}
        TopicRules.from_dict({"settings": settings})


def test_turkish_is_lowered_as_turkish_is() -> None:
    from newsroom.stages.topics import tokenize_folded  # new with the Turkish rules
    from newsroom.stages.words import LETTER_FOLDS

    def tokenize_turkic(text: str) -> list[str]:
        return tokenize_folded(text, LETTER_FOLDS["tr"])

    assert tokenize_turkic("İSTANBUL'da IRAK İşçiler") == ["istanbul", "da", "ırak", "işçiler"]


def test_greek_is_read_without_accents_or_final_sigma_and_persian_with_its_own_letters() -> None:
    from newsroom.stages.topics import tokenize_folded  # new with the Greek and Persian rules
    from newsroom.stages.words import LETTER_FOLDS

    assert tokenize_folded("ΟΙ ΕΚΛΟΓΕΣ, οι εκλογές. Άρειος Πάγος", LETTER_FOLDS["el"]) == [
        "οι", "εκλογεσ", "οι", "εκλογεσ", "αρειοσ", "παγοσ"
    ]  # fmt: skip
    # Arabic's yeh and kaf, as Persian is often typed: اقتصادي is اقتصادی, كشور کشور
    assert tokenize_folded("اقتصادي كشور", LETTER_FOLDS["fa"]) == ["اقتصادی", "کشور"]


# Published headlines (eval/headlines.py): a headline alone, in its own words (2026-12-07). The
# headlines here are written for the tests.
def test_vietnamese_is_read_in_either_place_of_its_tone_mark() -> None:
    from newsroom.stages.topics import tokenize_vietnamese  # new with the fold

    old, new = "Tòa án xử vụ trộm, sức khỏe bị cáo", "Toà án xử vụ trộm, sức khoẻ bị cáo"
    assert tokenize_vietnamese(old) == tokenize_vietnamese(new)
    assert tokenize_vietnamese("hoàn thành, quý, khoa học") == [
        "hoàn",
        "thành",
        "quý",
        "khoa",
        "học",
    ]
    tags, method = get_tagger().tag_story(None, "Toà án tuyên án kẻ trộm", language="vi")
    assert method == "rules:vi" and tags[0].code == CRIME and "tòa án" in tags[0].evidence


@pytest.mark.parametrize(
    ("headline", "language", "topic"),
    [
        ("Giá vàng miếng và giá xăng cùng tăng", "vi", ECONOMY),
        ("Công bố điểm chuẩn và điểm sàn xét tuyển", "vi", EDUCATION),
        ("Tin chuyển nhượng: Ngoại hạng Anh sôi động", "vi", SPORT),
        ("Gerindra dan PKB Bahas Pilgub Jakarta", "id", POLITICS),
        ("Artis Ini Resmi Syuting di Hollywood", "id", "medtop:01000000"),
    ],
)
def test_a_headline_alone_is_tagged_by_its_language_s_news_words(
    headline: str, language: str, topic: str
) -> None:
    tags, method = get_tagger().tag_story(None, headline, language=language)
    assert method == f"rules:{language}" and tags and tags[0].code == topic


def test_an_indonesian_heart_attack_is_health_not_an_attack() -> None:
    tags, _ = get_tagger().tag_story(
        None, "Pelari Kena Serangan Jantung Usai Maraton", language="id"
    )
    codes = [tag.code for tag in tags]
    assert "medtop:07000000" in codes and CONFLICT not in codes


def test_a_decomposed_title_is_read_as_its_composed_letters() -> None:
    import unicodedata

    title = unicodedata.normalize("NFD", "Toà án tuyên án kẻ trộm")
    output = parsed(title, "HÀ NỘI (TTXVN) - Phiên tòa sơ thẩm kết thúc chiều nay.")
    assert output["title"] == unicodedata.normalize("NFC", title)
    assert output["topics"][0]["code"] == CRIME and "tòa án" in output["topics"][0]["evidence"]


def test_thai_written_onto_latin_letters_is_cut_apart() -> None:
    from newsroom.stages.topics import tokenize_thai

    assert tokenize_thai("ฝุ่นPM2.5 สูง") == tokenize_thai("ฝุ่น PM2.5 สูง") == ["ฝุ่น", "pm2", "5", "สูง"]


def test_a_thai_model_reads_the_words_the_thai_rules_read() -> None:
    from newsroom.services.training import _vectorizer

    rules = get_tagger().taggers["th"]
    analyzer = _vectorizer(rules).build_analyzer()  # type: ignore[arg-type]
    assert analyzer("ฝนตกหนักในกรุงเทพฯ") == ["ฝน", "ตกหนัก", "ใน", "กรุงเทพฯ"]


# French words in another sense than an IPTC name they are spelt as or begin with: the name
# counts as the forms it is written in (label_forms) or not at all (label_skip), and the hand
# terms "concert*", "informati*" and "migra*" no longer read concertation, information, migraine.
SOCIETY = "medtop:14000000"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Finalement, rien n'a changé depuis l'hiver dernier.", SPORT),  # finale
        ("Il s'est montré sérieux et calme pendant la réunion.", ARTS),  # série
        ("L'opération a duré toute la nuit.", ARTS),  # opéra
        ("Ils appellent au calme après la nuit de lundi.", CRIME),  # appel
        ("La droite a remporté la majorité des sièges.", CRIME),  # droit
        ("La société a annoncé mardi un nouveau directeur.", SOCIETY),  # a company
        ("Les syndicats réclament une concertation avec la direction.", ARTS),
        ("Selon nos informations, le ministre va démissionner.", SCIENCE),
        ("Elle souffre de migraines depuis son enfance.", SOCIETY),
        # "juge*" read "jugeant" (deeming) as a judge: the forms of "juge" and "jugé" only
        ("Jugeant la situation problématique, le bureau annonce des risques de sécheresse.", CRIME),
    ],
)
def test_french_words_in_another_sense_tag_nothing(text: str, absent: str) -> None:
    tags, method = get_tagger().tag_story(None, text, language="fr")
    assert method == "rules:fr"
    assert absent not in {tag.code for tag in tags}


ENVIRONMENT = "medtop:06000000"


@pytest.mark.parametrize(
    ("text", "topic", "term"),
    [
        ("Le cinéaste tourne son prochain long-métrage en Bretagne.", ARTS, "cinéaste*"),
        ("Des paléontologues ont mis au jour des fossiles de dinosaures.", SCIENCE, "fossile*"),
        ("Les Benetton lancent une OPA sur Atlantia.", ECONOMY, "opa"),
        ("Le juge d'instruction a été saisi mardi.", CRIME, "juge"),
        # subscript digits read as digits: "CO₂" is the rules' "co2"
        ("Les émissions de CO₂ de la France ont baissé l'an dernier.", ENVIRONMENT, "co2"),
    ],
)
def test_french_fifth_round_terms_tag_their_topic(text: str, topic: str, term: str) -> None:
    """Terms chosen from the misses of Le Monde's archive by section (2026-12-08)."""
    tags = get_tagger().tag(None, text, language="fr")
    assert tags[0].code == topic and term in tags[0].evidence


@pytest.mark.parametrize(
    ("language", "text"),
    [  # languages whose rules read words with a tokenizer of their own (letters folded)
        ("ca", "Les emissions de CO₂ de Catalunya van baixar l'any passat."),
        ("ro", "Emisiile de CO₂ ale României au scăzut anul trecut."),
    ],
)
def test_subscript_digits_are_digits_in_every_tokenizer(language: str, text: str) -> None:
    tags = get_tagger().tag(None, text, language=language)
    assert ENVIRONMENT in {tag.code for tag in tags}
    assert any("co2" in tag.evidence for tag in tags)


def test_every_tokenizer_reads_subscript_digits_as_digits() -> None:
    from newsroom.stages.topics import LANGUAGE_TOKENIZERS, tokenize, tokenize_characters

    for tokenizer in [tokenize, tokenize_characters, *LANGUAGE_TOKENIZERS.values()]:
        assert "co2" in tokenizer("CO₂ km² 2025"), tokenizer
        assert "km2" in tokenizer("CO₂ km² 2025"), tokenizer


def test_a_name_of_a_relation_between_two_things_is_not_split_at_and() -> None:
    """ "Relations entre les institutions religieuses et l'Etat" is one relation: split at "et",
    it made "l'Etat", a word of every other French story, a name of religion."""
    names = {code: load_translations(code)["medtop:20000702"][0] for code in ("fr", "es", "sv")}
    assert names["fr"] == ("relations entre les institutions religieuses et l'etat",)
    assert names["es"] == ("relaciones entre las instituciones religiosas y el estado",)
    assert names["sv"] == ("relation mellan stat och religiösa institutioner",)
    arts = load_translations("fr")["medtop:01000000"][0]
    assert arts == ("arts", "culture", "divertissement", "médias")  # a list is still split
    tags = get_tagger().tag(None, "Le budget de l'Etat sera présenté mardi.", language="fr")
    assert "medtop:12000000" not in {tag.code for tag in tags}


@pytest.mark.parametrize(
    ("text", "term"),
    [  # the computing and telecoms industry, which the IPTC files under economy
        ("Les opérateurs télécoms augmentent leurs tarifs après une année difficile.", "télécoms*"),
        (
            "Le géant des semi-conducteurs annonce une nouvelle usine en Arizona.",
            "semi conducteurs",
        ),
        ("Les géants de la tech suppriment des milliers d'emplois.", "géants de la tech"),
    ],
)
def test_french_sixth_round_tech_industry_is_economy(text: str, term: str) -> None:
    """Chosen from the misses of Le Monde's archive labelled by topic (2026-12-08)."""
    tags = get_tagger().tag(None, text, language="fr")
    assert tags[0].code == ECONOMY and term in tags[0].evidence


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("L'effondrement des populations d'abeilles, selon une étude.", DISASTER),
        ("Il part à la découverte des villages de Provence.", SCIENCE),
        ("L'édition 2023 du dictionnaire intègre de nouveaux mots.", ECONOMY),
        ("La Défenseure s'est saisie du dossier.", POLITICS),
        ("L'équipe de chercheurs a gagné le match contre le virus.", SPORT),
    ],
)
def test_french_sixth_round_words_in_another_sense(text: str, absent: str) -> None:
    tags = get_tagger().tag(None, text, language="fr")
    assert absent not in {tag.code for tag in tags[:1]}


@pytest.mark.parametrize(
    "text", ["Explosion des inscriptions à l'université.", "L'explosion du chômage inquiète."]
)
def test_a_french_explosion_of_numbers_is_no_disaster(text: str) -> None:
    """Weak "explosion" (0.6, under the gate alone): most often a figure's, in French news."""
    tags = get_tagger().tag(None, text, language="fr")
    assert DISASTER not in {tag.code for tag in tags}


def test_french_collapses_that_are_disasters_still_read_so() -> None:
    tags = get_tagger().tag(
        None,
        "L'effondrement d'un immeuble a fait trois morts et des blessés.",
        language="fr",
    )
    assert tags[0].code == DISASTER


def test_french_iptc_names_with_their_forms_still_count_in_their_own_sense() -> None:
    tags = get_tagger().tag(
        None, "Les nouvelles séries arrivent sur les plateformes.", language="fr"
    )
    assert tags[0].code == ARTS and "séries" in tags[0].evidence


def test_french_pensions_are_labour_as_the_iptc_files_retirement() -> None:
    title, text = "Retraites : le gouvernement recule", "Le projet a été présenté mardi."
    tags = {tag.code: tag for tag in get_tagger().tag(title, text, language="fr")}
    assert "retraite*" in tags[LABOUR].evidence and SOCIETY not in tags


def test_label_forms_count_a_name_as_its_forms_only() -> None:
    vocabulary = load_tagger().vocabulary
    settings = {"language": "fr", "label_weight": 1.0, "label_prefix": True, "label_max_level": 6}
    series = "medtop:20001179"  # the IPTC's French name: "série"
    french = load_translations("fr")
    plain = TopicTagger(vocabulary, TopicRules.from_dict({"settings": settings}), french)
    with_forms = {**settings, "label_forms": {"Série": ["série", "séries"]}}
    forms = TopicTagger(vocabulary, TopicRules.from_dict({"settings": with_forms}), french)
    assert series in {tag.code for tag in plain.tag(None, "Un homme sérieux.")}
    assert series not in {tag.code for tag in forms.tag(None, "Un homme sérieux.")}
    assert series in {tag.code for tag in forms.tag(None, "Les séries de l'automne.")}
    with pytest.raises(ValueError, match=r"label_forms: 'série': give a list"):
        TopicRules.from_dict({"settings": {"label_forms": {"série": "séries"}}})


def test_a_catalan_word_is_read_whole_with_its_middle_dot_or_its_one_letter_l() -> None:
    """ "intel·ligència" was two words at the middle dot (``\\w`` leaves it out), and some text
    writes the dot and its l as one letter, ŀ: both read as "intelligència", terms alike."""
    tagger = get_tagger()
    title, text = CATALAN_AI
    for written in ("intel·ligència", "inteŀligència", "INTEL·LIGÈNCIA"):
        tags, method = tagger.tag_story(
            title, text.replace("intel·ligència", written), language="ca"
        )
        assert method == "rules:ca"
        assert "intel·ligència artificial" in tags[0].evidence, written


# Real news in Chinese, Japanese, Korean and Russian (eval/realnews.py: THUCNews, the livedoor
# corpus, KLUE YNAT, Lenta.ru) showed what their rules lacked: consumer electronics, computing
# and video games, which the English rules read as technology; horse racing; a cold snap and a
# confirmation hearing; a search warrant. Stories written for the project, none from those sets.
EAST_AND_RUSSIAN_REAL_NEWS = [
    (
        "zh",
        (
            "佳能发布新款单反相机",
            "佳能公司今天发布一款新的数码单反相机，拥有2400万像素传感器。",
        ),
        SCIENCE,
        {"单反", "像素", "数码"},
    ),
    (
        "zh",
        (
            "网游玩家数量继续增长",
            "调查显示，今年国内网游玩家人数继续增长，手游最受欢迎。",
        ),
        LIFESTYLE,
        {"网游", "手游", "玩家"},
    ),
    (
        "ja",
        (
            "ダービーで三番人気の馬が優勝",
            "東京競馬場のレースで三番人気の馬が優勝した。騎手は涙を見せた。",
        ),
        SPORT,
        {"競馬", "騎手"},
    ),
    (
        "ja",
        (
            "ソニー、新型ブルーレイレコーダーを発売",
            "ソニーは新しいブルーレイレコーダーとヘッドホンを発売する。",
        ),
        SCIENCE,
        {"ブルーレイ", "レコーダー", "ヘッドホン"},
    ),
    (
        "ko",
        (
            "강추위에 빙판길 출근길 비상",
            "밤사이 내린 눈이 얼어붙으면서 곳곳에 빙판길이 생겨 시민들이 불편을 겪었다.",
        ),
        WEATHER,
        {"강추위", "빙판길"},
    ),
    (
        "ko",
        (
            "갤럭시 와이파이 접속 오류 잇따라",
            "최신 스마트폰 일부에서 와이파이 접속이 끊기는 오류가 잇따랐다.",
        ),
        SCIENCE,
        {"와이파이"},
    ),
    (
        "ko",
        (
            "인사청문회 앞두고 여야 신경전",
            "장관 후보자 인사청문회를 앞두고 여야가 증인 채택을 두고 맞섰다.",
        ),
        POLITICS,
        {"인사청문회"},
    ),
]


@pytest.mark.parametrize(("language", "story", "topic", "terms"), EAST_AND_RUSSIAN_REAL_NEWS)
def test_east_asian_rules_know_electronics_games_racing_and_the_weather(
    language: str, story: tuple[str, str], topic: str, terms: set[str]
) -> None:
    output = parsed(*story)
    assert output["language"] == language and output["topics_method"] == f"rules:{language}"
    assert output["topics"][0]["code"] == topic
    assert terms <= evidence(output)


def test_a_russian_search_warrant_is_crime() -> None:
    output = parsed("Бывшего мэра объявили в розыск", "Бывший мэр объявлен в федеральный розыск.")
    crime = [tag for tag in output["topics"] if tag["code"] == CRIME]
    assert output["language"] == "ru" and crime and "розыск*" in crime[0]["evidence"]


@pytest.mark.parametrize(
    ("story", "topic"),
    [
        (("नई फ़िल्म शुक्रवार को", "उसकी नई फ़िल्म शुक्रवार को आएगी।"), ARTS),
        (("फ़ुटबॉल की ख़बर", "फ़ुटबॉल के दीवानों के लिए अच्छी ख़बर है।"), SPORT),
    ],
)
def test_hindi_is_read_with_or_without_the_nukta(story: tuple[str, str], topic: str) -> None:
    """BBC Hindi writes फ़िल्म and फ़ुटबॉल, the rules फिल्म and फुटबॉल (as many papers do): its
    real stories (eval/realnews.py bbchindi) were read 0.407 right, 0.483 with the nukta read
    as absent on both sides."""
    output = parsed(*story)
    assert output["language"] == "hi" and output["topics"][0]["code"] == topic
    bare = parsed(*(part.replace("\u093c", "") for part in story))
    assert bare["topics"][0]["code"] == topic


def test_turkish_rules_know_the_web_and_read_a_university_as_english_rules_do() -> None:
    """Real Turkish news by category (eval/realnews.py ttc): the web inflected (internete,
    Facebook'ta) was no technology, and a study from a university was education, where the
    English rules weigh "university" 0.4."""
    web = parsed(
        "Sosyal medya uyarısı",
        "Kullanıcıların internete yüklediği fotoğraflar Facebook'ta ve Twitter'da paylaşılıyor.",
    )
    assert web["language"] == "tr" and web["topics"][0]["code"] == SCIENCE
    study = parsed(
        "Kalp hastalığı araştırması",
        "Hacettepe Üniversitesi'nden doktorlar, kalp hastalığı olan hastaların tedavisinde "
        "yeni bir ilacın etkili olduğunu açıkladı.",
    )
    assert study["language"] == "tr" and study["topics"][0]["code"] == "medtop:07000000"  # health
