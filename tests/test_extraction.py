"""Main text from a parsed page: what must survive and what must not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom.stages.extraction import extract_main_text
from newsroom.stages.htmltree import jsonld_objects, parse_html

FIXTURES = Path(__file__).resolve().parent / "fixtures"

STORY = (
    "The river rose above its banks on Sunday morning and flooded the lower town, forcing "
    "dozens of families to leave their homes before the water reached the square."
)


def extract(html: str) -> str:
    return extract_main_text(parse_html(html, origin="test"))


@pytest.fixture(scope="module")
def article_text() -> str:
    html = (FIXTURES / "article_page.html").read_text(encoding="utf-8")
    return extract(html)


@pytest.mark.parametrize(
    "kept",
    [
        "Councillors in Saltmarsh voted on Tuesday night to rebuild the harbour flood wall, ending "
        "two years of argument",
        "What the plan includes",  # subhead
        "- New flood gates at the slipway and the fish market",  # list item
        "We have waited two winters for this.",  # block quote
        "should take eighteen months, according to the council's timetable",  # last paragraph
    ],
)
def test_article_text_survives(article_text: str, kept: str) -> None:
    assert kept in article_text


@pytest.mark.parametrize(
    "dropped",
    [
        "Business",  # navigation
        "We use cookies",  # cookie banner
        "Harbour town votes to rebuild",  # headline: a field of its own, not body text
        "Maria Lund",  # byline
        "Share on Facebook",  # share widget
        "The old sea wall after the January storm",  # caption
        "Advertisement",
        "Buy storm shutters",  # ad
        "Flooding",  # tags
        "Storm damage bill",  # related links
        "Leave a comment",  # comment form
        "Your email address will not be published",
        "Lifeboat crew rescues",  # sidebar
        "morning briefing",  # newsletter box
        "All rights reserved",  # footer
    ],
)
def test_boilerplate_is_dropped(article_text: str, dropped: str) -> None:
    assert dropped not in article_text


def test_paragraphs_are_separated_by_a_blank_line(article_text: str) -> None:
    paragraphs = article_text.split("\n\n")
    assert paragraphs[0].startswith("Councillors in Saltmarsh")
    assert paragraphs[1].startswith("The new wall will be a metre higher")
    assert "What the plan includes" in paragraphs
    assert all(paragraph == paragraph.strip() and "\n" not in paragraph for paragraph in paragraphs)


def test_nothing_article_like_gives_empty_text() -> None:
    assert extract("<html><body></body></html>") == ""
    assert (
        extract(
            "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
            "<a href='/news'>News</a></nav><p>Hello.</p></body></html>"
        )
        == ""
    )
    links = "".join(
        f"<li><a href='/story/{i}'>A headline about story number {i} of the day</a></li>"
        for i in range(20)
    )
    assert extract(f"<html><body><ul>{links}</ul></body></html>") == ""


def test_article_in_divs_without_paragraphs() -> None:
    html = f"""<html><body>
      <div class="menu"><a href="/">Home</a> | <a href="/world">World</a></div>
      <div id="story">
        <div>{STORY}</div>
        <div>Rescue teams in boats worked through the night, and the army sent trucks to carry
          people to a school on the hill, where volunteers handed out blankets and soup.</div>
        <div>Forecasters expect the water to fall slowly over the coming week.<br>
          Schools in the valley will stay closed until Thursday.</div>
      </div>
      <div class="footer">Contact us | Advertise with us | Privacy</div>
    </body></html>"""
    text = extract(html)
    assert text.startswith("The river rose above its banks")
    assert "Rescue teams in boats worked through the night" in text
    assert "Schools in the valley will stay closed until Thursday." in text
    assert "Home" not in text and "Advertise" not in text


def test_article_split_by_an_ad_is_kept_whole() -> None:
    second = (
        "Officials said the clean-up would take months, and that the cost of the damage "
        "was not yet known, though early estimates ran to several million."
    )
    html = f"""<html><body><div class="content">
      <div class="part"><p>{STORY}</p><p>{STORY.replace("Sunday", "Monday")}</p></div>
      <div class="advert">Advertisement</div>
      <div class="part"><p>{second}</p></div>
    </div></body></html>"""
    text = extract(html)
    assert STORY in text and second in text
    assert "Advertisement" not in text


def test_bem_names_are_read_by_their_element() -> None:
    # BEM class names ("block__element", common on Russian sites) name the article block first:
    # "article__related" is the related-stories part of an article, not article text.
    story = (
        "В восьмидесятых годах чешская красавица заявила о себе на весь мир, и тогда трудно "
        "было найти журнал без её фотографий."
    )
    more = f"<p>{story}</p>" * 8
    html = f"""<html><body><article class="article">
      <header class="article__header"><h1>Модель о возрасте</h1>
        <p class="article__lead">Полина Поризкова рассказала, почему старение её ужасает.</p>
        <p class="article__info">Текст: Лида Буслаева, 11 октября 2018</p></header>
      <div class="article__content">
        <div class="article__block"><p>{story}</p></div>
        <div class="article__block"><figure>Фото</figure></div>
        <div class="article__block"><p>{story.replace("журнал", "экран")}</p>{more}</div></div>
      <div class="article__footer">
        <div class="related-entities article__related"><h4>Материалы по теме</h4>
          <ul class="related-entities__list"><li><a href="/a">Названа самая популярная модель</a>
          </li></ul></div>
        <div class="tags article__tags"><h4>Теги</h4>
          <ul class="tags__list"><li><a href="/t">красота</a></li></ul></div>
      </div></article></body></html>"""
    text = extract(html)
    assert story in text and story.replace("журнал", "экран") in text
    assert "Материалы по теме" not in text and "Теги" not in text
    assert "Лида Буслаева" not in text  # "article__header": the header, above the text


def test_teaser_cards_are_dropped_whatever_their_markup_is_called() -> None:
    """A block of teasers of other pages ("Самые популярные диеты") under names that say
    nothing (``tumblock``, ``tumb``): each card opens with its linked headline, on a line of
    its own, above a line of summary that reads like text. The story around it stays."""
    cards = "".join(
        f"""<div class="tumb"><div class="r"><a href="/d{n}.html"><img src="/d{n}.jpg"></a></div>
        <div class="title"><a href="/d{n}.html">Диета номер {n}</a></div>
        <div class="body">Популярная диета при активном ритме жизни. Минус {n} кг за 14 дней.</div>
        </div>"""
        for n in range(1, 6)
    )
    story = (
        "Низкоуглеводная диета ограничивает хлеб, сахар и крахмал, но оставляет мясо, рыбу и "
        "яйца; врачи советуют начинать её постепенно и пить больше воды."
    )
    paragraphs = "".join(f"<p>{story.replace('мясо', food)}</p>" for food in ("мясо", "сыр", "рис"))
    html = f"""<html><body><div id="content"><h1>Низкоуглеводная диета</h1>{paragraphs}
      <div id="tumblock"><h2>Самые популярные диеты</h2>{cards}</div>
    </div></body></html>"""
    text = extract(html)
    assert story in text and story.replace("мясо", "сыр") in text
    assert "Популярная диета" not in text and "Самые популярные диеты" not in text


def test_a_list_whose_items_open_with_a_link_in_a_sentence_is_kept() -> None:
    """A briefing's points each opening with a linked name are the story's sentences, not
    teasers: the link is part of the line, not a headline above it."""
    points = "".join(
        f'<li><a href="/c{n}">Company {n}</a> said on Monday it would cut {n}00 jobs at its '
        "plants in the north, blaming weaker orders.</li>"
        for n in range(1, 6)
    )
    html = f"""<html><body><article><p>{STORY}</p><ul>{points}</ul>
      <p>{STORY.replace("Sunday", "Monday")}</p></article></body></html>"""
    text = extract(html)
    assert "- Company 3 said on Monday it would cut 300 jobs" in text
    assert STORY in text


@pytest.mark.parametrize(
    ("name", "boilerplate"),
    [
        ("rodape", "Rua Walter Marquardt, 1111 - Caixa Postal 421 - Fone: (047) 2106-8000"),
        ("pie-de-pagina", "Calle Mayor 1, 28013 Madrid. Todos los derechos reservados."),
        ("comentarios", "Deja tu comentario: tu correo no será publicado en ningún caso."),
        ("kommentare", "Schreiben Sie einen Kommentar zu diesem Artikel, bitte höflich."),
        ("partage", "Partager cet article sur les réseaux sociaux avec vos amis."),
        ("pubblicita", "Pubblicità: scopri le offerte della settimana nel nostro negozio."),
        ("bloc-auteur", "Journaliste au Monde. Suivre ce journaliste sur les réseaux sociaux."),
        ("autor-box", "Periodista de la sección de Internacional. Seguir a la autora en X."),
        ("signature", "Journaliste au service Pixels. Aller sur la page de ce journaliste."),
    ],
)
def test_boilerplate_named_in_the_site_s_own_language_is_dropped(
    name: str, boilerplate: str
) -> None:
    html = f"""<html><body><div class="conteudo"><p>{STORY}</p>
      <p>{STORY.replace("Sunday", "Monday")}</p><div class="{name}"><p>{boilerplate}</p></div>
    </div></body></html>"""
    text = extract(html)
    assert STORY in text
    assert boilerplate not in text


def test_a_block_marked_as_the_author_is_dropped_in_any_language() -> None:
    """schema.org's ``itemprop="author"`` on a block of its own: the journalist's box after the
    story (Le Monde's), whatever the language of its names; a name in a line of text stays."""
    html = f"""<html><body><div class="x1"><p>{STORY}</p>
      <p>Par <span itemprop="author">Martin Dupont</span>, {STORY.replace("Sunday", "Monday")}</p>
      <div class="x2"><ul><li itemprop="author"><span>Martin Dupont</span><br>
        <span>Journaliste au Monde</span> <span>Suivre ce journaliste sur twitter</span></li></ul>
      </div></div></body></html>"""
    text = extract(html)
    assert STORY in text and "Par Martin Dupont, " in text
    assert "Journaliste au Monde" not in text and "Suivre" not in text


def test_what_a_page_hides_from_the_eye_is_dropped_whatever_else_it_is_called() -> None:
    """Folha's comments: ``comments-article u-visually-hidden``, whose "article" vouched for
    them; screen-reader text is never the text a reader sees."""
    html = f"""<html><body><div class="c-news"><p>{STORY}</p>
      <p>{STORY.replace("Sunday", "Monday")}</p>
      <section id="comentarios" class="comments-article rs_skip u-visually-hidden"><header>
        <h2>Comentários</h2><p><small>Os comentários não representam a opinião do jornal; a
        responsabilidade é do autor da mensagem.</small></p></header></section>
      <p><span class="sr-only">Advertisement, continue reading below</span></p>
    </div></body></html>"""
    text = extract(html)
    assert STORY in text
    assert "Comentários" not in text and "Advertisement" not in text


def test_blog_platform_widgets_are_dropped_inside_a_post() -> None:
    """WordPress's Jetpack puts its like, share and related-posts boxes inside the post, in an
    element whose id also says "post" (``jp-post-flair``), which would vouch for it."""
    html = f"""<html><body><div class="post-5662 post type-post" id="post-5662">
      <div class="entry"><p>{STORY}</p><p>{STORY.replace("Sunday", "Monday")}</p>
        <div class="sharedaddy sd-like-enabled sd-sharing-enabled" id="jp-post-flair">
          <div class="sharedaddy sd-block sd-like" id="like-post-wrapper-4817886">
            <h3 class="sd-title">Sukai ini:</h3></div>
          <div id="jp-relatedposts" class="jp-relatedposts">
            <h3 class="jp-relatedposts-headline"><em>Terkait</em></h3></div>
        </div></div></div></body></html>"""
    text = extract(html)
    assert STORY in text
    assert "Sukai ini" not in text and "Terkait" not in text


def test_addresses_printed_as_links_are_kept_and_link_lists_are_not() -> None:
    """A story's sources printed as their addresses are text the author chose to print; a
    list of linked words after the story is still navigation."""
    html = f"""<html><body><article><p>{STORY}</p><p>{STORY.replace("Sunday", "Monday")}</p>
      <p><a href="http://amzn.to/2iJFhRj">http://amzn.to/2iJFhRj</a></p>
      <p><a href="https://www.example.org/report.pdf">www.example.org/report.pdf</a></p>
      <ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
      <li><a href="/weather">Weather</a></li></ul></article></body></html>"""
    text = extract(html)
    assert "http://amzn.to/2iJFhRj" in text and "www.example.org/report.pdf" in text
    assert "Sport" not in text and "Weather" not in text


@pytest.mark.parametrize("name", ["article__block article__block_slider", "carousel"])
def test_sliders_and_carousels_are_galleries(name: str) -> None:
    """A slider of photos inside the article: its credits ("personal archive of ...") are no
    part of the text, as a gallery's or a slideshow's are not."""
    html = f"""<html><body><div class="article__content">
      <div class="article__block"><p>{STORY}</p><p>{STORY.replace("Sunday", "Monday")}</p></div>
      <div class="{name}"><dl><dd class="slider-placeholder__origin-text">личный архив Андрея
        Рудькова, фотограф агентства</dd></dl></div>
      <div class="article__block"><p>{STORY.replace("river", "lake")}</p></div>
    </div></body></html>"""
    text = extract(html)
    assert STORY in text and STORY.replace("river", "lake") in text
    assert "личный архив" not in text


def test_table_rows_are_lines() -> None:
    html = f"""<html><body><article><p>{STORY}</p>
      <table><tr><th>Town</th><th>Homes flooded</th></tr>
      <tr><td>Lowbridge</td><td>120</td></tr></table>
      <p>{STORY.replace("Sunday", "Monday")}</p></article></body></html>"""
    text = extract(html)
    assert "Town Homes flooded" in text
    assert "Lowbridge 120" in text


def test_hidden_text_is_dropped() -> None:
    html = f"""<html><body><article><p>{STORY}</p>
      <p style="display: none">Secret tracking text that nobody should ever see in a story.</p>
      <p hidden>Another hidden paragraph that is long enough to look like article text.</p>
      </article></body></html>"""
    text = extract(html)
    assert STORY in text
    assert "Secret" not in text and "Another hidden" not in text


def jsonld_page(body: str, dom: str) -> str:
    data = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Flood",
            "articleBody": body,
        }
    )
    return (
        f'<html><head><script type="application/ld+json">{data}</script></head>'
        f"<body>{dom}</body></html>"
    )


