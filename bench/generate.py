"""A realistic archive of N verdicts, in the database DATABASE_URL names, for measuring at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/generate.py --verdicts 100000
    .venv/bin/python bench/generate.py --verdicts 2000 --sqlite /tmp/archive.sqlite3

Migrates an empty database, makes the desk (users in their roles, a staff login for the admin:
`bench-admin` / `bench-admin-pw`), a pool of sources and a tree of events spread over eight years,
then N claims with their verdicts, written in batches: on PostgreSQL with COPY (from files the
server reads itself where it may, see Spool; psycopg 3's `cursor.copy()` otherwise), on SQLite
with executemany. What it writes is shaped like a desk's work:

* claim texts composed from sentences and words of the seed reports (Russian) and from English
  phrasing, with words drawn by rank (common words common, rare ones rare), claimants, place names
  and numbers varying; about 15% of claims made in English; a few claims with no verdict yet;
* 80% of verdicts released, 20% unpublished work (drafts, in review, sent back); of the released,
  some corrected or updated once or twice (one VerdictRevision each, with its note), some reopened
  for a correction under review, about 3% retracted;
* citations (where the claim appeared, supporting or contradicting outlets, some relaying an
  agency or a ministry, context), a figure on about one claim in eight, approvals (of closed
  rounds: without fingerprint), audit entries; no django-simple-history rows;
* every time in the past (the last eight years up to the start of this month), and feed positions
  in the order of release times, as the services stamp them.

Each published revision's snapshot is written by the project's own writer
(factcheck.published.schema.assemble, the query-free half of `build`) from the rows held in
memory, so the site, the API, feeds and search read the archive as they read real work; the
texts stored with each release (feed item, claim item, ClaimReview element) by the read model's
own `items.stored_texts`, with its encoder and URL lookups made cheaper for the build (FastItems:
the same bytes, tested).

Prints the time per phase (setup; rows built and written; indexes; foreign keys; counts;
ANALYZE) and the longest index and key statements. On PostgreSQL, --workers processes build the batches while this one writes them; in a
cluster that will hold a million verdicts, see bench/pg_restart.py's KEPT_SETTINGS.

Deterministic for a given --seed (and month). Prints the time taken and the rows per table.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import gc
import itertools
import json
import math
import operator
import os
import random
import re
import sys
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = Path(os.environ.get("SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
if not SEEDS.exists():
    SEEDS = Path("/work/shared/seeds")

ADMIN, ADMIN_PASSWORD = "bench-admin", "bench-admin-pw"
# A word put in one claim in RARE_EVERY, for measuring search for a word whose matches grow with
# the archive (2 at 10k verdicts, 200 at 1M: a full page of results there); `SCARCE_WORD` is in
# the claims of SCARCE_COUNT published verdicts at every size (a quarter, half and three quarters
# through the archive's years), the rare word whose matches do not grow (a village named once in
# a desk's years); `COMMON_WORD` is in about a fifth of the Russian claims (in its forms:
# "утверждение", "по утверждению").
RARE_WORD, RARE_EVERY = "Кызылтобе", 5000
SCARCE_WORD, SCARCE_COUNT = "Акшукур", 3
COMMON_WORD = "утверждение"
YEARS = 8


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verdicts", type=int, default=10000, help="archive size (10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--batch", type=int, default=5000, help="verdicts per batch (5000)")
    parser.add_argument(
        "--workers", type=int, default=2, help="processes building batches (2; 0: none)"
    )
    parser.add_argument("--sqlite", help="an SQLite file to (re)create instead of DATABASE_URL")
    return parser.parse_args(argv)


def setup(database_url: str | None = None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()


# --- words -----------------------------------------------------------------------------------

EN_SUBJECTS = [
    "The interior ministry",
    "The president's office",
    "Police",
    "Protesters",
    "The government",
    "Local officials",
    "The health ministry",
    "A regional governor",
    "The prosecutor's office",
    "Witnesses",
    "State television",
    "The central bank",
    "An opposition party",
    "The national security committee",
    "Border guards",
    "The energy ministry",
]
EN_VERBS = [
    "said that",
    "claimed that",
    "reported that",
    "denied that",
    "announced that",
    "confirmed that",
    "insisted that",
    "wrote that",
]
EN_CLAUSES = [
    "gas prices doubled from 60 to 120 tenge at the start of the year",
    "the airport was seized by armed groups",
    "the airport was freed by security forces",
    "the internet was shut down across the city",
    "a state of emergency was declared in the region",
    "the government resigned",
    "the government was dismissed by the president",
    "foreign troops arrived at the request of the authorities",
    "peacekeepers would leave within ten days",
    "{n} people were detained overnight",
    "{n} security officers were killed",
    "at least {n} protesters were killed",
    "{n} people were injured in the clashes",
    "damage to businesses exceeded {n} million tenge",
    "a television crew came under fire near the residence",
    "the protests were organised from abroad",
    "shops and banks were looted in the centre",
    "the curfew would be lifted on Monday",
    "mobile networks were restored in {place}",
    "the strike at the oil field ended",
    "fuel prices were capped for six months",
    "the administration building in {place} was set on fire",
    "trains to {place} were cancelled",
    "schools in {place} moved to remote learning",
    "the figures would be revised after the count",
]
EN_FINDINGS = [
    "The records we obtained do not show this.",
    "Two independent outlets reported the same figure.",
    "The ministry's own statement, published the next day, says otherwise.",
    "Satellite images taken that morning show the runway empty.",
    "The decree was signed, but it took effect a week later.",
    "The number counts a different population: officers, not protesters.",
    "The claim mixes two events that happened on different days.",
    "Official figures were revised twice in the following week.",
    "Footage geolocated by our team places the crowd elsewhere.",
    "We found no evidence for the claim in any of the sources cited.",
    "The quote is accurate but leaves out its second half.",
    "Prices did rise, but by less than the claim says.",
    "Local reporters confirmed the event on the record.",
    "The statement relays a Telegram post that was later deleted.",
    "Court records from {place} confirm the detentions.",
    "The figure was correct as of the morning, not the evening.",
]
MINISTRIES = [
    "Министерство внутренних дел",
    "Министерство здравоохранения",
    "Министерство энергетики",
    "Министерство финансов",
    "Министерство обороны",
    "Акимат области",
    "Генеральная прокуратура",
    "Комитет национальной безопасности",
]
RU_PREFIXES = [
    "По утверждению источника «{claimant}», ",
    "Утверждение о том, что ",
    "В утверждении «{claimant}» говорится, что ",
    "«{claimant}» заявляет, что ",
    "Как сообщает «{claimant}», ",
    "",
    "",
    "",
    "",
]
SYLLABLES = [
    "ка", "зы", "ал", "ма", "та", "жа", "на", "о", "зен", "тал", "дык", "кор", "сай", "бек", "ту",
    "ра", "ер", "ген", "аш", "кент", "тау", "куль", "су", "бу", "лак", "ыр", "дар", "ин", "ор",
]  # fmt: skip
TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch",
        "ы": "y", "э": "e", "ю": "yu", "я": "ya", "ь": "", "ъ": "", "ё": "e",
    }
)  # fmt: skip


DIGITS = re.compile(r"\d+")


class Draws(random.Random):
    """random.Random whose randrange, randint and choice, given ints, draw in one frame: the
    same numbers from the same seed (tests/test_bench_generate.py compares them), without
    randrange's argument checks and the three nested calls it makes per draw. A verdict takes
    about 150 draws."""

    def randrange(self, start, stop=None, step=1):
        if stop is None:
            base, n = 0, start
        elif step == 1 and type(start) is int:
            base, n = start, stop - start
        else:
            return super().randrange(start, stop, step)
        if type(n) is not int or n <= 0:
            return super().randrange(start, stop, step)
        getrandbits, k = self.getrandbits, n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return base + r

    def randint(self, a, b):
        if type(a) is not int or type(b) is not int or b < a:
            return super().randint(a, b)
        n = b - a + 1
        getrandbits, k = self.getrandbits, n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return a + r

    def choice(self, seq):
        n = len(seq)
        if not n:
            return super().choice(seq)
        getrandbits, k = self.getrandbits, n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return seq[r]


class Words:
    """Sentences and words of the seed reports, and a pool of place names, drawn by rank."""

    def __init__(self, rng: random.Random):
        text = " ".join(p.read_text() for p in sorted(SEEDS.glob("*.txt")) if p.name[0].isdigit())
        text = text.replace("\n", " ")
        sentences = [s.strip() for s in re.split(r"(?<=[.!?»])\s+(?=[А-ЯA-Z«])", text)]
        self.sentences = [s for s in sentences if 40 <= len(s) <= 400]
        rng.shuffle(self.sentences)
        counts: dict[str, int] = {}
        for word in re.findall(r"[а-яё]{4,}", text.lower()):
            counts[word] = counts.get(word, 0) + 1
        self.vocabulary = sorted(counts, key=lambda w: (-counts[w], w))
        names = set()
        while len(names) < 20000:
            parts = rng.randint(2, 4)
            names.add("".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize())
        self.places = sorted(names)
        rng.shuffle(self.places)
        self._zipf: dict[int, tuple[list[float], float, int]] = {}

    def rank(self, rng: random.Random, size: int, s: float = 1.07) -> int:
        """An index in range(size), index k drawn with weight 1/(k+1)^s (Zipf's law)."""
        known = self._zipf.get(size)
        if known is None:
            table = list(itertools.accumulate(1 / (k + 1) ** s for k in range(size)))
            known = self._zipf[size] = (table, table[-1], size - 1)
        table, total, last = known
        found = bisect.bisect(table, rng.random() * total)
        return found if found < last else last

    def place(self, rng) -> str:
        return self.places[self.rank(rng, len(self.places))]

    def sentence(self, rng) -> str:
        """A seed sentence, some of its words swapped for words drawn by rank, numbers varied."""
        words = self.sentences[self.rank(rng, len(self.sentences), 0.6)].split()
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(words))
            if len(words[i]) >= 4 and words[i].isalpha():
                words[i] = self.vocabulary[self.rank(rng, len(self.vocabulary))]
        text = " ".join(words)
        return DIGITS.sub(lambda m: str(rng.randint(1, 10 ** len(m[0]) - 1)), text)

    def english(self, rng) -> str:
        clause = EN_CLAUSES[self.rank(rng, len(EN_CLAUSES), 0.8)]
        clause = clause.format(n=rng.randint(2, 900), place=self.place(rng))
        return (
            f"{EN_SUBJECTS[self.rank(rng, len(EN_SUBJECTS), 0.8)]} {rng.choice(EN_VERBS)} {clause}."
        )

    def finding(self, rng) -> str:
        return EN_FINDINGS[self.rank(rng, len(EN_FINDINGS), 0.7)].format(place=self.place(rng))


