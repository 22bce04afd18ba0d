"""The command line: scripting a review without the app.

Exit status: 0 success; 1 a user error (one line on stderr); 2 bad usage.
With ``--json`` results go to stdout as one JSON document.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from investigator import __version__
from investigator.cli_common import (
    EXIT_BROKEN_PIPE,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_USER_ERROR,
    Handler,
    UsageError,
    emit,
    json_flag,
)
from investigator.cli_themes import (
    THEME_COMMANDS,
    add_theme_arguments,
)
from investigator.files import atomic_write_text
from investigator.models import (
    InvestigatorError,
    ReviewDocument,
    ValidationError,
    first_problem,
)
from investigator.review import ReviewFile, build_event
from investigator.store import ReviewExistsError

AppOpener = Callable[[Path | None, bool, bool], int]


# Commands ------------------------------------------------------------------------
def cmd_open(args: argparse.Namespace) -> int:
    """Open the app, on a review file or the demo review."""
    if args.open_app is None:
        raise UsageError("the app cannot be opened from here; run the investigator command")
    return int(args.open_app(args.path, args.demo, args.read_only))


def cmd_new(args: argparse.Namespace) -> int:
    with ReviewFile.create(
        args.path, args.title, framework=args.framework, reference=args.reference
    ) as review:
        emit(args, review.info(), f"Created {review.path}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from investigator.demo import write_demo_review

    path = write_demo_review(args.path, overwrite=args.force)
    with ReviewFile.open(path, read_only=True) as review:
        emit(args, review.info(), f"Wrote the demo review to {path}")
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path, read_only=True) as review:
        info = review.info()
        text = "\n".join(
            f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in info.items()
        )
        emit(args, info, text)
    return EXIT_OK


def cmd_add_subject(args: argparse.Namespace) -> int:
    attributes = dict(_key_value(item) for item in args.attr)
    with ReviewFile.open(args.path) as review:
        subject = review.add_subject(args.label, **attributes)
        emit(args, subject.model_dump(mode="json"), f"Added {subject.label} ({subject.id})")
    return EXIT_OK


def cmd_add_event(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path) as review:
        subject_ids = [review.subject(label).id for label in args.subject]
        event = build_event(
            subject_ids,
            args.date,
            args.summary,
            time_text=args.time,
            event_type=args.type,
            agency=args.agency,
            author_role=args.author_role,
            source=args.source,
            analysis=args.analysis,
            should_have_happened=args.should_have_happened,
            missed_opportunity=args.missed_opportunity,
            care_problem=args.care_problem,
            notable_practice=args.notable_practice,
        )
        review.add_event(event)
        emit(
            args,
            event.model_dump(mode="json"),
            f"Added event {event.id} on {event.date.display()}",
        )
    return EXIT_OK


def cmd_export_json(args: argparse.Namespace) -> int:
    with ReviewFile.open(args.path, read_only=True) as review:
        document = review.export_document(include_vault=args.include_vault)
    atomic_write_text(args.out, document.model_dump_json(indent=2) + "\n")
    counts = {"events": len(document.events), "subjects": len(document.subjects)}
    emit(
        args,
        {"written": str(args.out), **counts, "vault_included": args.include_vault},
        f"Wrote {args.out} ({counts['events']} events)"
        + ("" if args.include_vault else "; the identifier vault was left out"),
    )
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace) -> int:
    source = Path(args.source)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(f"Cannot read {source}: {error}") from None
    try:
        document = ReviewDocument.model_validate_json(text)
    except PydanticValidationError as error:
        raise ValidationError(
            f"{source.name} is not a valid review document ({first_problem(error)}); "
            "nothing was written."
        ) from None
    if Path(args.path).exists():
        raise ReviewExistsError(Path(args.path))
    with ReviewFile.import_document(document, args.path) as review:
        emit(args, review.info(), f"Imported {source} into {review.path}")
    return EXIT_OK


def cmd_frameworks(args: argparse.Namespace) -> int:
    from investigator.themes.frameworks import available_frameworks

    templates = available_frameworks()
    data = [
        {
            "code": t.framework.code,
            "name": t.framework.name,
            "themes": [{"code": th.code, "name": th.name} for th in t.themes],
        }
        for t in templates
    ]
    text = "\n".join(
        f"{d['code']}: {d['name']} ({', '.join(th['code'] for th in d['themes'])})" for d in data
    )
    emit(args, {"frameworks": data}, text)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Check every row first; write all the good rows in one transaction, or nothing."""
    from investigator.importers import (
        ImportOptions,
        ImportRefusedError,
        apply_import_plan,
        build_import_plan,
        plan_result,
        read_source,
    )

    table = read_source(
        args.source, sheet=args.sheet, tables=args.table or None, header_row=args.header_row
    )
    options = ImportOptions(
        mapping=_import_mapping(table.headers, args.map, args.mapping),
        subject=args.subject,
        create_subjects=args.create_subjects,
    )
    with ReviewFile.open(args.path, read_only=args.dry_run) as review:
        plan = build_import_plan(review, table, options)
        refused = bool(plan.errors) and not args.valid_only
        if refused:
            result = plan_result(plan, imported=False, dry_run=args.dry_run)
        else:
            result = apply_import_plan(
                review, plan, valid_only=args.valid_only, dry_run=args.dry_run
            )
    lines = [f"{plan.source_name}: {plan.summary()}", *plan.notes]
    lines += [
        p.location
        + (f", {p.column}" if p.column else "")
        + (f" ({p.value!r})" if p.value else "")
        + f": {p.message}"
        for p in [*plan.problems, *plan.duplicates]
    ]
    if not refused:
        verb = "Would import" if args.dry_run else "Imported"
        lines.append(f"{verb} {result.ready:,} events into {args.path}.")
        if result.created_subjects:
            lines.append("Added service users: " + ", ".join(result.created_subjects) + ".")
    emit(args, result.as_json(), "\n".join(lines))
    if refused:
        advice = f"pass --valid-only to import the {len(plan.ready):,} valid rows"
        if plan.unknown_subjects and not args.create_subjects:
            advice += ", or --create-subjects to add " + ", ".join(plan.unknown_subjects)
        raise ImportRefusedError(
            f"{plan.rows_with_errors:,} row(s) have problems, so nothing was imported; "
            f"fix them in the file, or {advice}."
        )
    return EXIT_OK


