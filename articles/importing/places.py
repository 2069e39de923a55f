"""What kind of place a new name is: a country when pycountry or the wire's old names say so."""

from __future__ import annotations

from functools import cache

import pycountry

from articles.models import Place

# Names news archives use that ISO 3166 does not: short forms and 1987 countries (Reuters-21578).
COUNTRY_NAMES = {
    "uk", "u.s.", "russia", "ussr", "soviet union", "uae", "zaire", "west germany", "east germany",
    "yemen arab republic", "yemen democratic republic", "turkey", "ivory coast", "burma", "yugoslavia",
    "czechoslovakia", "brunei",
}  # fmt: skip


@cache
def place_kind(name: str) -> str:
    if name.strip().lower() in COUNTRY_NAMES:
        return Place.Kind.COUNTRY
    for database in (pycountry.countries, pycountry.historic_countries):
        try:
            database.lookup(name.strip())
        except LookupError:
            continue
        return Place.Kind.COUNTRY
    return Place.Kind.OTHER
