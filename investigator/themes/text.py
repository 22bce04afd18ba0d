"""Words of an event, as the tag learner sees them.

Records say the same thing many ways ("referrals", "referred", "referring"),
and a review teaches from a few dozen tagged events, so features are coarse:
lower case, a light suffix strip that folds plurals and tenses together, and
no common function words. Agency and author role are kept as separate
features ("@polic"), because "Police" as the agency says who wrote, which is
not the same as "police" in a sentence.

Word pairs were tried as well; on the evaluation set (bench/eval_suggestions.py,
development half) they did not improve the top-two suggestions and doubled
the work, so single words it is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from investigator.models import EventText

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

STOP_WORDS = frozenset(
    """
    a an the and or of to in on at by for with from as is was were be been being are am
    this that these those it its he she they them his her their him hers i we you our
    your there here then than so such into onto over under up down out off about after
    before during while which who whom whose what when where why how also had has have
    having do does did done would could should may might must can will shall just very
    s no not
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_MAX_CACHED = 200_000


def stem(word: str) -> str:
    """A light suffix strip (not a full stemmer): enough to fold 'referrals',
    'referred' and 'referring' together without merging unrelated words."""
    base = word.replace("’", "'")
    if base.endswith("'s"):
        base = base[:-2]
    base = base.replace("'", "")
    if len(base) > 4:
        if base.endswith("ies"):
            base = base[:-3] + "y"
        elif base.endswith("sses"):
            base = base[:-2]
        elif base.endswith("s") and not base.endswith(("ss", "us", "is")):
            base = base[:-1]
    if len(base) > 5 and base.endswith("ing"):
        base = base[:-3]
    elif len(base) > 4 and base.endswith("ed"):
        base = base[:-2]
    if len(base) > 4 and base.endswith("e"):
        base = base[:-1]
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
        base = base[:-1]  # 'referr' -> 'refer', 'admitt' -> 'admit'
    return base


class _Stems(dict[str, str]):
    """word -> stem ('' for a stop word), filled on first sight; looked up in C.

    Stems are interned: the words that share one ("referred", "referrals") give
    the same string, so a model that keeps the features of thousands of events
    keeps each feature once, and finds it in a dict by identity."""

    def __missing__(self, word: str) -> str:
        value = "" if word in STOP_WORDS else sys.intern(stem(word))
        if len(self) < _MAX_CACHED:
            self[word] = value
        return value


_STEMS = _Stems()
_LABELS: dict[str, frozenset[str]] = {}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# Every character of ASCII that is neither a letter, a digit nor an apostrophe.
_ASCII_GAPS = str.maketrans(
    dict.fromkeys((c for c in map(chr, range(128)) if not c.isalnum() and c != "'"), " ")
)


def _some_order_words(lowered: str) -> list[str]:
    """:func:`words` of lower-case text, in no particular order. Text in ASCII (most
    records) is split rather than searched, which finds the same words in half
    the time: whatever is not a letter, digit or apostrophe becomes a space, and
    the few pieces with an apostrophe in them are read by the regex (which
    keeps one only between two parts of a word)."""
    if not lowered.isascii():
        return _WORD.findall(lowered)
    pieces = lowered.translate(_ASCII_GAPS).split()
    if "'" not in lowered:
        return pieces
    found = [piece for piece in pieces if "'" not in piece]
    for piece in pieces:
        if "'" in piece:
            found += _WORD.findall(piece)
    return found


def features(event: EventText) -> set[str]:
    """The set of features of one event (presence, not counts: a word said
    three times in one entry is still one piece of evidence)."""
    lookup = _STEMS.__getitem__
    found: set[str] = set()
    for text in (event.summary, event.analysis, event.should_have_happened):
        if text:
            found.update(map(lookup, _some_order_words(text.lower())))
    found.discard("")
    for text in (event.agency, event.author_role):
        if text:
            found |= _label_features(text)
    return found


def _label_features(text: str) -> frozenset[str]:
    """Agency and role names repeat across a chronology: worked out once each."""
    found = _LABELS.get(text)
    if found is None:
        found = frozenset(sys.intern("@" + s) for s in map(_STEMS.__getitem__, words(text)) if s)
        if len(_LABELS) < _MAX_CACHED:
            _LABELS[text] = found
    return found


def stem_of(word: str) -> str:
    """The feature a word of running text counts as ('' for a common word)."""
    return _STEMS[word.lower()]


def words_with_places(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for every word of the text, as written."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group()


def first_word_with_stem(text: str, lowered: str, feature: str) -> tuple[int, int, str] | None:
    """(start, end, word) for the first word of ``text`` counted as ``feature``,
    looking only where the feature's first letters begin a word (a stem is cut
    from a word's end, so the word begins with them). ``lowered`` is
    ``text.lower()``, of the same length, and no word of the text may have an
    apostrophe among its first three characters (those are read word by word)."""
    probe = feature[:3]
    word, stems = _WORD.match, _STEMS
    at = lowered.find(probe)
    while at >= 0:
        # A letter or digit (what [^\W_] matches is what str.isalnum says) before
        # the place, or one before an apostrophe before it: not a word's start.
        if at == 0 or not (
            text[at - 1].isalnum() or (text[at - 1] in "'’" and at > 1 and text[at - 2].isalnum())
        ):
            match = word(text, at)
            if match is not None:
                found = match.group()
                if stems[found.lower()] == feature:
                    return at, match.end(), found
        at = lowered.find(probe, at + 1)
    return None
