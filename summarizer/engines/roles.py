"""What each amount of money in an article is doing: an allocation, or something else.

An article about a budget mentions many amounts that are not commitments: conversions of
another amount, last year's figure, a market size, a company's revenue. Telling them apart
is most of the deterministic engine's precision; the rules here read the words around each
amount. Hand-written because they encode the annotation guide (FORMAT.md), not language.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from summarizer.checking.crosschecks import find_conversions
from summarizer.checking.facts import SourceFacts
from summarizer.reading.language import has_cjk
from summarizer.reading.numbers import Quantity
from summarizer.reading.periods import PeriodMention
from summarizer.reading.prefilter import Prefiltered, Seen, seen_in


class Role(StrEnum):
    """The part an amount plays in its sentence."""

    ALLOCATION = "allocation"
    TOTAL = "total"
    CUMULATIVE = "cumulative"
    CONVERSION = "conversion"  # another currency's rendering of a neighbouring amount
    COMPARISON = "comparison"  # a previous or reference value ("up from", "the current")
    NOT_COMMITMENT = "not_commitment"  # market sizes, revenues, valuations, prices


@dataclass(frozen=True)
class RoledAmount:
    """An amount, its role, and the amount it converts when it is a conversion."""

    quantity: Quantity
    role: Role
    converts: Quantity | None = None


# Shared with `link_text`'s change figures. A change's rate in brackets between it and its
# change word ("1億77百万円(+1.4%)の増額", "3,439억 원, 약 5.7% 증액"); a change opened by "up"
# after its figure ("$6.6 billion, up $40 million (+0.4%)").
RATE_IN_BRACKETS = r"(?:[,(（]\s*(?:약\s*)?[+＋−▲△]?\s*[\d.,]+\s*[%％]\s*[)）]?\s*)?(?:の)?"
UP_OR_DOWN_BEFORE = r",\s*(?:up|down)\s*$"

_BEFORE_COMPARISON = re.compile(
    r"(?:\bup\s+from|\bdown\s+from|"
    r"(?<!benefit\s)(?<!benefits\s)(?<!benefited\s)(?<!benefitted\s)(?<!benefiting\s)"
    r"(?<!benefitting\s)\bfrom|compared\s+(?:with|to)|versus|\bvs\.?|than|"
    r"\bthe\s+current|\bcurrent|\bexisting|last\s+year'?s?|previous|prior|\bwas|earlier|"
    r"(?:去年|上年|前年)同期\s*[(（]?|比|较|較|前年|去年|전년|기존|gegenüber|Vorjahr\w*|par\s+rapport\s+(?:à|au)|frente\s+a|"
    r"rispetto\s+(?:a|al)|em\s+relação\s+a|ten\s+opzichte\s+van|waren\s+es|war\s+es|étaient|"
    r"était\s+de|fueron|eran|era\s+de)\s*(?:the\s+|a\s+|an\s+|its\s+)?"
    r"(?:(?:previous|prior|last|current|existing|earlier|original)\s+)?(?:[\w-]+['’]s\s+)?$|"
    # the earlier year's budget as a label: "(前年度予算額 111,565,301千円)", "전년도 예산 …"
    r"(?:前年度|昨年度|上年度|전년도)(?:の)?(?:予算額|予算|预算数|預算數|決算額|예산)?\s*[:：]?\s*$",
    re.IGNORECASE,
)
_CJK_CHANGE = re.compile(
    r"(?:较|比|較|対比|대비)[^，,。]{0,14}(?:增加|增长|減少|减少|増加|増|減|增)(?:了)?\s*$|"
    r"(?:double|doubling|doubles|triple|tripling|triples|quadruple|quadrupling|twice|times|fold)"
    r"\s+(?:the|its|that|this\s+year['’]s)\s*$|(?:每案|每人|每户|每戶|每家|1인당|인당|一人当たり|上限為|上限为|(?<![（(])上限(?![)）]))\S{0,8}$",
    re.IGNORECASE,
)
_AFTER_COMPARISON = re.compile(
    # after its figure, "more than" says the figure is a difference: "gut 2,5 Milliarden mehr
    # als in diesem Jahr", "mehr als geplant"
    r"^\s*(?:mehr|weniger)\s+als\b|^[\s,]*(?:more|less)\s+than\s+(?:in\s+)?(?:19|20)\d\d|"
    r"^[\s,]*de\s+plus\s+qu|^[\s,]*(?:más|menos)\s+que|"
    # "400 miljoner kronor mindre än", "7 miljard euro meer dan in 2018", "più di", "mais do que"
    r"^\s*(?:mer|mindre|mere|meer|minder|più|meno)\s+(?:än|end|enn|dan|di)\b|^\s*mais\s+do\s+que\b|"
    # a change told by its verb after the figure: "met 4,4 miljard euro toenamen"
    r"^\s*(?:toegenomen|toenamen|toenam|afgenomen|afnamen|afnam|gestegen|stegen|steeg|gedaald|"
    r"daalden|daalde|gestiegen|gesunken|zurückgegangen)\b|"
    r"^\s*(?:smaller|larger|bigger|higher|lower|more|less)\s+than\b|"  # a difference
    # a figure the change itself: "전년 대비 5,147억원 증가", "3,439억 원, 약 5.7% 증액"
    # or with its sign and "の": "1億77百万円(+1.4%)の増額"
    rf"^\s*(?:이|가)?\s*{RATE_IN_BRACKETS}"
    r"(?:증가|감소|증액|감액|늘었|줄었|増加|減少|增加|减少|增長|增长|増額|減額|增额|减额)|"
    # written against the figure: "144億円増(2,504億円→2,649億円)", "10億円減" (not 増資, 減税)
    r"^(?:増|減)(?![資税])|"
    # a difference: "3,1 Mrd. € (– 27,1 %) geringer aus", "gut 2,5 Milliarden Euro mehr."
    r"^\s*(?:[(（][^)）]{0,20}[)）]\s*)?(?:geringer|höher|niedriger|lower|higher)\b|"
    r"^\s*(?:mehr|weniger|more|less|de\s+plus|de\s+moins|meer|minder)\s*(?:[.;]|$)|"
    # Estonian "by" after the figure: "vähenenud 8,1 miljardi euro võrra" (fallen by)
    r"^\s*võrra\b|"
    # the figure compared with: "본예산(97조 4,767억 원) 대비"
    r"^\s*[)）]?\s*(?:から|より|보다|에서|대비|の増額|の増加|の減額|と比較|と比べ|に比べ)|"
    r"^\s*(?:a\s+year\s+(?:earlier|ago|before)|last\s+year|in\s+the\s+previous\s+year|"
    r"(?:in|for)\s+(?:fiscal\s+)?(?:19|20)\d\d,?\s+(?:up|down)|previously)",
    re.IGNORECASE,
)
_TO_AFTER_FROM = re.compile(r"\bto\s*$", re.IGNORECASE)
# A signed figure is a change, not an allocation: "+558億円", "▲700億円", "△8억원", "−€2m".
_SIGNED = re.compile(r"[+＋▲△▼▽−]\s*$")
# "較109年度之624億元" (than FY2020's), "較上年增列34億元" (up by): the earlier figure or the
# change. ("전년 대비 14.9% 증액한 4,732억 원" is the new figure: the change there is the 14.9%.)
_CJK_THAN = re.compile(
    r"(?:較|较|比)[^，,。、;；]{0,10}(?:年度?|上年|去年|前年)(?:之|的)?"
    # "較111年度預算數46億元": the earlier year's budget (or final accounts) figure
    r"(?:法定|核定)?(?:預算數|预算数|預算|预算|決算數|决算数|決算|决算|核定數|核定数)?\s*$|"
    r"(?:較|较|比|対|전년)[^。;；]{0,40}(?:增列|增加|增長|增长|減少|减少|増加|減少|増額|減額|증가|감소|늘어|"
    r"增支|减支|減支|增收|减收|減收)\s*$"
)
# An increase "on" an earlier figure: "a three-fold increase on the ESD funding of €167,000".
_INCREASE_ON = re.compile(
    r"\b(?:increase|rise|up|growth)\s+(?:on|over)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}(?:of\s+)?$",
    re.IGNORECASE,
)
# A change named before its figure: "an increase of $200 million", "a 5.2 percent increase, or".
_CHANGE_BEFORE = re.compile(
    r"\b(?:increase|decrease|cut|reduction|rise|drop|decline)s?\b(?:\s+of)?[^.;\d]{0,6}$|"
    r"\bum\s*$|"  # "lagen um 3,8 Mrd. € über": German "um" before a figure is a change
    rf"{UP_OR_DOWN_BEFORE}|"
    r"\b(?:increased|increases|rose|rises|grew|grows|cut|reduced|fell|dropped|higher|lower|"
    r"up|down)\s+(?:\w+\s+){0,3}by\s*$|"  # "rose by $2 billion", not "backed by £2.5 billion"
    # "økes med over 400 millioner", "en økning på", "stijgt met", "wzrost o", "nárůst o"
    r"\b(?:øke[sr]?|økte|ökar|ökas|ökade|øges|stiger|steg|reduseres|minskar|minskas|"
    r"forhøjes|stijgt|stijging|daalt|daling|verhoogd|verlaagd|toename|afname|wzr[oa]\w*|"
    r"zwiększ\w*|zmniejsz\w*|spad\w*|nárůst\w*|pokles\w*|zvýš\w*|sníž\w*)\s+(?:med|met|o|van)"
    r"(?:\s+\w+)?\s*$|\b(?:økning|ökning|stigning|forøgelse|øgning|reduksjon|minskning|nedgang)"
    r"\s+(?:på|med)\s*$|"
    r"\b(?:kasvaa|kasvoi|kasvavat|kasvanut|lisääntyy|lisääntyi|supistuu|supistui|vähenee|väheni|"
    r"nousee|nousi|pienenee|pieneni)(?:\s+\S+){0,4}\s*$",
    re.IGNORECASE,
)
# "between €1,000 and €5,000 (per school)": the bounds of individual amounts, not a commitment.
_BETWEEN = re.compile(
    r"\b(?:between|entre|zwischen|tra)\s*$|\b(?:between|entre|zwischen|tra)\s+\S{1,25}\s+"
    r"(?:and|et|und|y|e)\s*$|"
    # "保留金額介於2,185萬3千元至5,924萬3千元": a range of amounts, not one given
    r"(?:介於|介于)[^，,。;；]{0,10}$|(?:介於|介于)[^，。;；]{0,20}(?:至|到|~|～)\s*$",
    re.IGNORECASE,
)
# "from A to B" in the languages read, "A ⇒ B": A is the earlier figure.
_FROM_BEFORE = re.compile(
    r"(?:\bfrom|\bde|\bdu|\bvon|\bdesde|\bda|\bvan|\bó|\bfrån|\bfra|\bnuo|\bod|\bс|\bвід|"
    r"由|从|從)\s*$",
    re.IGNORECASE,  # Irish "ó"; Swedish, Danish and Norwegian "från", "fra"; Lithuanian "nuo";
)  # Polish and Czech "od"; Russian "с", Ukrainian "від"; Chinese 由, 从
_TO_AFTER = re.compile(
    r"^\s*(?:to|para|à|au|auf|a|naar|go|till|til|iki|do|до|→|⇒|->|"
    r"(?:调整|調整|增加|增长|增長|减少|減少|提高|降低|上调|下调|上調|下調|变更|變更)?(?:为|為|到|至)|"
    r"增至|减至|減至|降至)\s*\S{0,12}\d",
    re.IGNORECASE,  # Irish "go"
)
_ARROW_AFTER = re.compile(r"^\s*[→⇒]")


def _from_to(q: Quantity, before: str, after: str, money: list[Quantity]) -> bool:
    """Is `q` the A of "from A to B", B an amount of its currency? ("de 25 milhões de euros do
    PT2030" names a programme, "с 5 млрд рублей до 2025 года" a year: no B.)"""
    to = _TO_AFTER.match(after) if _FROM_BEFORE.search(before[-8:]) else None
    if to is None:
        return False
    following = _between(money, q.end, q.end + to.end() + 1)
    return any(m.unit == q.unit for m in following)


_NOT_COMMITMENT = re.compile(
    r"\b(?:market|revenue|revenues|sales|turnover|earnings|profit|profits|net\s+income|"
    r"operating\s+income|valuation|valued|worth\s+of\s+(?:shares|stock)|market\s+cap|"
    r"price|priced|salary|salaries|wages?|GDP|exports?|imports?|"
    r"trade\s+(?:surplus|deficit)|deficit|debt\s+(?:stood|reached)|reserves|spent\s+last|"
    r"losses?|shipments?|analysts?['’]?\s+(?:\w+\s+)?estimates?|estimates?\s+of|valu(?:e|ed|ing|ation)|burn\w*|sav(?:e|es|ing|ings)|"
    r"(?:is|was|are|were)\s+(?:now\s+)?worth|sovereign\s+wealth\s+fund|in\s+assets|"
    r"assets\s+under\s+management|market\s+capitali[sz]ation|surplus|limit|cap|ceiling|"
    r"cash\s+balance|balance\s+of\s+\$|difference|receipts|contracting\s+authority|"
    r"authorit(?:y|ies)\s+to\s+(?:buy|acquire|contract|enter)|"
    r"threshold|Einsparung\w*|annul\w*|kürz\w*|gekürzt|Kürzung\w*|économies|recortes?|ahorros?|"
    r"Reserven|réserves|reservas|riserve|"
    r"Einnahmen|Steuereinnahmen|recettes|ingresos|entrate|receitas|inkomsten|gestrichen|"
    r"Streichung\w*|"
    # revenue, deficit and surplus in the Nordic, Finnish, Polish, Czech and Dutch press
    r"intäkter|inkomster|underskott|överskott|indtægter|underskud|overskud|inntekter|"
    r"underskudd|overskudd|tulot|tuloja|tuloista|alijäämä\w*|ylijäämä\w*|dochod(?:y|ów)|"
    r"deficyt\w*|nadwyżk\w*|příjm(?:y|ů)|schod(?:ek|ku)|přebyt\w*|tekort|overschot|"
    # and in the Russian and Ukrainian: revenue, deficit, surplus, wages
    r"доход\w*|дефіцит\w*|дефицит\w*|профіцит\w*|профицит\w*|заробітн\w*|заработн\w*|"
    r"зарплат\w*|"
    # economy-wide statistics: a country's income per head is no commitment
    r"GNI|GNP|per\s+capita|pro\s+Kopf|par\s+habitant|per\s+cápita|"
    r"(?:custo|coût|costo|Kosten|cost)\s+(?:\w+\s+){0,3}(?:est[aá]\s+)?(?:estimad\w*|estimé\w*|"
    r"stimat\w*|geschätzt\w*|estimated))\b|年収|年收入|(?<![低中])收入|歲入|岁入|歳入|세입|세수|短收|연봉|소득|"
    r"(?:产业|產業|産業|市场|市場|行业|行業)规模|產值|产值|营收|營收|营业收入|營業收入|"
    r"売上|時価総額|市值|月薪|年薪|工资|薪資|매출|시장\s*규모|시가총액|수출|出口額|出口额|輸出額|"
    r"国民総所得|国内総生産|国民所得|人均|一人当たり|1人当たり|국민소득|差異|差异|差額|差额|"
    # a deficit, a shortfall, a surplus or balance carried over; a balance outstanding (a
    # stock, not money committed): "年度末残高", "贷款余额", "대출 잔액"
    r"差短|短差|賸餘|結餘|结余|余剰|잉여|残高|余额|餘額|잔액|잔고|"
    # fiscal resources (revenue and transfers in), not spending: "一般公共预算总财力514133万元"
    r"财力|財力",
    re.IGNORECASE,
)
_COMMITMENT_VERB = re.compile(
    r"\b(?:earmark\w*|allocat\w*|set\s+aside|sets\s+aside|budget\w*|fund\w*|grant\w*|award\w*|"
    r"invest\w*|lend\w*|loans?|bonds?|subsid\w*|pledg\w*|commit\w*|provid\w*|appropriat\w*|"
    r"support\w*|financ\w*|spend\w*|inject\w*|approv\w*|"
    # Russian and Ukrainian: expenditure, provided for, allocated, directed, financed
    r"расход\w*|видатк\w*|передбач\w*|предусмотр\w*|выдел\w*|виділ\w*|спрямов\w*|"
    r"направл\w*|финансир\w*|фінансув\w*)\b|予算|拨款|撥款|投入|补贴|補助|出資|編列|编列|安排|計上|지원|투자|예산|편성|"
    r"支出|歲出|岁出|歳出|세출",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(
    r"cumulative|to\s+date|so\s+far|bringing\s+(?:the\s+)?(?:total|cumulative)|in\s+total\s+so|"
    r"累计|累計|누적|これまで",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    r"\b(?:a\s+total\s+of|in\s+total|total(?:ling|ing)?|overall|altogether|combined|"
    r"package\s+worth)\b|全体として|总计|總計|合计|合計|총|규모",
    re.IGNORECASE,
)
# Words that make a figure a sum ("insgesamt", "総額", "計2兆…"), said right before it. A sum is
# a `total` only where the article lists its parts (FORMAT.md): see `_parts_listed`.
_SUM_WORD = re.compile(
    r"\b(?:insgesamt|au\s+total|en\s+total|in\s+totale|in\s+totaal|en\s+conjunto|suman|somam|"
    r"no\s+total)\b|総額|总额|總額|合わせて|計(?=\s*(?:[0-9０-９約约]|$))|"
    r"共计|共計|합계|총액",
    re.IGNORECASE,
)


# The words that say a sum is mobilised (induced only when it is investment, `_induced`), and
# with them those of a projection.
_MOBILISING = (
    r"mobilis|mobiliz|leverag|unlock|crowd\w*\s+in|attivand|attivar|movilizand|movilizar|"
    r"mobilisier|auslös|catalys"
)
_INDUCED = re.compile(
    rf"\b(?:{_MOBILISING}|projected|forecast|analysts?\s+estimat)\w*", re.IGNORECASE
)
_MOBILISED = re.compile(rf"\b(?:{_MOBILISING})\w*", re.IGNORECASE)
# What a public sum is said to mobilise when it is not itself the sum given: investment, the
# private sector's money ("mobilise investment of more than €372 billion", "attivando nuovi
# investimenti pari a 65,4 miliardi"). Public money mobilised for a purpose is given: "a mobilisé
# plus de 28 M€ de subvention", "mobiliserat 2,7 miljarder euro från krisstödsinstrumentet".
_INVESTMENT = re.compile(
    r"invest|inversi|inwesty|beruház|privat|privé|privad|private", re.IGNORECASE
)
_PER_UNIT = re.compile(
    # "Rs 300 per LPG cylinder"; Italian "per" is "for" ("60 milioni per l'anno 2021")
    r"^\s*(?:\([^)]*\)\s*)?per\s+(?!year|annum|cent|l['’]|il\b|la\b|lo\b|gli\b|le\b|i\b)"
    r"(?!interventi|progetti|investimenti|misure|opere|lavori)[A-Za-z]|"
    # a rate written with a slash before any unit: "183.4만원/月", "$40/month", "70円/立方メートル",
    # "$165/kWh"
    r"^\s*/\s*[^\W\d_]|"
    r"^\s*(?:par|pro|por|je|per|pr\.)\s+(?:bénéficiaire|projet|an|personne|Person|Projekt|Kopf|"
    r"beneficiario|proyecto|persona|habitante|entreprise|Unternehmen|empresa|Einwohner|habitant|"
    r"invånare|indbygger|innbygger|inwoner|mieszkańca|obyvatele|lakos)\b|"
    # Finnish and Estonian postpositions "per": "102 euroa asukasta kohden", "ürituse kohta"
    r"^\s*[^\W\d_]+\s+(?:kohden|kohti|kohta)\b|"
    r"^\s*(?:\([^)]*\)\s*)?(?:per|a|an|each|for\s+each|for\s+every)\s+(?:first-year\s+)?"
    r"(?:share|kilogram|kg|kilowatt|kwh|megawatt|mwh|tonne|ton|barrel|unit|hour|month|week|day|"
    r"head|person|student|apprentice|employee|worker|household|vehicle|car|year)",
    re.IGNORECASE,
)
# The unit named before the figure, in its clause: "aid per company will not exceed €800,000",
# "støtten pr. virksomhed … 800 000 EUR" (Italian "per" is "for": not read there).
_PER_UNIT_BEFORE = Prefiltered(
    re.compile(
        r"(?:\bper|\bpr\.|\bje|\bpar|\bpor|\bpro)\s+(?:company|firm|undertaking|beneficiary|project|"
        r"person|household|recipient|applicant|farm|virksomhed|virksomhet|företag|foretak|"
        r"støttemodtager|mottaker|Unternehmen|Betrieb|Begünstigt\w*|Projekt|Person|Haushalt|"
        r"entreprise|bénéficiaire|projet|personne|ménage|empresa|beneficiario|proyecto|persona|"
        r"hogar|onderneming|bedrijf|begunstigde|yritys|yritystä|hanke)\b[^.;:\d€$£¥]{0,45}$|"
        # Finnish and Estonian "per …" after its noun: "toetus ettevõtte kohta ei ületa 1,8
        # miljonit"
        r"[^\W\d_]+\s+(?:kohta|kohden|kohti)\b(?:\s+(?!ja\b|ning\b|sekä\b)[^\W\d_]+){0,3}\s*$|"
        # an average of many amounts, each small, said right before the figure: "bekamen
        # durchschnittlich 446 Euro", "an average of $5,000"
        r"\b(?:on\s+average|an\s+average\s+of|averag(?:ed|ing)|durchschnittlich|im\s+Durchschnitt|"
        r"en\s+moyenne|en\s+promedio|in\s+media|em\s+média|gemiddeld|i\s+genomsnitt|"
        r"gennemsnitlig|i\s+gjennomsnitt|keskimäärin|średnio|průměrně)\b"
        r"(?:\s+(?:of|about|around|bei|von|de|di))?\s*$",
        re.IGNORECASE,
    )
)
# Assets held, not money committed, named right before the figure: "国有净资产总值8232.61万余元"
_ASSETS_BEFORE = re.compile(r"(?:资产|資產|資産|자산)[^，,。、;；\d]{0,6}$")
# A figure per head of population is a ratio, whatever budget it divides: "一人当たりの警察予算額
# (…)は約2万8,000円", "per capita health spending of $5,000". Read in the figure's clause, with
# no other amount between the word and the figure.
_PER_HEAD = re.compile(
    r"一人当たり|1人当たり|一人あたり|１人当たり|人均|1인당|1인 당|"
    r"\bper\s+(?:capita|head|inhabitant|resident)\b|\bpro\s+Kopf\b|\bpar\s+habitant\b|"
    r"\bpor\s+habitante\b|\bper\s+abitante\b|\bpro\s+capite\b",
    re.IGNORECASE,
)
# A unit a table's figures are multiplied by: "(bedragen x € 1.000)", "(× 1 000 €)".
_MULTIPLIED_BY = re.compile(r"(?:\bx|×)\s*$", re.IGNORECASE)
# Spending outturn, not money committed: "已支出21185.83万元" (spent so far), and final accounts
# beside the budget they close ("預算數113億…,決算數111億…", "支出预算为3万元,支出决算为1.71万元").
# A final-accounts report that gives no budget figure reports its outturn as its allocations.
_IS_AT_END = (
    r"[^，,。;；\d]{0,3}?(?:为|為|是|達|达)?\s*(?:約|约)?\s*$"  # "…为约" right before the figure
)
_SPENT_BEFORE = re.compile(
    r"(?:(?:已|实际|實際)支出|(?:执行|執行)(?:数|數)|(?:未支用|未使用|未执行|未執行)(?:预算|預算)?(?:计|計)?)"
    + _IS_AT_END
)
_ACCOUNTS_BEFORE = re.compile(r"(?:决算|決算)(?:数|數|额|額)?" + _IS_AT_END)
_BUDGET_WORD = re.compile(r"(?:预算|預算|予算)(?:数|數|额|額|为|為)?[^\d，,。;；]{0,3}$")
_OVERALL = re.compile(r"^\s*(?:overall|in\s+total|all\s+told|altogether)\b", re.IGNORECASE)
# Read around every figure, a budget table's thousands too: each skips ASCII text that holds
# none of the words it needs (`prefilter`), with the same answers.
(
    _BEFORE_COMPARISON, _CJK_CHANGE, _AFTER_COMPARISON, _CJK_THAN, _INCREASE_ON, _CHANGE_BEFORE,
    _BETWEEN, _NOT_COMMITMENT, _COMMITMENT_VERB, _CUMULATIVE, _TOTAL, _INDUCED, _PER_UNIT,
    _SUM_WORD, _PER_HEAD, _SPENT_BEFORE, _ACCOUNTS_BEFORE,
) = map(Prefiltered, (
    _BEFORE_COMPARISON, _CJK_CHANGE, _AFTER_COMPARISON, _CJK_THAN, _INCREASE_ON, _CHANGE_BEFORE,
    _BETWEEN, _NOT_COMMITMENT, _COMMITMENT_VERB, _CUMULATIVE, _TOTAL, _INDUCED, _PER_UNIT,
    _SUM_WORD, _PER_HEAD, _SPENT_BEFORE, _ACCOUNTS_BEFORE,
))  # fmt: skip
# The words that make a figure no commitment, read on a table row's label too (`table_rows`).
NOT_COMMITMENT_WORDS = _NOT_COMMITMENT


def _clause(before: str, after: str) -> str:
    """The words right around a figure, within its line: a cue on the next line ("残高計", a
    list's next item) is not about this figure."""
    return before[-35:] + " " + after[:35].split("\n", 1)[0]


def _window(facts: SourceFacts, q: Quantity, before: int, after: int) -> tuple[str, str]:
    sentence = facts.sentence_of(q.start)
    lo = max(sentence.start, q.start - before)
    hi = min(max(sentence.end, q.end), q.end + after)
    return facts.text[lo : q.start], facts.text[q.end : hi]


def _start(q: Quantity) -> int:
    return q.start


def classify(facts: SourceFacts) -> list[RoledAmount]:
    """Give every money quantity of the source a role, in text order."""
    conversions = {id(c.converted): c.original for c in find_conversions(facts)}
    roles: list[RoledAmount] = []
    money = amounts_of(facts)
    for q in money:
        if id(q) in conversions:
            roles.append(RoledAmount(q, Role.CONVERSION, conversions[id(q)]))
            continue
        if in_a_dense_run(facts, q, money):
            roles.append(RoledAmount(q, Role.NOT_COMMITMENT))
            continue
        role = _role(facts, q, money)
        if role == Role.ALLOCATION and _has_parts(facts, q, money):
            role = Role.TOTAL
        roles.append(RoledAmount(q, role))
    return roles


_PARTS_FOLLOW = re.compile(
    r"^[^.;。]{0,40}?\b(?:including|comprising|of\s+which|consisting\s+of|with)\b|^[^。]{0,20}其中",
    re.IGNORECASE,
)


_DENSE = 40  # money figures within 400 characters of each other: not prose to read clauses in


def in_a_dense_run(facts: SourceFacts, q: Quantity, money: list[Quantity]) -> bool:
    """Is `q` one of a run of figures with no words between them to say what any is for?

    A line of a budget table has three or four figures; prose has one or two a clause. Forty
    in 400 characters is a dump of numbers (or a hostile input): reading a clause for each
    would cost the square of their number and name no recipient.
    """
    return len(_between(money, q.start - 200, q.start + 200)) > _DENSE


def _between(money: list[Quantity], start: int, end: int) -> list[Quantity]:
    """The amounts starting in `[start, end)` (`money` is in text order: two bisections)."""
    if isinstance(money, _Amounts):  # their starts listed once, not read through a key
        return money[bisect_left(money.starts, start) : bisect_left(money.starts, end)]
    return money[bisect_left(money, start, key=_start) : bisect_left(money, end, key=_start)]


def amounts_of(facts: SourceFacts) -> list[Quantity]:
    """The article's money quantities in text order, ready for the lookups `cues` makes (the
    list and starts `SourceFacts` keeps, not copies of them)."""
    return _Amounts(facts.money, facts.money_starts)


class _Amounts(list):  # type: ignore[type-arg]
    """The article's amounts in text order, with their starts: asked about for every amount."""

    def __init__(self, amounts: list[Quantity], starts: list[int]) -> None:
        super().__init__(amounts)
        self.starts = starts


def _has_parts(facts: SourceFacts, q: Quantity, money: list[Quantity]) -> bool:
    """A total names its parts next: "a total of €3.3 billion, including €1.65 billion …"."""
    sentence = facts.sentence_of(q.start)
    later = next((m for m in _between(money, q.end + 1, sentence.end) if m.unit == q.unit), None)
    if later is not None and later.value < q.value:
        return bool(_PARTS_FOLLOW.search(facts.text[q.end : later.start]))
    i = facts.sentence_index(q.start)
    if i + 1 < len(facts.sentences):  # "… C$4.2 billion … The package includes $2.6 billion …"
        following = facts.sentences[i + 1]
        if not _NEXT_SENTENCE_PARTS.match(following.text):
            return False
        parts = [m for m in _between(money, following.start, following.end) if m.unit == q.unit]
        return bool(parts) and all(m.value < q.value for m in parts)
    return False


_NEXT_SENTENCE_PARTS = re.compile(
    r"^(?:this|it|the\s+(?:package|plan|programme|program|budget|fund|amount|total|funding))\s+"
    r"(?:comprises|includes|consists|covers|is\s+made\s+up)|^(?:of\s+(?:this|that|which|the)|其中|このうち)",
    re.IGNORECASE,
)


def _in_earlier_years_parenthesis(facts: SourceFacts, q: Quantity, earlier: list[Quantity]) -> bool:
    """Is `q` further on in a parenthesis that opens right after an amount and is labelled
    with the year before: "400億円(前年度当初210億円、改訂後310億円)" — both are last year's."""
    start = max(0, q.start - 120)
    window = facts.text[start : q.start]
    opened = max(window.rfind("("), window.rfind("（"))
    # a short parenthesis, still open at the figure (a source that never closes it goes on
    # to this year's figures: "(前年度当初164億円、改訂後264億円で、その財源としては、…243億円")
    if opened < 0 or len(window) - opened > 25 or any(ch in window[opened:] for ch in ")）\n"):
        return False
    paren = start + opened
    return bool(_YEAR_BEFORE_LABEL.match(window, opened + 1)) and any(
        m.end <= paren and not facts.text[m.end : paren].strip() for m in earlier
    )


_YEAR_LABEL_REACH = 200  # characters back to the figure of a later year's label
# A budget line's label after its year: "予算額", "要求額", "当初予算", "預算數", "예산".
_BUDGET_LABEL = re.compile(
    r"\s*(?:当初|補正後?|政府)?(?:予算|要求|概算要求|预算|預算|예산|budget|appropriation)",
    re.IGNORECASE,
)


def _year_label(facts: SourceFacts, position: int) -> int | None:
    """The fiscal year a figure's line names before it as a budget line's label ("平成12年度
    予算額 (78百万円)"): one year, not a span; None when the line names none."""
    starts = facts.derived("fiscal period starts", _fiscal_starts)
    i = bisect_right(starts, position) - 1
    if i < 0:
        return None
    p = facts.derived("fiscal periods", _fiscal_periods)[i]
    if p.start < facts.line_start(position) or p.end > position:
        return None
    if not _BUDGET_LABEL.match(facts.text, p.end, position):
        return None  # "2年度は…34億余円": a year's event, no budget line's label
    years = re.findall(r"(?:19|20)\d\d", p.period)
    return int(years[0]) if len(years) == 1 else None


def _fiscal_periods(facts: SourceFacts) -> list[PeriodMention]:
    return [p for p in facts.periods if p.fiscal]


def _fiscal_starts(facts: SourceFacts) -> list[int]:
    return [p.start for p in facts.derived("fiscal periods", _fiscal_periods)]


def _earlier_year_after_later(facts: SourceFacts, q: Quantity, money: list[Quantity]) -> bool:
    """Is `q` labelled with the year before the one labelling the nearest figure above it, on
    an earlier line close by? A budget sets this year's figure above last year's: "平成23年度
    要求額:269,573百万円 … (平成22年度予算額:235,288百万円". Years rising down a page, or
    falling for three lines and more, are a history, each year's figure its own."""
    own = _year_label(facts, q.start)
    if own is None:
        return False
    above = _labelled_near(facts, q, money, backwards=True)
    if above is None or above[1] != own + 1:
        return False
    # a pair, not a run of years falling down the page (a history told newest first)
    higher = _labelled_near(facts, above[0], money, backwards=True)
    lower = _labelled_near(facts, q, money, backwards=False)
    return (higher is None or higher[1] != own + 2) and (lower is None or lower[1] != own - 1)


def _labelled_near(
    facts: SourceFacts, q: Quantity, money: list[Quantity], *, backwards: bool
) -> tuple[Quantity, int] | None:
    """The nearest figure of `q`'s currency on another line within reach, above or below it,
    that a year labels as a budget line, with that year."""
    if backwards:
        line = facts.line_start(q.start)
        near = reversed(_between(money, max(0, q.start - _YEAR_LABEL_REACH), line))
    else:
        end = facts.line_end(q.end)
        near = iter(_between(money, end + 1, end + 1 + _YEAR_LABEL_REACH) if end != -1 else [])
    for m in near:
        if m.unit != q.unit:
            continue
        label = _year_label(facts, m.start)
        if label is not None:
            return m, label
    return None


# The year before named first in a parenthesis: "(前年度当初…", "(前年度比…", "(上年…", "(전년…"
_YEAR_BEFORE_LABEL = re.compile(
    r"\s*(?:前年度|前年|昨年度|上年度|上年|去年|전년도|전년|prior\s+year|previous\s+year|last\s+year)",
    re.IGNORECASE,
)


def _inside_parenthesis_after_amount(
    facts: SourceFacts, q: Quantity, money: list[Quantity]
) -> bool:
    """Is `q` inside a parenthesis that opens right after another amount of the same currency?

    Such a figure qualifies the amount before it: last year's figure or the change from it
    (conversions, in another currency, are told apart before this is asked).
    """
    before = _between(money, max(0, q.start - 120), q.start)  # the parenthesis is short
    earlier = [m for m in before if m.end <= q.start and m.unit == q.unit]
    if not earlier:
        return False
    if _in_earlier_years_parenthesis(facts, q, earlier):
        return True
    between = facts.text[earlier[-1].end : q.start]
    # Labelled with another year or a comparison; "(1 trillion in cash + 1 trillion in kind)"
    # lists parts instead.
    labelled = bool(re.fullmatch(r"\s*[(（][^()（）\n]{0,30}", between)) and bool(
        _EARLIER_LABEL.search(between)
    )
    if labelled:
        return not _parts_of(facts, earlier[-1], q, money)
    # A Japanese budget table's "1,695億円( 1,634億円)": a parenthesis holding nothing but an
    # amount of another value, right after one, is the year before's (a part is labelled, a
    # restatement has the same value).
    return (
        has_cjk(q.text)
        and bool(re.fullmatch(r"[(（]\s*", between))
        and _CLOSES.match(facts.text, q.end) is not None
        and earlier[-1].end == q.start - len(between)
        and q.value != earlier[-1].value
    )


_CLOSES = re.compile(r"\s*[)）]")


def _parts_of(facts: SourceFacts, total: Quantity, q: Quantity, money: list[Quantity]) -> bool:
    """Does the parenthesis holding `q` break `total` down: "計2兆4036億余円(2年度7269億余円、
    3年度1兆6766億余円)"? Its figures then add up to the total (within the total's rounding)."""
    close = re.search(r"[)）]", facts.text[q.end : q.end + 200])
    if close is None:
        return False
    inside = [
        m
        for m in _between(money, total.end, q.end + close.start())
        if m.unit == q.unit and m.start >= total.end
    ]
    if len(inside) < 2:
        return False
    parts = sum(m.value for m in inside)
    slack = total.value * Decimal("0.05" if total.approximate else "0.005")
    return abs(parts - total.value) <= slack


_EARLIER_LABEL = re.compile(
    r"年度|年|년도|년|\bFY|fiscal|\b(?:19|20)\d\d\b|前年|전년|比|대비|対|\bvs\b|last|previous|prior|"
    r"Vorjahr|précédent|anterior|precedente",
    re.IGNORECASE,
)


# A threshold, not a commitment: "tribes requesting less than $1 million", "programs of $5
# million or more", "25-Millionen-Euro-Vorlagen" (a figure inside a compound noun).
_THRESHOLD_BEFORE = Prefiltered(
    re.compile(
        # "no less than" and "not less than" are floors: committed amounts
        r"(?:(?<!\bno\s)(?<!\bnot\s)\b(?:less|fewer)\s+than|\bbelow|(?<!\bnot\s)\bexceeding|\bmenos\s+de|"
        r"\bmoins\s+de|\bweniger\s+als|\bmeno\s+di|\bminder\s+dan|\bmenos\s+que|"
        # a level crossed in the CJK languages: "突破100亿元" ("passed" in English is also a bill
        # passing money: only "the … mark" after the figure says a level, `_THRESHOLD_AFTER`)
        r"突破|跨越|돌파)\s*$",
        re.IGNORECASE,
    )
)
_THRESHOLD_AFTER = re.compile(
    # a level crossed: "300億円の大台を越え", "1,000億円を突破", "the $1 billion mark"
    r"^\s*(?:の大台|を突破|대를\s*돌파|을\s*돌파|를\s*돌파)|^\s*(?:mark|milestone|threshold)\b|"
    r"^\s*(?:or|and)\s+(?:more|above|over|less|below|under|higher|lower)\b|"
    r"^\s*(?:o|ou|oder|of|e)\s+(?:más|plus|mehr|meer|mais|menos|moins|weniger|minder|più)\b|"
    r"^-[^\W\d_]",
    re.IGNORECASE,
)
# "1億元以上公共建設計畫": a size class of things, not an amount given (the reader keeps "以上"
# in the figure as its hedge; a noun follows it straight away). With a particle between them
# ("10兆円以上の支援") it is as often a hedged amount, and stays one.
_CJK_SIZE_CLASS = re.compile(r"(?:以上|以下|未満|未滿|이상|이하|미만)[\u4e00-\u9fff\u30a0-\u30ff]")


def _size_class(text: str, q: Quantity) -> bool:
    """Is `q` a size class ("1億元以上" before the noun it sizes)?"""
    tail = max(0, len(q.text) - 2)
    return bool(_CJK_SIZE_CLASS.match(text, q.start + tail)) and q.text.endswith(
        ("以上", "以下", "未満", "未滿", "이상", "이하", "미만")
    )


def _hedge_of(q: Quantity) -> str:
    """The words a figure's span starts with before its digits ("less than" of "less than $1m")."""
    first_digit = next((i for i, ch in enumerate(q.text) if ch.isdigit()), 0)
    return q.text[:first_digit].rstrip("$€£¥₩₹ ")


_SEMICOLON = re.compile(r"[;；]")
_OPEN_QUOTE = re.compile(r"[“\"「]\s*$")
_JOINED_FIGURE = re.compile(r"^\s*(?:and|to|-|–)\s*\S+")


def _role(facts: SourceFacts, q: Quantity, money: list[Quantity]) -> Role:
    if q.value == 0:
        return Role.NOT_COMMITMENT  # "歲入編列0元": nothing is committed
    before, after = _window(facts, q, 90, 90)
    near_before = before[-30:]
    hedge = _hedge_of(q)  # the hedge is in the figure
    clause = _clause(before, after)
    # The sentence up to the figure, read back at most 300 characters: a sentence of
    # thousands of figures must not be read once per figure.
    sentence = facts.sentence_of(q.start)
    lead_in = facts.text[max(sentence.start, q.start - 300) : q.start]
    lead_in = _SEMICOLON.split(lead_in)[-1]  # a clause after a semicolon is read on its own
    sentence_start = facts.text[sentence.start : min(q.start, sentence.start + 40)]
    # Every text read below with `search_in`/`match_in` is a part of one of these: one
    # prefilter scan for them all.
    seen = seen_in(before + after, clause, lead_in)
    if (
        (
            _THRESHOLD_BEFORE.search(near_before + hedge)
            if hedge
            else _THRESHOLD_BEFORE.search_in(near_before, seen)
        )
        or _THRESHOLD_AFTER.match(after)
        or _size_class(facts.text, q)
    ):
        return Role.NOT_COMMITMENT
    if _BEFORE_COMPARISON.search_in(near_before, seen) and not _TO_AFTER_FROM.search(near_before):
        return Role.COMPARISON  # "up from A", "from A to B", "the current A"
    if _CJK_THAN.search_in(before[-60:], seen) or _INCREASE_ON.search_in(before[-60:], seen):
        return Role.COMPARISON  # "較109年度之624億元", "an increase on the funding of €167,000"
    if _CHANGE_BEFORE.search_in(before[-40:], seen):
        return Role.COMPARISON
    if _BETWEEN.search_in(before[-40:], seen):
        return Role.NOT_COMMITMENT  # "between €1,000 and €5,000" each
    if _MULTIPLIED_BY.search(before[-4:]):
        return Role.NOT_COMMITMENT  # "(bedragen x € 1.000)": the unit of a table's cells
    if _outturn(facts, q, before, money, seen):
        return Role.NOT_COMMITMENT  # "決算數111億4,587萬5千元": spent, not committed
    if _per_head(facts, q, lead_in, money, seen):
        return Role.NOT_COMMITMENT  # "一人当たりの警察予算額(…)は約2万8,000円"
    if _SIGNED.search(before[-3:]) or _ARROW_AFTER.match(after):
        return Role.COMPARISON  # a change ("+558億円", "▲700億円") or the old side of "A ⇒ B"
    if _from_to(q, before, after, money):
        return Role.COMPARISON  # "de 750 milhões de euros para 1,2 mil milhões"
    if _inside_parenthesis_after_amount(facts, q, money):
        return Role.COMPARISON  # "405億円(6年度304億円)": the earlier year's figure
    if _earlier_year_after_later(facts, q, money):
        return Role.COMPARISON  # "平成13年度予算額 48百万円 / 平成12年度予算額 78百万円"
    if _AFTER_COMPARISON.search_in(after, seen) or _CJK_CHANGE.search_in(near_before, seen):
        return Role.COMPARISON
    if _OPEN_QUOTE.search(before):
        return (
            Role.COMPARISON
        )  # a figure in a plan's quoted name: "the “10 trillion won+alpha” plan"
    unit_after = _JOINED_FIGURE.sub("", after)
    if _PER_UNIT.match_in(after, seen) or _PER_UNIT.match_in(unit_after, seen):  # a tail of `after`
        return Role.NOT_COMMITMENT  # a price or rate: "$165 per kilowatt-hour", "$27,000 a year"
    if facts.context.language != "it" and _PER_UNIT_BEFORE.search_in(before[-60:], seen):
        return Role.NOT_COMMITMENT  # "støtten pr. virksomhed ikke vil overstige 800 000 EUR"
    if has_cjk(q.text) and _ASSETS_BEFORE.search(before[-20:]):
        return Role.NOT_COMMITMENT  # assets held: "国有净资产总值8232.61万余元"
    if _NOT_COMMITMENT.search_in(clause, seen) and (
        _names_the_figure(before, after) or not _COMMITMENT_VERB.search(before[-40:] + after[:25])
    ):
        return Role.NOT_COMMITMENT
    if _NOT_COMMITMENT.search_in(lead_in, seen) and not _COMMITMENT_VERB.search_in(lead_in, seen):
        return Role.NOT_COMMITMENT
    if has_cjk(q.text) and _cut(lead_in):
        return Role.NOT_COMMITMENT  # a cut or a freeze: "调减…项目238万元", "凍結41.47億元"
    if _IMPROPER.search_in(before[-40:], seen) or _IMPROPER_AFTER.match(after):
        # an audit's finding: "不当と認める国庫補助金交付額 62,547,000円"
        return Role.NOT_COMMITMENT
    if _applied_for(facts, q, before, money, seen):
        return Role.NOT_COMMITMENT  # applied for: "avustuksia haettiin yhteensä 73 miljoonaa"
    if _induced(before, after, seen):
        return Role.NOT_COMMITMENT
    if _CUMULATIVE.search_in(before[-70:] + after[:20], seen):  # a stretch of `before + after`
        return Role.CUMULATIVE
    if (
        _TOTAL.search_in(before[-40:], seen)
        or _TOTAL.search_in(after[:20], seen)
        or _OVERALL.match(sentence_start)
    ):
        return Role.TOTAL
    if _parts_listed(facts, q, money, opened=not _SUM_WORD.search_in(before[-16:], seen)):
        return Role.TOTAL  # the amounts listed with it add up to it: a total of its parts
    return Role.ALLOCATION


# The noun written against a figure says what it is, whatever verb stands further off:
# "事业收入752738.2万元" (revenue, in a list opened by "预算"), "revenue of $5m", "a £30k
# starting salary" (in a sentence that is "committed to" it).
_NAMED_BEFORE = re.compile(
    r"(?:"
    + _NOT_COMMITMENT.pattern.pattern
    + r")[\s:：,]*(?:(?:of|at|was|were|is|are|von|de|du|des|"
    r"di|del|da|van|på|af|av)\s+)?[:：]?\s*$",
    re.IGNORECASE,
)
_NAMED_AFTER = re.compile(
    r"^\s*(?:[^\W\d_]+\s+)?(?:" + _NOT_COMMITMENT.pattern.pattern + ")",
    re.IGNORECASE,
)


def _names_the_figure(before: str, after: str) -> bool:
    """Is a word that makes a figure no commitment written right against it?"""
    return bool(_NAMED_BEFORE.search(before[-24:]) or _NAMED_AFTER.match(after[:30]))


# An auditor's finding of money paid wrongly, not money given: "不当と認める国庫補助金交付額",
# "国庫補助金44,065,117円が不当と認められる".
_IMPROPER = Prefiltered(
    re.compile(r"不当と認め|不當|不适当|不適當|improperly\s+(?:paid|spent|granted)")
)
_IMPROPER_AFTER = re.compile(r"^\s*(?:が|は)?不当")

# A cut or a freeze in the CJK budget languages: "调减…四口圳幼儿园项目238万元", "調整流出計畫包含
# 「…」1億5,435萬元、…", "遭立法院凍結41.47億元" — money taken away, unless an increase or a
# transfer in is named after it, nearer the figure ("调减A项目20万元，调增B项目30万元").
_CJK_CUT = re.compile(
    r"调减|調減|核减|核減|削减|削減|删减|刪減|减列|減列|(?:冻结|凍結)(?!资产|資産|資產)|"
    r"调整流出|調整流出|減額|감액|삭감"
)  # not "ロシア凍結資産を活用した…支援": frozen assets put to use
# An increase or transfer in named after a cut, nearer the figure: the figure is added money.
_CJK_ADDED = re.compile(r"调增|調增|增列|追加|流入|増額|증액|解凍|解冻")


# A clause ends at a comma (not "1億5,435萬元"'s grouping): a cut named in an earlier clause
# ("遭凍結41.47億元,內政部編列…300億元") does not reach the next one's figure.
_CLAUSE_COMMA = re.compile(r"，|,(?!\d)|(?<!\d),")


def _cut(lead_in: str) -> bool:
    """Does the clause before a figure (from its last comma) take money away (`_CJK_CUT`)
    rather than add it? A list of what is cut runs on with "、"."""
    lead_in = _CLAUSE_COMMA.split(lead_in)[-1]
    cuts = list(_CJK_CUT.finditer(lead_in))
    if not cuts:
        return False
    added = list(_CJK_ADDED.finditer(lead_in))
    return not added or added[-1].start() < cuts[-1].start()


# Money applied for, not granted: "avustuksia haettiin yhteensä 73 miljoonaa euroa", "haettujen
# avustusten kokonaismäärä oli noin 372 miljoonaa", "applications worth €90 million". (Not
# "requested": a budget request is the proposal a budget article is about.)
# … unless the money was granted on them: "Anträge … bewilligt 5 Mio. Euro".
_GRANTED = re.compile(
    r"\b(?:granted|awarded|approved|bewilligt|myön\w*|beviljat\w*|bevilget|toegekend)\b",
    re.IGNORECASE,
)
_APPLIED_FOR = Prefiltered(
    re.compile(
        r"\bapplied\s+for\b|\bapplications?\s+(?:worth|totall?ing|for)\b|\bhaet\w*|\bhakem\w*|"
        r"\bansökt\w*|\bansökning\w*|\bansøgt\b|\bansøgning\w*|\bsøkt\b|\bsøknad\w*|"
        r"\bbeantragt\w*|\bAnträge?\b|\baangevraagd\b|\baanvragen\b|\bwnioskowan\w*",
        re.IGNORECASE,
    )
)


def _applied_for(
    facts: SourceFacts, q: Quantity, before: str, money: list[Quantity], seen: Seen = None
) -> bool:
    """Is the figure money applied for: an application word before it, with no grant word and
    no other amount between them?"""
    lead = before[-60:]
    words = list(_APPLIED_FOR.finditer_in(lead, seen))
    if not words:
        return False
    since = lead[words[-1].end() :]
    said_at = q.start - len(since)
    return not _GRANTED.search(since) and not _between(money, said_at, q.start)


def _induced(before: str, after: str, seen: Seen = None) -> bool:
    """Is the figure money a public sum is expected to draw in, or a projection?"""
    said = _INDUCED.search_in(before[-40:], seen)
    if not said:
        return False
    if not _MOBILISED.match(said.group()):
        return True  # "projected", "forecast", "analysts estimate"
    return bool(_INVESTMENT.search(before[-60:] + after[:40]))


def _outturn(
    facts: SourceFacts, q: Quantity, before: str, money: list[Quantity], seen: Seen = None
) -> bool:
    """Is the figure money spent (`_SPENT_BEFORE`), or final accounts beside a budget figure
    of its sentence ("預算數113億…,決算數111億…")?"""
    if _SPENT_BEFORE.search_in(before[-12:], seen):
        return True
    if not _ACCOUNTS_BEFORE.search_in(before[-12:], seen):
        return False
    sentence = facts.sentence_of(q.start)
    return any(
        m is not q and _BUDGET_WORD.search(facts.text, max(sentence.start, m.start - 8), m.start)
        for m in _between(money, sentence.start, sentence.end)[:_BESIDE_BUDGET]
    )


_BESIDE_BUDGET = 40  # amounts of the sentence asked whether a budget word names them


def _per_head(
    facts: SourceFacts, q: Quantity, lead_in: str, money: list[Quantity], seen: Seen = None
) -> bool:
    """Does a per-head word (`_PER_HEAD`) open the figure's clause, no other amount between?"""
    heads = list(_PER_HEAD.finditer_in(lead_in, seen))
    if not heads:
        return False
    said_at = q.start - len(lead_in) + heads[-1].end()
    return not _between(money, said_at, q.start)


def cues(facts: SourceFacts, q: Quantity, money: list[Quantity]) -> list[str]:
    """The names of the rule checks of `_role` that hold for `q`, each tested on its own.

    `_role` stops at the first check that holds; a trained model (`role_model`) weighs them all,
    so that a cue the rules rank first can lose to others the annotated data found stronger.
    """
    before, after = _window(facts, q, 90, 90)
    near_before = before[-30:]
    sentence = facts.sentence_of(q.start)
    lead_in = facts.text[max(sentence.start, q.start - 300) : q.start]
    sentence_start = facts.text[sentence.start : min(q.start, sentence.start + 40)]
    unit_free = re.sub(r"^\s*(?:and|to|-|–)\s*\S+", "", after)
    clause = _clause(before, after)
    checks = {
        "threshold": _THRESHOLD_BEFORE.search(near_before + _hedge_of(q))
        or _THRESHOLD_AFTER.match(after),
        "comparison_before": _BEFORE_COMPARISON.search(near_before)
        and not _TO_AFTER_FROM.search(near_before),
        "than_earlier_year": _CJK_THAN.search(before[-60:]),
        "increase_on": _INCREASE_ON.search(before[-60:]),
        "change_before": _CHANGE_BEFORE.search(before[-40:]),
        "between": _BETWEEN.search(before[-40:]),
        "multiplied_by": _MULTIPLIED_BY.search(before[-4:]),
        "outturn": _outturn(facts, q, before, money),
        "per_head": _per_head(facts, q, _SEMICOLON.split(lead_in)[-1], money),
        "signed": _SIGNED.search(before[-3:]),
        "arrow_after": _ARROW_AFTER.match(after),
        "from_to": _from_to(q, before, after, money),
        "earlier_in_parenthesis": _inside_parenthesis_after_amount(facts, q, money),
        "comparison_after": _AFTER_COMPARISON.search(after),
        "change_near": _CJK_CHANGE.search(near_before),
        "quoted_name": re.search(r"[“\"「]\s*$", before),
        "per_unit": _PER_UNIT.match(after) or _PER_UNIT.match(unit_free),
        "not_commitment_near": _NOT_COMMITMENT.search(clause),
        "commitment_near": _COMMITMENT_VERB.search(before[-40:] + after[:25]),
        "not_commitment_lead_in": _NOT_COMMITMENT.search(lead_in),
        "commitment_lead_in": _COMMITMENT_VERB.search(lead_in),
        "induced": _induced(before, after),
        "improper": _IMPROPER.search(before[-40:]) or _IMPROPER_AFTER.match(after),
        "applied_for": _applied_for(facts, q, before, money),
        "cumulative": _CUMULATIVE.search(before[-70:] + after[:20]),
        "total": _TOTAL.search(before[-40:])
        or _TOTAL.search(after[:20])
        or _OVERALL.match(sentence_start),
        "has_parts": _has_parts(facts, q, money),
        "sum_of_listed_parts": _SUM_WORD.search(before[-16:]) and _parts_listed(facts, q, money),
    }
    return [name for name, held in checks.items() if held]


# What opens a list of parts right after a figure: "€20 million: €10m to…", "(…", "including",
# "of which", 其中, うち, davon, dont… Without a sum word before the figure, only such a list
# makes it a total: "€10m to Lyon, €6m to Nice and €4m to Lille" are three allocations.
_LIST_OPENS = re.compile(
    r"[:：(（]|(?:including|of\s+which|comprising|consisting\s+of|broken\s+down|as\s+follows|"
    r"namely|davon|dont|de\s+los\s+cuales|di\s+cui|dos\s+quais|waarvan|hvorav|varav|heraf|"
    r"joista|w\s+tym)|其中|うち|内訳|分别|分別|중",
    re.IGNORECASE,
)


def _parts_listed(
    facts: SourceFacts, q: Quantity, money: list[Quantity], *, opened: bool = False
) -> bool:
    """Do the amounts listed right after `q` (or right before it: "… 2年度7269億円、3年度… 計")
    add up to it? Two or more in a row, of its currency, within its rounding: the parts a sum
    is made of. With `opened`, only a list that something opens right after the figure counts
    (`_LIST_OPENS`): there is no sum word to say the figure sums anything."""
    slack = q.value * Decimal("0.02" if q.approximate else "0.005")
    # Walked outwards from the figure and left as soon as the sum passes it: in a dense table
    # of thousands of figures each asks about its next few neighbours, not about 800
    # characters' worth of them.
    after = _between(money, q.end, q.end + 800)
    before = _between(money, q.start - 800, q.start)
    if opened:
        first = next((m for m in after if m.unit == q.unit), None)
        if first is None or not _LIST_OPENS.search(facts.text, q.end, min(first.start, q.end + 80)):
            return False
        before = []  # parts before the figure are a sum's only after a sum word ("… 計")
    for run in (after, reversed(before)):
        total, count = Decimal(0), 0
        for m in run:
            if m.unit != q.unit:
                continue
            total, count = total + m.value, count + 1
            if count >= 2 and abs(total - q.value) <= slack:
                return True
            if total > q.value + slack or count == 12:
                break
    return False
