"""Generate ontology/kb/countries.json from CLDR (through Babel): every country's name in es and en.

Run `python -m kg.resolve.countries` after upgrading Babel; a test checks the file is current.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel import Locale

KB_DIR = Path(__file__).resolve().parents[2] / "ontology" / "kb"
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
        entries.append({"id": f"country/{code}", "type": "Country", "labels": labels})
    return entries


def render() -> str:
    return json.dumps(generate(), ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    COUNTRIES_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {COUNTRIES_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
