"""Finding the lexicon phrases of every theme in an event's text, with where they are.

All phrases of all themes are compiled into one regular expression shaped like
a trie, so each field is scanned once, in C, however many themes the review
has. Matching ignores case and stops on word boundaries. A space in a phrase
stands for any run of spaces or hyphens ("easy read" finds "easy-read"), a
hyphen may be a hyphen, a space or nothing, an apostrophe may be straight or
curly, and a phrase may take a plural ending ("carer" finds "carers"). Spans
are positions in the field as the reviewer wrote it, so the app can highlight
exactly the matched words.

Within one theme the longest phrase wins ("childhood abuse" rather than
"abuse" as well), so a negative-weight phrase such as "head trauma" replaces
the "trauma" inside it. Themes do not shadow each other: a phrase of one theme
never hides a shorter phrase of another that starts at the same place.
Phrases denied by a cue before them ("no concerns about family") are dropped
(see :mod:`investigator.themes.negation`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import NamedTuple

from investigator.models import EventText, Theme, built

from .negation import CUE_WORDS, LOOK_BACK, negated_after_cue, out_of_reach

# How much a match counts, by the field it is in. The agency says which service
# held the record (police, probation, the family), which bears on working
# between agencies and on family voice as much as the text does; the author's
# role ("care coordinator", "duty worker") names a job, not what happened.
FIELD_WEIGHTS: dict[str, float] = {
    "summary": 1.0,
    "analysis": 1.0,
    "should_have_happened": 1.0,
    "agency": 1.0,
    "author_role": 0.5,
}


_MAX_CACHED = 50_000


class PhraseHit(NamedTuple):
    theme_id: str
    field: str
    start: int
    end: int
    phrase: str
    weight: float  # the lexicon weight times the field weight


class _Entry(NamedTuple):
    theme_id: str
    phrase: str
    weight: float


# The "theme" of a negation cue's entry: not a theme, compared by identity.
_CUE = "negation cue"


class _Found(NamedTuple):
    """A phrase found at the start of a matched spelling, and its length there."""

    theme_id: str
    length: int
    phrase: str
    weight: float


class _Template(NamedTuple):
    """What one matched spelling stands for (see :meth:`Lexicon._template`)."""

    cue_length: int  # 0: not a negation cue
    found: tuple[_Found, ...]  # at most one phrase per theme
    longest: int


class _Templates(dict[str, _Template]):
    """Matched spelling -> template, worked out on first sight (a bounded cache)."""

    def __init__(self, work_out: Callable[[str], _Template]) -> None:
        super().__init__()
        self._work_out = work_out

    def __missing__(self, matched: str) -> _Template:
        template = self._work_out(matched)
        if len(self) < _MAX_CACHED:
            self[matched] = template
        return template


_GAP = re.compile(r"[\s\-]+")
_WORD_START = re.compile(r"[^\W_]")


def canonical(phrase: str) -> str:
    """One spelling per phrase, whatever spacing, hyphens or apostrophes were typed."""
    return _GAP.sub("", phrase.lower().replace("’", "'"))


class Lexicon:
    """The phrases of a set of themes, compiled once and matched many times."""

    def __init__(self, themes: Iterable[Theme]) -> None:
        entries: dict[str, list[_Entry]] = {}
        for theme in themes:
            for item in theme.lexicon:
                key = canonical(item.phrase)
                if not key:
                    continue
                entries.setdefault(key, []).append(
                    _Entry(str(theme.id), " ".join(item.phrase.lower().split()), item.weight)
                )
        if entries:
            # Negation cues ride in the same scan: where each one ends is all
            # that is needed of them (see negation.py).
            for cue in CUE_WORDS:
                entries.setdefault(canonical(cue), []).append(_Entry(_CUE, cue, 0.0))
        self._entries = {key: tuple(found) for key, found in entries.items()}
        phrases = sorted({entries[0].phrase for entries in self._entries.values()})
        self._prefixes = _word_prefixes(phrases)
        self._single: dict[str, re.Pattern[str]] = {}
        self._templates = _Templates(self._template)
        self._label_hits: dict[tuple[str, str], list[PhraseHit]] = {}
        self._body: str | None = None  # the phrases as one regex
        self._scan: re.Pattern[str] | None = None
        self._from_gap = False
        if phrases:
            self._body = body = _trie_pattern(phrases)
            # Where every phrase begins with a letter or digit, a match begins
            # just after a character that is not part of a word (a space put in
            # front stands in for the start). Searched for that way, the regex
            # engine skips the inside of words in C rather than trying every
            # place in the text: a quarter quicker, and the same matches. The
            # phrases are looked for ahead of that place, so that matches may
            # overlap ("childhood abuse" and, for another theme, "abuse" inside it
            # are both found).
            self._from_gap = all(_WORD_START.match(p) for p in phrases)
            gap_or_start = r"\W" if self._from_gap else r"\b"
            self._scan = re.compile(rf"{gap_or_start}(?=({body})\b)")
        # The same, ignoring case, for text whose lower case changes its length:
        # rare, and compiling a few hundred phrases takes a quarter of a second.
        self._folding: re.Pattern[str] | None = None

    @property
    def empty(self) -> bool:
        return self._scan is None

    def hits(self, event: EventText) -> list[PhraseHit]:
        """Every phrase that counts: not denied, and not inside a longer phrase of its theme."""
        # Written out field by field: this runs for every event of a large review.
        _, summary, analysis, should_have_happened, agency, author_role = event
        found = self._field_hits("summary", summary) if summary else []
        if analysis:
            found += self._field_hits("analysis", analysis)
        if should_have_happened:
            found += self._field_hits("should_have_happened", should_have_happened)
        if agency:
            found += self._label_field_hits("agency", agency)
        if author_role:
            found += self._label_field_hits("author_role", author_role)
        return found

    def _label_field_hits(self, field: str, text: str) -> list[PhraseHit]:
        """A few dozen agencies and roles recur across a whole chronology: each is
        matched once."""
        cached = self._label_hits.get((field, text))
        if cached is None:
            cached = self._field_hits(field, text)
            if len(self._label_hits) < _MAX_CACHED:
                self._label_hits[(field, text)] = cached
        return cached

    def _field_hits(self, field: str, text: str) -> list[PhraseHit]:
        if self._scan is None:
            return []
        lowered = text.lower()
        if len(lowered) == len(text):
            # From a gap, a match starts at the character before the phrase, in a
            # text one character longer: where the phrase starts in ``lowered``.
            matches = self._scan.finditer(" " + lowered if self._from_gap else lowered)
        else:
            # A letter whose lower case is longer would shift every span: match as written.
            if self._folding is None:
                self._folding = re.compile(rf"\b(?=({self._body})\b)", re.IGNORECASE)
            matches = self._folding.finditer(text)
        scale = FIELD_WEIGHTS.get(field, 1.0)
        raw: list[PhraseHit] = []
        cues: list[int] = []  # where each negation cue ends, in order
        templates = self._templates
        append = raw.append
        reach = -1  # the furthest end of a phrase so far
        overlapping = False
        for match in matches:
            cue_length, found, longest = templates[match[1]]
            start = match.start()
            if cue_length:
                cues.append(start + cue_length)
            if not found:
                continue
            if start < reach:
                overlapping = True
            for theme_id, length, phrase, weight in found:
                append(
                    built(
                        PhraseHit, (theme_id, field, start, start + length, phrase, weight * scale)
                    )
                )
            if start + longest > reach:
                reach = start + longest
        if not raw:
            return raw
        if overlapping:
            raw = _longest_per_theme(raw)
        if cues:
            raw = [hit for hit in raw if not _denied(text, cues, hit.start, hit.end)]
        return raw

    def _template(self, matched: str) -> _Template:
        """What a matched piece of text stands for, worked out once per spelling: for
        each theme, its longest phrase that the text begins with, and that phrase's
        length in the text; and a negation cue, if the text begins with one. The
        regex reports only the longest phrase at a place; a shorter phrase of
        another theme may start there too ("care" inside "care coordinator")."""
        spelling = canonical(matched)
        key = self._entry_key(spelling)
        found: dict[str, _Found] = {}
        if key is not None:
            self._add_entries(found, self._entries[key], len(matched), key == spelling)
            for shorter in self._prefixes.get(key, ()):
                pattern = self._single.get(shorter)
                if pattern is None:
                    phrase = self._entries[shorter][0].phrase
                    pattern = re.compile(rf"(?:{_trie_pattern([phrase])})\b", re.IGNORECASE)
                    self._single[shorter] = pattern
                within = pattern.match(matched)
                if within is not None:
                    exact = canonical(within.group()) == shorter
                    self._add_entries(found, self._entries[shorter], within.end(), exact)
        cue = found.pop(_CUE, None)
        phrases = tuple(found.values())
        return _Template(
            0 if cue is None else cue.length, phrases, max((f.length for f in phrases), default=0)
        )

    @staticmethod
    def _add_entries(
        found: dict[str, _Found], entries: tuple[_Entry, ...], length: int, exact: bool
    ) -> None:
        """Keep each theme's longest phrase; a cue counts only as written ("no", not "nos")."""
        for theme_id, phrase, weight in entries:
            if theme_id is _CUE and not exact:
                continue
            known = found.get(theme_id)
            if known is None or known.length < length:
                found[theme_id] = _Found(theme_id, length, phrase, weight)

    def _entry_key(self, matched: str) -> str | None:
        """The phrase a match stands for, once a plural ending is set aside."""
        for cut in (0, 1, 2):
            key = matched[: len(matched) - cut]
            if key in self._entries:
                return key
        return None


