"""The main text of an article page, read from the shared lxml tree.

One walk over the page splits it into blocks of text (paragraphs, headings, list items, table
rows), counting how much of each block is link text. Markup that is never article text is not
walked: scripts, forms, navigation, figures and captions, hidden elements, and elements whose
class or id names boilerplate (share, related, comment, cookie, newsletter...). A block is *good*
when it is long enough and not mostly links; other blocks are *stray*.

Every block element is a candidate container. The tightest one, whose own and children's blocks
hold the most good text for the least stray or linked text, is the article's core; it grows to an
ancestor when the text that the ancestor adds reads as well as an article (an article split by an
ad slot), and not when it adds teasers and link lists. Elements whose class or id merely hints at
boilerplate (``sidebar``, ``header``, ``media``...) are left out of a container around them, but
can still be the container: some sites name their page wrapper ``has-sidebar``. A BEM name
(``block__element``) is read by its element: ``article__related`` is the related-stories part of an
article and ``article__header`` its header, where the word ``article`` would vouch for them.

Class and id names are read in English and, for comments, sharing, related stories, footers,
headers and advertising, in French, German, Spanish, Italian and Portuguese too (``rodape``,
``kommentare``, ``pubblicita``). A block of teaser cards is boilerplate whatever its names say
(:func:`_holds_teaser_cards`): three or more children alike, each a linked headline on a line of
its own above a short summary. The sharing, liking and related-posts widgets of blog platforms
(WordPress's Jetpack: ``sharedaddy``, ``jp-relatedposts``) are boilerplate even inside a post.

The result is the container's blocks minus link lists (but not an address printed as a link after
the text has begun: a source the story cites), the headline and stray lines that are not subheads,
list items or table rows. When the page carries a JSON-LD ``articleBody`` and the markup
yields much less text (a page rendered by scripts), the ``articleBody`` is used instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import lxml.etree
import lxml.html

from newsroom.stages.htmltree import jsonld_objects

logger = logging.getLogger(__name__)

# Elements whose whole subtree is never article text.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "canvas",
        "map",
        "button",
        "input",
        "select",
        "textarea",
        "option",
        "label",
        "nav",
        "aside",
        "footer",
        "figure",
        "figcaption",
        "menu",
        "dialog",
        "head",
        "title",
        "meta",
        "link",
    }
)
# Elements that start a new block of text; everything else is inline.
BLOCK_TAGS = frozenset(
    {
        "html",
        "body",
        "main",
        "article",
        "section",
        "div",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "header",
        "address",
        "center",
        "fieldset",
        "details",
        "summary",
        "form",
        "hr",
        "hgroup",
    }
)
CELL_TAGS = frozenset({"td", "th"})
HAS_BLOCKS = lxml.etree.XPath(
    "boolean(descendant::*[self::p or self::div or self::table or self::ul or self::ol"
    " or self::h1 or self::h2 or self::h3 or self::h4 or self::blockquote])"
)
# Blocks that hold text when short: subheads, list items, table rows, quotes.
TEXT_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "td",
        "th",
        "dt",
        "dd",
        "blockquote",
        "pre",
    }
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Class or id words naming boilerplate: the element is not walked. Sites name their markup in
# English mostly, in their own language sometimes: comments, sharing and related stories in
# French, German, Spanish, Italian and Portuguese too.
BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:comments?|comment-list|disqus|respond|replies|cookies?|consent|gdpr|"
    r"newsletter|subscribe|subscription|signup|sign-up|share|sharing|social|sociable|"
    r"related|recommended|recommendations|recirc|more-stories|read-more|most-popular|trending|"
    r"popup|modal|breadcrumbs?|outbrain|taboola|promo|promotion|sponsored|skip|"
    r"commentaires|kommentare|comentarios|comentários|commenti|partage|partager|teilen|"
    r"compartir|compartilhar|condividi|relacionad[oa]s|correlati|lire-aussi|leia-tambem|"
    r"lea-tambien)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Class or id words naming boilerplate that some sites also give to a wrapper of the whole page
# ("has-sidebar", "header-style-2"): the element is no part of a container around it. With the
# footers, headers, sidebars, advertising and authors of the same five languages ("rodape",
# "werbung", "auteur"), and the French press's "signature" (the byline, or the journalist's box
# after the story with its "follow" links).
NEGATIVE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|sidebar|side-bar|widget|widgets|"
    r"popular|sponsor|banner|ads?|advert|advertisement|advertising|adslot|dfp|gpt|"
    r"pagination|pager|overlay|caption|credit|byline|author|tags?|tools|toolbar|print|"
    r"masthead|header|hidden|visually-hidden|sr-only|screen-reader|video|gallery|slideshow|"
    r"slider|carousel|photo|image|img|media|"
    r"rodape|rodapé|pie-de-pagina|pied-de-page|fusszeile|fußzeile|cabecalho|cabeçalho|"
    r"cabecera|kopfzeile|entete|en-tete|barra-lateral|publicite|publicité|werbung|anzeige|"
    r"publicidad|publicidade|pubblicita|pubblicità|anuncios?|reklama|"
    r"auteurs?|autor|autores|autore|autori|autoren|verfasser|signature)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Class or id names of the sharing, liking and related-posts widgets that blog platforms put
# inside a post (WordPress's Jetpack, AddToAny, YARPP): boilerplate even where a name around
# them also says "post" ("jp-post-flair").
WIDGETS = re.compile(
    r"(?:^|\s)(?:sharedaddy|jp-post-flair|jp-relatedposts|addtoany|a2a_kit|yarpp-related|"
    r"crp_related)(?:$|[\s_-])",
    re.IGNORECASE,
)
# The utility classes that hide an element from the eye, for screen readers only (Bootstrap's,
# WordPress's, the "u-" of utility-first CSS): never the text a reader sees, whatever else the
# element is called (Folha's comments, ``comments-article u-visually-hidden``).
VISUALLY_HIDDEN = re.compile(
    r"(?:^|[\s_-])(?:visually-hidden|sr-only|screen-reader-text|screen-reader-only)(?:$|\s)",
    re.IGNORECASE,
)
# Class or id words that vouch for article text, overriding the two above.
POSITIVE = re.compile(
    r"article|body|content|entry|main|post|story|text|blog|prose|embed",
    re.IGNORECASE,
)
MARKUP = re.compile(r"<(?:p|br|div|span|a|h[1-6]|ul|li|strong|em|b|i)\b[^>]*>", re.IGNORECASE)
PRINTED_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")  # a link whose text is its address
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

MIN_PARAGRAPH_CHARS = 30  # a shorter block is no evidence of article text
MAX_LINK_DENSITY = 0.5  # a block with more of its text in links is navigation
BAD_WEIGHT = 1.5  # a container's score loses this much per linked or stray character
BAD_BLOCK_CHARS = 30  # ... and this many characters' worth per stray block, when growing
GROW_RATIO = 0.75  # the share of good text that text added around the article must have
NEGATIVE_FACTOR = 0.5  # the score of a container inside boilerplate is scaled by this
MIN_ARTICLE_CHARS = 100  # less text than this is not an article
JSONLD_PREFERENCE = 0.6  # use articleBody when the markup yields less than this share of it
MIN_CARDS = 3  # teaser cards that make a list of them
MAX_CARD_CHARS = 300  # a teaser card holds no more text than this
CARDS_SHARE = 0.8  # the share of a list's text its teaser cards hold


@dataclass(slots=True)
class Block:
    """One block of text: a paragraph, heading, list item or table row."""

    text: str
    link_chars: int
    tag: str

    @property
    def good(self) -> bool:
        """Whether the block reads like article text: long enough and not mostly links."""
        if self.link_chars > MAX_LINK_DENSITY * len(self.text):
            return False
        return len(self.text) >= MIN_PARAGRAPH_CHARS or self.tag in HEADINGS


class Frame:
    """A block element: the blocks ``start:end`` it holds, and tallies of their text.

    ``levels`` sums good and bad characters of the blocks the element holds itself (level 0),
    those its child block elements hold (level 1) and its grandchildren (level 2): the article's
    container holds its paragraphs near the top. ``hidden`` sums the text of boilerplate
    elements inside it, which is no part of it.
    """

    __slots__ = ("parent", "negative", "in_negative", "start", "end", "levels", "hidden", "total")

    def __init__(self, parent: Frame | None, negative: bool, start: int) -> None:
        self.parent = parent
        self.negative = negative
        self.in_negative: bool = negative or (parent is not None and parent.in_negative)
        self.start = start
        self.end = start
        self.levels = [0, 0, 0, 0, 0, 0]  # good, bad at levels 0, 1, 2
        self.hidden = [0, 0, 0]  # good, bad characters and stray blocks in boilerplate
        self.total = [0, 0, 0]  # good, bad characters and stray blocks, hidden ones included

    def tight_score(self) -> float:
        """How well the element's own children read as the article's paragraphs."""
        good0, bad0, good1, bad1, good2, bad2 = self.levels
        score = good0 + good1 + good2 / 2 - BAD_WEIGHT * (bad0 + bad1 + bad2 / 2)
        return score * NEGATIVE_FACTOR if self.in_negative and score > 0 else score

    def tallies(self) -> tuple[int, int, int]:
        """Good and bad characters and stray blocks, boilerplate elements left out."""
        return (
            self.total[0] - self.hidden[0],
            self.total[1] - self.hidden[1],
            self.total[2] - self.hidden[2],
        )


class _Walker:
    """Split a tree into blocks, tallying each block element as a container of the article.

    An element whose class or id names boilerplate is walked like any other, so that a page
    wrapped in ``<div class="has-sidebar">`` still has its article found inside the wrapper; but
    for any container around it, its text is no part of the container.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.frames: list[Frame] = []
        self._frame: Frame | None = None
        self._parts: list[str] = []
        self._link_chars = 0
        self._in_link = False
        self._good = 0  # good characters in the blocks so far
        self._bad = 0  # linked or stray characters in the blocks so far
        self._stray = 0  # stray blocks so far

    def _add(self, text: str | None) -> None:
        if text:
            self._parts.append(text)
            if self._in_link:
                self._link_chars += len(text)

    def _flush(self, tag: str) -> None:
        if self._parts:
            raw = "".join(self._parts)
            text = " ".join(raw.split())
            if text:
                # link characters were counted on the raw text; scale them to the normalized one
                links = round(self._link_chars * len(text) / len(raw)) if self._link_chars else 0
                block = Block(text, links, tag)
                self.blocks.append(block)
                levels = self._frame.levels  # type: ignore[union-attr]
                if block.good:
                    self._good += len(text) - links
                    self._bad += links
                    levels[0] += len(text) - links
                    levels[1] += links
                else:
                    self._bad += len(text)
                    self._stray += 1
                    levels[1] += len(text)
            self._parts = []
        self._link_chars = 0

    def walk(self, element: lxml.html.HtmlElement, owner: str) -> None:
        """Walk ``element`` (but not its tail), inside a block whose tag is ``owner``."""
        tag = element.tag
        if not isinstance(tag, str):
            return
        kind = _classify(element, tag)
        if kind is SKIP:
            return
        if tag in BLOCK_TAGS:
            self._walk_block(element, tag, owner, kind is NEGATIVE_KIND)
            return
        if tag == "br":
            self._flush(owner)
            return
        if kind is NEGATIVE_KIND:
            return
        link = tag == "a" and not self._in_link
        if link:
            self._in_link = True
        self._add(element.text)
        for child in element:
            self.walk(child, owner)
            self._add(child.tail)
        if link:
            self._in_link = False

    def _walk_block(
        self, element: lxml.html.HtmlElement, tag: str, owner: str, negative: bool
    ) -> None:
        self._flush(owner)
        parent = self._frame
        frame = Frame(parent, negative, len(self.blocks))
        position = len(self.frames)
        self.frames.append(frame)
        self._frame = frame
        good, bad, stray = self._good, self._bad, self._stray
        self._add(element.text)
        cells = tag == "tr"
        for child in element:
            if cells and child.tag in CELL_TAGS and not HAS_BLOCKS(child):
                if _classify(child, child.tag) is NORMAL:
                    self._walk_cell(child)
            else:
                self.walk(child, tag)
            self._add(child.tail)
        self._flush(tag)
        self._frame = parent
        frame.end = len(self.blocks)
        frame.total = [self._good - good, self._bad - bad, self._stray - stray]
        if (
            not negative
            and frame.total[0] >= MIN_CARDS * MIN_PARAGRAPH_CHARS  # summaries read as text
            and frame.total[1]  # and the headlines are links
            and frame.end - frame.start >= MIN_CARDS
            and len(element) >= MIN_CARDS
            and _holds_teaser_cards(element)
        ):
            negative = frame.negative = True  # "Most popular", "More on this": not the article
            for inner in self.frames[position:]:
                inner.in_negative = True
        if parent is None:
            return
        if negative:
            hidden = parent.hidden
            hidden[0] += frame.total[0]
            hidden[1] += frame.total[1]
            hidden[2] += frame.total[2]
            return
        parent.hidden[0] += frame.hidden[0]
        parent.hidden[1] += frame.hidden[1]
        parent.hidden[2] += frame.hidden[2]
        mine, theirs = frame.levels, parent.levels
        theirs[2] += mine[0]
        theirs[3] += mine[1]
        theirs[4] += mine[2]
        theirs[5] += mine[3]

    def _walk_cell(self, cell: lxml.html.HtmlElement) -> None:
        """Walk a table cell holding only inline markup as part of its row's line."""
        self._add(" ")
        self._add(cell.text)
        for child in cell:
            self.walk(child, "tr")
            self._add(child.tail)
        self._add(" ")


