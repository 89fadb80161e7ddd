"""Where the .tcss files are: the folder of the `dualtui.styles` package, installed or editable.

Textual reads CSS_PATH as a real file, and the package is never zipped, so its folder is enough; this
spares `importlib.resources` (about 5 ms at every launch).
"""

from pathlib import Path

import dualtui.styles

FOLDER = Path(dualtui.styles.__file__).parent
MAIN = str(FOLDER / "app.tcss")
# The modal screens' rules are read when the first one opens, not at launch.
MODAL = str(FOLDER / "modal.tcss")
# The insights screen's rules, read when it first opens.
INSIGHTS = str(FOLDER / "insights.tcss")