def _import_mapping(
    headers: list[str], pairs: Sequence[str], saved_name: str | None
) -> dict[str, Any]:
    """The automatic mapping, then a saved one, then each --map COLUMN=field on top."""
    from investigator.importers import (
        ImportOptionsError,
        auto_map,
        load_saved_mappings,
        mapping_for_headers,
        parse_field,
    )
    from investigator.importers.fields import field_names, header_key

    mapping: dict[str, Any] = dict(auto_map(headers))
    if saved_name is not None:
        saved = load_saved_mappings()
        if saved_name not in saved:
            known = ", ".join(sorted(saved)) or "none saved yet"
            raise ImportOptionsError(f"There is no saved mapping {saved_name!r} ({known}).")
        mapping = mapping_for_headers(headers, saved[saved_name])
    by_key = {header_key(h): h for h in headers}
    for pair in pairs:
        column, sep, name = pair.rpartition("=")
        if not sep or not column.strip():
            raise UsageError(f"--map expects COLUMN=field, not {pair!r}")
        try:
            field = parse_field(name)
        except ValueError:
            raise UsageError(
                f"--map: {name!r} is not a field; use one of {field_names()}, or ignore"
            ) from None
        header = by_key.get(header_key(column))
        if header is None:
            raise ImportOptionsError(
                f"There is no column {column.strip()!r}; the columns are "
                + ", ".join(repr(h) for h in headers)
                + "."
            )
        mapping = {h: f for h, f in mapping.items() if h != header and f != field}
        if field is not None:
            mapping[header] = field
    return mapping


def cmd_export_chronology(args: argparse.Namespace) -> int:
    from investigator.importers import export_chronology
    from investigator.models import EventFilter

    with ReviewFile.open(args.path, read_only=True) as review:
        event_filter = EventFilter(subject_ids=[review.subject(label).id for label in args.subject])
        count = export_chronology(review, args.out, event_filter)
    emit(args, {"written": str(args.out), "events": count}, f"Wrote {args.out} ({count} events)")
    return EXIT_OK


