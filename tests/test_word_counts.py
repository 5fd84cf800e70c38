"""Words counted in scripts written without spaces: Chinese, Japanese, Thai (issue 21).

The paragraphs were written for the project in the style of news copy. The expected ranges come
from segmenters run on the same text (jieba for Chinese, janome for Japanese, PyThaiNLP's
``newmm`` for Thai; see eval/word_counts.py): a count by whitespace, as before, gave 1 to 3.
"""

from __future__ import annotations

from newsroom.core.models import RawItem
from newsroom.stages.metadata import take_title, word_count
from newsroom.stages.pages import extract_html
from newsroom.stages.pipeline import process_item
from newsroom.stages.words import count_words

JAPANESE = (
    "東京都は３日、新型の感染症対策として、都内の公立学校に空気清浄機を配備すると発表した。"
    "費用は約１２億円で、来年度の予算案に盛り込む。小池百合子知事は記者会見で「子どもたちが"
    "安心して学べる環境を整えたい」と述べた。配備は４月から順次始まり、夏休みまでに全ての学校で"
    "完了する見通しだ。"
)
CHINESE = (
    "国家统计局周五公布的数据显示，今年第三季度国内生产总值同比增长百分之四点八，略低于市场预期。"
    "分析人士认为，房地产市场持续低迷和出口放缓是拖累经济增长的主要因素。政府已经推出一系列刺激"
    "措施，包括降低贷款利率和增加基础设施投资。"
)
THAI = (
    "กรมอุตุนิยมวิทยาประกาศเตือนประชาชนในภาคเหนือและภาคตะวันออกเฉียงเหนือให้ระวังฝนตกหนักและ"
    "น้ำป่าไหลหลากในช่วงสามวันข้างหน้า เจ้าหน้าที่ระบุว่าพายุโซนร้อนกำลังเคลื่อนตัวเข้าสู่ประเทศไทย"
    "และจะทำให้มีฝนตกต่อเนื่อง ประชาชนที่อาศัยอยู่ในพื้นที่ลุ่มต่ำควรเตรียมพร้อมอพยพหากระดับน้ำ"
    "เพิ่มสูงขึ้น"
)
KOREAN = (
    "한국은행은 목요일 기준금리를 연 3.5%로 동결했다고 밝혔다. 이창용 총재는 기자회견에서 물가 "
    "상승세가 둔화되고 있지만 아직 안심하기는 이르다고 말했다. 시장에서는 내년 상반기 중 금리 "
    "인하가 시작될 것으로 보고 있다."
)
# Japanese with Latin words and numbers: janome makes 37 words of it.
MIXED = (
    "トヨタ自動車は10日、米Microsoftと組み、EV向けのAIソフトウエアを共同で開発すると発表した。"
    "2027年にも北米で販売するRAV4の新型に搭載する。"
)


def test_japanese_counts_its_words() -> None:
    # janome (IPADIC): 78 words in 140 characters; by whitespace: 1.
    assert 66 <= count_words(JAPANESE) <= 90
    assert word_count(JAPANESE) == count_words(JAPANESE)


def test_chinese_counts_its_words() -> None:
    # jieba: 48 words (it keeps 国家统计局, 基础设施 whole); finer standards split those: 60 or so.
    assert 45 <= count_words(CHINESE) <= 70


def test_thai_counts_its_words() -> None:
    # PyThaiNLP newmm: 51 words; by whitespace: 3 (Thai puts spaces between sentences only).
    assert 43 <= count_words(THAI) <= 60


def test_korean_is_counted_by_its_spaces() -> None:
    """Korean spaces its words: the count is the whitespace count, as it was (this one held on
    the code before issue 21 too; it guards that Hangul is not counted by characters)."""
    assert count_words(KOREAN) == len(KOREAN.split()) == 28


def test_mixed_script_counts_both() -> None:
    assert 31 <= count_words(MIXED) <= 43
    assert count_words(MIXED + " Apple Google") - count_words(MIXED) == 2
    assert count_words("「東京」（共同）、。") == count_words("東京共同")  # punctuation is no word


def test_spaced_languages_count_as_before() -> None:
    text = "One two  three — four.\n\nFive, six."
    assert count_words(text) == len(text.split()) == 7


def test_a_japanese_sentence_is_no_headline() -> None:
    """A first paragraph of one sentence is the story's lede, not its headline: it ends with 。
    and is longer than a headline's 20 words."""
    lede = "気象庁は１４日未明、福岡、佐賀、長崎の３県に大雨特別警報を発表した。"
    assert take_title([lede, JAPANESE]) == (None, [lede, JAPANESE])
    headline = "九州北部に大雨特別警報　住民２万人に避難指示"
    assert take_title([headline, JAPANESE])[0] == headline


STORY = [
    "気象庁は１４日未明、福岡、佐賀、長崎の３県に大雨特別警報を発表した。梅雨前線の活動が活発に"
    "なり、九州北部では１３日夜から記録的な雨が降り続いている。各自治体は計約２万人に避難指示を"
    "出し、住民に命を守る行動を取るよう呼びかけている。",
    "気象庁によると、佐賀県嬉野市では１４日午前３時までの１時間に１１０ミリの猛烈な雨を観測し、"
    "観測史上最大を更新した。福岡県久留米市では筑後川の支流が氾濫し、市街地の一部が浸水した。"
    "消防によると、逃げ遅れた住民ら３０人以上がボートで救助されたが、けが人の情報は入っていない。",
    "福岡管区気象台によると、今回の大雨で３県の計１２河川が氾濫危険水位を超えた。佐賀県は災害対策"
    "本部を設置し、陸上自衛隊に災害派遣を要請した。県内の小中学校は１４日、全て臨時休校となった。"
    "地元の農家からは「収穫前の米が心配だ」と不安の声が上がっている。",
    "ＪＲ九州は九州新幹線の博多―鹿児島中央間で始発から運転を見合わせた。九州自動車道も一部区間"
    "で通行止めとなっている。政府は首相官邸に情報連絡室を設置し、被害の把握を急いでいる。",
    "気象庁の担当者は記者会見で「これまでに経験したことのないような大雨になっている。土砂災害や"
    "河川の氾濫に最大級の警戒をしてほしい」と述べた。雨は１５日にかけて降り続く見込みで、九州"
    "北部では多いところで２００ミリの雨が予想されている。",
]
# A page rendered by scripts, its story in <noscript>: the fast extractor skips it and
# trafilatura's second look finds it, then "at least 30 words" decides whether it is a story.
PAGE = (
    "<html lang='ja'><head><meta charset='utf-8'><title>九州北部に大雨特別警報 | 西日本ニュース"
    "</title></head><body><div id='app'></div><noscript><article><h1>九州北部に大雨特別警報"
    "　住民２万人に避難指示</h1>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in STORY)
    + "</article></noscript></body></html>"
)


def test_a_japanese_page_found_by_the_second_extractor_is_a_story() -> None:
    assert 550 <= sum(map(len, STORY)) <= 650
    document = extract_html(PAGE, origin="page.html", url="https://news.example.jp/a/1")
    assert document.extractor == "trafilatura"
    assert "筑後川の支流が氾濫し" in document.text

    article = process_item(
        RawItem(source="web", key="page", origin="page.html", html=PAGE, date="2026-07-14")
    )
    assert article.extractor == "trafilatura"
    assert article.language == "ja"
    assert 300 <= article.word_count <= 420  # janome: 340 or so; by whitespace: 5