NORMAL, NEGATIVE_KIND, SKIP = "normal", "negative", "skip"


def _holds_teaser_cards(element: lxml.html.HtmlElement) -> bool:
    """Whether an element lists teasers of other pages, whatever words its markup uses: at
    least :data:`MIN_CARDS` children alike (same tag and class) hold most of its text, each a
    short block that opens with a link (a linked headline) and says more than its links (a line
    of summary), the links all different. A story's paragraphs may hold links, but they do not
    each open with one; a menu or a list of headlines is links only, and is left to the link
    density of its blocks."""
    alike: dict[tuple[str, str], list[lxml.html.HtmlElement]] = {}
    for child in element:
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            alike.setdefault((child.tag, child.get("class", "")), []).append(child)
    for cards in alike.values():
        if len(cards) < MIN_CARDS:
            continue
        links = set()
        for card in cards:  # most groups (a story's paragraphs) fail at the first
            link = _opening_link(card)
            if link is None or link in links:
                break
            links.add(link)
        if len(links) < len(cards):
            continue
        texts = [_card_text(card) for card in cards]
        if all(
            len(text) <= MAX_CARD_CHARS and len(text) - linked >= MIN_PARAGRAPH_CHARS
            for text, linked in texts
        ) and sum(len(text) for text, _ in texts) >= CARDS_SHARE * len(_card_text(element)[0]):
            return True
    return False


