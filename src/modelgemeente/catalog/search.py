"""Search in an edition: developments, laws, opgaven and budget lines.

The rules are the same on both databases (docs/search.md):

1. Words, not fragments. Texts and the query are split into words (letters and
   digits; a hyphen, bracket or apostrophe separates words, so the "Woo" in
   "Wet open overheid (Woo)" is a word) and folded for case and accents. A term
   matches a word that is the same, or has the same stem (wet, wetten;
   gemeente, gemeenten); a term of MIN_PREFIX characters or more also matches
   every word that starts with its stem (klantreis, klantreizen; algoritme,
   algoritmeregister). Short terms (Woo, AVG, Wmo, AI) therefore match only
   whole words: "woo" finds the Woo and not "verantwoordelijk". Every term must
   match in the same item; Dutch stop words (de, het, en...) are ignored unless
   the query has nothing else.
2. Ranking within a kind: items with more terms in the title (the name of a
   law or opgave, the description of a budget line) first, then a weighted
   score (title > summary > text; a word that is the term itself counts
   double), then the title.
3. Only when the exact search finds fewer than FEW items, a term that is not
   a word of the edition (it matches nothing, or only the start of a few
   longer words) is corrected to the closest word of the edition (difflib
   ratio >= FUZZY_RATIO between whole words) and the search runs again with
   the correction; the page says so ("bedoelde u ..."). On PostgreSQL,
   pg_trgm's word similarity (TrigramWordSimilarity >= TRIGRAM_CANDIDATE)
   first picks in the database the items that contain something like the
   term, and the closest word is taken from those; on SQLite every word of the
   edition is a candidate.

The words of an edition are indexed once per process and load of the edition
(some 220 items and 3,000 distinct words), so a search costs about a
millisecond, plus on PostgreSQL one trigram query per corrected term.
"""

from __future__ import annotations

import bisect
import difflib
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import BudgetLine, Development, Law, Opgave

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10  # further words of a (junk) query are ignored
MAX_WORD_LENGTH = 40  # longer "words" are junk: never corrected
MIN_PREFIX = 4  # shorter terms match whole words only
FEW = 3  # below this many exact hits, look for a correction
MAX_CORRECTIONS = 3  # a query with more unknown words than this is not corrected
FUZZY_RATIO = 0.8  # difflib ratio between a term and a correction
FEW_RATIO = 0.9  # ... for a term that starts a few words of the edition
FEW_FACTOR = 3  # ... whose correction must then be in this many times as many items
TRIGRAM_CANDIDATE = 0.3  # pg_trgm word similarity that makes an item a candidate

DEVELOPMENT, LAW, OPGAVE, LINE = "development", "law", "opgave", "line"
KINDS = (DEVELOPMENT, LAW, OPGAVE, LINE)
KIND_HEADINGS = {
    DEVELOPMENT: _("Ontwikkelingen"),
    LAW: _("Wetten"),
    OPGAVE: _("Opgaven"),
    LINE: _("Begrotingsregels"),
}

TITLE, SUMMARY, TEXT = 10, 3, 1  # field weights

_WORD = re.compile(r"[^\W_]+")
_SUFFIXES = ("heden", "ingen", "eren", "ing", "en", "es", "s", "e")
STOP_WORDS = frozenset(
    [
        "aan",
        "al",
        "als",
        "bij",
        "dan",
        "dat",
        "de",
        "der",
        "des",
        "die",
        "dit",
        "door",
        "een",
        "en",
        "er",
        "het",
        "hoe",
        "in",
        "is",
        "met",
        "naar",
        "niet",
        "of",
        "om",
        "ook",
        "op",
        "over",
        "te",
        "ten",
        "ter",
        "tot",
        "uit",
        "van",
        "voor",
        "wat",
        "wie",
        "zijn",
    ]
)


# Words -----------------------------------------------------------------------


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_PREFIX:
            return word[: -len(suffix)]
    return word


def stem_key(word: str) -> str:
    """What a word and its inflections share: the stem with a doubled final consonant undone (wetten -> wet)."""
    stem = _stem(word)
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" and stem[-1].isalpha():
        stem = stem[:-1]
    return stem


@dataclass(frozen=True)
class Term:
    word: str  # folded, as typed

    @property
    def stem(self) -> str:
        return _stem(self.word)

    @property
    def prefix(self) -> bool:
        return len(self.word) >= MIN_PREFIX


