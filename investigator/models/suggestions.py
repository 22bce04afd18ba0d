"""Suggested themes for an event, each with the reasons a reviewer can check.

A suggestion is never stored: it is recomputed from the chronology, the
lexicons and the reviewer's own tags. Only the reviewer's answer to it is kept
(:class:`~investigator.models.themes.SuggestionDecision`).
"""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple

# The event fields whose text is read for suggestions, in the order a reviewer
# reads an entry. A phrase reason names one of them.
SUGGESTION_FIELDS: tuple[str, ...] = (
    "summary",
    "analysis",
    "should_have_happened",
    "agency",
    "author_role",
)

FIELD_LABELS: dict[str, str] = {
    "summary": "what happened",
    "analysis": "analysis",
    "should_have_happened": "what should have happened",
    "agency": "agency",
    "author_role": "author role",
}


class EventText(NamedTuple):
    """The words of one event that suggestions read; light enough for 100,000 of them."""

    event_id: str
    summary: str
    analysis: str = ""
    should_have_happened: str = ""
    agency: str = ""
    author_role: str = ""

    def field_items(self) -> list[tuple[str, str]]:
        """(field, text) for every field that has text, in reading order."""
        pairs = zip(SUGGESTION_FIELDS, self[1:], strict=True)
        return [(name, text) for name, text in pairs if text]


class PhraseReason(NamedTuple):
    """A lexicon phrase found in the event: ``text[start:end]`` of ``field`` is the phrase."""

    field: str
    start: int
    end: int
    phrase: str
    weight: float

    kind = "phrase"  # a class attribute, not a field

    def describe(self) -> str:
        where = FIELD_LABELS.get(self.field, self.field)
        return f'mentions "{self.phrase}" ({where})'

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "phrase": self.phrase,
            "weight": self.weight,
        }


class SimilarEventReason(NamedTuple):
    """An event the reviewer tagged with the same theme, that reads like this one."""

    event_id: uuid.UUID
    excerpt: str
    similarity: float  # in [0, 1]

    kind = "similar_event"  # a class attribute, not a field

    def describe(self) -> str:
        percent = round(self.similarity * 100)
        return f'like an event you tagged with this theme ({percent}% alike): "{self.excerpt}"'

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "event_id": str(self.event_id),
            "excerpt": self.excerpt,
            "similarity": self.similarity,
        }


class ExampleWord(NamedTuple):
    """A word of the event: ``text[start:end]`` of ``field`` is ``word``."""

    field: str
    start: int
    end: int
    word: str


class ExampleWordsReason(NamedTuple):
    """Words of the event that go with the theme in the framework's worked examples."""

    words: tuple[ExampleWord, ...]
    examples: int  # how many of the framework's examples carry the theme

    kind = "example_words"  # a class attribute, not a field

    def describe(self) -> str:
        quoted = ", ".join(f'"{word.word}"' for word in self.words)
        return (
            f"uses words typical of the framework's {self.examples} worked examples "
            f"of this theme: {quoted}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "examples": self.examples,
            "words": [word._asdict() for word in self.words],
        }


Reason = PhraseReason | SimilarEventReason | ExampleWordsReason

# ``built(Class, fields)``: one of these named tuples from a tuple of its fields,
# made in C without the class's __new__ (which is Python code). The engine makes
# hundreds of thousands of them for a large review.
built = tuple.__new__


class Suggestion(NamedTuple):
    """A theme proposed for an event, with a score in [0, 1] and why.

    ``from_phrases``, ``from_tags`` and ``from_examples`` are the parts the
    score was made from (the lexicon, what was learned from the reviewer's
    tags, and what the framework's worked examples teach), so that the app can
    say which is speaking.

    Suggestions are made by the engine, never typed in or read from a file,
    and a large review has hundreds of thousands of them: they and their
    reasons are named tuples rather than validated models (or even frozen
    dataclasses), which makes them several times cheaper to build, to hold and
    to send between processes.
    """

    event_id: uuid.UUID
    theme_id: uuid.UUID
    score: float
    from_phrases: float = 0.0
    from_tags: float = 0.0
    reasons: tuple[Reason, ...] = ()
    from_examples: float = 0.0
