"""The words that hedge a figure written before it, by which way they bend it, per language.

"about €80m", "ca. 80 millioner EUR", "noin 80 miljoonaa", "około 80 mln zł", "约80亿元": the
reader takes such a word into the figure (and marks it approximate), the conversion finder
looks past it ("600 millioner kr. (ca. 80 millioner EUR)"), and the checks read which way it
bends the figure (`checking.bounds`). One table for all three, so that a hedge the reader
knows is never one the checks do not.

Hand-written: CLDR and the number libraries give numbers, scales and currencies, not the
closed class of words that hedge them. Each entry is a regex alternation; spaces are `\\s+`.
"""

from __future__ import annotations

# Words of the spaced scripts (Latin, Cyrillic), matched as whole words and followed by a space
# before the figure.
AT_LEAST = (
    # en
    r"more\s+than|over|above|at\s+least|in\s+excess\s+of|upwards\s+of|just\s+over|"
    r"exceed(?:s|ing)?|to\s+exceed|surpass(?:es|ing)?|top(?:s|ping)?|no\s+less\s+than|"
    r"not\s+less\s+than|"
    # de fr es it pt nl
    r"mehr\s+als|über|mindestens|plus\s+de|au\s+moins|más\s+de|al\s+menos|por\s+lo\s+menos|"
    r"oltre|più\s+di|almeno|mais\s+de|pelo\s+menos|ruim|meer\s+dan|minstens|"
    # sv da no fi
    r"mer\s+än|drygt|minst|över|mere\s+end|mindst|mer\s+enn|drøyt|yli|vähintään|runsaat|"
    # pl cs ro hu et tr id
    r"ponad|przeszło|co\s+najmniej|více\s+než|přes|nejméně|minimálně|peste|cel\s+puțin|"
    r"több\s+mint|legalább|üle|vähemalt|en\s+az|lebih\s+dari|"
    # ru uk (not "до", which is also "to" a level: "увеличится до 10 млрд")
    r"более|свыше|не\s+менее|понад|більше|щонайменше|не\s+менше"
)
AT_MOST = (
    r"up\s+to|as\s+much\s+as|as\s+many\s+as|at\s+most|no\s+more\s+than|under|less\s+than|"
    r"below|bis\s+zu|höchstens|jusqu['’]à|hasta|fino\s+a|até|tot|upp\s+till|högst|op\s+til|"
    r"højst|opp\s+til|inntil|enintään|jopa|do\s+wysokości|až|până\s+la|legfeljebb|kuni|"
    r"hingga|не\s+более|не\s+больше|не\s+більше"
)
NEARLY = (
    r"nearly|almost|close\s+to|just\s+under|knapp|fast|nahezu|annähernd|près\s+de|presque|"
    r"casi|quasi|quase|perto\s+de|bijna|nästan|närmare|næsten|knap|knapt|nesten|nærmere|"
    r"lähes|miltei|vajaat|blisko|prawie|niemal|téměř|skoro|aproape|közel|csaknem|ligi|"
    r"peaaegu|neredeyse|hampir|почти|майже"
)
ABOUT = (
    r"about|around|approximately|approx\.|roughly|some|an\s+estimated|estimated|rund|etwa|"
    r"ca\.|cca\.?|circa|ungefähr|environ|quelque|approximativement|unos|unas|cerca\s+de|"
    r"alrededor\s+de|aproximadamente|ongeveer|zo['’]n|cirka|omkring|ungefär|omtrent|rundt|"
    r"noin|około|ok\.|przybliżeniu|přibližně|asi|zhruba|aproximativ|mintegy|körülbelül|"
    r"kb\.|megközelítőleg|nagyjából|umbes|ligikaudu|yaklaşık|sekitar|kurang\s+lebih|"
    r"около|примерно|приблизительно|порядка|близько|приблизно|орієнтовно"
)

# Chinese, Japanese and Korean words, written straight against the figure.
AT_LEAST_CJK = r"超过|超過|逾|至少|多於|多于"
AT_MOST_CJK = r"最多|最高|최대"
# "as high as": the reader takes it into the figure, but it bends nothing (the figure is the
# amount, said to be large), so the checks read such a figure as exact.
AS_HIGH_AS_CJK = r"多达|高达|高達|多達"
NEARLY_CJK = r"将近|將近|接近|近|거의"
ABOUT_CJK = r"约合|約合|大约|大約|约|約|およそ|おおよそ|약"

# Every hedge word before a figure, for the reader (the longest alternatives are tried first
# where one starts another: "more than" before "more").
LATIN = "|".join((AT_LEAST, AT_MOST, NEARLY, ABOUT))
CJK = "|".join((ABOUT_CJK, NEARLY_CJK, AT_LEAST_CJK, AT_MOST_CJK, AS_HIGH_AS_CJK))
