"""The words around the timeline picture: legend entries, tooltips, lane lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

from investigator.models import Subject, Theme, TimelinePoint

from .timeline_frame import LegendItem
from .timeline_index import MISSED_OPPORTUNITY, DensityBin
from .timeline_scale import format_span

MISSED_HTML_COLOUR = "#C62828"


def lanes_for(subjects: Sequence[Subject]) -> list[tuple[str, str]]:
    """The lanes ``set_lanes`` wants, from the review's service users in display order."""
    return [(str(subject.id), subject.label) for subject in subjects]


def legend_items(
    points: Iterable[TimelinePoint],
    themes: Sequence[Theme],
    frameworks: Mapping[str, str] | None = None,
) -> list[LegendItem]:
    """Only what the picture uses, so a screenshot explains itself without clutter.

    Where the themes in use come from more than one framework (``frameworks``
    maps a framework id to its name), each framework's themes follow its name,
    so that two themes called alike in two frameworks can be told apart."""
    used: set[str] = set()
    untagged = missed = uncertain = shared = False
    for point in points:
        used.update(point.theme_ids)
        untagged = untagged or not point.theme_ids
        missed = missed or bool(point.flags & MISSED_OPPORTUNITY)
        uncertain = uncertain or point.end > point.start
        shared = shared or len(point.subject_ids) > 1
    shown = [t for t in themes if str(t.id) in used]
    items: list[LegendItem] = []
    if frameworks and len({t.framework_id for t in shown}) > 1:
        groups: dict[str, list[Theme]] = {}
        for theme in shown:  # in the order given: the review's own framework first
            groups.setdefault(str(theme.framework_id), []).append(theme)
        for framework_id, members in groups.items():
            name = frameworks.get(framework_id, "Other themes")
            items.append(LegendItem("framework", f"{name}:"))
            items += [LegendItem("theme", t.name, t.colour) for t in members]
    else:
        items = [LegendItem("theme", t.name, t.colour) for t in shown]
    extras = [
        (untagged, LegendItem("untagged", "No theme")),
        (missed, LegendItem("missed", "Missed opportunity")),
        (uncertain, LegendItem("uncertain", "Date not exact (month, year or range)")),
        (shared, LegendItem("shared", "Event shared by service users")),
    ]
    return items + [item for present, item in extras if present]


def event_tooltip(point: TimelinePoint, summary: str | None, themes: Mapping[str, Theme]) -> str:
    """Rich text, escaped, so a summary containing '<' shows exactly as it was typed."""
    body = summary if summary is not None else format_span(point.start, point.end)
    html = "<br>".join(escape(line) for line in body.splitlines())
    chips = [
        f"<span style='color:{themes[t].colour}'>&#9679;</span>&nbsp;{escape(themes[t].name)}"
        for t in point.theme_ids
        if t in themes
    ]
    if chips:
        html += "<br>" + "&nbsp;&nbsp; ".join(chips)
    if point.flags & MISSED_OPPORTUNITY:
        html += (
            f"<br><span style='color:{MISSED_HTML_COLOUR}'>&#9660;</span>&nbsp;Missed opportunity"
        )
    return f"<p style='max-width:32em'>{html}</p>"


def density_tooltip(dbin: DensityBin) -> str:
    first = int(dbin.first // 1)
    last = max(int(-(-dbin.last // 1)) - 1, first)
    noun = "event" if dbin.count == 1 else "events"
    return (
        f"<b>{dbin.count:,} {noun}</b><br>{escape(format_span(first, last))}"
        "<br><i>Click or zoom in to see them one by one.</i>"
    )