def parse(query: str) -> list[Term]:
    found = list(dict.fromkeys(w for w in words(query[:MAX_QUERY_LENGTH])))
    content = [w for w in found if w not in STOP_WORDS]
    return [Term(w) for w in (content or found)[:MAX_TERMS]]


# The index of an edition -----------------------------------------------------


@dataclass
class Doc:
    kind: str
    pk: int
    obj: object
    title: str
    url: str
    fields: list[tuple[int, frozenset[str]]]  # (weight, words); the first is the title
    snippet_sources: list[str]  # plain texts to take a fragment from, in order


@dataclass
class Index:
    docs: list[Doc]
    postings: dict[str, set[int]]  # word -> positions in docs
    sorted_words: list[str] = field(default_factory=list)
    stems: dict[str, set[str]] = field(default_factory=dict)  # stem_key -> words
    by_key: dict[tuple[str, int], int] = field(default_factory=dict)

    def __post_init__(self):
        self.sorted_words = sorted(self.postings)
        for word in self.sorted_words:
            self.stems.setdefault(stem_key(word), set()).add(word)
        self.by_key = {(doc.kind, doc.pk): i for i, doc in enumerate(self.docs)}

    def matching_words(self, term: Term) -> set[str]:
        """The words of the edition that `term` matches: the word itself, the words with the same stem
        (wet, wetten) and, for a term of MIN_PREFIX or more characters, every word starting with its stem."""
        found = ({term.word} & self.postings.keys()) | self.stems.get(stem_key(term.word), set())
        if term.prefix:
            position = bisect.bisect_left(self.sorted_words, term.stem)
            while position < len(self.sorted_words) and self.sorted_words[position].startswith(term.stem):
                found.add(self.sorted_words[position])
                position += 1
        return found

    def is_word(self, term: Term) -> bool:
        """Whether the edition has `term` as a word, or a word with the same stem."""
        return term.word in self.postings or stem_key(term.word) in self.stems

    def docs_for(self, term: Term) -> set[int]:
        out: set[int] = set()
        for word in self.matching_words(term):
            out |= self.postings[word]
        return out


_cache: dict[tuple, Index] = {}
_cache_lock = threading.Lock()


def edition_index(edition) -> Index:
    """The index of `edition`, built once per process and load of the edition."""
    key = (edition.pk, edition.content_hash, edition.loaded_at)
    index = _cache.get(key)
    if index is None:
        index = _build_index(edition)
        with _cache_lock:
            for old in [k for k in _cache if k[0] == edition.pk]:
                del _cache[old]
            _cache[key] = index
    return index


def _build_index(edition) -> Index:
    year = edition.year
    docs: list[Doc] = []
    developments = Development.objects.filter(edition=edition).select_related("domain", "edition")
    for dev in developments:
        body = strip_markdown(dev.body_markdown)
        docs.append(
            Doc(
                DEVELOPMENT,
                dev.pk,
                dev,
                dev.title,
                dev.get_absolute_url(),
                [
                    (TITLE, frozenset(words(dev.title))),
                    (SUMMARY, frozenset(words(dev.summary))),
                    (TEXT, frozenset(words(body + " " + " ".join(dev.gemma_components or [])))),
                ],
                [dev.summary, body],
            )
        )
    laws_url = reverse("catalog:laws", args=[year])
    for law in Law.objects.filter(edition=edition):
        docs.append(
            Doc(
                LAW,
                law.pk,
                law,
                law.name,
                f"{laws_url}#wet-{law.slug}",
                [
                    (TITLE, frozenset(words(law.name))),
                    (SUMMARY, frozenset(words(law.summary))),
                    (TEXT, frozenset(words(law.status_note))),
                ],
                [law.summary, law.status_note],
            )
        )
    opgaven_url = reverse("catalog:opgaven", args=[year])
    for opgave in Opgave.objects.filter(edition=edition):
        docs.append(
            Doc(
                OPGAVE,
                opgave.pk,
                opgave,
                opgave.name,
                f"{opgaven_url}#opgave-{opgave.slug}",
                [(TITLE, frozenset(words(opgave.name))), (SUMMARY, frozenset(words(opgave.description)))],
                [opgave.description],
            )
        )
    lines = BudgetLine.objects.filter(development__edition=edition).select_related(
        "development__edition", "development__domain"
    )
    for line in lines:
        docs.append(
            Doc(
                LINE,
                line.pk,
                line,
                line.description,
                f"{line.development.get_absolute_url()}#regel-{line.slug}",
                [(TITLE, frozenset(words(line.description))), (TEXT, frozenset(words(line.provenance_text)))],
                [line.provenance_text],
            )
        )
    postings: dict[str, set[int]] = {}
    for i, doc in enumerate(docs):
        for _weight, field_words in doc.fields:
            for word in field_words:
                postings.setdefault(word, set()).add(i)
    return Index(docs, postings)


