"""Dutch full-text search over the developments of an edition.

On PostgreSQL: the built-in full-text search with the 'dutch' configuration
(stemming, stop words), ranked with weights title > summary > text, followed
by what the folded match below finds in addition.
Everywhere (the only search on SQLite): a match in Python that folds case and
accents, strips common Dutch suffixes and requires every search term to occur.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Development

MAX_QUERY_LENGTH = 200


@dataclass
class Hit:
    development: Development
    snippet: str  # safe HTML with <mark> around matches


def search_developments(edition, query: str) -> list[Hit]:
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return []
    developments = Development.objects.filter(edition=edition).select_related("domain", "edition")
    hits = _fallback(developments, query)
    if connection.vendor == "postgresql":
        # Ranked full-text hits first; the folded substring match adds what
        # the Dutch stemmer misses (klantreis / klantreizen).
        ranked = _postgres(developments, query)
        seen = {hit.development.pk for hit in ranked}
        return ranked + [hit for hit in hits if hit.development.pk not in seen]
    return hits


def _postgres(developments, query: str) -> list[Hit]:
    vector = (SearchVector("title", weight="A", config="dutch")
              + SearchVector("summary", weight="B", config="dutch")
              + SearchVector("body_markdown", weight="C", config="dutch"))
    search_query = SearchQuery(query, config="dutch", search_type="websearch")
    rows = (developments.annotate(document=vector, rank=SearchRank(vector, search_query))
            .filter(document=search_query)  # the @@ match: every term must occur
            .annotate(snippet=SearchHeadline("body_markdown", search_query, config="dutch",
                                             start_sel="[[[", stop_sel="]]]", max_words=30, min_words=15))
            .order_by("-rank", "title"))
    return [Hit(dev, _mark(escape(_strip_markdown(dev.snippet)))) for dev in rows]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


_SUFFIXES = ("heden", "ingen", "eren", "ing", "en", "es", "s", "e")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _terms(query: str) -> list[str]:
    words = re.findall(r"\w+", _fold(query))
    return [_stem(w) for w in words if len(w) >= 2]


def _fallback(developments, query: str) -> list[Hit]:
    terms = _terms(query)
    if not terms:
        return []
    scored = []
    for dev in developments:
        fields = [_fold(dev.title), _fold(dev.summary), _fold(dev.body_markdown)]
        if not all(any(t in f for f in fields) for t in terms):
            continue
        score = sum(3 * fields[0].count(t) + 2 * fields[1].count(t) + fields[2].count(t) for t in terms)
        scored.append((-score, dev.title, dev))
    scored.sort(key=lambda item: item[:2])
    return [Hit(dev, _snippet(dev.body_markdown, terms)) for _, _, dev in scored]


def _snippet(text: str, terms: list[str], width: int = 220) -> str:
    plain = _strip_markdown(text)
    folded = _fold(plain)
    if len(folded) != len(plain):  # folding changed lengths: no safe offsets
        return escape(plain[:width]) + "…"
    positions = [folded.find(t) for t in terms if folded.find(t) >= 0]
    start = max(0, min(positions) - 60) if positions else 0
    piece = plain[start:start + width]
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    out, last = [], 0
    for match in pattern.finditer(_fold(piece)):
        out.append(escape(piece[last:match.start()]))
        out.append(f"<mark>{escape(piece[match.start():match.end()])}</mark>")
        last = match.end()
    out.append(escape(piece[last:]))
    return mark_safe(("…" if start else "") + "".join(out) + "…")


def _strip_markdown(text: str) -> str:
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = re.sub(r"[*_`>]", "", text)
    return " ".join(text.split())


def _mark(escaped: str) -> str:
    return mark_safe(escaped.replace("[[[", "<mark>").replace("]]]", "</mark>"))
