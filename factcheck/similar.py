"""Similar claims: which claims the desk has already recorded (and checked) that a new text repeats.

`suggest(text)` ranks existing claims, with their published verdict where there is one, against
a text in Russian or English: a claim being written, a reader's submission. It is for the desk
(the claim form, the intake triage page): it looks at every claim, published or not; only the
`verdict` of a Match is limited to what is published (factcheck.published.public.verdicts()).

How a text is read (`terms()`): lowercased, ё → е, numbers kept as numbers ("3 000", "3,000" and
"3 тысяч" are all 3000), each word read as a concept of the bilingual glossary
(factcheck/similar_terms.toml: «захватили», "seized" and «захвачен» are all `seize`) or, failing
that, as a stem: the word without its common Russian or English ending («протестующих» →
«протестующ», "protesters" → "protester"). Stop words are dropped.

How two texts are compared (`compare()`): the weighted cosine of their term sets (numbers, places
and glossary concepts weigh more than plain stems), lowered sharply for each kind of detail the
two name differently: another city, region, country or month, or figures and dates with none in
common ("seized on 5 January" is not "seized on 7 January"). A suggestion says why it was made:
the terms both texts share and any detail that differs.

Where the candidates come from (one query, whichever the database):
- PostgreSQL: claims whose text (as made, in English, short form) contains a glossary form or a
  stem of the text: a LIKE on one lowercased expression, served by the trigram GIN index
  claim_text_trgm_idx (migration 0025_similar_claims; pg_trgm), and published verdicts whose
  stored full-text document matches those words by prefix (the site's search column and its GIN
  index). Candidates are ordered by how many of the text's terms they contain, and the score
  then blends in pg_trgm's word_similarity with the claim's text, which rewards near-verbatim
  wording that stemming misses.
- SQLite: the same LIKEs without an index (case folded in every script, factcheck.lookups): a
  scan of the claims' texts, a few milliseconds per thousand claims; a desk of a hundred thousand
  claims belongs on PostgreSQL.

Measured on tests/similar_pairs.toml (tests/test_similar.py, README "Similar claims").
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from factcheck.models import Claim, Verdict

GLOSSARY = Path(__file__).with_name("similar_terms.toml")

# Suggestions under this score are not shown (tests/test_similar.py measures what it gives).
MIN_SCORE = 0.3
# How many claims, of those sharing the most terms with the text, are scored in Python.
CANDIDATES = 60
# The score is multiplied by this for each kind of detail the two texts name differently.
CONFLICT_PENALTY = 0.3
# Longest text looked at (a reader's submission may be long; its beginning says what it is).
MAX_TEXT = 2000

# Weight of a term by kind: what tells two claims apart weighs more than what every claim of a
# story shares (the country), and a plain stem least.
WEIGHTS = {
    "number": 2.5,
    "city": 2.0,
    "region": 1.5,
    "term": 2.0,
    "country": 0.5,
    "month": 0.75,
    "stem": 1.0,
}
# Kinds that, named differently by the two texts, mean they are about different things.
CONFLICTING = ("number", "city", "region", "country", "month")

EN_ENDINGS = ["ing", "ed", "es", "s", "ly"]

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_NUMBER_GROUPS = re.compile(r"(?<=\d)[\s\u00a0\u202f,](?=\d{3}(?!\d))")
_THOUSANDS = re.compile(r"\b(\d+)\s*(?:тысяч\w*|тыс\.?|thousand)")


@dataclass(frozen=True)
class Concept:
    key: str
    kind: str
    within: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    words: dict[str, str]  # a whole-word form ("газ") → concept key
    prefixes: list[tuple[str, str]]  # (word beginning, key), longest first
    phrases: list[tuple[str, str]]  # (several words, key), longest first
    concepts: dict[str, Concept]
    stop_words: frozenset[str]
    ru_endings: tuple[str, ...]  # longest first

    def forms(self, key: str) -> list[str]:
        """Every form of a concept, as the SQL looks for it (a substring of the lowercased text)."""
        return sorted(
            {f for f, k in self.prefixes if k == key}
            | {f for f, k in self.phrases if k == key}
            | {f for f, k in self.words.items() if k == key}
        )


@functools.cache
def glossary() -> Glossary:
    data = tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))
    words, prefixes, phrases, concepts = {}, [], [], {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            continue  # the word lists at the top of the file
        concepts[key] = Concept(key, entry.get("kind", "term"), tuple(entry.get("within", ())))
        for form in entry["forms"]:
            form = normalise(form)
            if " " in form:
                phrases.append((form, key))
            elif form.endswith("$"):
                words[form[:-1]] = key
            else:
                prefixes.append((form, key))
    prefixes.sort(key=lambda p: len(p[0]), reverse=True)
    phrases.sort(key=lambda p: len(p[0]), reverse=True)
    return Glossary(
        words,
        prefixes,
        phrases,
        concepts,
        stop_words=frozenset(normalise(data["stop_words"]).split()),
        ru_endings=tuple(sorted(data["russian_endings"].split(), key=len, reverse=True)),
    )


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def stem(word: str) -> str:
    """The word without one common ending (Russian or English), keeping at least 4 letters."""
    endings = EN_ENDINGS if word.isascii() else glossary().ru_endings
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Term:
    key: str  # "#16" for a number, a concept's key, or "~stem"
    kind: str  # a WEIGHTS key
    label: str  # as an editor reads it

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]


def _label(key: str, kind: str) -> str:
    """A concept as the editor reads it in "why": its key, places and months capitalised."""
    label = key.replace("_", " ")
    return label.title() if kind != "term" else label


@functools.lru_cache(maxsize=4096)
def terms(text: str) -> frozenset[Term]:
    """The terms of a text (see the module's docstring)."""
    g = glossary()
    text = normalise(text[:MAX_TEXT])
    text = _NUMBER_GROUPS.sub("", text)
    text = _THOUSANDS.sub(lambda m: str(int(m.group(1)) * 1000), text)
    found: set[Term] = set()

    def add_concept(key: str) -> None:
        concept = g.concepts[key]
        found.add(Term(key, concept.kind, _label(key, concept.kind)))
        for place in concept.within:
            found.add(Term(place, g.concepts[place].kind, _label(place, g.concepts[place].kind)))

    for phrase, key in g.phrases:
        pattern = r"(?<!\w)" + re.escape(phrase)
        if re.search(pattern, text):
            add_concept(key)
            text = re.sub(pattern + r"\w*", " ", text)
    for word in _WORD.findall(text):
        if word.isdigit():
            found.add(Term(f"#{int(word)}", "number", word))
            continue
        if word in g.stop_words:
            continue
        key = g.words.get(word) or next((k for p, k in g.prefixes if word.startswith(p)), None)
        if key:
            add_concept(key)
        elif len(word) >= 4 and not any(c.isdigit() for c in word):
            base = stem(word)
            found.add(Term(f"~{base}", "stem", base))
    return frozenset(found)


@dataclass(frozen=True)
class Comparison:
    score: float
    shared: list[Term]
    conflicts: list[tuple[str, list[Term], list[Term]]] = field(default_factory=list)


def compare(query: frozenset[Term], document: frozenset[Term]) -> Comparison:
    if not query or not document:
        return Comparison(0.0, [])
    shared = query & document
    overlap = sum(t.weight for t in shared)
    score = overlap / math.sqrt(sum(t.weight for t in query) * sum(t.weight for t in document))
    conflicts = []
    for kind in CONFLICTING:
        ours = [t for t in query if t.kind == kind]
        theirs = [t for t in document if t.kind == kind]
        if ours and theirs and not set(ours) & set(theirs):
            conflicts.append((kind, ours, theirs))
            score *= CONFLICT_PENALTY
    ordered = sorted(shared, key=lambda t: (-t.weight, t.label))
    return Comparison(min(score, 1.0), ordered, conflicts)


def _kind_label(kind: str) -> str:
    return {
        "number": _("figures or dates"),
        "city": _("cities"),
        "region": _("regions"),
        "country": _("countries"),
        "month": _("months"),
    }[kind]


def explain(comparison: Comparison) -> str:
    """Why a claim was suggested, in a line: the terms both texts share, what differs."""
    labels = ", ".join(t.label for t in comparison.shared[:6])
    why = _("Both mention: %(terms)s.") % {"terms": labels} if labels else ""
    for kind, ours, theirs in comparison.conflicts:
        why += " " + _("But the %(kind)s differ: %(ours)s / %(theirs)s.") % {
            "kind": _kind_label(kind),
            "ours": ", ".join(sorted(t.label for t in ours)),
            "theirs": ", ".join(sorted(t.label for t in theirs)),
        }
    return why.strip()


@dataclass(frozen=True)
class Match:
    """A claim like the text, with its published verdict (None if it has none), the score (0 to
    1) and why it was suggested."""

    claim: Claim
    verdict: Verdict | None
    score: float
    why: str


# --- the candidates' query ------------------------------------------------------------------


class ClaimDocument(Func):
    """The claim's texts as one lowercased string, ё → е: what the LIKEs read.

    Written out as a fixed template (not Concat, whose SQL wraps every part in COALESCE) because
    on PostgreSQL the trigram index claim_text_trgm_idx is built on exactly this expression
    (migration 0025_similar_claims), and the planner uses an expression index only for the same
    expression. The columns are NOT NULL, so no COALESCE is needed.
    """

    template = "replace(lower(%(expressions)s), 'ё', 'е')"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self):
        super().__init__(F("text"), F("text_en"), F("short"))


