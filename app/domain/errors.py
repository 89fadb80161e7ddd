"""One base class for every error meant for the user: its message is one clear sentence."""


class UserError(ValueError):
    """Something the user gave or asked for was wrong; `str(error)` says what and where."""


class NeedsConfirmation(UserError):
    """Something allowed but seldom meant (a paper added twice, a phase ended with no review): refused
    until the user says it is meant. `flag` names how: the keyword the use case takes (`duplicate`),
    which the CLI offers as an option and a form as a second enter. The text is a clause the front
    end finishes with how to go on."""

    def __init__(self, message: str, *, flag: str) -> None:
        super().__init__(message)
        self.flag = flag
