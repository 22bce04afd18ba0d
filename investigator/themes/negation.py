"""Whether a phrase found in a record is denied rather than stated.

"No concerns about family" is not evidence of family voice, and "denied
thoughts of harming others" is not evidence of risk to others: a cue a few
words before the phrase, in the same clause, cancels it.

In review chronologies the same little words also describe the *absence of a
service*, which is itself the evidence a reviewer looks for: "not offered a
carer's assessment", "no interpreter was booked", "discharged without a care
plan", "no record of a risk assessment", "no care coordinator". So a cue does
not cancel a phrase when it introduces an omission: the phrase names a
service (a plan, an assessment, a coordinator, an interpreter, a meeting), a
participle follows "not" or "never", "no record of", "no contact with", "with
no", a service verb comes before "without", or an omission verb follows the
phrase ("was booked", "in place"). This is deliberately simple (no parser); the tag learner
corrects what it gets wrong for a particular review.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# Words that deny what follows.
_CUES = frozenset(
    {
        "no",
        "not",
        "nil",
        "none",
        "never",
        "neither",
        "nor",
        "without",
        "denied",
        "denies",
        "deny",
        "denying",
        "negative",
    }
)
# A negation reaches over at most this many words to the phrase ("no concerns
# about | family": two words between).
MAX_WORDS_BETWEEN = 3

# Punctuation and conjunctions that end the reach of a cue.
_CLAUSE_BREAK = re.compile(
    r"[.;:!?()\[\],\n]|\b(?:but|however|although|though|whereas|yet|and)\b", re.IGNORECASE
)
# Everything up to and including the last clause break (greedy, so the last one).
_LAST_CLAUSE_BREAK = re.compile(rf"(?s:.*)(?:{_CLAUSE_BREAK.pattern})", re.IGNORECASE)
# A word between cue and phrase that opens a new clause: "no evidence *that*
# the family were asked" reports an omission, it does not deny the family.
_SCOPE_OPENERS = frozenset({"that", "whether", "if", "to", "who", "which", "because", "until"})
# "no record of", "no contact with", "no referral to": the reviewer reporting that
# something was not done, which is the evidence.
_GAP_NOUNS = frozenset(
    {
        "record",
        "records",
        "recorded",
        "documentation",
        "mention",
        "note",
        "contact",
        "referral",
        "discussion",
        "liaison",
        "involvement",
        "communication",
        "consultation",
        "input",
        "attempt",
        "offer",
        "response",
        "reply",
        "copy",
        "update",
        "call",
        "visit",
        "named",
        "allocated",
        "formal",
        "clear",
        "agreed",
        "written",
        "up-to-date",
    }
)
# A denied *service* is a missing service: "no care coordinator", "without an
# interpreter", "no crisis plan", "no carer's assessment".
_SERVICE_WORDS = frozenset(
    {
        "plan",
        "planning",
        "coordinator",
        "co-ordinator",
        "assessment",
        "interpreter",
        "review",
        "meeting",
        "referral",
        "cpa",
        "mappa",
        "marac",
        "sharing",
        "working",
        "visit",
        "adjustment",
        "adjustments",
        "worker",
        "appointment",
        "screening",
        "enquiry",
        "service",
        "team",
        "officer",
        "allocation",
        "date",
        "aftercare",
        "advocate",
        "advocacy",
        "handover",
        "professional",
        "formulation",
        "read",
        "information",
    }
)
_IRREGULAR_PARTICIPLES = frozenset(
    {"seen", "sent", "told", "given", "made", "done", "shown", "taken", "known", "held", "met"}
)
_DETERMINERS = frozenset({"a", "an", "the", "any"})
# After the phrase: "no interpreter *was booked*", "no care plan *in place*".
_OMISSION_AFTER = re.compile(
    r"^(?:\W+[^\W_]+){0,2}?\W+(?:was|were|is|are|being|been|had|has|have)"
    r"(?:\s+(?:been|ever|then|also|yet))*\s+"
    r"(?:booked|offered|arranged|made|provided|available|used|considered|recorded|"
    r"documented|sought|completed|raised|shared|contacted|informed|involved|undertaken|"
    r"updated|invited|asked|requested|explored|identified|done|put|agreed|discussed|"
    r"carried|followed|sent|given|present|in\s+place)\b"
    r"|^\W+(?:in\s+place|on\s+file|on\s+record|recorded|documented|offered|arranged|booked)\b",
    re.IGNORECASE,
)
LOOK_BACK = 80  # characters; enough for a cue and three words
_LOOK_AHEAD = 60
# Most phrases have no cue anywhere before them: one search settles those.
_CUE_PATTERN = (
    r"\b(?:n(?:o(?:t|ne|r)?|il|e(?:ver|ither|gative))|without|den(?:ied|ies|ying|y))\b|n['’]t\b"
)
_ANY_CUE_FOLDING = re.compile(_CUE_PATTERN, re.IGNORECASE)


# The cues as whole words, for the lexicon's scan: the words of _CUES and the
# common contractions ending in "n't".
CUE_WORDS: tuple[str, ...] = (
    *sorted(_CUES),
    *(
        f"{stem}n't"
        for stem in (
            *("ai", "are", "ca", "could", "did", "does", "do", "had", "has", "have", "is"),
            *("might", "must", "need", "should", "was", "were", "wo", "would"),
        )
    ),
)


def is_negated(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (a matched phrase) is denied by a cue before it."""
    if not _ANY_CUE_FOLDING.search(text, max(0, start - LOOK_BACK), start):
        return False
    return negated_after_cue(text, start, end)


