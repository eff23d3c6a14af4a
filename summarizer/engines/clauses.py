"""Reading the clause around an amount: who gets it, what for, who gives it, what kind it is.

Patterns of budget writing ("earmarked X for Y", "Y will receive X", "X to Y", "set aside X
for Y", "awarded Y up to X", "X of special bonds … to help Y", "Yへの…としてX", "用于Y") cover
most sentences in press releases and wire reports. Hand-written: no library parses these
roles without a model, and the engine must run with none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from summarizer.checking.facts import SourceFacts
from summarizer.reading.language import UNSPACED
from summarizer.reading.numbers import Quantity
from summarizer.reading.prefilter import Prefiltered, seen_in
from summarizer.schema import Kind, Span

_STOP = re.compile(
    r"[;；。！？]|,\s+(?:which|while|bringing|as|and\s+(?:the|a|an)\s|but|where|with\s+the\s+aim)|"
    r"\s+(?:which|while|bringing|as\s+part\s+of|in\s+order\s+to)\s|,\s*$|\)\s*[,.]|\n",
    re.IGNORECASE,
)
_AFTER_CUES = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:(?:in|of)\s+(?P<what>[\w\s,'’-]{3,60}?)\s+)?"
    r"(?P<cue>to\s+help|to\s+support|to\s+fund|to\s+develop|to\s+boost|to\s+build|to\s+promote|"
    r"to\s+strengthen|in\s+support\s+of|for\s+the\s+development\s+of|for|to|toward|towards|into|"
    # the same prepositions in the European languages read
    r"para|pour|per(?!\s+(?:year|annum|cent|person|capita|head|unit|share)\b)|für|voor|"
    r"zugunsten(?:\s+(?:von|der|des))?|en\s+faveur\s+(?:de|du|des)|au\s+profit\s+(?:de|du|des)|"
    r"a\s+favor\s+(?:de|del)|destinad[oa]s?\s+(?:a|al)|destinés?\s+(?:à|au|aux)|"
    r"destinat[ieoa]\s+(?:a|al|alla)|à\s+destination\s+(?:de|du|des)|ten\s+behoeve\s+van|"
    # and in Russian, Ukrainian, Vietnamese, Malay and Indonesian, Thai
    r"на|для|cho|để|untuk|bagi|kepada|สำหรับ|เพื่อ|"
    r"via|through|under|is\s+being\s+(?:marked|earmarked|set\s+aside|allocated)\s+for|"
    r"(?:is|was|will\s+be|has\s+been|have\s+been)\s+(?:earmarked|allocated|set\s+aside|"
    r"budgeted|marked|committed|provided|dedicated|reserved|used|spent)\s+(?:for|to|on)"
    r"(?:\s+the\s+development\s+of)?|(?:will\s+|would\s+)?go(?:es)?\s+to|"
    r",?\s*(?:will|would)\s+(?:fund|finance|support|scale\s+up|expand|build|pay\s+for|back|help|"
    r"cover|upgrade|create|establish|set\s+up))"
    rf"(?:\s+|(?<=[{UNSPACED}]))(?P<rest>.+)",  # Thai runs its words together
    re.IGNORECASE | re.DOTALL,
)
_NOUN_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:in\s+|of\s+|worth\s+of\s+)?(?P<noun>[A-Za-z][\w\s'’-]{2,60}?)"
    r"(?=\s+(?:to|for|that|which|will|is|was|under|from|in|by)\b|[,.;]|$)",
    re.IGNORECASE,
)
_RECEIVE_BEFORE = re.compile(
    r"(?P<who>[A-Z][\w&.'’ -]{2,80}?)\s+(?:will\s+|would\s+|is\s+to\s+|is\s+set\s+to\s+)?"
    r"(?:receive|receives|received|get|gets|win|wins|won|secure|secures|secured)\s+"
    r"(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,3}$"
)
_AWARD_BEFORE = re.compile(
    r"(?:award(?:ed|s)?|grant(?:ed|s)?|giv(?:e|es|ing)|gave|provid(?:e|es|ed|ing)|lend(?:s|ing)?|"
    r"lent|offer(?:s|ed)?)\s+(?P<who>[A-Z][\w&.'’ -]{2,80}?)\s+(?:with\s+)?"
    r"(?:up\s+to|about|around|some|nearly|more\s+than|a\s+|an\s+)?$"
)
_CJK_FOR = re.compile(
    r"(?P<who>[^，,。、()（）\n]{2,40}?)(?:への|に向けた|向け|に対する|に)[^，,。\n]{0,30}?(?:として|で)?\s*$"
)
_CJK_USED_FOR = re.compile(
    r"^[^，,。\n]{0,12}?(?:用于|用於|支持|投向|于|に充てる)(?P<what>[^，,。；\n]{2,40})"
)
_CJK_TO_BEFORE = re.compile(
    r"(?:向|为|為|对|對)(?P<who>[^，,。、\n]{2,30}?)(?:提供|拨付|撥付|投入|注资|注資|拨款|撥款)[^，,。\n]{0,6}$"
)
_KO_BEFORE = re.compile(
    r"(?P<who>[^,.\n]{2,40}?)(?:에|에게|을\s*위해|를\s*위해)\s*(?:\S+\s+){0,2}$"
)

# The words that name each kind of commitment, in the languages read. The kind is the one
# whose word stands nearest the amount (a loan programme's "budget" further off does not win).
_KIND_CUES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.BOND, re.compile(
        r"\bbonds?\b|\bgilts?\b|\bAnleihe\w*|\bobligations?\s+(?:vertes|souveraines|d'[ÉE]tat)|"
        r"\bbonos?\b|\bobbligazion\w*|\bobligatie\w*|\bobrigaç\w*|债券|債券|国債|公債|专项债|專項債|"
        r"地方债|国债|국채|채권|채\b|\bobligasjon\w*|joukkovelkakirja\w*|\bobligacj\w*|"
        r"\bdluhopis\w*|\bstatsobligation\w*", re.IGNORECASE)),
    (Kind.LOAN, re.compile(
        r"\bloans?\b|\blending\b|\blend\b|credit\s+line|line\s+of\s+credit|\bprêts?\b|"
        r"\bpréstamos?\b|\bprestit[oi]\b|darlehe\w*|\bKredite?\b|\bleningen?\b|"
        r"\bempréstimos?\b|\b(?:IDA|IBRD)\s+credit\b|\bl[ií]nea\s+(?:di|de)\s+cr[eé]dito\b|ligne\s+de\s+crédit|"
        r"Kreditlinie\w*|\blån\b|\blånet\b|\blaina\w*|\bpożyczk\w*|\búvěr\w*|"
        r"贷款|貸款|借款|融資|融资|貸付|供与限度額|대출|융자|차관", re.IGNORECASE)),
    (Kind.TAX_CREDIT, re.compile(
        r"tax\s+(?:credits?|breaks?|incentives?|relief)|crédits?\s+d'impôt|Steuer(?:gutschrift|"
        r"vergünstigung|erleichterung)\w*|deducci\w+\s+fiscal\w*|credito\s+d'imposta|"
        r"税收优惠|税額控除|減税|减税|세액공제|세제\s*지원", re.IGNORECASE)),
    (Kind.GRANT, re.compile(
        r"\bgrants?\b|\bawards?\b|\bawarded\b|subsid\w+|direct\s+funding|\bsubvention\w*|"
        r"\bsubvenci\w+|\bsovvenzion\w*|\bcontribut[oi]\b|\bZuschüss?\w*|\bFördermittel\w*|"
        r"\bFörderung\w*|\bsubsidie\w*|\bsubvenç\w*|\bsubsídio\w*|補助|补助|補貼|补贴|资助|資助|"
        r"\bassistance\b|\baid\b|\baides?\b|\bayudas?\b|\baiuti\b|\bsteun\b|Beihilfe\w*|"
        r"\bZuwendung\w*|\bsoutien\b|\bapoyo\b|\bbijdrage\w*|\brebates?\b|\btilskudd\w*|"
        r"\btilskott\w*|\bavustu\w*|\bvaltionavustu\w*|\bdotacj\w*|\bdotace\b|\bstøtte\w*|"
        r"\bfunding\b|\bschemes?\b|\btransferencias?\b|\btransferts?\b|\bstöd\w*|\btilskud\w*|"
        r"\btuki\w*|\btuetaan\b|贈与|专项资金|專項資金|转移支付|轉移支付|"
        r"奖补|獎補|助成|交付金|無償資金協力|委託|捐助|獎助|奖助|扶持|援助|支援金|給付金|"
        r"보조금|지원금|보조", re.IGNORECASE)),
    (Kind.INVESTMENT, re.compile(
        r"\bequity\b|\bstake\b|\bshare\s+capital\b|capital\s+injection|\bEigenkapital\w*|"
        r"\bBeteiligung\w*|\bfonds\s+propres\b|\bparticipaci[oó]n\s+accionarial\b|"
        r"出資|出资|注资|注資|지분|펀드", re.IGNORECASE)),
    # "invest" said of public money is mostly a budget or grant in other words ("the Government
    # will invest $40 million in …"): it names an investment only when a company or the private
    # sector makes it (`_investor_named`), else the next nearest word decides.
    (Kind.INVESTMENT, re.compile(
        r"\binvest\w*|\binvestissement\w*|\binversi[oó]n\w*|\binvestiment\w*|"
        r"\bInvestition\w*|\binvestering\w*|投资|投資|투자", re.IGNORECASE)),
    (Kind.BUDGET, re.compile(
        r"budget\w*|appropriat\w*|earmark\w*|allocat\w*|set\s+aside|marked\s+for|予算|预算|預算|"
        r"예산|拨款|撥款|expenditure|spending|\bHaushalt\w*|\bpresupuest\w*|\bbilancio\b|"
        r"\bbegroting\w*|\borçament\w*|\bcrédits?\b|\bdotation\w*|\bdotaci[oó]n\w*|"
        r"\bstanziament\w*|\bbudsjett\w*|\btalousarvio\w*|\bmääräraha\w*|\bbevilgning\w*|"
        r"\bbevilling\w*|\banslag\w*|\bbudżet\w*|\brozpoč\w*|計上|编列|編列|편성", re.IGNORECASE)),
)  # fmt: skip
_FUNDER_SUBJECT = re.compile(
    r"(?P<who>(?:the\s+)?(?:[A-Z][\w.&'’-]*\s+){0,6}(?:Ministry|Department|Commission|Government|"
    r"government|ministry|Agency|Bank|Council|Administration|Office|Treasury|Fund|Foundation|"
    r"Cabinet|Parliament|Congress|Chancellor|Member\s+States|Corporation|Inc\.?|Ltd\.?|Group)"
    r"(?:\s+(?:of|for)\s+(?:[A-Z][\w.&'’-]*\s*){1,6})?)",
)
_ORG = re.compile(
    r"\b(?:(?:the\s+)?(?:U\.S\.\s+)?(?:Ministry|Department)\s+of\s+(?:[A-Z][\w&'’-]*(?:,?\s+(?:and\s+)?)?){1,6}"
    r"|(?:[A-Z][\w.&'’-]+\s+){1,4}(?:Ministry|Commission|Agency|Bank|Administration|Corporation)"
    r"|European\s+Commission|(?:[A-Z][a-z]+\s+)?[Gg]overnment\s+of\s+[A-Z]\w+)"
)


_QUOTES = re.compile(r"[“”\"‘’「」『』]")
_TIME_PHRASE = re.compile(
    r"^(?:the\s+)?(?:(?:current|next|coming|new|same)\s+)?(?:fiscal|financial|calendar|budget)?\s*"
    r"(?:year|years|FY|period|decade|months?|quarter)\b|^(?:between|from|in|until|by)?\s*(?:19|20)\d\d"
    r"|^(?:FY|fiscal)\b|^(?:this|next|last)\s+year",
    re.IGNORECASE,
)
_LEADING_TIME = re.compile(
    r"^\s*,?\s*(?:(?:over|during|within|in|for)\s+(?:the\s+)?(?:course\s+of\s+the\s+)?"
    r"(?:next|coming|past|first|following)?\s*(?:\w+\s+)?(?:fiscal\s+)?(?:years?|months?|decades?)"
    r"|between\s+\d{4}\s+and\s+\d{4}|from\s+\d{4}(?:\s?[-–]\s?\d{2,4})?"
    r"|in\s+(?:fiscal\s+|FY\s?)?\d{4}(?:\s?[-–]\s?\d{2,4})?|starting\s+(?:in\s+)?\S+?"
    r"|(?:a|per|each)\s+year)\s*,?(?=\s)",
    re.IGNORECASE,
)
_MONEY_NOUN = re.compile(
    r"(?:low-interest\s+|concessional\s+|direct\s+|new\s+|additional\s+)?(?:loans?|grants?|"
    r"fund|funding|investment|subsidy|subsidies|credit\s+facility|package|injection|award|"
    r"programme|program|guarantee|bonds?)",
    re.IGNORECASE,
)
_NOT_A_RECIPIENT = re.compile(
    r"^(?:from|up|down|since|compared|than|over|under|about|around|more|less|a\s+year|last|"
    r"this|that|which|it|they|will|would|is|was|are|were|goes|comes|has|have)\b",
    re.IGNORECASE,
)
_BEFORE_WHO = re.compile(
    r"(?:(?P<who1>[A-Z][\w\s&.'’/()-]{2,80}?),?\s+(?:backed|funded|financed|supported|"
    r"capitali[sz]ed|endowed|seeded)\s+(?:by|with|at)"
    r"|(?:support\w*|financ\w*|fund\w*|back\w*|provid\w*)\s+(?P<who2>[\w\s&.'’/()-]{3,80}?)\s+with"
    r"|(?:dedicated|allocated|earmarked|devoted|committed|assigned)\s+to\s+"
    r"(?P<who3>[\w\s&.'’/()-]{3,80}?)\s+(?:under|in|within|from|through)\b[^,;]*?\s+of"
    r"|(?P<lead>support|funding|spending|budget|investment|aid|subsidies|assistance)\s+for\s+"
    r"(?P<who4>[\w\s&.'’/()-]{3,100}?)\s+to"
    r"|(?P<who5>[A-Z][\w\s,&.'’-]{2,80}?)['’]s\s+(?:overall\s+|total\s+|annual\s+)?budget\b[^,;]*?\s+to)"
    r"\s+(?:a\s+total\s+of\s+|an?\s+|the\s+)?(?:up\s+to\s+|about\s+|around\s+|almost\s+|nearly\s+|"
    r"some\s+|more\s+than\s+|roughly\s+)?$",
    re.IGNORECASE,
)

# Read around every amount, a budget table's thousands too: each skips ASCII text that holds
# none of the words it needs (`prefilter`), with the same answers.
(
    _RECEIVE_BEFORE, _AWARD_BEFORE, _CJK_FOR, _CJK_USED_FOR, _CJK_TO_BEFORE, _KO_BEFORE,
    _FUNDER_SUBJECT, _BEFORE_WHO,
) = (
    Prefiltered(p) for p in (
        _RECEIVE_BEFORE, _AWARD_BEFORE, _CJK_FOR, _CJK_USED_FOR, _CJK_TO_BEFORE, _KO_BEFORE,
        _FUNDER_SUBJECT, _BEFORE_WHO,
    )
)  # fmt: skip
_KIND_CUES = tuple((kind, Prefiltered(cue)) for kind, cue in _KIND_CUES)  # type: ignore[misc]
_WEAK_INVESTMENT = [kind for kind, _ in _KIND_CUES].index(Kind.INVESTMENT) + 1

_HAS_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
_CJK_CLAUSE_BREAK = re.compile(r"[，,；;：:。]|\n")
_CJK_VERB = re.compile(
    r"(?:撥補|拨补|撥付|拨付|投入|提供|注資|注资|出資|出资|設立|设立|支持|補助|补助|給予|给予|向|對|对|為|为"
    r"|발행|지원|투입)"
)
_CJK_TRAILING = re.compile(
    r"(?:編列|编列|安排|下達|下达|規模|规模|金額|金额|總額|总额|資金|资金|達|达|為|为|約|约|計|计|共|再|將|将"
    r"|合計|合计|預計|预计|高達|高达|逾|近|超過|超过|として|等|は|が|を|に|で|の|程度|총|규모|에|을|를|은|는"
    r"|이|가|에서|으로|부터|까지|로|약|원|から|まで|より|新台幣|新台币|人民币|人民幣|\s)+$"
)
_KO_TARGET = re.compile(
    r"(?:\S+[은는이가]\s+)?(?:\d+일\s+)?(?P<who>[^,.\n]{2,30}?)(?:을|를)\s*대상으로\s*$"
)
_CJK_LEADING = re.compile(
    r"^(?:[\(（]?\d[\)）]|其中|此外|另外|同時|同时|並|并|今年|明年|全省|全市|此次|本次|"
    r"(?:令和|平成|昭和|民國|民国)?\s*(?:\d{1,4}|元)\s*(?:年度|年|년도|년)の?|\s)+"
)


# "N億円がY(となっている)": in Japanese the item an amount is for may follow it as its subject.
_JA_AMOUNT_IS = re.compile(
    r"^\s*が(?P<what>[^、，,。\n\d]{2,30}?)(?=となって|となり|となる|である|です|に|を|、|，|。|$)"
)
# Where a CJK phrase naming a recipient cannot reach back past: a clause mark, an enumeration
# comma, an arrow, or another figure with its unit ("…947億円、その他" → "その他").
_CJK_PHRASE_BREAK = re.compile(
    r"[，,；;：:。→⇒\n]|[\d０-９][\d０-９,.，]*\s*(?:[万萬億亿兆千百조억만천백]*\s*(?:円|元|원|ドル|美元)|"
    r"[万萬億亿兆조억만]+|%|％)"
)


_EUROPEAN = frozenset({"de", "fr", "es", "it", "nl", "pt", "no", "da", "sv"})
# What follows a figure in a verb-final or verb-particle clause: no name ("… 3 Mrd. Euro zur
# Verfügung", "… vor", "… abgeschlossen"). German capitalises its nouns, so a German name
# holds a capitalised word; elsewhere these closed-class words are tested.
_VERB_TAIL = re.compile(
    r"^(?:zur\s+Verfügung|bereit|vor\b|ab\b|abgeschlossen|beteiligen|gefördert|trägt|"
    r"vorgesehen|ist|sind|wird|werden|est|sont|sera|es|son|será|è|sono|sarà|is|zijn|wordt|é|são|"
    r"ce|cette|qui|que|dont|el|la|le|les|il|lo|de|del|du|des|da|do|van|het|een|til|till)\b",
    re.IGNORECASE,
)
_BENEFICIARY = re.compile(
    r"\b(?:für|zugunsten\s+(?:von|der|des)|an|pour|en\s+faveur\s+(?:de|du|des)|à|au|aux|para|"
    r"a\s+favor\s+(?:de|del)|al|per|a\s+favore\s+(?:di|del|della)|alla|voor|aan|ao|à|til|"
    r"till)\s+"
    r"(?P<rest>[^,;.\n]{3,90})",
    re.IGNORECASE,
)


def _names_something(recipient: str, language: str) -> bool:
    """Is `recipient` a name rather than empty or the tail of a verb?"""
    if not recipient or _VERB_TAIL.match(recipient):
        return False
    return language != "de" or bool(re.search(r"\b[A-ZÄÖÜ]", recipient))


def _beneficiary_phrase(before: str, after: str) -> tuple[str, str] | None:
    """The phrase a preposition of benefit opens ("für den Ausbau …", "à la ville de Lyon"),
    after the figure in its sentence, else before it."""
    for text in (after, before):
        for match in _BENEFICIARY.finditer(text):
            rest = _strip_article(_clip(match.group("rest")))
            if rest and not _TIME_PHRASE.match(rest) and not re.match(r"[\d€$£]", rest):
                return rest, rest
    return None


# Words that say how a figure changed or what it is, not what it is for: no recipient.
_NOT_A_NAME = re.compile(
    r"比$|比較|増$|增$|減$|减$|増加|增加|増額|增额|增長|增长|減少|减少|대비|증액|증가|감소|程度|全体|"
    r"國費|国費|年度$|년$|안$|した$|する$|한$|된$|うち$|其中$|及び?$|와$|과$|및$|"
    r"^[\d.,]|[\d.,]$|^(?:予算額|予算|金額|経費|预算|预算额|金额|預算|預算數|經費|예산|금액|총액|Total|合計)$"
)
# The topic a Japanese or Korean sentence is about ("…ODA予算は、前年度比0.8%増の834.4億円").
_CJK_TOPIC = re.compile(r"(?P<topic>[^、，,。；;\n]{2,40}?)(?:については|では|は|는|은)[、，,\s]")


def _cjk_recipient(before: str, after: str, found: str) -> str:
    """What a CJK amount is for: the item it is said of ("N億円がY"), the name its parenthesis
    follows ("国際通貨基金(41.9億円)"), the phrase right before it, else the sentence's topic;
    the rules' own finding when none of these names anything."""
    subject = _JA_AMOUNT_IS.match(after)
    if subject:  # "うち1,268億円がエネルギー対策費": the amount is the named item's
        return subject.group("what")
    if found and not _CJK_PHRASE_BREAK.search(found) and not _NOT_A_NAME.search(found):
        return found  # the rules found a name: kept
    # A name is at most 40 characters: its phrase lies in the last stretch before the figure
    # (a figure in a run of thousands reads no more of its sentence than that).
    near = before[-_NAME_REACH:]
    candidates = [near[:-1]] if near.endswith(("(", "（")) else []
    candidates += [near, found]
    lines = [line for line in near.split("\n")[:-1] if line.strip()]
    if lines:  # a table's heading line above "予算額 / 317,258百万円"
        candidates.append(_BULLET_MARK.sub("", lines[-1]))
    for text in candidates:
        name = _tidy_cjk(text)
        if name and not _NOT_A_NAME.search(name):
            return name
    topics = list(_CJK_TOPIC.finditer(before[-2 * _NAME_REACH :]))
    if topics:
        name = _tidy_cjk(topics[-1].group("topic"))
        if name and not _NOT_A_NAME.search(name):
            return name
    name = _tidy_cjk(found) if _HAS_CJK.search(found) else found
    return "" if _NOT_A_NAME.search(name) else name


