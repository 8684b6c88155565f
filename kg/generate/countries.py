"""Generate ontology/kb/countries.json from CLDR (through Babel): every country's name in es and en,
and from ISO 3166 (through pycountry) its official name ('Reino de Arabia Saudí', 'Kingdom of Saudi
Arabia'), by which 'el Reino' or 'the Republic' is known to mean a kingdom or a republic.

Run `python -m kg.generate.countries` after upgrading Babel or pycountry; a test checks the file is
current.
"""

from __future__ import annotations

import gettext
import json
import sys

import pycountry
from babel import Locale

from kg.paths import KB_DIR

COUNTRIES_FILE = KB_DIR / "countries.json"
LANGUAGES = ("en", "es")
# CLDR territory codes that are not countries: uninhabited islands, unions, placeholders.
NOT_COUNTRIES = frozenset(
    [
        "AC",
        "AQ",
        "BV",
        "CP",
        "CQ",
        "DG",
        "EA",
        "EU",
        "EZ",
        "GS",
        "HM",
        "IC",
        "IO",
        "QO",
        "TA",
        "UM",
        "UN",
        "XA",
        "XB",
        "ZZ",
    ]
)


def generate() -> list[dict[str, object]]:
    names = {lang: Locale(lang).territories for lang in LANGUAGES}
    entries: list[dict[str, object]] = []
    for code in sorted(names["en"]):
        if code.isdigit() or len(code) != 2 or code in NOT_COUNTRIES:
            continue
        labels = {lang: names[lang][code] for lang in LANGUAGES if code in names[lang]}
        entry: dict[str, object] = {"id": f"country/{code}", "type": "Country", "labels": labels}
        official = _official_names(code)
        aliases = {lang: [n] for lang, n in official.items() if n != labels.get(lang)}
        if aliases:
            entry["aliases"] = aliases
        entries.append(entry)
    return entries


def _official_names(code: str) -> dict[str, str]:
    """The country's official name in each language ISO 3166 gives one for."""
    country = pycountry.countries.get(alpha_2=code)
    official = getattr(country, "official_name", None) if country is not None else None
    if not official:
        return {}
    names = {}
    for lang in LANGUAGES:
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True
        )
        names[lang] = translation.gettext(official)
    return names


def render() -> str:
    return json.dumps(generate(), ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    COUNTRIES_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {COUNTRIES_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
