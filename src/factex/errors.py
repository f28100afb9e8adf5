"""Errors that are the user's to fix (a mistyped path, an unknown engine, a file that is not facts):
the command line prints the message as one line, `factex: error: MESSAGE`, and exits with status 1."""


class UserError(Exception):
    """A mistake in what factex was asked to do; the message names what and why."""