_NAME_REACH = 120
_BULLET_MARK = re.compile(
    r"^[\s<＜(（\[]*[0-9０-９一二三四五六七八九十]{0,3}[>＞)）\]]?[\s.、○●・■□◆]*"
)


# Particles a phrase cut after a figure may start with: "(18조원)에서", "(26조원)으로 계획된 …".
# A one-syllable particle only before a space: "은행" (bank) keeps its first syllable.
_LEADING_PARTICLE = re.compile(
    r"^\s*(?:으로|에서|(?:로|에|은|는|이|가|을|를|と|の|は|が|を|に|で)(?=\s|$))"
)
# The trailing words to drop, without "원": here the figure and its unit are already cut off,
# and "지원" (support) must keep its last syllable.
_TIDY_TRAILING = re.compile(_CJK_TRAILING.pattern.replace("|원|", "|"))


_FRAME = " 「」『』“”\"'()（）、・"  # quotes, brackets and list marks around a name


@lru_cache(maxsize=4096)  # a table or a run of figures hands it the same stretch again and again
def _tidy_cjk(recipient: str) -> str:
    """A CJK recipient without the figures and clauses before it: its last phrase that names
    something, without trailing particles or leading year marks."""
    for part in reversed(_CJK_PHRASE_BREAK.split(recipient)):
        part = _LEADING_PARTICLE.sub("", part)
        phrase = _CJK_LEADING.sub("", _TIDY_TRAILING.sub("", part)).strip(_FRAME)
        if len(phrase) >= 2 and not phrase.isdigit():
            return phrase[:40]
    return ""