def _card_text(element: lxml.html.HtmlElement) -> tuple[str, int]:
    """An element's text, spaces normalised, and how many of its characters are in links."""
    text = " ".join(element.text_content().split())
    linked = sum(len(" ".join(link.text_content().split())) for link in element.iter("a"))
    return text, linked


def _opening_link(card: lxml.html.HtmlElement) -> str | None:
    """The address of a card's headline: a link that opens ``card`` and stands as a line of its
    own, the text after it in another block (``<a>Title</a><p>Summary</p>``, not ``<a>Apple</a>
    said on Monday``, a list of a story's own points). None when the card is not so made."""
    href: str | None = None
    link: lxml.html.HtmlElement | None = None
    past_link = False  # the walk has left the link (its insides come between its start and end)
    broken = False  # whether a block boundary came after the link
    for event, node in lxml.etree.iterwalk(card, events=("start", "end")):
        if not isinstance(node.tag, str):
            continue
        if link is None:
            if event == "start":
                if node.tag == "a" and node.get("href") and node.text_content().strip():
                    href, link = str(node.get("href")), node
                    continue
                if node.text and node.text.strip():
                    return None
            elif node is not card and node.tail and node.tail.strip():
                return None
            continue
        if not past_link:
            if event == "end" and node is link:
                if node.tail and node.tail.strip():
                    return None  # "<a>Apple</a> said": the link is part of a sentence
                past_link = True
            continue
        if node.tag in BLOCK_TAGS or node.tag == "br":
            broken = True
        if event == "start" and node.text and node.text.strip():
            return href if broken else None
        if event == "end" and node is not card and node.tail and node.tail.strip():
            return href if broken or node.tag in BLOCK_TAGS else None
    return href