def slug_of(text: str, n: int) -> str:
    ascii_ = text.lower().translate(TRANSLIT)
    words = re.findall(r"[a-z0-9]+", ascii_)[:8]
    return f"{'-'.join(words)[:80]}-{n}".strip("-")


# --- the plan ----------------------------------------------------------------------------------

WORKING = ("draft", "in_review", "sent_back")


class Plan:
    """Per verdict, drawn once for the whole archive: state, revision times, release order."""

    def __init__(self, count: int, rng: random.Random, end: datetime):
        self.count, self.end = count, end
        start = end - timedelta(days=365 * YEARS)
        span = (end - start).total_seconds()
        self.states, self.times, self.retracted, self.reopened = [], [], [], []
        released = []
        for n in range(count):
            # Verdicts started in order over the years; a few percent are still being written.
            created = start + timedelta(seconds=span * (n + rng.random()) / count * 0.995)
            roll = rng.random()
            if roll < 0.20 and created > end - timedelta(days=365 * YEARS * 0.9) or roll < 0.01:
                self.states.append(WORKING[int(roll * 100) % 3])
                self.times.append([created])
                self.retracted.append(None)
                self.reopened.append(False)
                continue
            revisions = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            times = [created + timedelta(hours=rng.uniform(4, 96))]
            for _ in range(revisions - 1):
                times.append(times[-1] + timedelta(days=rng.expovariate(1 / 40)))
            times = [min(t, end - timedelta(minutes=1 + n % 50)) for t in times]
            retracted = None
            if rng.random() < 0.03:
                retracted = min(times[-1] + timedelta(days=rng.uniform(1, 60)), end)
            reopened = retracted is None and rng.random() < 0.03
            self.states.append("retracted" if retracted else "published")
            self.times.append([created, *times])
            self.retracted.append(retracted)
            self.reopened.append(reopened)
            released.append((retracted or times[-1], n))
        # The verdicts whose claims name SCARCE_WORD: the first published one at or after each
        # quarter of the archive.
        self.scarce = set()
        for k in range(1, SCARCE_COUNT + 1):
            at = count * k // (SCARCE_COUNT + 1)
            published = (n for n in range(at, count) if self.states[n] == "published")
            self.scarce.add(next(published, None))
        self.scarce.discard(None)
        # Feed positions in the order of release times, as services._stamp_release gives them.
        self.feed_seq: dict[int, int] = {}
        self.released_at: dict[int, datetime] = {}
        for seq, (at, n) in enumerate(sorted(released), start=1):
            self.feed_seq[n], self.released_at[n] = seq, at


# --- rows ------------------------------------------------------------------------------------


try:
    import orjson  # the bench extra (pyproject.toml): JSON a few times faster than json's

    def dumps(value) -> bytes:
        return orjson.dumps(value)

except ImportError:  # pragma: no cover - a checkout without the bench extra
    orjson = None

    def dumps(value) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode()


def separates_lines(text: bytes) -> bool:
    """Whether UTF-8 `text` holds U+2028 or U+2029 (E2 80 A8/A9), which the API's renderer
    escapes. Looked for from each E2 byte (memchr, rare in the archive's texts): `in` with the
    3-byte needles scanned each stored text twice, 40 times slower (a twentieth of the build)."""
    at = text.find(b"\xe2")
    while at >= 0:
        if text[at + 1 : at + 2] == b"\x80" and text[at + 2 : at + 3] in (b"\xa8", b"\xa9"):
            return True
        at = text.find(b"\xe2", at + 1)
    return False


def per_object(function):
    """`function` of one object remembering its answer per object (held, so that its identity
    is not reused): for the desk's sources and ratings, made once before the rows and never
    changed during the build, whose snapshot parts (frozen dataclasses) can be shared."""
    known: dict[int, tuple] = {}

    def remembered(obj):
        found = known.get(id(obj))
        if found is None:
            found = known[id(obj)] = (obj, function(obj))
        return found[1]

    return remembered


def last_one(function):
    """`function` remembering its last answer, for the very same argument objects."""
    last: list = [(), None]

    def remembered(*args):
        held, answer = last
        if len(held) == len(args) and all(a is b for a, b in zip(held, args, strict=True)):
            return answer
        answer = function(*args)
        last[:] = [args, answer]
        return answer

    return remembered


@functools.cache
def _app():
    """The app's names that the builder uses per row, imported once: an import statement inside
    a function runs the import machinery at every call (a fiftieth of the build's CPU)."""
    from django.db.models.base import ModelState

    from factcheck.models import (
        Approval,
        AuditEntry,
        Claim,
        ClaimCitation,
        Figure,
        PublicMention,
        Verdict,
        VerdictRevision,
    )
    from factcheck.published import facets
    from factcheck.published.items import store_item
    from factcheck.published.schema import CorrectionData, assemble, dump
    from sources.models import Citation

    return SimpleNamespace(
        ModelState=ModelState,
        Approval=Approval,
        AuditEntry=AuditEntry,
        Claim=Claim,
        ClaimCitation=ClaimCitation,
        Figure=Figure,
        PublicMention=PublicMention,
        Verdict=Verdict,
        VerdictRevision=VerdictRevision,
        facets=facets,
        store_item=store_item,
        CorrectionData=CorrectionData,
        assemble=assemble,
        dump=dump,
        Citation=Citation,
    )