def cjk_subject(before: str) -> str:
    """The noun phrase before an amount in Chinese, Japanese or Korean text.

    "115年度科技預算編列" → "科技預算"; "政府將再撥補勞保基金" → "勞保基金": the last clause,
    after its last verb of giving, without trailing verbs or particles and leading year marks.
    """
    # (the literal first: the pattern is tried from every position of a long stretch)
    target = _KO_TARGET.search(before) if "대상으로" in before else None
    if target:
        return target.group("who").strip()
    clauses = _CJK_CLAUSE_BREAK.split(before)
    phrase = clauses[-1] if clauses else ""
    if len(_CJK_TRAILING.sub("", phrase)) < 3 and len(clauses) > 1:
        phrase = clauses[-2] + phrase  # "社福支出仍為最大宗，編列約" → the clause before
    verbs = list(_CJK_VERB.finditer(phrase))
    if verbs and len(_CJK_TRAILING.sub("", phrase[verbs[-1].end() :])) >= 2:
        phrase = phrase[verbs[-1].end() :]
    phrase = _CJK_TRAILING.sub("", phrase)
    phrase = _CJK_LEADING.sub("", phrase)
    return phrase.strip(" 「」『』“”\"'")[:40]


@dataclass(frozen=True)
class Clause:
    """What the words around one amount say about it."""

    recipient: str
    purpose: str
    funder: str | None
    kind: Kind | None
    evidence: Span