def _denied(text: str, cues: list[int], start: int, end: int) -> bool:
    """Whether the phrase at ``text[start:end]`` is denied. ``cues`` (where each cue the
    scan found ends, in order) settle most phrases: with no cue ending shortly
    before the phrase, or the nearest one out of reach, there is no need to
    read the words between."""
    last = bisect_right(cues, start) - 1
    if last < 0 or cues[last] < start - LOOK_BACK or out_of_reach(text, cues[last], start):
        return False
    return negated_after_cue(text, start, end)


def _longest_per_theme(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Drop a hit that lies inside a longer hit of the same theme, and repeats of a
    span ("care coordinator" and "care co-ordinator" both match the same words).
    Overlaps between themes are common and change nothing: only a theme found
    more than once is looked at closely."""
    by_theme: dict[str, list[PhraseHit]] = {}
    for hit in hits:
        found = by_theme.get(hit[0])
        if found is None:
            by_theme[hit[0]] = [hit]
        else:
            found.append(hit)
    if len(by_theme) == len(hits):
        return hits
    kept: list[PhraseHit] = []
    for found in by_theme.values():
        if len(found) > 1:
            found.sort(key=lambda h: (h.start - h.end, h.start))
            longest: list[PhraseHit] = []
            for hit in found:
                if not any(o.start <= hit.start and hit.end <= o.end for o in longest):
                    longest.append(hit)
            found = longest
        kept.extend(found)
    kept.sort(key=lambda h: (h.start, h.theme_id))
    return kept


def _word_prefixes(phrases: list[str]) -> dict[str, list[str]]:
    """For each phrase, the other phrases that are its first whole words."""
    keys = {canonical(p): p for p in phrases}
    prefixes: dict[str, list[str]] = {}
    for phrase in phrases:
        parts = re.split(r"(?<=[^\W_])(?=[\s\-'’])|(?<=[\s\-'’])(?=[^\W_])", phrase)
        for cut in range(1, len(parts)):
            head = "".join(parts[:cut]).rstrip(" -'’")
            head_key = canonical(head)
            if head_key in keys and head_key != canonical(phrase):
                prefixes.setdefault(canonical(phrase), []).append(head_key)
    return prefixes


def _trie_pattern(phrases: Iterable[str]) -> str:
    """A regular expression matching any of the phrases, longest first, as a trie.

    Python's ``re`` tries alternatives one by one; sharing prefixes makes a
    few hundred phrases cost little more than a handful.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


_CHAR_PATTERNS = {" ": r"[\s\-]+", "-": r"[-\s]?", "'": "['’]", "’": "['’]"}


def _emit(node: dict[str, dict], last: str = "") -> str:
    branches = [
        _CHAR_PATTERNS.get(char, re.escape(char)) + _emit(child, char)
        for char, child in sorted(node.items())
        if char
    ]
    if "" in node and last.isalpha():
        branches.append("e?s")  # a plural: "carer" finds "carers"
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a phrase may end here: try the longer ones first
        return f"(?:{body})?"
    return body
