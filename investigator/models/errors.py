"""Errors a user can cause, each with a message a reviewer understands.

The command line prints ``str(error)`` on one line; the app shows it in a
dialog. Anything that is not an ``InvestigatorError`` is a bug.
"""

from __future__ import annotations


class InvestigatorError(Exception):
    """Base for every error that is the user's to fix, not a programming fault."""


class ValidationError(InvestigatorError):
    """Input that does not make a valid review entry."""


class NotFoundError(InvestigatorError):
    """A subject, event or theme named by the user does not exist."""


def first_problem(error: Exception, *, with_field: bool = True) -> str:
    """The first complaint of a pydantic validation error, in one line.

    ``with_field`` prefixes the field it is about ("summary: ..."), where the
    reader can tell which field that is.
    """
    errors = getattr(error, "errors", None)
    if not callable(errors):
        return str(error)
    first = errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first['msg']}" if where and with_field else str(first["msg"])
