"""Generate ontology/kb/office_holders.json from ontology/kb/src/office_holders.tsv.

The table lists heads of state and government, popes and some foreign ministers with their
terms, one row a term: general knowledge for "el presidente colombiano" in a 2023 article.
Run `python -m kg.generate.holders` after editing the table; a test checks the file is current.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from kg.paths import KB_DIR

SOURCE = KB_DIR / "src" / "office_holders.tsv"
HOLDERS_FILE = KB_DIR / "office_holders.json"
ROLES = {
    "hos": "head_of_state",
    "hog": "head_of_government",
    "fm": "foreign_minister",
    "pope": "pope",
}


def _slug(name: str) -> str:
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def render() -> str:
    people: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(SOURCE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 4 or fields[1] not in ROLES:
            raise ValueError(
                f"{SOURCE}:{number}: expected country, role, name, from[, to, aliases]"
            )
        country, role, name, start = fields[:4]
        rest = fields[4:]
        end = rest.pop(0) if rest and (rest[0].isdigit() or not rest[0]) else None
        aliases = [a for a in rest[0].split("|") if a] if rest else []
        entry = people.setdefault(
            f"person/{_slug(name)}",
            {
                "id": f"person/{_slug(name)}",
                "type": "Person",
                "labels": {"en": name},
                "aliases": {},
                "roles": [],
            },
        )
        for alias in aliases:
            forms = entry["aliases"].setdefault("en", [])
            if alias not in forms:
                forms.append(alias)
        term: dict[str, Any] = {"role": ROLES[role], "country": f"country/{country}", "from": start}
        if end:
            term["to"] = end
        if not start.isdigit() or (end is not None and end and not end.isdigit()):
            raise ValueError(f"{SOURCE}:{number}: years must be numbers")
        entry["roles"].append(term)
    entries = sorted(people.values(), key=lambda e: e["id"])
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    HOLDERS_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {HOLDERS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