# Searching -------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    obj: object
    title: str
    url: str
    snippet: str  # safe HTML with <mark> around matched words
    corrected: bool = False  # found through a corrected term


@dataclass
class Group:
    kind: str
    heading: str
    hits: list[Hit]


@dataclass
class Correction:
    query: str  # the corrected query, for the "bedoelde u" link
    replaced_all: bool  # no exact hits: every hit on the page comes from the correction


@dataclass
class Results:
    query: str
    terms: list[Term]
    groups: list[Group]
    correction: Correction | None = None

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)

    @property
    def exact_total(self) -> int:
        return sum(1 for group in self.groups for hit in group.hits if not hit.corrected)


def search(edition, query: str) -> Results:
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    terms = parse(query)
    if not terms:
        return Results(query, terms, [])
    index = edition_index(edition)
    exact = _find(index, terms)
    if len(exact) >= FEW:
        return Results(query, terms, _group(index, terms, exact, []))
    corrected_terms = _correct(edition, index, terms)
    if corrected_terms is not None:
        seen = set(exact)
        extra = [i for i in _find(index, corrected_terms) if i not in seen]
        if extra:
            correction = Correction(" ".join(t.word for t in corrected_terms), replaced_all=not exact)
            marks = list(dict.fromkeys(terms + corrected_terms))
            return Results(query, terms, _group(index, marks, exact, extra), correction)
    return Results(query, terms, _group(index, terms, exact, []))


def _find(index: Index, terms: list[Term]) -> list[int]:
    """Positions of the docs that match every term, best first."""
    found: set[int] | None = None
    for term in terms:
        docs = index.docs_for(term)
        found = docs if found is None else found & docs
        if not found:
            return []
    return _rank(index, terms, found)


def _rank(index: Index, terms: list[Term], positions: set[int]) -> list[int]:
    matched = {term: index.matching_words(term) for term in terms}

    def key(i):
        doc = index.docs[i]
        in_title = sum(1 for term in terms if doc.fields[0][1] & matched[term])
        score = 0
        for term in terms:
            score += max(
                (
                    weight * (2 if term.word in field_words else 1)
                    for weight, field_words in doc.fields
                    if field_words & matched[term]
                ),
                default=0,
            )
        return (-in_title, -score, fold(doc.title))

    return sorted(positions, key=key)


# Corrections -----------------------------------------------------------------


def _correct(edition, index: Index, terms: list[Term]):
    """The terms with their corrections; None if nothing could be corrected.

    Corrected are terms of MIN_PREFIX to MAX_WORD_LENGTH characters that are not a word of the edition:
    they match nothing, or only the start of a few longer words. A word the edition contains (however
    rare: "niemand", "straat") is never corrected into another word."""
    own = {term: len(index.docs_for(term)) for term in terms}
    unknown = [t for t in terms if not index.is_word(t)]
    to_correct = [t for t in unknown if MIN_PREFIX <= len(t.word) <= MAX_WORD_LENGTH]
    if len(unknown) > MAX_CORRECTIONS:
        return None  # mostly junk
    corrected, changed = [], False
    for term in terms:
        replacement = _closest_word(edition, index, term, own[term]) if term in to_correct else None
        corrected.append(Term(replacement) if replacement else term)
        changed = changed or bool(replacement)
    return corrected if changed else None