class FastItems:
    """While the archive is built: the read model's stored texts (items.stored_texts, three per
    release) made by the app's own functions, with per-call costs taken out, none of them
    changing a byte (tests/test_bench_generate.py compares every stored text with what
    the app makes through its normal path):

    * the JSON encoder: DRF's JSONRenderer (json.dumps, compact, ensure_ascii off, then U+2028
      and U+2029 escaped) is replaced by orjson with the same escapes, which writes the same
      bytes for what items hold (str keys, str, int, bool, None; no floats: citation weights are
      strings). Anything orjson will not take goes to the renderer as before;
    * the verdict URL: `reverse()` (with a translation.override) ran three times per release
      (feed item, claim item, ClaimReview element); now once per language for the whole build,
      the slug put into that answer (see template_urls); the ClaimReview's organisation page
      (`reverse("site:about")`) once per language;
    * the parts the feed item and the claim item share (`claim_part`, `evidence`), made twice
      from the same snapshot: the last one is remembered, for that very snapshot object (held,
      so its identity cannot be reused). Both items only read them before they are encoded;
    * the snapshot's parts for the desk's sources and ratings (schema._source, rating_data),
      the same frozen dataclasses for every snapshot that names them (per_object);
    * `schema.dump` as the items call it: one level only (ShallowSchema), the parts below left
      to orjson, which writes dataclasses, tuples and times as dump does (the snapshots rely on
      the same, tested); the items only merge and rename keys at the top of what dump returns.

    A context manager: the app's functions are put back on exit (the tests build archives in
    the test process). `encoded`: the encoder's bytes stay bytes (Encoded) where the app decodes
    them (for COPY, which sends them as they are: PostgreSQL).
    """

    def __init__(self, *, encoded: bool = False):
        self.encoded = encoded

    def __enter__(self):
        from factcheck.published import claimreview, items, schema

        self.items, self.claimreview, self.schema = items, claimreview, schema
        self.saved = {
            name: getattr(items, name)
            for name in ("encode", "verdict_url", "claim_part", "evidence", "schema")
        }
        self.saved_schema = {name: getattr(schema, name) for name in ("_source", "rating_data")}
        self.saved_reverse = claimreview.reverse
        if orjson is None:
            return self
        renderer_encode = items.encode
        wrap = Encoded if self.encoded else bytes

        def encode(data) -> bytes:
            try:
                text = orjson.dumps(data)
            except TypeError:
                return wrap(renderer_encode(plain(data)))
            if separates_lines(text):
                # U+2028/U+2029: the renderer's escapes, on the same data as plain JSON values.
                return wrap(renderer_encode(orjson.loads(text)))
            return wrap(text)

        items.encode = encode
        items.schema = ShallowSchema(items.schema)
        schema._source = per_object(schema._source)
        schema.rating_data = per_object(schema.rating_data)
        items.verdict_url = template_urls(items.verdict_url)
        items.claim_part = last_one(items.claim_part)
        claimreview.reverse = language_reverse(claimreview.reverse)
        items.evidence = last_one(items.evidence)
        return self

    def __exit__(self, *exc):
        for name, value in self.saved.items():
            setattr(self.items, name, value)
        for name, value in self.saved_schema.items():
            setattr(self.schema, name, value)
        self.claimreview.reverse = self.saved_reverse
        return False


class ShallowSchema:
    """factcheck.published.schema with `dump` going one level down: a dataclass as a dict of its
    fields' values as they are (dataclasses, tuples, times), a tuple as it is. For FastItems,
    whose encoder (orjson) writes what is left as dump would have made it."""

    def __init__(self, schema):
        self._schema = schema

    def __getattr__(self, name):
        return getattr(self._schema, name)

    @staticmethod
    def dump(value):
        names = _SHALLOW.get(type(value))
        if names is None and is_dataclass(value) and not isinstance(value, type):
            names = _SHALLOW[type(value)] = tuple(f.name for f in fields(value))
        if names is not None:
            return {name: getattr(value, name) for name in names}
        return value


_SHALLOW: dict[type, tuple[str, ...]] = {}


def plain(value):
    """`value` with every dataclass in it dumped by the schema's own dump (for the renderer)."""
    from factcheck.published.schema import dump

    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return dump(value)
    return value


SLUG = re.compile(r"[-a-z0-9]+")


def template_urls(verdict_url):
    """`verdict_url(slug, language)` answered from one call per language: the app's own answer
    for a marker slug, with the slug put in its place. For the slugs the generator makes
    (lower-case ASCII letters, digits and hyphens, which reverse() puts in a URL as they are);
    any other slug goes to `verdict_url` itself."""
    marker = "zzslugzz"

    @functools.lru_cache(maxsize=16)
    def template(language):
        url = verdict_url(marker, language)
        return url.split(marker) if url.count(marker) == 1 else None

    def url(slug: str, language: str) -> str:
        parts = template(language)
        if parts is None or not SLUG.fullmatch(slug):
            return verdict_url(slug, language)
        return parts[0] + slug + parts[1]

    return url


def language_reverse(reverse):
    """`reverse` remembering its answers for a URL name without arguments, per active language
    (the ClaimReview's organisation page, asked once per release)."""
    from django.utils.translation import get_language

    known: dict = {}

    def remembered(viewname, *args, **kwargs):
        if args or kwargs or not isinstance(viewname, str):
            return reverse(viewname, *args, **kwargs)
        key = (viewname, get_language())
        if key not in known:
            known[key] = reverse(viewname)
        return known[key]

    return remembered


class Encoded(bytes):
    """JSON already encoded (UTF-8): a JSON column's value, or a stored text, that COPY sends as
    it is, never decoded into a Python string and encoded back (on PostgreSQL)."""

    def decode(self, *args, **kwargs):
        # items.stored_texts decodes what its encoder returns: here it stays these bytes.
        return self


def snapshot_of(published, vendor: str, *, encode: bool = True):
    """The stored snapshot of `published` (a schema.PublishedVerdict), as schema.dump writes it.

    On PostgreSQL with orjson, encoded straight from the dataclasses: orjson maps them exactly as
    dump does (dataclasses as objects in field order, tuples as arrays, aware times in ISO 8601
    with their offset), which tests/test_bench_generate.py checks, and skips building a million
    dicts only to encode them. Otherwise dump()'s dict, which the SQLite path encodes itself.
    """
    dump = _app().dump

    if encode and orjson is not None and vendor == "postgresql":
        return Encoded(orjson.dumps(published))
    return dump(published)


def copy_value(value) -> str:
    """One value in COPY's text format."""
    if type(value) is int:  # the commonest, with text: ids
        return str(value)
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t")
            return value.replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


_COPY_ESCAPES = ((b"\\", b"\\\\"), (b"\t", b"\\t"), (b"\n", b"\\n"), (b"\r", b"\\r"))
_NULL = b"\\N"


def _escaped(joined: bytes) -> bytes:
    """COPY's escapes (as copy_value makes them) on UTF-8 text, where a multi-byte character
    never holds these bytes."""
    if b"\\" in joined or b"\t" in joined or b"\n" in joined or b"\r" in joined:
        for special, escaped in _COPY_ESCAPES:
            joined = joined.replace(special, escaped)
    return joined


def copy_column(column: list | tuple) -> list[bytes]:
    """A column's values in COPY's text format as UTF-8, as copy_value writes each one: where
    the column holds one type (ids, texts, encoded JSON, times: most of the archive), converted
    and escaped together, joined by NUL (which PostgreSQL's text never holds) and split again,
    a few passes in C instead of a few calls per value."""
    if not column:
        return []
    kinds = set(map(type, column))
    if type(None) in kinds and len(kinds) > 1:
        # Nulls among values of one type: the others converted together, the nulls put back.
        converted = iter(copy_column([v for v in column if v is not None]))
        return [_NULL if v is None else next(converted) for v in column]
    joined = None
    if kinds <= {int}:
        joined = "\0".join(map(str, column)).encode()
    elif kinds <= {datetime}:
        joined = "\0".join(map(datetime.isoformat, column)).encode()
    elif kinds <= {str}:
        joined = _escaped("\0".join(column).encode())
    elif kinds <= {bytes, Encoded}:
        joined = _escaped(b"\0".join(column))
    if joined is not None and joined.count(b"\0") == len(column) - 1:
        return joined.split(b"\0")
    return [copy_value(bytes.decode(v) if isinstance(v, bytes) else v).encode() for v in column]


_FIELDS: dict[type, tuple] = {}