def _search_forms(query: frozenset[Term]) -> list[tuple[float, list[str]]]:
    """(weight, substrings) per term of the text: a concept's every form, a stem, a number. Forms
    shorter than 3 characters give the trigram index nothing to look up, and are left to the
    scoring (a number such as 5 or a form such as "чп")."""
    g = glossary()
    searched = []
    for term in query:
        if term.kind == "stem":
            forms = [term.label]
        elif term.kind == "number":
            forms = [term.key[1:]]
        elif term.kind in ("country", "month"):
            continue  # shared by most claims of a story: no help in choosing candidates
        else:
            forms = g.forms(term.key)
        forms = [f for f in forms if len(f) >= 3]
        if forms:
            searched.append((term.weight, forms))
    return searched


def _fts_prefixes(searched) -> str:
    """The text's forms as a tsquery of prefixes ("захват:* | seiz:* | ..."): letters only, so
    nothing in it is tsquery syntax."""
    words = {f for _w, forms in searched for f in forms if f.isalpha() and len(f) >= 4}
    return " | ".join(f"{w}:*" for w in sorted(words))


def _published_text_matches(prefixes: str) -> RawSQL:
    """Claims of the published verdicts whose public text (the explanation included) matches the
    prefixes: the site's stored search document (migration 0013_published_search) and its GIN
    index, as a subquery of the candidates' query. Written in SQL because the document is a
    column the model leaves out (factcheck.published.search.StoredDocument names it on a join of
    its own query, which a subquery relabels); what is published is still public.verdicts()."""
    from factcheck.published import public

    published, params = public.verdicts().values("public_revision_id").query.sql_with_params()
    return RawSQL(
        "SELECT v.claim_id FROM factcheck_verdict v "
        "JOIN factcheck_verdictrevision r ON r.id = v.public_revision_id "
        f"WHERE r.id IN ({published}) AND r.search_document @@ to_tsquery('simple', %s) "
        "ORDER BY r.id DESC LIMIT %s",
        [*params, prefixes, CANDIDATES],
    )


