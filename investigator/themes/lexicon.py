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
from collections.abc import Iterable
from typing import NamedTuple

from investigator.models import SUGGESTION_FIELDS, EventText, Theme

from .negation import LOOK_BACK, cue_ends, is_negated

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


_LABEL_FIELDS = frozenset({"agency", "author_role"})
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


_UNSEEN = ("", (), False)  # marks a spelling not looked up yet


_GAP = re.compile(r"[\s\-]+")


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
        self._entries = {key: tuple(found) for key, found in entries.items()}
        phrases = sorted({entries[0].phrase for entries in self._entries.values()})
        self._prefixes = _word_prefixes(phrases)
        self._single: dict[str, re.Pattern[str]] = {}
        self._known: dict[str, tuple[str, tuple[_Entry, ...], bool] | None] = {}
        self._label_hits: dict[tuple[str, str], list[PhraseHit]] = {}
        if phrases:
            body = _trie_pattern(phrases)
            # A lookahead, so that matches may overlap ("childhood abuse" and,
            # for another theme, "abuse" inside it are both found).
            self._pattern: re.Pattern[str] | None = re.compile(rf"\b(?=({body})\b)")
            self._folding = re.compile(self._pattern.pattern, re.IGNORECASE)
        else:
            self._pattern = self._folding = None

    @property
    def empty(self) -> bool:
        return self._pattern is None

    def hits(self, event: EventText) -> list[PhraseHit]:
        """Every phrase that counts: not denied, and not inside a longer phrase of its theme."""
        found: list[PhraseHit] = []
        for field, text in zip(SUGGESTION_FIELDS, event[1:], strict=True):
            if not text:
                continue
            if field in _LABEL_FIELDS:
                # A few dozen agencies and roles recur across a whole chronology.
                cached = self._label_hits.get((field, text))
                if cached is None:
                    cached = self._field_hits(field, text)
                    if len(self._label_hits) < _MAX_CACHED:
                        self._label_hits[(field, text)] = cached
                found.extend(cached)
            else:
                found.extend(self._field_hits(field, text))
        return found

    def _field_hits(self, field: str, text: str) -> list[PhraseHit]:
        if self._pattern is None or self._folding is None:
            return []
        lowered = text.lower()
        # A letter whose lower case is longer would shift every span: match as written.
        same_length = len(lowered) == len(text)
        matches = (self._pattern if same_length else self._folding).finditer(
            lowered if same_length else text
        )
        scale = FIELD_WEIGHTS.get(field, 1.0)
        raw: list[PhraseHit] = []
        known = self._known
        for match in matches:
            matched = match.group(1)
            meaning = known.get(matched, _UNSEEN)
            if meaning is _UNSEEN:
                meaning = self._meaning(matched)
            if meaning is None:
                continue
            key, entries, has_shorter = meaning
            start = match.start()
            end = start + len(matched)
            for theme_id, phrase, weight in entries:
                raw.append(PhraseHit(theme_id, field, start, end, phrase, weight * scale))
            if has_shorter:
                for shorter, shorter_end in self._shorter_phrases(text, start, key):
                    for theme_id, phrase, weight in self._entries[shorter]:
                        raw.append(
                            PhraseHit(theme_id, field, start, shorter_end, phrase, weight * scale)
                        )
        if not raw:
            return raw
        if len(raw) > 1 and _overlapping(raw):
            raw = _longest_per_theme(raw)
        cues = cue_ends(lowered, lower_case=True) if same_length else cue_ends(text)
        if cues:
            raw = [
                hit
                for hit in raw
                if not _cue_before(cues, hit.start) or not is_negated(text, hit.start, hit.end)
            ]
        return raw

    def _meaning(self, matched: str) -> tuple[str, tuple[_Entry, ...], bool] | None:
        """What a matched piece of text stands for: its phrase, the themes' entries,
        and whether shorter phrases start the same way (remembered per spelling)."""
        key = self._entry_key(canonical(matched))
        meaning = None if key is None else (key, self._entries[key], key in self._prefixes)
        if len(self._known) < _MAX_CACHED:
            self._known[matched] = meaning
        return meaning

    def _entry_key(self, matched: str) -> str | None:
        """The phrase a match stands for, once a plural ending is set aside."""
        for cut in (0, 1, 2):
            key = matched[: len(matched) - cut]
            if key in self._entries:
                return key
        return None

    def _shorter_phrases(self, text: str, start: int, key: str) -> list[tuple[str, int]]:
        """The shorter phrases that the phrase matched at ``start`` begins with (the
        regex keeps only the longest; another theme may own a shorter one)."""
        found: list[tuple[str, int]] = []
        for shorter in self._prefixes.get(key, ()):
            pattern = self._single.get(shorter)
            if pattern is None:
                phrase = self._entries[shorter][0].phrase
                pattern = re.compile(rf"(?:{_trie_pattern([phrase])})\b", re.IGNORECASE)
                self._single[shorter] = pattern
            match = pattern.match(text, start)
            if match:
                found.append((shorter, match.end()))
        return found


def _cue_before(cues: list[int], start: int) -> bool:
    """Whether a negation cue ends shortly before ``start`` (else no need to look closer)."""
    return any(start - LOOK_BACK <= cue <= start for cue in cues)


def _overlapping(hits: list[PhraseHit]) -> bool:
    """Whether two hits of one theme share words (rare: usually nothing to resolve)."""
    seen: dict[str, int] = {}
    for hit in hits:
        last_end = seen.get(hit.theme_id, -1)
        if hit.start < last_end:
            return True
        seen[hit.theme_id] = max(last_end, hit.end)
    return False


def _longest_per_theme(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Drop a hit that lies inside a longer hit of the same theme, and repeats of a
    span ("care coordinator" and "care co-ordinator" both match the same words)."""
    ordered = sorted(hits, key=lambda h: (h.theme_id, h.start - h.end, h.start))
    kept: list[PhraseHit] = []
    for hit in ordered:
        if not any(
            other.theme_id == hit.theme_id and other.start <= hit.start and hit.end <= other.end
            for other in kept
        ):
            kept.append(hit)
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