# A conjunction a phrase ends on when the next amount was cut off after it ("roads and"). The
# one-letter ones only in lower case: "Phase I", "Generation Y" end on no conjunction.
_TRAILING_JOIN = re.compile(
    r"(?:,|\s*และ(?:อีก)?|\s+(?:and|or|plus|as\s+well\s+as|und|sowie|et|ainsi\s+que|en|och|og|ja|"
    r"oraz|и|і|та|và|dan|serta|(?-i:i|e|y)))$",
    re.IGNORECASE,
)
# Before an amount, what starts a coordinated clause of its own: "…to roads and $300 million"
# (not the article "a": "to build a $30 million bridge" goes on).
_JOINED_BEFORE = re.compile(
    r"(?:[,;，、；]|และ(?:อีก)?|\b(?:and|or|plus|while|und|sowie|et|en|och|og|ja|oraz|"
    r"и|і|та|và|dan|serta|(?-i:i|e|y))\b)"
    r"\s*(?:(?:a|an|the|another|further|additional|some)\s+)?$",
    re.IGNORECASE,
)


def _clip(text: str, limit: int = 90) -> str:
    match = _STOP.search(text)
    cut = text[: match.start()] if match else text
    cut = _TRAILING_JOIN.sub("", cut.rstrip())  # "roads and" before the next amount
    cut = cut.strip(" ,.:-–—\"'“”‘’()")
    if len(cut) > limit:
        cut = cut[:limit].rsplit(" ", 1)[0] if " " in cut[:limit] else cut[:limit]
    return cut.strip(" ,")


