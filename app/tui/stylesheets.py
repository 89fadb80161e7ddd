"""Where the .tcss files are: inside the installed package (Textual reads CSS_PATH as a real file)."""

from importlib.resources import files


def stylesheet(name: str) -> str:
    return str(files("dualtui.styles") / name)


MAIN = stylesheet("app.tcss")
# The modal screens' rules are read when the first one opens, not at launch.
MODAL = stylesheet("modal.tcss")
