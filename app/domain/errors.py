"""One base class for every error meant for the user: its message is one clear sentence."""


class UserError(ValueError):
    """Something the user gave or asked for was wrong; `str(error)` says what and where."""