def _strip_article(text: str) -> str:
    text = re.sub(
        r"^(?:overall|in\s+total|meanwhile|separately|also|additionally|further|moreover),?\s+",
        "",
        text,
        flags=re.IGNORECASE,
    )
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


_REACH = 400  # characters read on either side of an amount, however long its sentence


class _Reach(NamedTuple):
    """Where the text read around an amount starts and ends (a plain pair: it is made three
    times for every amount, and a validated `Span` costs more than the reading itself)."""

    start: int
    end: int


def _around(facts: SourceFacts, q: Quantity) -> _Reach:
    """The amount's sentence, clipped to `_REACH` on either side: a sentence of thousands of
    figures (a table the sentence splitter could not cut) must not be read once per figure."""
    sentence = facts.sentence_of(q.start)
    return _Reach(max(sentence.start, q.start - _REACH), min(sentence.end, q.end + _REACH))


def clause_span(facts: SourceFacts, q: Quantity, also: Quantity | None = None) -> Span:
    """The shortest run of text around the amount that reads as its own clause."""
    sentence = _around(facts, q)
    end_of = max(q.end, also.end + 1 if also else q.end)
    before = facts.text[sentence.start : q.start]
    start = sentence.start + _last_break(before)
    if q.start - start > 160:
        comma = _last_followed_by_space(facts.text[start : q.start], ",")
        start = start + comma if comma else q.start - 160
        while start < q.start and not facts.text[start - 1].isspace() and start > sentence.start:
            start -= 1
    after = facts.text[end_of : max(sentence.end, end_of)]
    stop = re.search(r"[;；。]|,\s+(?:which|while|bringing|and\s+(?:the|a)\s)|\.\s*$|\n", after)
    end = end_of + (stop.start() if stop else len(after))
    if end - end_of > 160:
        end = end_of + 160
        while end > end_of and not facts.text[end - 1].isspace():
            end -= 1
    text = facts.text
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Span(start=start, end=max(end, q.end))