def instance(model, **values):
    """An unsaved `model` instance with these values, made without Model.__init__.

    The builder makes about ten instances per verdict, which assemble() and the feed item read
    as rows (related objects, properties such as Citation.origin); __init__'s checks of every
    keyword and every related descriptor cost a fifth of the build. Here fields not given take
    their default, a related object given by name is cached as Django caches a joined one, and
    `pk` names the primary key. No model of the loaded tables has an __init__ or a
    pre/post_init receiver of its own for this to skip.
    """
    ModelState = _app().ModelState

    known = _FIELDS.get(model)
    if known is None:
        concrete = model._meta.concrete_fields
        # A default made per instance only where the field has a callable one (timezone.now,
        # dict): a field without a default has NOT_PROVIDED, a class, so callable() alone would
        # call get_default() per field per instance (a tenth of the build).
        per_instance = [f for f in concrete if f.has_default() and callable(f.default)]
        fixed = {f.attname: f.get_default() for f in concrete if f not in per_instance}
        made = tuple((f.attname, f.get_default) for f in per_instance)
        related = {f.name: f.attname for f in concrete if f.is_relation}
        known = _FIELDS[model] = (fixed, made, related, model._meta.pk.attname)
    fixed, made, related, pk = known
    obj = model.__new__(model)
    state = obj._state = ModelState()
    attrs = obj.__dict__
    attrs.update(fixed)
    for attname, default in made:
        if attname not in values:  # given ones (created_at and the like) are not made first
            attrs[attname] = default()
    for name, value in values.items():
        if name in related:
            attrs[related[name]] = None if value is None else value.pk
            state.fields_cache[name] = value
        elif name == "pk":
            attrs[pk] = value
        else:
            attrs[name] = value
    return obj


