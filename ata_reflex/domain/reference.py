"""Reference data for carnet forms: ATA countries, customs units, transport modes, currencies.

The tables are read once per process from the CSV files in ``ata_reflex/data/``: units,
transport modes and currencies are China Customs parameter codes, and the countries are a
compilation of published ATA destination lists. They are the same for every user, so a
module-level cache is safe with several backend workers.
"""

from __future__ import annotations

import csv
import functools
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

CHINA_CODE = "CN"
CHINA_NAME_ZH = "中国"


@dataclass(frozen=True)
class Country:
    """A country or customs territory, keyed by its ISO 3166-1 alpha-2 code.

    ``status`` is the ATA status from ``ata_countries.csv``: ``member``, ``territory`` (covered
    through a member, e.g. Liechtenstein via Switzerland), ``special`` (Taiwan), ``unverified``,
    or ``non_ata`` for the extra origin-only countries defined in this module.
    """

    code: str
    code3: str
    name_en: str
    name_zh: str
    region: str
    status: str
    note: str


@dataclass(frozen=True)
class Unit:
    """A China Customs measurement unit (计量单位) by its three-digit code."""

    code: str
    name_zh: str


@dataclass(frozen=True)
class GoodsUnit:
    """A unit for the general list's "number of pieces" column, written in English on the carnet."""

    code: str
    label_zh: str


@dataclass(frozen=True)
class TransportMode:
    """A China Customs transport mode (运输方式) by its one-character code."""

    code: str
    name_zh: str


@dataclass(frozen=True)
class Currency:
    """An ISO 4217 currency with its Chinese and English names."""

    code: str
    name_zh: str
    name_en: str


# Statuses whose countries accept a carnet issued in China.
# - "member": contracting parties of the ATA chain. RU and BY stay in: the 2022 stop concerns
#   EU, UK, German and Austrian chambers (sanctions on their guarantees), not CCPIT/CCOIC.
# - "territory": customs territories covered through a member (SACU states via ZA, LI via CH,
#   French overseas territories, GG/JE/IM, PR ...).
# Excluded: "special" (TW is outside the ATA guarantee chain; other issuers use a separate
# China-Taiwan carnet) and "unverified" (SA, QA are announced but not confirmed). A holder who
# needs them must ask the chamber rather than get a carnet that customs may refuse.
ATA_STATUSES = frozenset({"member", "territory"})

# Common countries of origin that are not in the ATA table. The general list's origin column
# takes any country, not only ATA ones.
# TODO: replace with the full ISO 3166-1 list with Chinese names. Until then, goods made in a
# country missing here cannot be entered.
_EXTRA_ORIGIN_COUNTRIES: tuple[tuple[str, str, str, str], ...] = (
    ("VN", "VNM", "Viet Nam", "越南"),
    ("KH", "KHM", "Cambodia", "柬埔寨"),
    ("BD", "BGD", "Bangladesh", "孟加拉国"),
    ("MM", "MMR", "Myanmar", "缅甸"),
    ("LA", "LAO", "Lao People's Democratic Republic", "老挝"),
    ("NP", "NPL", "Nepal", "尼泊尔"),
    ("BN", "BRN", "Brunei Darussalam", "文莱"),
    ("MV", "MDV", "Maldives", "马尔代夫"),
    ("AF", "AFG", "Afghanistan", "阿富汗"),
    ("UZ", "UZB", "Uzbekistan", "乌兹别克斯坦"),
    ("KG", "KGZ", "Kyrgyzstan", "吉尔吉斯斯坦"),
    ("TJ", "TJK", "Tajikistan", "塔吉克斯坦"),
    ("TM", "TKM", "Turkmenistan", "土库曼斯坦"),
    ("AZ", "AZE", "Azerbaijan", "阿塞拜疆"),
    ("AM", "ARM", "Armenia", "亚美尼亚"),
    ("GE", "GEO", "Georgia", "格鲁吉亚"),
    ("IQ", "IRQ", "Iraq", "伊拉克"),
    ("JO", "JOR", "Jordan", "约旦"),
    ("KW", "KWT", "Kuwait", "科威特"),
    ("OM", "OMN", "Oman", "阿曼"),
    ("EG", "EGY", "Egypt", "埃及"),
    ("NG", "NGA", "Nigeria", "尼日利亚"),
    ("KE", "KEN", "Kenya", "肯尼亚"),
    ("ET", "ETH", "Ethiopia", "埃塞俄比亚"),
    ("GH", "GHA", "Ghana", "加纳"),
    ("AR", "ARG", "Argentina", "阿根廷"),
    ("CO", "COL", "Colombia", "哥伦比亚"),
    ("PE", "PER", "Peru", "秘鲁"),
    ("UY", "URY", "Uruguay", "乌拉圭"),
    ("EC", "ECU", "Ecuador", "厄瓜多尔"),
)