def test_jsonld_article_body_when_the_markup_is_thin() -> None:
    body = f"{STORY}\nRescue teams worked through the night to reach the last families."
    tree = parse_html(jsonld_page(body, '<div id="app">Loading…</div>'), origin="test")
    expected = f"{STORY}\n\nRescue teams worked through the night to reach the last families."
    assert extract_main_text(tree) == expected
    assert extract_main_text(tree, jsonld=jsonld_objects(tree)) == expected
    assert extract_main_text(tree, jsonld=[]) == ""  # the caller's objects are the ones used


def test_jsonld_article_body_with_markup() -> None:
    body = f"<p>{STORY}</p><p>Rescue teams <a href='/x'>worked</a> through the night.</p>"
    tree = parse_html(jsonld_page(body, ""), origin="test")
    assert extract_main_text(tree) == f"{STORY}\n\nRescue teams worked through the night."


def test_markup_wins_over_a_teaser_article_body() -> None:
    paragraphs = "".join(f"<p>{STORY} Paragraph {i}.</p>" for i in range(4))
    tree = parse_html(jsonld_page(STORY[:120], f"<article>{paragraphs}</article>"), origin="test")
    text = extract_main_text(tree)
    assert text.count("The river rose") == 4
    assert "Paragraph 3." in text


def test_the_tree_is_not_modified() -> None:
    html = (FIXTURES / "article_page.html").read_text(encoding="utf-8")
    tree = parse_html(html, origin="test")
    before = len(list(tree.iter()))
    extract_main_text(tree)
    assert len(list(tree.iter())) == before