def _last_break(before: str) -> int:
    """Where the last clause break of `before` ends ("; ", ": ", a line break, "3) ", "— "), or 0.

    The end of the last match of `[;；:]\\s+|\\n|(?<=\\d\\))|—\\s|–\\s`, found backwards with
    `str.rfind`: scanning the whole stretch with the pattern, once per figure, was a good part
    of a budget table's time.
    """
    ends = [_last_followed_by_space(before, mark) for mark in ";；:—–"]
    ends.append(before.rfind("\n") + 1)
    close = before.rfind(")")
    while close > 0 and not before[close - 1].isdecimal():
        close = before.rfind(")", 0, close)
    ends.append(close + 1 if close > 0 else 0)
    return max(ends)


_SPACES = re.compile(r"\s+")


def _last_followed_by_space(text: str, mark: str) -> int:
    """The end of the whitespace after the last `mark` that has some, or 0 (`mark\\s+`; after a
    dash, one whitespace character: `—\\s`)."""
    at = text.rfind(mark)
    while at != -1 and not text[at + 1 : at + 2].isspace():
        at = text.rfind(mark, 0, at)
    if at == -1:
        return 0
    if mark in "—–":
        return at + 2
    return _SPACES.match(text, at + 1).end()  # type: ignore[union-attr]


def read_clause(facts: SourceFacts, q: Quantity, converted: Quantity | None) -> Clause:
    """Recipient, purpose, funder, kind and evidence span for the amount `q`."""
    text = facts.text
    sentence = _around(facts, q)
    anchor_end = converted.end if converted and converted.start > q.end else q.end
    before = text[sentence.start : q.start]
    # What follows reaches to the next amount at most when a conjunction or a comma stands
    # before that one: "$5 billion to roads and $300 million to schools" gives roads to the
    # first and schools to the second; "of the total €3 billion" goes on.
    following = bisect_right(facts.money_starts, anchor_end)
    stop = max(sentence.end, anchor_end)
    if following < len(facts.money_starts):
        next_start = facts.money_starts[following]
        if anchor_end < next_start < stop and _JOINED_BEFORE.search(
            text, max(anchor_end, next_start - 30), next_start
        ):
            stop = next_start
    after = text[anchor_end:stop]
    opening = _LEADING_CLOSE.match(after)  # `re.sub("^[\\s)）]+", " ", …)`, one attempt
    if opening:
        after = " " + after[opening.end() :]
    for _ in range(2):  # "over five years, starting in 2025-26, for …": skip to what follows
        after = _LEADING_TIME.sub(" ", after, count=1)
    label = _row_label(facts, q) if _ends_a_row(facts, anchor_end) else ""
    if label:  # "Andalucía   23.456.789 euros" on a line of its own, among other such lines
        recipient, purpose = label, ""
    else:
        recipient, purpose = _recipient_and_purpose(before, after)
    if not recipient:
        recipient = _row_label(facts, q)
    if _HAS_CJK.search(before[-20:]) or _HAS_CJK.search(after[:6]):
        recipient = _cjk_recipient(before, after, recipient)
    elif facts.context.language in _EUROPEAN and not _names_something(
        recipient, facts.context.language
    ):
        recipient, purpose = _beneficiary_phrase(before, after) or ("", purpose)
    recipient = _QUOTES.sub("", recipient).strip()
    purpose = _QUOTES.sub("", purpose).strip()
    evidence = clause_span(facts, q, converted)
    window = text[max(sentence.start, q.start - 80) : min(sentence.end, anchor_end + 60)]
    kind = _nearest_kind(window, q.start - max(sentence.start, q.start - 80))
    return Clause(recipient, purpose, _funder(before), kind, evidence)


