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