def _closest_word(edition, index: Index, term: Term, own: int) -> str | None:
    """The word of the edition closest to `term`, which itself is in `own` items; None if none is close.

    A term that matches nothing takes the closest word at FUZZY_RATIO or more; a term that starts a few
    longer words only a closer word that is in FEW_FACTOR times as many items."""
    min_ratio, min_frequency = (FUZZY_RATIO, 1) if own == 0 else (FEW_RATIO, FEW_FACTOR * own)
    candidates = None
    if connection.vendor == "postgresql":
        positions = _postgres_trigram_candidates(edition, index, term)
        if positions is not None:
            candidates = set().union(*(field_words for i in positions for _w, field_words in index.docs[i].fields))
    if candidates is None:
        candidates = index.postings.keys()
    own_words = index.matching_words(term)
    matcher = difflib.SequenceMatcher(None, b=term.word)
    best, best_key = None, None
    for word in candidates:
        if word in own_words or len(word) < MIN_PREFIX:
            continue
        matcher.set_seq1(word)
        if matcher.real_quick_ratio() < min_ratio or matcher.quick_ratio() < min_ratio:
            continue
        ratio = matcher.ratio()
        frequency = len(index.postings[word])
        if ratio < min_ratio or frequency < min_frequency:
            continue
        key = (ratio, frequency, word)
        if best_key is None or key > best_key:
            best, best_key = word, key
    return best


# The text fields of each kind, as the index reads them (for the trigram query).
_FIELDS = {
    DEVELOPMENT: (Development, "edition", ("title", "summary", "body_markdown")),
    LAW: (Law, "edition", ("name", "summary", "status_note")),
    OPGAVE: (Opgave, "edition", ("name", "description")),
    LINE: (BudgetLine, "development__edition", ("description", "provenance_text")),
}


def _postgres_trigram_candidates(edition, index: Index, term: Term) -> list[int] | None:
    """Positions of the docs in which pg_trgm finds something like `term` (one query for all kinds);
    None if pg_trgm is not available."""
    queries = []
    for kind, (model, edition_field, fields) in _FIELDS.items():
        similarity = Greatest(*(TrigramWordSimilarity(term.word, name) for name in fields))
        queries.append(
            model.objects.filter(**{edition_field: edition})
            .annotate(similarity=similarity)
            .filter(similarity__gte=TRIGRAM_CANDIDATE)
            .order_by()
            .values_list(Value(kind, output_field=CharField()), "pk")
        )
    try:
        with transaction.atomic():
            rows = list(queries[0].union(*queries[1:], all=True))
    except DatabaseError:  # pg_trgm missing: catalog migration 0002 installs it
        logger.warning("pg_trgm is not available; search corrections use the word list of the edition")
        return None
    return [index.by_key[row] for row in rows if row in index.by_key]


# Presenting ------------------------------------------------------------------


def _group(index: Index, terms: list[Term], exact: list[int], corrected: list[int]) -> list[Group]:
    by_kind: dict[str, list[Hit]] = {kind: [] for kind in KINDS}
    matched = set().union(*(index.matching_words(t) for t in terms)) if terms else set()
    for positions, is_corrected in ((exact, False), (corrected, True)):
        for i in positions:
            doc = index.docs[i]
            by_kind[doc.kind].append(
                Hit(
                    doc.kind, doc.obj, doc.title, doc.url, snippet(doc.snippet_sources, matched), corrected=is_corrected
                )
            )
    return [Group(kind, str(KIND_HEADINGS[kind]), hits) for kind, hits in by_kind.items() if hits]


def snippet(sources: list[str], matched: set[str], width: int = 220) -> str:
    """A fragment of the first source that contains a matched word, with <mark> around matched words."""
    sources = [" ".join(s.split()) for s in sources if s and s.strip()]
    if not sources:
        return ""
    text, first = sources[0], None
    for source in sources:
        hit = next((m for m in _WORD.finditer(source) if fold(m.group()) in matched), None)
        if hit:
            text, first = source, hit
            break
    start = 0
    if first is not None and first.start() > 60:
        start = text.rfind(" ", 0, first.start() - 60) + 1
    end = len(text) if len(text) - start <= width else text.rfind(" ", start, start + width)
    if end <= start:
        end = min(len(text), start + width)
    piece, out, last = text[start:end], [], 0
    for m in _WORD.finditer(piece):
        if fold(m.group()) in matched:
            out.append(escape(piece[last : m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            last = m.end()
    out.append(escape(piece[last:]))
    return mark_safe(("…" if start else "") + "".join(out) + ("…" if end < len(text) else ""))


def strip_markdown(text: str) -> str:
    """Plain text of a development's Markdown, without its headings (the same three in every file)."""
    text = re.sub(r"^\s*#+\s.*$", "", text, flags=re.M)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](url) -> label
    text = re.sub(r"^\s*([-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"[*_`>|]", " ", text)
    return " ".join(text.split())