class Tables:
    """Rows waiting to be written, per model, as model instances; written in column order.

    `encode()` turns them into what `write()` sends: COPY text on PostgreSQL, parameter rows on
    SQLite. Encoding needs no database, so it runs in the worker processes that build batches.
    """

    def __init__(self, vendor: str):
        self.vendor = vendor
        self.rows: dict[type, list] = {}

    def add(self, obj) -> None:
        self.rows.setdefault(type(obj), []).append(obj)

    def add_row(self, model, **values) -> None:
        """A row nothing here reads back, as its column values by attname (no model instance:
        cheaper by a third of the build time); columns not given take their field's default."""
        self.rows.setdefault(model, []).append(values)

    @staticmethod
    def columns(model):
        # Generated columns (GeneratedField) are the database's to fill.
        return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]

    def encode(self) -> list[tuple[str, list[str], int, object]]:
        """(table, columns, row count, payload) per model; empties the tables. The payload: on
        PostgreSQL, the COPY text's lines (bytes); on SQLite, parameter rows."""
        from django.db import connection
        from django.db.models import JSONField

        out = []
        for model, objs in self.rows.items():
            fields = self.columns(model)
            names = [f.column for f in fields]
            if objs and isinstance(objs[0], dict):
                objs = [model(**values) for values in objs] if self.vendor != "postgresql" else objs
            if self.vendor == "postgresql":
                attnames = [f.attname for f in fields]
                defaults = {f.attname: f.get_default() for f in fields}
                json_at = {i for i, f in enumerate(fields) if isinstance(f, JSONField)}
                # Read from the instance's __dict__ (every column is there: `instance` and
                # __init__ set them all), not through each field's descriptor; each row once
                # (a row's values are near each other in memory), then turned into columns.
                pick = operator.itemgetter(*attnames)
                if objs and isinstance(objs[0], dict):
                    values = [pick(defaults | obj) for obj in objs]
                else:
                    values = [pick(obj.__dict__) for obj in objs]
                columns = []
                for i, column in enumerate(zip(*values, strict=True)):
                    if i in json_at:
                        column = [v if isinstance(v, Encoded) else dumps(v) for v in column]
                    columns.append(copy_column(column))
                del values
                if columns:
                    columns[-1] = [value + b"\n" for value in columns[-1]]
                # Lines, not one text: written to a file one after another (Spool.keep) without
                # first being copied into one more buffer as big as all of them.
                payload = list(map(b"\t".join, zip(*columns, strict=True)))
            else:
                payload = [
                    [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
                    for obj in objs
                ]
            out.append((model._meta.db_table, names, len(objs), payload))
        self.rows = {}
        return out


class Spooled(str):
    """COPY text left in a file that the database server reads itself (see Spool)."""


class Spool:
    """A folder for COPY text that the database server can read as files, where it can.

    The workers build a batch's COPY text; sent through this process it is pickled, piped,
    unpickled and written to the server's socket, a tenth of the build's CPU. When the server
    runs on this machine and may read server files (a superuser, or pg_read_server_files, as on
    the bench cluster), each worker leaves its text in a file here (in memory: /dev/shm where
    there is one) and this process asks for `COPY … FROM 'file'`. Checked by reading back a
    file written here; otherwise (another machine, no such right) the text goes through STDIN
    as before."""

    def __init__(self, connection):
        import shutil
        import tempfile

        self.path = None
        base = "/dev/shm" if os.path.isdir("/dev/shm") else None
        path = tempfile.mkdtemp(prefix="generate-", dir=base)
        os.chmod(path, 0o755)  # the server's own user reads the files
        probe = os.path.join(path, "probe")
        token = f"generate {os.getpid()} {time.time()}"
        with open(probe, "w") as out:
            out.write(token)
        os.chmod(probe, 0o644)
        readable = self.readable(connection, probe, token)
        os.unlink(probe)
        if readable:
            self.path = path
        else:
            shutil.rmtree(path, ignore_errors=True)

    @staticmethod
    def readable(connection, probe: str, token: str) -> bool:
        """Whether the server reads file `probe` (holding `token`) as this process wrote it."""
        from django.db import DatabaseError, transaction

        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_read_file(%s)", [probe])
                return cursor.fetchone()[0] == token
        except DatabaseError:  # not allowed, or no such file on the server's machine
            return False

    def keep(self, index: int, encoded):
        """The batch's encoded rows with their COPY text in files (in a worker)."""
        kept = []
        for table, names, count, payload in encoded:
            name = os.path.join(self.path, f"{index}-{table}.copy")
            with open(name, "wb") as out:
                out.writelines(payload)
            os.chmod(name, 0o644)
            kept.append((table, names, count, Spooled(name)))
        return kept

    def close(self):
        import shutil

        if self.path:
            shutil.rmtree(self.path, ignore_errors=True)


def write(connection, encoded, totals: dict[str, int]) -> None:
    """Send encoded rows to the database (in the caller's transaction)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, names, count, payload in encoded:
            totals[table] = totals.get(table, 0) + count
            cols = ", ".join(quote(n) for n in names)
            if isinstance(payload, Spooled):
                # A file name is a literal in COPY, not a parameter.
                literal = "'" + payload.replace("'", "''") + "'"
                cursor.execute(f"COPY {quote(table)} ({cols}) FROM {literal}")
                os.unlink(payload)
            elif connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
                with raw.copy(f"COPY {quote(table)} ({cols}) FROM STDIN") as copy:
                    copy.write(b"".join(payload))
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(f"INSERT INTO {quote(table)} ({cols}) VALUES ({marks})", payload)


# Most rows of each model one verdict can bring (with its share of the claims that have none):
# each batch takes its ids from its own range, so batches can be built in any process.
PER_VERDICT = {
    "factcheck.claim": 2,
    "factcheck.claim_events": 3,
    "sources.citation": 9,
    "factcheck.claimcitation": 9,
    "factcheck.figure": 2,
    "factcheck.verdict": 1,
    "factcheck.verdictrevision": 3,
    "factcheck.approval": 3,
    "factcheck.auditentry": 20,
    "factcheck.publicmention": 24,  # a claimant, up to 3 events, 2 sources per citation
}


class Ids:
    """The primary keys of one batch: rows are written with their ids, taken here."""

    def __init__(self, starts: dict, batch_index: int, batch: int):
        self.next, self.stop = {}, {}
        for model, start in starts.items():
            width = batch * PER_VERDICT[model._meta.label_lower]
            self.next[model] = start + batch_index * width
            self.stop[model] = start + (batch_index + 1) * width

    @staticmethod
    def starts(models) -> dict:
        from django.db.models import Max

        return {m: (m.objects.aggregate(m=Max("pk"))["m"] or 0) + 1 for m in models}

    def take(self, model) -> int:
        value = self.next[model]
        if value >= self.stop[model]:
            raise RuntimeError(f"more {model._meta.label} rows than PER_VERDICT allows")
        self.next[model] = value + 1
        return value


def desk(rng: random.Random, words: Words, count: int, end: datetime):
    """Users, sources and events: made through the ORM, once, before the bulk rows."""
    from django.contrib.auth.models import Group, User

    from events.models import Event
    from factcheck.models import Rating
    from sources.models import Source

    def user(username, group, *, superuser=False, password=None):
        made = User.objects.create(
            username=username,
            email=f"{username}@desk.test",
            first_name=username.split("-")[-1].title(),
            last_name="Bench",
            is_staff=True,
            is_superuser=superuser,
        )
        # Only the admin logs in (bench/pages.py); hashing a password costs half a second.
        if password:
            made.set_password(password)
        else:
            made.set_unusable_password()
        made.save()
        if group:
            made.groups.add(Group.objects.get(name=group))
        return made

    reporters = [user(f"bench-reporter-{i}", "reporter") for i in range(8)]
    editors = [user(f"bench-editor-{i}", "editor") for i in range(4)]
    user(ADMIN, "editor", superuser=True, password=ADMIN_PASSWORD)

    kinds = [
        ("outlet", 0.45),
        ("agency", 0.1),
        ("government", 0.15),
        ("official", 0.1),
        ("organisation", 0.08),
        ("social", 0.07),
        ("person", 0.05),
    ]
    total = 150 + count // 500
    sources = []
    for i in range(total):
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        place = words.places[i]
        name = {
            "outlet": f"{place} Ньюс",
            "agency": f"Агентство {place}",
            "government": f"{MINISTRIES[i % len(MINISTRIES)]} ({place})",
            "official": f"Аким {place}",
            "organisation": f"Фонд {place}",
            "social": f"Telegram-канал {place}",
            "person": f"{place} {words.places[-i - 1]}",
        }[kind]
        name_en = name.translate(TRANSLIT).title()
        sources.append(
            Source(
                name=name,
                name_en=name_en,
                kind=kind,
                url=f"https://{slug_of(name_en, i)}.example" if kind != "person" else "",
                country=rng.choice(["KZ", "KZ", "KZ", "KG", "RU", "UZ", ""]),
                language=rng.choice(["ru", "ru", "kk", "en"]),
                slug=slug_of(name_en, i),
            )
        )
    sources = Source.objects.bulk_create(sources)
    by_kind: dict[str, list] = {}
    for s in sources:
        by_kind.setdefault(s.kind, []).append(s)

    # Stories (umbrella events) and what happened in them, spread over the years; each claim is
    # tied to events near its time, so a story's timeline keeps its size as the archive grows.
    start = end - timedelta(days=365 * YEARS)
    children_count = max(10, count // 50)  # about 50 claims each
    umbrella_count = max(1, children_count // 10)  # about 500 claims each
    span = (end - start).total_seconds()
    umbrellas = Event.objects.bulk_create(
        Event(
            title=f"События в {words.places[1000 + u]}",
            title_en=f"Events in {words.places[1000 + u].translate(TRANSLIT).title()}",
            slug=f"story-{u}",
            starts_at=start + timedelta(seconds=span * u / umbrella_count),
            start_precision="day",
            place=words.places[1000 + u],
            time_zone=rng.choice(["Asia/Almaty", "Asia/Almaty", "UTC", "Asia/Bishkek"]),
        )
        for u in range(umbrella_count)
    )
    children = Event.objects.bulk_create(
        Event(
            title=words.sentence(rng)[:120].rstrip(" ,.") or f"Событие {c}",
            title_en=words.english(rng)[:120],
            slug=f"event-{c}",
            starts_at=start + timedelta(seconds=span * (c + rng.random()) / children_count),
            start_precision=rng.choice(["day", "day", "minute", "about", "night"]),
            parent=umbrellas[min(c * umbrella_count // children_count, umbrella_count - 1)],
            time_zone="Asia/Almaty",
            on_timeline=rng.random() < 0.1,
        )
        for c in range(children_count)
    )
    ratings = list(Rating.objects.select_related("scale").order_by("position"))
    return {
        "reporters": reporters,
        "editors": editors,
        "sources": sources,
        "by_kind": by_kind,
        "children": children,
        "ratings": ratings,
    }


class Builder:
    """Builds one verdict's rows (claim, citations, figure, verdict, revisions, approvals, audit)."""

    def __init__(self, tables: Tables, words: Words, ctx: dict, plan: Plan):
        from django.contrib.contenttypes.models import ContentType

        from factcheck.models import Verdict
        from factcheck.published.items import item_key

        self.tables, self.words, self.ctx, self.plan = tables, words, ctx, plan
        self.ids: Ids | None = None  # set per batch
        self.counts: Counter = Counter()  # public counts of the batch's releases (see mentions)
        self.item_key = item_key()  # what each stored feed item is valid for (SITE_URL, version)
        self.verdict_type = ContentType.objects.get_for_model(Verdict)
        self.claimants = (
            ctx["by_kind"].get("government", [])
            + ctx["by_kind"].get("official", [])
            + ctx["by_kind"].get("person", [])
            + ctx["by_kind"].get("social", [])
        )
        self.outlets = ctx["by_kind"].get("outlet", []) + ctx["by_kind"].get("social", [])
        self.agencies = ctx["by_kind"].get("agency", []) + ctx["by_kind"].get("government", [])

    def pick(self, rng, pool):
        return pool[self.words.rank(rng, len(pool))]

    def claim(self, rng, n: int, created: datetime, *, status: str):
        Claim = _app().Claim

        words = self.words
        claimant = self.pick(rng, self.claimants) if rng.random() < 0.9 else None
        english = rng.random() < 0.15
        if english:
            text = words.english(rng)
            if rng.random() < 0.4:
                text += " " + words.english(rng)
        else:
            prefix = RU_PREFIXES[rng.randrange(len(RU_PREFIXES))]
            who = claimant.name if claimant else "властей"
            body = words.sentence(rng)
            if prefix:
                body = body[0].lower() + body[1:]
            text = prefix.format(claimant=who) + body
            if rng.random() < 0.3:
                text += f" Это произошло в {words.place(rng)}."
        if n % RARE_EVERY == RARE_EVERY // 2:
            text += f" Речь шла о селе {RARE_WORD}."
        if n in self.plan.scarce:
            text += f" Речь шла об ауле {SCARCE_WORD}."
        text_en = "" if english else words.english(rng)
        short = (
            (text_en or text)[:75].rsplit(" ", 1)[0]
            if len(text_en or text) > 75
            else (text_en or text)
        )
        appeared = created - timedelta(hours=rng.uniform(1, 200))
        return instance(
            Claim,
            pk=self.ids.take(Claim),
            text=text,
            language="en" if english else "ru",
            text_en=text_en,
            short=short.strip() or f"Claim {n}",
            slug=slug_of(short, n),
            claimant=claimant,
            appeared_at=appeared,
            appeared_precision=rng.choice(["day", "day", "minute", "about"]),
            appeared_time_zone="Asia/Almaty",
            status=status,
            created_by=self.ctx["reporters"][n % len(self.ctx["reporters"])],
            created_at=created,
            updated_at=created,
        )

    def evidence(self, rng, claim, rating, created):
        """The claim's citations and their links: where it appeared, then evidence for a rating."""
        app = _app()
        Citation, ClaimCitation = app.Citation, app.ClaimCitation

        words = self.words
        stances = ["appearance"]
        direction, needed = rating.evidence_direction, rating.min_origins
        if direction in ("supports", "contradicts"):
            stances += [direction] * (needed + (rng.random() < 0.4))
        if rng.random() < 0.3:
            stances.append("contradicts" if direction == "supports" else "supports")
        if rng.random() < 0.25:
            stances.append("context")
        links, used = [], set()
        for i, stance in enumerate(stances):
            source = self.pick(rng, self.outlets)
            while source.pk in used or (claim.claimant and source.pk == claim.claimant.pk):
                source = self.outlets[rng.randrange(len(self.outlets))]
            used.add(source.pk)
            relays = None
            if stance != "appearance" and rng.random() < 0.25:
                relays = self.pick(rng, self.agencies)
                if relays.pk in used or relays.pk == source.pk:
                    relays = None
                else:
                    used.add(relays.pk)
            published = created - timedelta(hours=rng.uniform(0, 72))
            russian = claim.language == "ru" or rng.random() < 0.5
            quote = words.sentence(rng) if russian else words.english(rng)
            citation = instance(
                Citation,
                pk=self.ids.take(Citation),
                source=source,
                relays=relays,
                url=f"{source.url or 'https://t.me/' + source.slug}/{claim.pk}-{i}",
                archive_url="" if rng.random() < 0.7 else f"https://web.archive.org/{claim.pk}-{i}",
                title=(words.sentence(rng) if russian else words.english(rng))[:120],
                published_at=published,
                accessed_at=published + timedelta(hours=rng.uniform(1, 48)),
                quote=quote,
                quote_language="ru" if russian else "en",
                translation=words.english(rng) if russian and rng.random() < 0.5 else "",
            )
            link = instance(
                ClaimCitation,
                pk=self.ids.take(ClaimCitation),
                claim=claim,
                citation=citation,
                stance=stance,
                note="" if rng.random() < 0.8 else words.finding(rng)[:300],
            )
            self.tables.add(citation)
            self.tables.add(link)
            links.append(link)
        return links

    def figure(self, rng, claim):
        Figure = _app().Figure

        if rng.random() >= 0.125:
            return None
        status = rng.choices(["reported", "being_counted", "unknown"], [0.8, 0.1, 0.1])[0]
        measure = rng.choice(["killed", "injured", "detained", "casualties", "damage"])
        figure = instance(
            Figure,
            pk=self.ids.take(Figure),
            claim=claim,
            measure=measure,
            counted=self.words.vocabulary[self.words.rank(rng, len(self.words.vocabulary))],
            counted_en=rng.choice(["protesters", "security officers", "civilians", "people"]),
            qualifier=rng.choice(["exact", "at_least", "about", "more_than", "up_to"]),
            status=status,
            value=None if status == "unknown" else rng.randint(1, 5000),
            unit="tenge" if measure == "damage" else "people",
            as_of=claim.appeared_at,
            as_of_precision="day",
            as_of_time_zone="Asia/Almaty",
        )
        self.tables.add(figure)
        return figure

    def audit(self, verdict, action, by, at, from_state="", to_state="", comment="", data=None):
        AuditEntry = _app().AuditEntry

        self.tables.add_row(
            AuditEntry,
            id=self.ids.take(AuditEntry),
            action=f"factcheck.verdict.{action}",
            actor_id=by.pk,
            at=at,
            content_type_id=self.verdict_type.pk,
            object_id=verdict.pk,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
            data=data or {},
        )

    def verdict(self, rng, n: int) -> None:
        """All rows of verdict n and its claim, added to the tables."""
        app = _app()
        Approval, Verdict, VerdictRevision = app.Approval, app.Verdict, app.VerdictRevision
        CorrectionData, assemble, store_item = app.CorrectionData, app.assemble, app.store_item

        plan, ctx, words = self.plan, self.ctx, self.words
        state, times = plan.states[n], plan.times[n]
        created = times[0]
        published = state in ("published", "retracted")
        claim = self.claim(rng, n, created, status="checked" if published else "researching")
        self.tables.add(claim)
        events = self.events(rng, claim, created)
        rating = ctx["ratings"][self.words.rank(rng, len(ctx["ratings"]), 0.3)]
        links = self.evidence(rng, claim, rating, created)
        figure = self.figure(rng, claim)
        author = ctx["reporters"][n % len(ctx["reporters"])]
        editor = ctx["editors"][n % len(ctx["editors"])]
        approver = ctx["editors"][(n + 1) % len(ctx["editors"])]
        language = "ru" if rng.random() < 0.3 else "en"
        verdict = instance(
            Verdict,
            pk=self.ids.take(Verdict),
            claim=claim,
            rating=rating,
            author=author,
            updated_by=editor if published else author,
            submitted_by=author if state != "draft" else None,
            state=state,
            language=language,
            created_at=created,
        )
        self.write_text(rng, verdict, rating, claim, revision=1)
        self.audit(verdict, "created", author, created, to_state="draft")
        revision_times = times[1:]
        retracted = plan.retracted[n] is not None
        earlier: list[CorrectionData] = []
        revision = None
        for number, at in enumerate(revision_times, start=1):
            if number > 1:
                verdict.note_kind = rng.choice(["correction", "update", "clarification"])
                verdict.note = words.finding(rng)
                self.write_text(rng, verdict, rating, claim, revision=number)
            verdict.review_round = number
            verdict.first_published_at = revision_times[0]
            submitted = at - timedelta(hours=rng.uniform(1, 3))
            self.audit(verdict, "submitted", author, submitted, "draft", "in_review")
            if rng.random() < 0.2:
                self.audit(
                    verdict, "sent_back", approver, submitted, "in_review", "sent_back",
                    comment=words.finding(rng),
                )  # fmt: skip
            published_data = assemble(
                verdict,
                claim,
                links=links,
                events=events,
                figure=figure,
                conflicts=(),
                earlier_corrections=earlier,
                number=number,
                published_at=at,
            )
            # A retraction's tombstone item reads its URL from the stored snapshot: kept a dict.
            snapshot = snapshot_of(published_data, self.tables.vendor, encode=not retracted)
            self.tables.add_row(
                Approval,
                id=self.ids.take(Approval),
                verdict_id=verdict.pk,
                review_round=number,
                editor_id=approver.pk,
                # What was approved: only the current round's approval is ever compared
                # with it, and every round here is closed, so it is left empty ("never
                # current"), which saves a digest of every part of every snapshot.
                created_at=at - timedelta(minutes=30),
            )
            self.audit(verdict, "approved", approver, at - timedelta(minutes=30), "in_review",
                       "in_review", data={"round": number, "missing": 0})  # fmt: skip
            revision = revision_row(
                verdict,
                pk=self.ids.take(VerdictRevision),
                number=number,
                published_at=at,
                by=editor,
                snapshot=snapshot,
            )
            self.tables.add(revision)
            event = {"": "published", "correction": "corrected"}.get(verdict.note_kind, "updated")
            self.audit(verdict, event, editor, at, "in_review", "published", comment=verdict.note,
                       data={"revision": number, "rating": rating.slug})  # fmt: skip
            if verdict.note_kind:
                earlier.append(CorrectionData(number, verdict.note_kind, verdict.note, at))
            verdict.note_kind, verdict.note = "", ""
        last = revision_times[-1] if revision_times else created
        if published:
            verdict.public_revision = revision
            verdict.feed_seq = plan.feed_seq[n]
            verdict.released_at = plan.released_at[n]
            verdict.version = 2 + 4 * len(revision_times)
        if state == "retracted":
            verdict.retracted_at = plan.retracted[n]
            verdict.retraction_reason = words.finding(rng)
            last = verdict.retracted_at
            self.audit(verdict, "retracted", editor, last, "published", "retracted",
                       comment=verdict.retraction_reason)  # fmt: skip
        elif plan.reopened[n]:
            # A correction under way: the working copy changed, readers keep the public revision.
            verdict.state = "in_review"
            verdict.note_kind, verdict.note = "correction", words.finding(rng)
            verdict.review_round += 1
            last = last + timedelta(days=1)
            self.audit(verdict, "reopened", author, last, "published", "draft",
                       data={"fields": ["explanation"]})  # fmt: skip
            self.audit(verdict, "submitted", author, last, "draft", "in_review")
        elif state in ("in_review", "sent_back"):
            verdict.review_round = 1
            self.audit(verdict, "submitted", author, created, "draft", "in_review")
            if state == "sent_back":
                self.audit(verdict, "sent_back", approver, created, "in_review", "sent_back",
                           comment=words.finding(rng))  # fmt: skip
        verdict.updated_at = min(last, self.plan.end)
        claim.updated_at = verdict.updated_at
        if published:
            # The feed's bytes, as the services store them, from the snapshot as assembled (the
            # same data the stored JSON reads back as; not read back a million times).
            store_item(verdict, self.item_key, published=published_data)
        if published and state != "retracted":
            self.mentions(verdict, revision, published_data)
        self.tables.add(verdict)
        if revision is not None:
            # The verdict and its public revision refer to each other (their cached related
            # objects): a cycle that only the collector would free, with the stored texts and
            # the snapshot hanging on it. Nothing reads the revision's related objects from here
            # on (its rows are written from its columns).
            revision._state.fields_cache.clear()

    def mentions(self, verdict, revision, published) -> None:
        """The public counts and mentions a release records (facets.record_release), for the
        verdict's public revision: mentions as rows, counts summed per batch (`self.counts`)
        and written once after the load, instead of facets.rebuild() reading every snapshot
        back."""
        app = _app()
        PublicMention, facets = app.PublicMention, app.facets

        names = facets.names_of(published)
        self.counts.update(facets.counts_of(revision.rating_id, names))
        for kind, object_id in sorted(names):
            self.tables.add_row(
                PublicMention,
                id=self.ids.take(PublicMention),
                verdict_id=verdict.pk,
                kind=kind,
                object_id=object_id,
                released_at=verdict.released_at,
            )

    def write_text(self, rng, verdict, rating, claim, *, revision: int) -> None:
        words = self.words
        label = rating.label if verdict.language == "ru" else rating.label_en
        topic = claim.short if verdict.language == "en" else claim.text
        verdict.headline = f"{label}: {topic}"[:200]
        verdict.conclusion = " ".join(words.finding(rng) for _ in range(2))
        paragraphs = [
            " ".join(words.finding(rng) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(2, 4))
        ]
        if verdict.language == "ru":
            paragraphs.insert(0, words.sentence(rng))
        if revision > 1:
            paragraphs.append(f"**Revision {revision}.** {words.finding(rng)}")
        verdict.explanation = "\n\n".join(paragraphs)

    def events(self, rng, claim, created):
        """One or two events near the claim's time (their stories stay the same size)."""
        Claim = _app().Claim

        children = self.ctx["children"]
        at = self.event_index(created)
        chosen = {children[max(0, min(len(children) - 1, at + rng.randint(-2, 1)))]}
        if rng.random() < 0.3:
            chosen.add(children[max(0, min(len(children) - 1, at + rng.randint(-3, 2)))])
        chosen = sorted(chosen, key=lambda e: (e.starts_at, e.pk))
        Through = Claim.events.through
        for event in chosen:
            self.tables.add_row(
                Through, id=self.ids.take(Through), claim_id=claim.pk, event_id=event.pk
            )
        return chosen

    def event_index(self, when):
        if not hasattr(self, "_starts"):
            self._starts = [e.starts_at for e in self.ctx["children"]]
        return bisect.bisect(self._starts, when)

    def unchecked_claim(self, rng, n: int) -> None:
        """A claim the desk has not (yet) written a verdict on."""
        created = self.plan.end - timedelta(days=rng.uniform(0, 365 * YEARS))
        status = "unchecked" if rng.random() < 0.8 else "not_checkable"
        claim = self.claim(rng, n, created, status=status)
        self.tables.add(claim)
        self.events(rng, claim, created)
        rating = self.ctx["ratings"][0]
        self.evidence(rng, claim, rating, created)


def revision_row(verdict, *, pk: int, number: int, published_at, by, snapshot: dict):
    """One VerdictRevision row, as services.verdict_publish makes it (VerdictRevision.of).

    Stored data derived from the snapshot that the database does not compute itself (today:
    none on revisions; the feed's bytes live on the verdict) would be added here.
    """
    VerdictRevision = _app().VerdictRevision

    # VerdictRevision.of itself (the one place that says which fields a revision copies), with
    # `instance` making the row instead of Model.__init__ (a twentieth of the build).
    def make(**values):
        return instance(VerdictRevision, **values)

    return VerdictRevision.of.__func__(
        make, verdict, number=number, published_at=published_at, by=by, snapshot=snapshot, pk=pk
    )


class Deferred:
    """On PostgreSQL: the loaded tables' foreign keys and secondary indexes, dropped for the load
    and created again afterwards from their own definitions (pg_get_constraintdef and
    pg_get_indexdef, i.e. exactly what the migrations made), as pg_restore does: one pass per
    index and per key after the load instead of a check and an index insertion per row.
    Primary keys and unique constraints stay in force throughout."""

    def __init__(self, connection, models):
        self.connection = connection
        self.tables = [m._meta.db_table for m in models]
        self.keys: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []
        # (seconds, statement) of each index and key made by restore(), for the build's report.
        self.timings: list[tuple[float, str]] = []

    def drop(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [self.tables],
            )
            self.keys = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [self.tables],
            )
            self.indexes = cursor.fetchall()
            for table, name, _definition in self.keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')

    def restore(self, connections: int = 2):
        """The indexes, then the foreign keys, made again by `connections` sessions at once (the
        server's B-tree builds use a second core only for big tables, and GIN builds never).
        Each key is added NOT VALID (a catalogue change, one after another: adding takes locks
        on both tables) and then validated in parallel: VALIDATE's locks (SHARE UPDATE EXCLUSIVE
        on the referencing table, ROW SHARE on the referenced one) cannot deadlock. The result
        is the same validated constraint the migrations made."""
        import threading

        from django.db import connections as handler

        def session():
            extra = handler.create_connection("default")
            with extra.cursor() as cursor:
                # GIN builds (the trigram and text-search indexes, the longest) collect their
                # entries in this much memory before each merge.
                cursor.execute("SET maintenance_work_mem = '1GB'")
                # Each big B-tree sorted by two processes where the server has a core to spare.
                cursor.execute("SET max_parallel_maintenance_workers = 2")
            return extra

        def run_all(statements):
            todo = list(statements)
            lock, failed = threading.Lock(), []

            def work():
                # Django's connections belong to the thread that made them.
                extra = None
                try:
                    extra = session()
                    while True:
                        with lock:
                            if not todo or failed:
                                return
                            sql = todo.pop(0)
                        began = time.perf_counter()
                        with extra.cursor() as cursor:
                            cursor.execute(sql)
                        with lock:
                            self.timings.append((time.perf_counter() - began, sql))
                except BaseException as error:  # noqa: BLE001 - raised below, in the caller
                    failed.append(error)
                finally:
                    if extra is not None:
                        extra.close()

            threads = [threading.Thread(target=work) for _ in range(max(1, connections))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if failed:
                raise failed[0]

        # The longest builds first, so that the two sessions finish together: the GIN indexes
        # (trigrams and text search: a claim's trigram index alone takes two thirds of the
        # phase, and started last it left the other session idle), then the biggest tables'.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname = ANY(%s)",
                [self.tables],
            )
            size = dict(cursor.fetchall())
        table_of = re.compile(r" ON (?:ONLY )?(?:[\w.]+\.)?\"?(\w+)\"? ")

        def weight(definition):
            found = table_of.search(definition)
            return " USING gin " not in definition, -size.get(found[1], 0) if found else 0

        began = time.perf_counter()
        run_all(sorted((d for _n, d in self.indexes), key=weight))
        phases = {"indexes": time.perf_counter() - began}
        began = time.perf_counter()
        with self.connection.cursor() as cursor:
            for table, name, definition in self.keys:
                cursor.execute(
                    f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition} NOT VALID'
                )
        run_all(
            f'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{name}"'
            for table, name, _definition in sorted(self.keys, key=lambda k: -size.get(k[0], 0))
        )
        phases["foreign keys"] = time.perf_counter() - began
        return phases


