"""A small dated table of reference exchange rates, for judging conversions in articles.

The validator only asks whether a conversion is plausible ("is S$10.1 billion a fair
rendering of 1.23 trillion yen in late 2025?"), so annual averages rounded to two or three
figures are enough, and a table in the package beats a network call that cannot be made here.
Figures: units of each currency per US dollar, indicative annual averages (central-bank and
IMF series, rounded). 2026 repeats late-2025 levels. Extend by adding a column.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

RATES_AS_OF = "2025-12"

_YEARS = tuple(range(2015, 2027))
# currency: units per USD for each year in _YEARS
_PER_USD: dict[str, tuple[float, ...]] = {
    "USD": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "EUR": (0.90, 0.90, 0.89, 0.85, 0.89, 0.88, 0.85, 0.95, 0.92, 0.92, 0.89, 0.86),
    "GBP": (0.65, 0.74, 0.78, 0.75, 0.78, 0.78, 0.73, 0.81, 0.80, 0.78, 0.75, 0.75),
    "JPY": (121.0, 108.8, 112.2, 110.4, 109.0, 106.8, 109.8, 131.5, 140.5, 151.4, 150.0, 152.0),
    "CNY": (6.23, 6.64, 6.75, 6.62, 6.91, 6.90, 6.45, 6.73, 7.08, 7.19, 7.18, 7.10),
    "KRW": (1131, 1160, 1130, 1100, 1166, 1180, 1144, 1292, 1306, 1364, 1415, 1450),
    "INR": (64.2, 67.2, 65.1, 68.4, 70.4, 74.1, 73.9, 78.6, 82.6, 83.7, 87.0, 88.5),
    "TWD": (31.9, 32.3, 30.4, 30.2, 30.9, 29.5, 28.0, 29.8, 31.2, 32.1, 31.0, 30.5),
    "SGD": (1.37, 1.38, 1.38, 1.35, 1.36, 1.38, 1.34, 1.38, 1.34, 1.34, 1.31, 1.29),
    "CAD": (1.28, 1.33, 1.30, 1.30, 1.33, 1.34, 1.25, 1.30, 1.35, 1.37, 1.40, 1.38),
    "AUD": (1.33, 1.35, 1.30, 1.34, 1.44, 1.45, 1.33, 1.44, 1.51, 1.52, 1.55, 1.52),
    "HKD": (7.75, 7.76, 7.79, 7.84, 7.84, 7.76, 7.77, 7.83, 7.83, 7.80, 7.79, 7.80),
    "CHF": (0.96, 0.99, 0.98, 0.98, 0.99, 0.94, 0.91, 0.95, 0.90, 0.88, 0.83, 0.80),
    "NZD": (1.43, 1.44, 1.41, 1.45, 1.52, 1.54, 1.41, 1.58, 1.63, 1.65, 1.72, 1.70),
}


def known(currency: str) -> bool:
    """True when the table has the currency."""
    return currency in _PER_USD


def rate_year(when: date | None) -> int:
    """The table year used for a date: its own year, clamped to the table; latest if unknown."""
    if when is None:
        return _YEARS[-1]
    return min(max(when.year, _YEARS[0]), _YEARS[-1])


def drift_allowance(when: date | None) -> float:
    """How much further than usual a rate may stray for a date outside the table: a tenth per
    year outside it, at most one (the rupee went from 39 to 64 a dollar between 2008 and 2015;
    an article of 2008 is judged against 2015's rate, loosely)."""
    if when is None or _YEARS[0] <= when.year <= _YEARS[-1]:
        return 0.0
    outside = _YEARS[0] - when.year if when.year < _YEARS[0] else when.year - _YEARS[-1]
    return min(1.0, 0.1 * outside)


def expected_rate(source: str, target: str, year: int) -> Decimal:
    """Units of `target` per unit of `source` in `year`.

    Raises:
        KeyError: when either currency is not in the table.
    """
    index = _YEARS.index(year)
    return Decimal(str(_PER_USD[target][index])) / Decimal(str(_PER_USD[source][index]))


def describe(source: str, target: str, year: int) -> str:
    """A human-readable statement of the reference rate, for reasons in findings."""
    rate = expected_rate(source, target, year)
    if rate < 1:
        inverse = Decimal(1) / rate
        return f"1 {target} ≈ {inverse:.4g} {source} ({year} average, table of {RATES_AS_OF})"
    return f"1 {source} ≈ {rate:.4g} {target} ({year} average, table of {RATES_AS_OF})"
