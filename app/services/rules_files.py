"""Where the rules come from and where what is worked out from them is kept: cheap to import, so
the app's first frame can find the kept outlook before the rule engine is loaded."""

from __future__ import annotations

import contextlib
from pathlib import Path

from dualtui.store.files import ensure_private_folder

from .config import default_config_path


def user_rules_file(option: Path | None) -> tuple[Path, bool]:
    """The user's rules file, and whether the user named it (then it must exist)."""
    if option is not None:
        return option, True
    return default_config_path().with_name("rules.yaml"), False


def rules_cache_folder() -> Path:
    """Where compiled rules (and the last outlook) are kept between runs (safe to delete: they are
    worked out again)."""
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("dualtui"))
    # Made here, each missing parent 0700 whatever the umask (the rules' own mkdir would make
    # ~/.cache 0777 under umask 000); an unwritable place only means compiling every run.
    with contextlib.suppress(OSError):
        ensure_private_folder(folder)
    return folder