def kind_near(facts: SourceFacts, q: Quantity) -> Kind | None:
    """The kind whose word stands nearest the amount in its sentence (as `read_clause` reads it)."""
    sentence = _around(facts, q)
    start = max(sentence.start, q.start - 80)
    window = facts.text[start : min(sentence.end, q.end + 60)]
    return _nearest_kind(window, q.start - start)


_LABEL_LEAD = re.compile(  # bullets and item numbers: "- ", "(3) ", "二、"
    r"^[\s\-–•·*●■○◆▶・]*(?:[(（]?[0-9０-９一二三四五六七八九十]{1,3}[)）.、]\s*)?"
)
_LABEL_LEAD_AT = re.compile(_LABEL_LEAD.pattern[1:])  # the same, matched from a line's start
_LABEL_TRIM = " \t:：-–"
_LABEL_TRIMMED = re.compile(r"[ \t:：\-–]*")
_LABEL_MAX = 80


def _row_label(facts: SourceFacts, q: Quantity) -> str:
    """The label a list or table line gives its figure: "Andalucía   23.456.789" or
    "- 5 millones para la apicultura" has none before it, "Cataluña 12 M€" has one.

    The line's lead (bullets, an item number, separators) is read once per line and the label
    from the figure back: the figures of a line thousands of characters long must not each
    copy the line up to themselves.
    """
    text = facts.text
    line_start = facts.line_start(q.start)
    lead_end, label_start = _line_lead(facts, line_start)
    if q.start < lead_end:  # the figure is the lead's item number: read as the line had it
        label = _LABEL_LEAD.sub("", text[line_start : q.start]).strip(_LABEL_TRIM)
    elif q.start <= label_start:
        label = ""  # nothing but separators between the lead and the figure
    else:
        end = q.start
        while end > label_start and text[end - 1] in _LABEL_TRIM:
            end -= 1  # the separators right before this figure, read by it alone
        if end - label_start > _LABEL_MAX:
            return ""
        label = text[label_start:end]
    if (
        2 <= len(label) <= _LABEL_MAX
        and re.search(r"[^\W\d_]", label)
        and not re.search(r"\d", label)
    ):
        return label
    return ""


def _line_lead(facts: SourceFacts, line_start: int) -> tuple[int, int]:
    """Where the lead of the line starting at `line_start` ends, and where its label starts
    after the separators that follow the lead; read once per line."""
    return facts.derived(f"row lead {line_start}", lambda f: _read_lead(f.text, line_start))


def _read_lead(text: str, line_start: int) -> tuple[int, int]:
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end == -1 else line_end
    lead = _LABEL_LEAD_AT.match(text, line_start, line_end)
    lead_end = lead.end() if lead else line_start
    trimmed = _LABEL_TRIMMED.match(text, lead_end, line_end)
    return lead_end, trimmed.end() if trimmed else lead_end


def _ends_a_row(facts: SourceFacts, end: int) -> bool:
    """The figure ends its line, and the next line holds a figure too (or the text ends): a
    table or list row, not a hard-wrapped sentence.

    Line ends found by bisection, the rest of the line read only up to its first visible
    character: the figures of a long line must not each read it to its end.
    """
    text = facts.text
    line_end = facts.line_end(end)
    if line_end == -1:
        return end >= facts.content_end
    if facts.visible_from(end) < line_end:
        return False
    next_end = facts.line_end(line_end + 1)
    following = text[line_end + 1 : next_end if next_end != -1 else len(text)]
    return not following.strip() or any(ch.isdigit() for ch in following)


# Who makes an investment that is one: a company, a firm, the private sector.
_PRIVATE_INVESTOR = Prefiltered(
    re.compile(
        r"\b(?:compan(?:y|ies)|firms?|private|Inc|Ltd|Corp\w*|LLC|plc|GmbH|AG|SA|S\.A\.|"
        r"entreprises?|empresas?|Unternehmen|bedrijf\w*|aziend\w*|investors?|investisseurs?|"
        r"inversores|Investoren)\b|['’]s\s+(?:\S+\s+)?(?:investment|project)|"
        r"企業|企业|廠商|厂商|公司|民間|民间|기업|민간|社は|株式会社",
    )
)


def _nearest_kind(window: str, amount_at: int) -> Kind | None:
    """The kind whose word stands nearest the amount at `amount_at` within `window`."""
    best: tuple[int, Kind] | None = None
    private = None
    seen = seen_in(window)  # one prefilter scan for all the cues
    for index, (kind, cue) in enumerate(_KIND_CUES):
        if index == _WEAK_INVESTMENT:
            if private is None:
                private = bool(_PRIVATE_INVESTOR.search_in(window, seen))
            if not private:
                continue
        for match in cue.finditer_in(window, seen):
            distance = min(abs(match.start() - amount_at), abs(match.end() - amount_at))
            if best is None or distance < best[0]:
                best = (distance, kind)
    return best[1] if best else None


