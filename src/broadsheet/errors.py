"""The errors broadsheet raises, each with a one-line message that says what to do.

    BroadsheetError
     ├── InputError    the dump cannot be read: missing, binary, empty, undecodable
     ├── ModelError    the shipped or given model file is missing or malformed
     └── OutputError   the result cannot be written where it was asked to go

The CLI catches only these; anything else is a bug and should be reported.
"""

from __future__ import annotations


class BroadsheetError(Exception):
    """Base of every error broadsheet raises on purpose."""

    exit_code = 1


class InputError(BroadsheetError):
    """The input cannot be read as a text dump."""

    exit_code = 3


class ModelError(BroadsheetError):
    """A model file is missing, of the wrong version or malformed."""

    exit_code = 4


class OutputError(BroadsheetError):
    """The output cannot be written."""

    exit_code = 5
