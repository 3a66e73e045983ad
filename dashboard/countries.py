"""ISO3 (or organisation code) -> display name.

Order of lookup: the organisation codes of the schema, a few fixed short names,
CLDR English names through babel (via pycountry's alpha-2), pycountry's own names,
then the ETL gazetteer if it is installed, and finally the code itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from etl.schema import ORG_CODES

# CLDR's English names that read oddly in a list of diplomatic actors.
_OVERRIDES = {
    "COD": "DR Congo",
    "COG": "Congo",
    "PSE": "Palestine",
    "XKX": "Kosovo",
    "MMR": "Myanmar",
    "CIV": "Côte d'Ivoire",
    "HKG": "Hong Kong",
    "MAC": "Macao",
    "VAT": "Holy See",
}

_ISO3 = re.compile(r"^[A-Z]{3}$")


def is_code(value: str) -> bool:
    """True for a syntactically valid ISO3/organisation code (three capital letters)."""
    return bool(_ISO3.match(value or ""))


@lru_cache(maxsize=1)
def _locale_territories() -> dict[str, str]:
    try:
        from babel import Locale

        return dict(Locale("en").territories)
    except Exception:  # pragma: no cover - babel is a dependency
        return {}


@lru_cache(maxsize=1)
def _gazetteer() -> Any:
    try:  # optional: the ETL's own gazetteer, when it exists
        from etl.gazetteer import get_gazetteer

        return get_gazetteer()
    except Exception:
        return None


@lru_cache(maxsize=4096)
def country_name(code: str | None) -> str:
    """Display name for an ISO3 or organisation code; the code itself when unknown."""
    if code is None:
        return ""
    code = str(code).strip()
    up = code.upper()
    if up in ORG_CODES:
        return ORG_CODES[up]
    if up in _OVERRIDES:
        return _OVERRIDES[up]
    if is_code(up):
        try:
            import pycountry

            rec = pycountry.countries.get(alpha_3=up)
        except Exception:  # pragma: no cover
            rec = None
        if rec is not None:
            cldr = _locale_territories().get(rec.alpha_2)
            if cldr:
                return cldr
            return str(getattr(rec, "common_name", None) or rec.name)
        gaz = _gazetteer()
        if gaz is not None:
            try:
                name = gaz.name(up)
                if name:
                    return str(name)
            except Exception:
                pass
    return code


@lru_cache(maxsize=1024)
def is_known(code: str) -> bool:
    """An organisation code of the schema or an ISO 3166 alpha-3 code (``ZZZ`` is not)."""
    up = str(code or "").strip().upper()
    if up in ORG_CODES or up in _OVERRIDES:
        return True
    if not is_code(up):
        return False
    try:
        import pycountry

        return pycountry.countries.get(alpha_3=up) is not None
    except Exception:  # pragma: no cover - pycountry is a dependency
        return False


def country_label(code: str) -> str:
    """Label for pick lists: 'Indonesia (IDN)'; search in a select box matches both."""
    name = country_name(code)
    return f"{name} ({code})" if name and name != code else code


def names_for(codes: Iterable[str]) -> dict[str, str]:
    return {c: country_name(c) for c in codes}


def dyad_label(a: str, b: str, directed: bool = False) -> str:
    """'Indonesia – Russia' or 'Indonesia → Russia'."""
    sep = " → " if directed else " – "
    return f"{country_name(a)}{sep}{country_name(b)}"