_BREAK_CHARACTERS = frozenset(".;:!?()[],\n")


def out_of_reach(text: str, cue_end: int, start: int) -> bool:
    """True when the nearest cue the lexicon's scan found before a phrase (ending at
    ``cue_end``) surely cannot deny it: a punctuation break, or more than
    ``MAX_WORDS_BETWEEN`` plain words, lie between. This settles most phrases
    with a cue somewhere before them without reading the words one by one;
    False means only that :func:`negated_after_cue` must look closer. A cue
    the scan does not find ("oughtn't") needs an apostrophe, so a gap with
    one is always looked at closely."""
    between = text[cue_end:start]
    if "'" in between or "’" in between or "_" in between:
        return False
    if not _BREAK_CHARACTERS.isdisjoint(between):
        return True
    words = between.split()
    return len(words) > MAX_WORDS_BETWEEN and "".join(words).isalnum()


def negated_after_cue(text: str, start: int, end: int) -> bool:
    """:func:`is_negated`, for a phrase already known to have a cue ending at most
    ``LOOK_BACK`` characters before it (the lexicon finds cues as it scans)."""
    before = text[max(0, start - LOOK_BACK) : start]
    last_break = _LAST_CLAUSE_BREAK.match(before)
    if last_break:
        before = before[last_break.end() :]
    # The cue, up to three words after it, and the word before it.
    nearest = _WORD.findall(before)[-(MAX_WORDS_BETWEEN + 2) :]
    tokens = [t.lower().replace("’", "'") for t in nearest]
    if not tokens:
        return False
    for back in range(1, min(len(tokens), MAX_WORDS_BETWEEN + 1) + 1):
        cue = tokens[-back]
        if not (cue in _CUES or cue.endswith("n't")):
            continue
        between = tokens[len(tokens) - back + 1 :]
        preceding = tokens[-back - 1] if back < len(tokens) else ""
        last_word = _WORD.findall(text[start:end].lower())[-1:] or [""]
        after = text[end : end + _LOOK_AHEAD]
        return not _reports_an_omission(cue, between, preceding, after, last_word[0])
    return False


def _reports_an_omission(
    cue: str, between: list[str], preceding: str, after: str, last_word: str
) -> bool:
    if any(word in _SCOPE_OPENERS for word in between):
        return True
    if last_word in _SERVICE_WORDS and cue in ("no", "not", "nil", "none", "never", "without"):
        return True
    if cue == "denied" and preceding in ("was", "were", "been", "being"):
        return True  # "was denied a carer's assessment": refused, not absent
    if all(word in _DETERMINERS for word in between) and _OMISSION_AFTER.match(after):
        return True  # "no interpreter was booked" (but "no concerns about family were raised")
    first = between[0] if between else ""
    if cue in ("no", "nil", "none") and (first in _GAP_NOUNS or preceding == "with"):
        return True
    if (cue in ("not", "never") or cue.endswith("n't")) and _is_participle(first):
        return True
    return cue == "without" and _is_participle(preceding)


def _is_participle(word: str) -> bool:
    return (len(word) > 4 and word.endswith("ed")) or word in _IRREGULAR_PARTICIPLES