def autovacuum(connection, models, *, enabled: bool) -> None:
    """Autovacuum paused on the loaded tables (their storage parameter), or back to the
    server's setting."""
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            if enabled:
                cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")
            else:
                cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")


def unlogged_load(connection, models) -> bool:
    """Whether the load can skip the write-ahead log: with `wal_level = minimal` (the bench
    cluster's setting, bench/pg_restart.py), rows written into a table emptied by TRUNCATE in
    the same transaction go to new files that are synced at commit instead of being logged
    (a fifth of the server's CPU in COPY). Needs the loaded tables, and the tables that refer to
    them, empty (a fresh archive): then the whole load is one transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW wal_level")
        if cursor.fetchone()[0] != "minimal":
            return False
        for table in referring(connection, models):
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
            if cursor.fetchone()[0]:
                return False
    return True


def referring(connection, models) -> list[str]:
    """The loaded tables and those whose foreign keys refer to them (TRUNCATE takes them all)."""
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND confrelid::regclass::text = ANY(%s)",
            [tables],
        )
        return sorted(set(tables) | {row[0] for row in cursor.fetchall()})


def truncate(connection, models) -> None:
    """Empty the (already empty) loaded tables, in the load's transaction: see unlogged_load.
    Their sequences are set after the load (sequence_reset_sql), as before."""
    from django.db import DatabaseError, transaction

    tables = ", ".join(f'"{t}"' for t in referring(connection, models))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables}")
    except DatabaseError:  # a table further down refers to one of them: logged as before
        pass


def end_of_archive() -> datetime:
    """The last moment the archive covers: the start of this month (UTC), always in the past."""
    now = datetime.now(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


_worker: dict = {}  # what forked workers build with: set in the parent before the fork


def build_batch(index: int):
    """Batch `index`: its verdicts and its share of claims without one, encoded for writing."""
    w = _worker
    builder, count, batch, seed = w["builder"], w["count"], w["batch"], w["seed"]
    builder.ids = Ids(w["starts"], index, batch)
    first, last = index * batch, min((index + 1) * batch, count)
    # The batch's rows are a few hundred thousand objects that all live until it is encoded:
    # the cyclic collector would walk them again and again for nothing (a tenth of the build);
    # collected once at the end instead.
    gc.disable()
    try:
        for n in range(first, last):
            builder.verdict(Draws(seed * 1_000_003 + n), n)
        for n in range(first // 10, last // 10):
            builder.unchecked_claim(Draws(-seed * 1_000_003 - n), count + n)
        counts, builder.counts = builder.counts, Counter()
        encoded = builder.tables.encode()
        if w.get("spool"):
            encoded = w["spool"].keep(index, encoded)
    finally:
        gc.enable()
    gc.collect()
    return last, encoded, counts


def generate(count: int, **options) -> dict:
    """Write the archive into the default database (migrated, without verdicts); returns totals.
    See `_generate` for the options."""
    from django.db import connection

    with FastItems(encoded=connection.vendor == "postgresql"):
        return _generate(count, **options)


def _generate(
    count: int,
    *,
    seed: int = 1,
    batch: int = 5000,
    workers: int = 2,
    quiet: bool = False,
    defer: bool = True,
) -> dict:
    """Write the archive into the default database (migrated, without verdicts); returns totals.

    Batches are built by `workers` forked processes (0: in this one) and written here in order,
    one transaction each. `defer`: on PostgreSQL, drop foreign keys and secondary indexes for
    the load and make them again after it (see Deferred); off for the tests' transactions.
    """
    import multiprocessing

    from django.contrib.auth.models import User
    from django.core.management.color import no_style
    from django.db import DatabaseError, connection, transaction

    from events.models import Event
    from factcheck.models import (
        Approval,
        AuditEntry,
        Claim,
        ClaimCitation,
        Figure,
        PublicFacet,
        PublicMention,
        Verdict,
        VerdictRevision,
    )
    from factcheck.published import facets
    from sources.models import Citation, Source

    began = time.perf_counter()
    rng = random.Random(seed)
    words = Words(random.Random(seed))
    end = end_of_archive()
    plan = Plan(count, random.Random(seed + 1), end)
    # The public counts are summed from this load's releases alone: an archive that had
    # published verdicts before gets them recomputed from every snapshot instead.
    recount = Verdict.objects.exists()
    with transaction.atomic():
        ctx = desk(rng, words, count, end)
    # Wall-clock seconds per phase, printed at the end and returned (bench/BENCHMARKS.md).
    phases = {"setup (words, plan, users, sources, events)": time.perf_counter() - began}
    mark = time.perf_counter()
    models = [Claim, Claim.events.through, Citation, ClaimCitation, Figure, Verdict,
              VerdictRevision, Approval, AuditEntry, PublicMention]  # fmt: skip
    _worker.update(
        builder=Builder(Tables(connection.vendor), words, ctx, plan),
        starts=Ids.starts(models),
        count=count,
        batch=batch,
        seed=seed,
    )
    deferred = Deferred(connection, models) if defer and connection.vendor == "postgresql" else None
    spool = Spool(connection) if connection.vendor == "postgresql" else None
    _worker["spool"] = spool if spool and spool.path else None
    if deferred:
        deferred.drop()
    totals: dict[str, int] = {}
    counts: Counter = Counter()
    batches = range(math.ceil(count / batch))
    if workers:
        connection.close()  # not shared with the forked workers; reopened below
        # What the workers inherit (words, plan, desk) left out of their collections, so that
        # the collector does not touch, and so copy, the parent's pages in each worker.
        gc.collect()
        gc.freeze()
        pool = multiprocessing.get_context("fork").Pool(workers)
        # A few batches ahead at most, so memory stays bounded whatever the archive's size.
        pending = [pool.apply_async(build_batch, (i,)) for i in batches[: workers * 2]]
        results = (pending.pop(0).get() for _ in batches)
        queue = iter(batches[workers * 2 :])
    else:
        pool, queue = None, iter(())
        results = (build_batch(i) for i in batches)
    one_transaction = False
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit = off")
                # The long values (each revision's snapshot, the verdict's three stored texts)
                # compressed by LZ4 instead of pglz: half of the server's CPU in COPY was pglz.
                # Where the server was built without LZ4, pglz as before.
                try:
                    with transaction.atomic():
                        cursor.execute("SET default_toast_compression = 'lz4'")
                except DatabaseError:
                    pass
            one_transaction = deferred is not None and unlogged_load(connection, models)
            if deferred:
                # Autovacuum's insert-triggered runs would start on the loaded tables as soon as
                # the load commits, and share the 2 cores with the index builds: paused until
                # the archive is built (bench/pages.py vacuums a new archive before measuring).
                autovacuum(connection, models, enabled=False)
        with transaction.atomic() if one_transaction else nullcontext():
            if one_transaction:
                truncate(connection, models)
            for done, encoded, batch_counts in results:
                counts.update(batch_counts)
                following = next(queue, None)
                if following is not None:
                    pending.append(pool.apply_async(build_batch, (following,)))
                with transaction.atomic():
                    write(connection, encoded, totals)
                if not quiet:
                    elapsed = time.perf_counter() - began
                    print(f"  {done:>9,} verdicts  {elapsed:7.1f} s", flush=True)
    finally:
        if pool:
            pool.terminate()
            gc.unfreeze()
        if spool:
            spool.close()
    phases["rows built and written (COPY), foreign keys and indexes off"] = (
        time.perf_counter() - mark
    )
    mark = time.perf_counter()
    if deferred:
        for part, seconds in deferred.restore().items():
            phases[f"{part} created again"] = seconds
        mark = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    # Written outside the services: the public counts they keep, summed over the batches (the
    # mentions were written with them).
    if recount:
        facets.rebuild()
    else:
        PublicFacet.objects.bulk_create(
            (
                PublicFacet(kind=kind, object_id=object_id, rating_id=rating_id, verdicts=n)
                for (kind, object_id, rating_id), n in sorted(counts.items())
            ),
            batch_size=2000,
        )
        facets.rebuild_totals()  # the claimants' totals, from the counts just written
    phases["sequences and public counts"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    phases["ANALYZE"] = time.perf_counter() - mark
    if deferred:
        autovacuum(connection, models, enabled=True)
    elapsed = time.perf_counter() - began
    load = "one transaction after TRUNCATE, WAL skipped" if one_transaction else "WAL written"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW wal_level")
            load += f" (wal_level {cursor.fetchone()[0]})"
            cursor.execute("SHOW default_toast_compression")
            load += f"; long values compressed by {cursor.fetchone()[0]}"
        load += (
            "; COPY text read by the server from files" if _worker["spool"] else "; COPY FROM STDIN"
        )
    if not quiet:
        for phase, seconds in phases.items():
            print(f"  {seconds:8.1f} s  {phase}", flush=True)
        print(f"  load: {load}", flush=True)
        if deferred:
            # Each session's longest statements: what bounds the phase on two cores.
            for seconds, sql in sorted(deferred.timings, reverse=True)[:6]:
                print(f"  {seconds:8.1f} s    {sql[:100]}", flush=True)
    totals["auth_user"] = User.objects.count()
    totals["sources_source"] = Source.objects.count()
    totals["events_event"] = Event.objects.count()
    spooled = _worker["spool"].path if _worker["spool"] else None
    return {"seconds": elapsed, "rows": totals, "phases": phases, "load": load, "spool": spooled}


def main(argv=None):
    args = parse(argv)
    if args.sqlite:
        Path(args.sqlite).unlink(missing_ok=True)
        setup(f"sqlite:///{args.sqlite}")
    elif "DATABASE_URL" in os.environ:
        setup()
    else:
        sys.exit("Set DATABASE_URL (PostgreSQL) or pass --sqlite FILE.")
    from django.core.management import call_command
    from django.db import connection

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - began
    print(
        f"{connection.vendor}: migrated in {migrated:.1f} s; {args.verdicts:,} verdicts, seed {args.seed}"
    )
    result = generate(args.verdicts, seed=args.seed, batch=args.batch, workers=args.workers)
    print(f"generated in {result['seconds']:.1f} s ({result['seconds'] / 60:.1f} min)")
    print("rows per table:")
    for table, rows in sorted(result["rows"].items()):
        print(f"  {table:<36} {rows:>10,}")


if __name__ == "__main__":
    main()