def _candidates(text: str, query: frozenset[Term], exclude_claim: int | None):
    searched = _search_forms(query)
    if not searched:
        return []
    vendor = connection.vendor
    lookup = "contains" if vendor == "postgresql" else "icontains"
    claims = Claim.objects.alias(document=ClaimDocument())
    found = Q()
    matched = Value(0, output_field=IntegerField())
    for weight, forms in searched:
        condition = Q(*[Q(**{f"document__{lookup}": f}) for f in forms], _connector=Q.OR)
        found |= condition
        matched = matched + Case(
            When(condition, then=Value(round(weight * 10))),
            default=Value(0),
            output_field=IntegerField(),
        )
    extra = {}
    if vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        prefixes = _fts_prefixes(searched)
        if prefixes:
            found |= Q(pk__in=_published_text_matches(prefixes))
        extra["trigram"] = TrigramWordSimilarity(Value(normalise(text)[:500]), F("document"))
    rows = (
        claims.filter(found)
        .exclude(pk=exclude_claim or 0)
        .annotate(matched=matched, **extra)
        .select_related("claimant")
        .order_by("-matched", "-created_at", "-pk")[:CANDIDATES]
    )
    return list(rows)


def suggest(text: str, *, limit: int = 5, exclude_claim: int | None = None) -> list[Match]:
    """The claims most like `text`, best first, at most `limit`, each with its published verdict.

    Queries: 1. the candidates (see the module's docstring), 2. the published verdicts of the
    claims suggested (none when nothing is suggested).
    """
    from factcheck.published import public

    query = terms(text or "")
    if not query or limit < 1:
        return []
    scored = []
    for claim in _candidates(text, query, exclude_claim):
        document = terms(" ".join((claim.text, claim.text_en, claim.short)))
        comparison = compare(query, document)
        score = comparison.score
        trigram = getattr(claim, "trigram", None)
        if trigram is not None:
            # Near-verbatim wording raises the score part of the way to 1; a detail that differs
            # keeps it down (the penalties applied to the part from the terms apply to this too).
            penalty = CONFLICT_PENALTY ** len(comparison.conflicts)
            score += (1 - score) * 0.25 * float(trigram) * penalty
        if score >= MIN_SCORE:
            scored.append((score, claim, comparison))
    scored.sort(key=lambda row: (-row[0], -row[1].pk))
    scored = scored[:limit]
    if not scored:
        return []
    verdicts = {
        v.claim_id: v
        for v in public.verdicts()
        .filter(claim_id__in=[claim.pk for _s, claim, _c in scored])
        .select_related("public_revision__rating")
    }
    return [
        Match(claim=claim, verdict=verdicts.get(claim.pk), score=round(score, 3), why=explain(c))
        for score, claim, c in scored
    ]
