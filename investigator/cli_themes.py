"""Theme commands: suggestions, tags, and changes to the review's themes.

Every change is one action in the review's audit trail, as in the app.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from investigator.cli_common import EXIT_OK, Handler, UsageError, emit, emit_list, json_flag
from investigator.progress import collector_paused
from investigator.review import ReviewFile


# Themes: suggestions and tags ------------------------------------------------------
def cmd_suggest(args: argparse.Namespace) -> int:
    """Suggested themes for every event, each with the reasons behind it."""
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    # The suggestions, their entries and their text are a million small objects
    # with no cycles among them: the cyclic collector would walk them all again
    # and again as they are made (a quarter of the output's time).
    with collector_paused():
        return _suggest(args)


def _suggest(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path, read_only=True) as review:
        # Each theme's and each event's part of an entry is made once and shared:
        # a large review has 200,000 suggestions for 100,000 events.
        themes = {t.id: {"code": t.code, "name": t.name} for t in review.themes()}
        suggestions = review.suggestions(limit=args.limit)
        event_ids = {s.event_id: str(s.event_id) for s in suggestions}
        people = review.service_users_of(sorted(event_ids.values()))
    subjects = {key: ", ".join(people.get(text, [])) for key, text in event_ids.items()}
    entries = [
        {
            "event_id": event_ids[suggestion.event_id],
            "subject": subjects[suggestion.event_id],
            "theme": themes[suggestion.theme_id],
            "score": round(suggestion.score, 3),
            "reasons": [
                {**reason.as_json(), "text": reason.describe()} for reason in suggestion.reasons
            ],
        }
        for suggestion in suggestions
    ]

    def lines() -> list[str]:
        return [
            f"{e['event_id']}  {e['subject']}: {e['theme']['code']} ({e['theme']['name']}) "
            f"{e['score']:.2f} - " + "; ".join(r["text"] for r in e["reasons"])
            for e in entries
        ] or ["No suggestions: every event is tagged, or nothing points to a theme."]

    emit_list(args, "suggestions", entries, lines)
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        theme = review.theme(args.theme)
        tag = review.tag(args.event_id, theme.id, rationale=args.rationale)
        emit(args, tag.model_dump(mode="json"), f"Tagged event {tag.event_id} with {theme.name}")
    return EXIT_OK


def cmd_untag(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        theme = review.theme(args.theme)
        removed = review.untag(args.event_id, theme.id)
        text = (
            f"Removed {theme.name} from event {args.event_id}"
            if removed
            else f"Event {args.event_id} was not tagged with {theme.name}; nothing changed"
        )
        emit(args, {"event_id": args.event_id, "theme": theme.code, "removed": removed}, text)
    return EXIT_OK


# The review's themes ------------------------------------------------------------------
def cmd_themes(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path, read_only=True) as review:
        counts = review.store.events.tag_counts()
        frameworks = {f.id: f.code for f in review.frameworks()}
        data = [
            {
                "code": t.code,
                "name": t.name,
                "colour": t.colour,
                "framework": frameworks.get(t.framework_id, ""),
                "tags": counts.get(str(t.id), 0),
            }
            for t in review.themes()
        ]
    text = "\n".join(
        f"{d['code']:<12} {d['name']} ({d['tags']} tags, {d['framework']}, {d['colour']})"
        for d in data
    )
    emit(args, {"themes": data}, text)
    return EXIT_OK


def cmd_add_theme(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        theme = review.add_theme(
            args.name, code=args.code, colour=args.colour, description=args.description
        )
        emit(args, theme.model_dump(mode="json"), f"Added theme {theme.code} ({theme.name})")
    return EXIT_OK


def cmd_rename_theme(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        theme = review.rename_theme(args.theme, args.name)
        emit(args, theme.model_dump(mode="json"), f"Renamed {theme.code} to {theme.name}")
    return EXIT_OK


def cmd_recolour_theme(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        theme = review.recolour_theme(args.theme, args.colour)
        emit(args, theme.model_dump(mode="json"), f"{theme.name} is now {theme.colour}")
    return EXIT_OK


def cmd_merge_themes(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        source = review.theme(args.source)
        target = review.merge_themes(source.id, args.target)
        emit(
            args,
            {"removed": source.code, "kept": target.code},
            f"Merged {source.name} into {target.name}; its tags now carry {target.name}",
        )
    return EXIT_OK


def cmd_add_framework(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        framework = review.add_framework(args.code)
        emit(args, framework.model_dump(mode="json"), f"Added the framework {framework.name}")
    return EXIT_OK


def cmd_update_phrases(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        updated = review.update_phrases()
    codes = [theme.code for theme in updated]
    text = (
        f"Updated the suggestion phrases of {len(codes)} theme{'s' if len(codes) != 1 else ''}: "
        + ", ".join(codes)
        if codes
        else "The suggestion phrases are already those of this version; nothing changed"
    )
    emit(args, {"updated": codes}, text)
    return EXIT_OK


THEME_COMMANDS: dict[str, tuple[Handler, str]] = {
    "suggest": (cmd_suggest, "suggest themes for events, with the reasons for each"),
    "tag": (cmd_tag, "tag an event with a theme"),
    "untag": (cmd_untag, "remove a theme from an event"),
    "themes": (cmd_themes, "list a review's themes with how many events carry each"),
    "add-theme": (cmd_add_theme, "add a theme of your own to a review"),
    "rename-theme": (cmd_rename_theme, "rename a theme (its tags stay)"),
    "recolour-theme": (cmd_recolour_theme, "change a theme's colour"),
    "merge-themes": (cmd_merge_themes, "move every tag of one theme to another, then remove it"),
    "add-framework": (cmd_add_framework, "add a second theme framework beside the one in use"),
    "update-phrases": (
        cmd_update_phrases,
        "bring the themes' suggestion phrases up to date with this version",
    ),
}


def add_theme_arguments(command: Callable[[str], argparse.ArgumentParser]) -> None:
    p = command("suggest")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument(
        "--limit", type=int, default=2, metavar="K", help="suggestions per event (default 2)"
    )
    json_flag(p)

    for name in ("tag", "untag"):
        p = command(name)
        p.add_argument("path", type=Path, help="review file")
        p.add_argument("event_id", help="the event's id (see export-json or suggest --json)")
        p.add_argument("theme", help="theme code, name or id, e.g. ACCESS")
        if name == "tag":
            p.add_argument("--rationale", default="", help="why the theme applies")
        json_flag(p)

    p = command("themes")
    p.add_argument("path", type=Path, help="review file")
    json_flag(p)

    p = command("add-theme")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("name", help="the theme's name")
    p.add_argument("--code", default="", help="a short code (made from the name if not given)")
    p.add_argument("--colour", default="", help="#RRGGBB (a free colour if not given)")
    p.add_argument("--description", default="", help="what the theme covers")
    json_flag(p)

    p = command("rename-theme")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("theme", help="theme code, name or id")
    p.add_argument("name", help="the new name")
    json_flag(p)

    p = command("recolour-theme")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("theme", help="theme code, name or id")
    p.add_argument("colour", help="#RRGGBB")
    json_flag(p)

    p = command("merge-themes")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("source", help="the theme to merge and remove")
    p.add_argument("target", help="the theme its tags move to")
    json_flag(p)

    p = command("add-framework")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("code", help="framework code (see 'investigator frameworks')")
    json_flag(p)

    p = command("update-phrases")
    p.add_argument("path", type=Path, help="review file")
    json_flag(p)