# Parser ----------------------------------------------------------------------------
COMMANDS: dict[str, tuple[Handler, str]] = {
    "open": (cmd_open, "open the app on a review file (the default command)"),
    "new": (cmd_new, "create a new, empty review file"),
    "demo": (cmd_demo, "write the fictional demo review to a file"),
    "info": (cmd_info, "show a review's title, schema version and counts"),
    "add-subject": (cmd_add_subject, "add a service user to a review"),
    "add-event": (cmd_add_event, "add one chronology event"),
    "export-json": (cmd_export_json, "write a whole review as one JSON document"),
    "import-json": (cmd_import_json, "make a new review file from a JSON document"),
    "frameworks": (cmd_frameworks, "list the theme frameworks a review can use"),
    **THEME_COMMANDS,
    "import": (cmd_import, "import a chronology from an Excel, CSV or Word file"),
    "export-chronology": (cmd_export_chronology, "write the chronology to a CSV or Excel file"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="investigator",
        description=(
            "Investigator: an offline workbench for case-learning reviews. "
            "Run with no command to open the app; give a .review file to open it."
        ),
        epilog="Exit status: 0 success, 1 a problem with the review or input, 2 bad usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str) -> argparse.ArgumentParser:
        handler, help_text = COMMANDS[name]
        p = sub.add_parser(
            name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
        )
        p.set_defaults(handler=handler)
        return p

    p = command("open")
    p.add_argument("path", nargs="?", type=Path, help="review file (*.review)")
    p.add_argument("--demo", action="store_true", help="open the demo review")
    p.add_argument("--read-only", action="store_true", help="open without making changes")

    p = command("new")
    p.add_argument("path", type=Path, help="the new review file (*.review)")
    p.add_argument("--title", required=True, help="the review's title")
    p.add_argument("--reference", default="", help="your reference for the review")
    p.add_argument(
        "--framework",
        default="six-themes",
        help="theme framework code (see 'investigator frameworks'); default six-themes",
    )
    json_flag(p)

    p = command("demo")
    p.add_argument("path", type=Path, help="where to write the demo review (*.review)")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    json_flag(p)

    p = command("info")
    p.add_argument("path", type=Path, help="review file")
    json_flag(p)

    p = command("add-subject")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("label", help='the pseudonym, e.g. "Service user D"')
    p.add_argument(
        "--attr",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=(
            "a fact about the service user; standard keys: community, "
            "communication_needs, care_pathway, forensic_history, substance_use; "
            "other keys become free attributes (KEY:number=, KEY:date=, KEY:yes_no= "
            "give them a type). Repeat for several."
        ),
    )
    json_flag(p)

    p = command("add-event")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument(
        "--subject",
        action="append",
        required=True,
        metavar="LABEL",
        help="service user involved (repeat for several)",
    )
    p.add_argument(
        "--date",
        required=True,
        help='as written in the record: "12/03/2019", "03/2019", "2019", "c. June 2019"',
    )
    p.add_argument("--time", help='time of day, e.g. "14:30"')
    p.add_argument("--agency", default="", help="agency or source, e.g. GP")
    p.add_argument("--author-role", default="", help="role of the record's author")
    p.add_argument(
        "--type",
        default="other",
        help="event type: " + ", ".join(_event_types()),
    )
    p.add_argument("--summary", required=True, help="what happened")
    p.add_argument("--source", default="", help="where the fact came from (document, page)")
    p.add_argument("--analysis", default="", help="the reviewer's comment")
    p.add_argument("--should-have-happened", default="", help="policy or acceptable practice")
    p.add_argument("--missed-opportunity", action="store_true", help="flag a missed opportunity")
    p.add_argument(
        "--care-problem", action="store_true", help="flag a care or service delivery problem"
    )
    p.add_argument("--notable-practice", action="store_true", help="flag notable practice")
    json_flag(p)

    p = command("export-json")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("out", type=Path, help="the JSON document to write")
    p.add_argument(
        "--include-vault",
        action="store_true",
        help="include the identifier vault (real names and numbers): only for your own backups",
    )
    json_flag(p)

    p = command("import-json")
    p.add_argument("source", type=Path, help="a JSON document from export-json")
    p.add_argument("path", type=Path, help="the new review file to create")
    json_flag(p)

    p = command("frameworks")
    json_flag(p)

    p = command("import")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("source", type=Path, help="the chronology: .xlsx, .csv, .tsv, .txt or .docx")
    p.add_argument("--sheet", help="the workbook sheet to read, by name or number")
    p.add_argument(
        "--table",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="the Word table to read (1 is the first); repeat to read several as one",
    )
    p.add_argument("--header-row", type=int, metavar="N", help="the row holding the headers")
    p.add_argument("--subject", metavar="LABEL", help="put every row under this service user")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=field",
        help="map a column to a field (subject, date, time, agency, author_role, event_type, "
        "summary, should_have_happened, analysis, source, themes, missed_opportunity, "
        "care_problem, notable_practice), or to ignore; repeat for several",
    )
    p.add_argument("--mapping", metavar="NAME", help="start from a mapping saved in the app")
    p.add_argument(
        "--create-subjects", action="store_true", help="add service users the file names"
    )
    p.add_argument(
        "--valid-only", action="store_true", help="import the valid rows even if others fail"
    )
    p.add_argument("--dry-run", action="store_true", help="check every row but write nothing")
    json_flag(p)

    p = command("export-chronology")
    p.add_argument("path", type=Path, help="review file")
    p.add_argument("out", type=Path, help="the file to write: .csv or .xlsx")
    p.add_argument(
        "--subject",
        action="append",
        default=[],
        metavar="LABEL",
        help="only this service user's events (repeat for several)",
    )
    json_flag(p)
    add_theme_arguments(command)
    return parser


def _event_types() -> list[str]:
    from investigator.models import EventType

    return [t.value for t in EventType]


def _key_value(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key.strip():
        raise UsageError(f"--attr expects KEY=VALUE, not {item!r}")
    return key.strip(), value.strip()


def _normalise_argv(argv: list[str]) -> list[str]:
    """``investigator`` alone or ``investigator FILE.review`` mean ``open``."""
    if not argv:
        return ["open"]
    first = argv[0]
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return argv
    return ["open", *argv]


def main(argv: Sequence[str] | None = None, *, open_app: AppOpener | None = None) -> int:
    args_list = _normalise_argv(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    args.open_app = open_app
    try:
        return int(args.handler(args))
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(f"investigator: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except InvestigatorError as error:
        print(f"investigator: {_one_line(str(error))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # The reader stopped early (`investigator suggest ... | head`): not an error.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        print(f"investigator: {_one_line(str(error))}", file=sys.stderr)
        return EXIT_USER_ERROR


def _silence_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit cannot fail again
    (the way the Python documentation recommends for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (under a test harness): nothing will be flushed to it


def _one_line(text: str) -> str:
    return " ".join(text.split())