def _recipient_and_purpose(before: str, after: str) -> tuple[str, str]:
    seen = seen_in(before, after)  # one prefilter scan for the patterns read on them
    named = _BEFORE_WHO.search_in(before, seen)
    if named:
        who = next(g for g in ("who1", "who2", "who3", "who4", "who5") if named.group(g))
        rest = _AFTER_CUES.match(after)
        purpose = (
            _clip(rest.group("rest")) if rest and not _TIME_PHRASE.match(rest.group("rest")) else ""
        )
        if named.group("lead"):
            purpose = purpose or named.group(0).split(" for ")[0].strip()
        return _strip_article(_clip(named.group(who).strip(), 100)), purpose
    who = _RECEIVE_BEFORE.search_in(before, seen) or _AWARD_BEFORE.search_in(before, seen)
    if who:
        rest = _AFTER_CUES.match(after)
        purpose = _clip(rest.group("rest")) if rest else ""
        return _strip_article(_clip(who.group("who").strip())), purpose
    for pattern in (_CJK_TO_BEFORE, _CJK_FOR, _KO_BEFORE):
        match = pattern.search_in(before, seen)
        if match:
            used = _CJK_USED_FOR.match_in(after, seen)
            what = _clip(used.group("what")) if used else ""
            return _clip(match.group("who").lstrip("(（0123456789)） ")), what
    used = _CJK_USED_FOR.match_in(after, seen)
    if _HAS_CJK.search(before[-30:]):
        named = cjk_subject(before[-2 * _NAME_REACH :])
        if named:
            return named, _clip(used.group("what")) if used else ""
    if used:
        return _clip(used.group("what")), ""
    cue = _AFTER_CUES.match(after)
    if (
        cue
        and not _TIME_PHRASE.match(cue.group("rest"))
        and not _NOT_A_RECIPIENT.match(cue.group("rest"))
    ):
        rest = _strip_article(_clip(cue.group("rest")))
        what = (cue.group("what") or "").strip()
        purpose = f"{what} {cue.group('cue')} {rest}".strip() if what else rest
        return rest, purpose
    if cue:  # "for the fiscal year …": look for the next cue in the clause
        later = re.search(
            r"\s(?:for|to\s+help|to\s+support|to)\s+(?!the\s+fiscal)", cue.group("rest")
        )
        if later:
            return _recipient_and_purpose("", cue.group("rest")[later.start() :])
    noun = _NOUN_AFTER.match(after)
    if noun and _MONEY_NOUN.fullmatch(noun.group("noun").strip()):
        # "$1.45 billion loan to a solar-panel maker": the recipient follows the money noun
        later = _AFTER_CUES.match(after[noun.end() :])
        if later and not _NOT_A_RECIPIENT.match(later.group("rest")):
            rest = _strip_article(_clip(later.group("rest")))
            return rest, noun.group("noun").strip()
    if (
        noun
        and not _TIME_PHRASE.match(noun.group("noun"))
        and not _NOT_A_RECIPIENT.match(noun.group("noun"))
    ):
        name = _strip_article(_clip(noun.group("noun")))
        return name, name
    lead = _FOR_BEFORE.search_in(before, seen)
    if lead:
        return _strip_article(_clip(lead.group("what"))), ""
    return "", ""


_LEADING_CLOSE = re.compile(r"[\s)）]+")
_FOR_BEFORE = Prefiltered(
    re.compile(r"(?:for|to)\s+(?P<what>[^,;]{3,80}),?\s*[^,;]*$", re.IGNORECASE)
)


def _funder(before: str) -> str | None:
    subjects = list(_FUNDER_SUBJECT.finditer(before))
    if not subjects:
        return None
    return re.sub(r"['’]s$", "", _strip_article(subjects[-1].group("who").strip()))


# Development banks and export-credit lenders, whose money is lent unless a word says otherwise.
_LENDER = re.compile(
    r"\b(?:European\s+Investment\s+Bank|EIB|BEI|Europäische\w*\s+Investitionsbank|"
    r"Banque\s+européenne\s+d['’]investissement|Banco\s+Europeo\s+de\s+Inversiones|"
    r"Banca\s+europea\s+per\s+gli\s+investimenti|Europese\s+Investeringsbank|World\s+Bank|"
    r"IBRD|IDA|Asian\s+Development\s+Bank|ADB|AIIB|Asian\s+Infrastructure\s+Investment\s+Bank|"
    r"African\s+Development\s+Bank|AfDB|Inter-American\s+Development\s+Bank|IDB|BID|EBRD|BERD|"
    r"Council\s+of\s+Europe\s+Development\s+Bank|CEB|KfW|JBIC|NIB|Banque\s+mondiale|"
    r"Banco\s+Mundial|Weltbank)\b|円借款|世界銀行|世界银行|亚洲开发银行|亞洲開發銀行|アジア開発銀行|"
    r"欧州投資銀行|国際協力機構|세계은행|아시아개발은행|한국수출입은행|대외경제협력기금",
)


def lender_article(facts: SourceFacts, issuer: str | None) -> bool:
    """Is the article a lender's own: its headline or the organisation it is chiefly about a
    development bank?"""
    text = facts.text.lstrip()
    headline = text[: text.find("\n")] if "\n" in text else text
    return bool(_LENDER.search(headline[:300]) or (issuer and _LENDER.search(issuer)))


def main_issuer(facts: SourceFacts) -> str | None:
    """The organisation an article is chiefly about: the first named ministry, agency, etc."""
    match = _ORG.search(facts.text)
    if match:
        return _strip_article(match.group(0).strip().rstrip(",")).strip()
    # A word may start only where no word character stands before it: inside a run of a
    # hundred thousand digits every position would otherwise start a match that scans on.
    government = re.search(r"(?<!\w)(?:the\s+)?([^\W\d_]\w*)\s+government", facts.text, re.I)
    return government.group(0).strip() if government else None