# Names people type that differ from the table's official names.
_COUNTRY_ALIASES: dict[str, str] = {
    "china": "CN",
    "中华人民共和国": "CN",
    "俄罗斯": "RU",
    "russia": "RU",
    "塞尔维亚": "RS",
    "黑山": "ME",
    "波黑": "BA",
    "马其顿": "MK",
    "turkey": "TR",
    "香港": "HK",
    "hong kong": "HK",
    "澳门": "MO",
    "macao": "MO",
    "macau": "MO",
    "台湾": "TW",
    "taiwan": "TW",
    "korea": "KR",
    "south korea": "KR",
    "南韩": "KR",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "uae": "AE",
    "czech republic": "CZ",
    "holland": "NL",
    "ivory coast": "CI",
    "swaziland": "SZ",
    "vietnam": "VN",
    "laos": "LA",
    "brunei": "BN",
}


def _read_csv(name: str) -> list[dict[str, str]]:
    """Read a data file into a list of rows with trimmed values."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        rows = [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]
    logger.debug("read %s rows from %s", len(rows), name)
    return rows


@functools.cache
def _table_countries() -> tuple[Country, ...]:
    """Return every row of ``ata_countries.csv``, whatever its status."""
    return tuple(
        Country(
            code=row["iso2"].upper(),
            code3=row["iso3"].upper(),
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            region=row["region"],
            status=row["status"],
            note=row["note"],
        )
        for row in _read_csv("ata_countries.csv")
    )


@functools.cache
def ata_countries() -> tuple[Country, ...]:
    """Return the ATA members and the territories covered through a member, CN included."""
    return tuple(country for country in _table_countries() if country.status in ATA_STATUSES)


@functools.cache
def import_countries() -> tuple[Country, ...]:
    """Return the countries a China-issued carnet can go to: 临时进口国/地区 and 过境国/地区.

    These are the ATA countries without China itself, because the carnet leaves China under
    the yellow exportation voucher and a home country is never a temporary-import country.
    """
    return tuple(country for country in ata_countries() if country.code != CHINA_CODE)


@functools.cache
def origin_countries() -> tuple[Country, ...]:
    """Return the countries that may be given as a goods item's country of origin.

    Origin is any country: every row of the ATA table (TW, SA and QA too), China, and the
    extra origin-only countries of this module.
    """
    countries = list(_table_countries())
    known = {country.code for country in countries}
    if CHINA_CODE not in known:
        countries.append(Country(CHINA_CODE, "CHN", "China", CHINA_NAME_ZH, "Asia-Pacific", "member", ""))
        known.add(CHINA_CODE)
    for code, code3, name_en, name_zh in _EXTRA_ORIGIN_COUNTRIES:
        if code not in known:
            countries.append(Country(code, code3, name_en, name_zh, "other", "non_ata", "origin only"))
            known.add(code)
    return tuple(countries)


def normalize_key(text: str) -> str:
    """Fold text for lookups: full-width to half-width, trimmed, inner spaces collapsed, casefolded."""
    folded = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", " ", folded).strip().casefold()


@functools.cache
def _country_index() -> dict[str, Country]:
    """Map every folded code, name and alias to its country."""
    index: dict[str, Country] = {}
    by_code = {country.code: country for country in origin_countries()}
    for country in origin_countries():
        for key in (country.code, country.code3, country.name_en, country.name_zh):
            if key:
                index.setdefault(normalize_key(key), country)
    for alias, code in _COUNTRY_ALIASES.items():
        if code in by_code:
            index.setdefault(normalize_key(alias), by_code[code])
    return index


def country_by_code(code: str) -> Country | None:
    """Return the country with this ISO 3166-1 alpha-2 code (any case), or None."""
    wanted = normalize_key(code).upper()
    return next((country for country in origin_countries() if country.code == wanted), None)


def country_by_name(text: str) -> Country | None:
    """Return the country named by a Chinese or English name, an alias, or an ISO code.

    Matching is exact after trimming and case folding, so "德国", "germany", " DE " and "DEU"
    all find Germany, and "德" finds nothing.
    """
    key = normalize_key(text)
    if not key:
        return None
    return _country_index().get(key)


def search_countries(query: str, countries: Iterable[Country]) -> list[Country]:
    """Return the countries matching a picker's search text, best matches first.

    A country matches when the query equals its code, is a substring of its Chinese name, or
    is a prefix or substring of its English name (case-insensitive). Exact matches come first,
    then prefixes, then substrings, each group in table order. An empty query returns all.
    """
    key = normalize_key(query)
    candidates = list(countries)
    if not key:
        return candidates
    ranked: list[tuple[int, int, Country]] = []
    for position, country in enumerate(candidates):
        rank = _match_rank(key, country)
        if rank is not None:
            ranked.append((rank, position, country))
    ranked.sort(key=lambda entry: (entry[0], entry[1]))
    return [country for _, _, country in ranked]


def _match_rank(key: str, country: Country) -> int | None:
    """Return 0 for an exact match, 1 for a prefix, 2 for a substring, None for no match."""
    name_zh = normalize_key(country.name_zh)
    name_en = normalize_key(country.name_en)
    if key in (country.code.casefold(), country.code3.casefold(), name_zh, name_en):
        return 0
    if name_zh.startswith(key) or name_en.startswith(key):
        return 1
    if key in name_zh or key in name_en:
        return 2
    return None


@functools.cache
def customs_units() -> tuple[Unit, ...]:
    """Return the China Customs measurement units (计量单位)."""
    return tuple(Unit(row["code"], row["name_zh"]) for row in _read_csv("cn_customs_units.csv"))


# The general list is printed in English, and CCPIT's template writes the unit of the pieces
# column in English (PCS, SET ...), so the outbound goods list uses these rather than the
# customs three-digit units.
_GOODS_UNITS: tuple[GoodsUnit, ...] = (
    GoodsUnit("PCS", "件"),
    GoodsUnit("SET", "套"),
    GoodsUnit("BOX", "箱"),
    GoodsUnit("PR", "双"),
    GoodsUnit("KG", "千克"),
    GoodsUnit("M", "米"),
    GoodsUnit("ROLL", "卷"),
    GoodsUnit("PKG", "包"),
)


def goods_units() -> tuple[GoodsUnit, ...]:
    """Return the English units for the outbound general list, PCS first (the form's default)."""
    return _GOODS_UNITS


def goods_unit_by_code(code: str) -> GoodsUnit | None:
    """Return the goods unit with this code (any case), or None."""
    wanted = normalize_key(code).upper()
    return next((unit for unit in _GOODS_UNITS if unit.code == wanted), None)


# Customs transport modes that can carry goods under a carnet: 2 waterway, 3 rail, 4 road,
# 5 air, L passenger-carried, 9 other. 6 (post) is left out because China does not accept
# carnets for postal traffic. 0, 1, 7, 8, T, W, X, Y, Z are bonded zones and warehouses, and
# G and H are fixed installations and border special zones: they describe movements inside
# China's special customs areas, not goods leaving China.
ATA_TRANSPORT_MODE_CODES = ("2", "3", "4", "5", "L", "9")


@functools.cache
def transport_modes() -> tuple[TransportMode, ...]:
    """Return the transport modes usable for ATA goods, in the order of the customs code list."""
    rows = {row["code"]: row["name_zh"] for row in _read_csv("cn_customs_transport_modes.csv")}
    missing = [code for code in ATA_TRANSPORT_MODE_CODES if code not in rows]
    if missing:
        logger.warning("transport mode codes missing from cn_customs_transport_modes.csv: %s", missing)
    return tuple(TransportMode(code, rows[code]) for code in ATA_TRANSPORT_MODE_CODES if code in rows)


@functools.cache
def currencies() -> tuple[Currency, ...]:
    """Return the currencies of ``cn_customs_currencies_subset.csv`` (CNY among them)."""
    return tuple(
        Currency(row["iso4217"].upper(), row["name_zh"], row["name_en"])
        for row in _read_csv("cn_customs_currencies_subset.csv")
    )