def _classify(element: lxml.html.HtmlElement, tag: str) -> str:
    """SKIP for never-text, NEGATIVE_KIND for boilerplate by class or id, else NORMAL."""
    if tag in SKIP_TAGS:
        return SKIP
    if tag in ("html", "body"):
        return NORMAL
    attrib = element.attrib
    if "hidden" in attrib:
        return SKIP
    style = attrib.get("style")
    if style and HIDDEN_STYLE.search(style):
        return SKIP
    if tag in BLOCK_TAGS and attrib.get("itemprop") == "author":
        return NEGATIVE_KIND  # schema.org's author as a block of its own: an author's box
    names = attrib.get("class", "") + " " + attrib.get("id", "")
    if len(names) < 2:
        return NORMAL
    return _kind_of_names(names)


@lru_cache(maxsize=4096)
def _kind_of_names(names: str) -> str:
    """:func:`_classify` by class and id names, remembered: a page repeats its names."""
    if WIDGETS.search(names) or VISUALLY_HIDDEN.search(names):
        return SKIP
    if "__" in names:  # BEM: "article__related" is the related part of an article
        names = " ".join(name.rpartition("__")[2] for name in names.split())
    if BOILERPLATE.search(names):
        return NORMAL if POSITIVE.search(names) else SKIP
    if NEGATIVE.search(names):
        return NORMAL if POSITIVE.search(names) else NEGATIVE_KIND
    return NORMAL


def extract_main_text(
    tree: lxml.html.HtmlElement, *, jsonld: list[dict[str, Any]] | None = None
) -> str:
    """Return the article's main text, paragraphs separated by a blank line; "" when none.

    ``jsonld`` is the page's JSON-LD objects (``htmltree.jsonld_objects``); when not given they
    are read from the tree. The tree is not modified.
    """
    walker = _Walker()
    walker.walk(tree, "html")
    text = _main_text(walker.blocks, walker.frames)
    if jsonld is None:
        jsonld = jsonld_objects(tree)
    body = _jsonld_body(jsonld)
    if body and len(text) < JSONLD_PREFERENCE * len(body):
        logger.debug(
            "markup yields %d characters, JSON-LD articleBody %d: using articleBody",
            len(text),
            len(body),
        )
        return body
    return text


def _choose(frames: list[Frame]) -> Frame | None:
    """The article's container: the tightest good container, grown while the growth reads well."""
    best = max(frames, key=Frame.tight_score, default=None)
    if best is None or best.tight_score() < MIN_ARTICLE_CHARS:
        return None
    good, bad, stray = best.tallies()
    chosen = best
    ancestor = best
    while not ancestor.negative and ancestor.parent is not None:
        ancestor = ancestor.parent
        more_good, more_bad, more_stray = ancestor.tallies()
        added_good = more_good - good
        cost = added_good + more_bad - bad + BAD_BLOCK_CHARS * (more_stray - stray)
        if added_good >= GROW_RATIO * cost:
            chosen = ancestor
    return chosen


def _main_text(blocks: list[Block], frames: list[Frame]) -> str:
    chosen = _choose(frames)
    if chosen is None:
        return ""
    keep = [True] * (chosen.end - chosen.start)
    index = frames.index(chosen)
    for frame in frames[index + 1 :]:
        if frame.start >= chosen.end:
            break
        if frame.negative and frame.end <= chosen.end:
            for i in range(frame.start - chosen.start, frame.end - chosen.start):
                keep[i] = False
    kept: list[Block] = []
    for block, wanted in zip(blocks[chosen.start : chosen.end], keep, strict=True):
        if not wanted or block.tag == "h1":
            continue
        if block.link_chars > MAX_LINK_DENSITY * len(block.text) and not (
            kept and PRINTED_ADDRESS.fullmatch(block.text)
        ):
            continue  # links, unless an address printed as such: a source the story cites
        if not block.good and (not kept or block.tag not in TEXT_TAGS):
            continue  # a stray line before the text, or outside any paragraph: a widget
        kept.append(block)
    return "\n\n".join(_format(block) for block in kept)


def _format(block: Block) -> str:
    if block.tag == "li":
        return "- " + block.text
    return block.text


def _jsonld_body(objects: list[dict[str, Any]]) -> str:
    """The longest ``articleBody`` among the JSON-LD objects as plain text; "" if too short."""
    body = max(
        (obj["articleBody"] for obj in objects if isinstance(obj.get("articleBody"), str)),
        key=len,
        default="",
    )
    if len(body) < MIN_ARTICLE_CHARS:
        return ""
    if MARKUP.search(body):  # some sites put the article's HTML there
        try:
            fragment = lxml.html.fragment_fromstring(body, create_parent="div")
        except (lxml.etree.ParserError, ValueError):
            return ""
        walker = _Walker()
        walker.walk(fragment, "div")
        paragraphs = [_format(block) for block in walker.blocks]
    else:
        paragraphs = [" ".join(line.split()) for line in body.splitlines()]
    text = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    return text if len(text) >= MIN_ARTICLE_CHARS else ""
