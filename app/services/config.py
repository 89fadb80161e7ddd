"""The user's YAML config: where it lives, what it may say, and one clear sentence when it is wrong."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from dualtui.domain import UserError
from dualtui.domain.dates import DEFAULT_PHASE_LENGTH, check_length

CONFIG_ENV = "DUALTUI_CONFIG"
# A config is a few lines; PyYAML reads about 0.2 MB a second, so a large one would cost every command.
MAX_CONFIG_BYTES = 64 * 1024
DB_ENV = "DUALTUI_DB"


class ConfigError(UserError):
    pass


class Config:
    """The user's settings from the YAML config, with the defaults for what it leaves out."""

    __slots__ = ("editor", "keys", "path", "phase_length", "rules", "theme", "writeups")

    def __init__(
        self,
        path: Path | None = None,
        phase_length: str = DEFAULT_PHASE_LENGTH,
        rules: Path | None = None,
        theme: str = "",
        keys: dict[str, str] | None = None,
        writeups: Path | None = None,
        editor: str = "",
    ) -> None:
        self.path = path
        self.phase_length = phase_length
        self.rules = rules
        self.theme = theme
        self.keys: dict[str, str] = {} if keys is None else keys
        self.writeups = writeups
        self.editor = editor


_FIELDS = {
    "phase_length": "a length such as “3 months”",
    "rules": "the path of your rules file",
    "theme": "a Textual theme name",
    "keys": "a mapping of action id to keys, such as {add: 'a,insert'}",
    "writeups": "the folder for write-ups",
    "editor": "the editor command for long notes",
}


def default_config_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("dualtui")) / "config.yaml"


def default_journal_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("dualtui")) / "journal.json"


def resolve_journal_path(option: str | None) -> Path:
    chosen = option or os.environ.get(DB_ENV)
    return Path(chosen).expanduser() if chosen else default_journal_path()


def load_config(option: str | None) -> Config:
    """Read the config named by --config, DUALTUI_CONFIG, or the default place (missing is fine)."""
    chosen = option or os.environ.get(CONFIG_ENV)
    path = Path(chosen).expanduser() if chosen else default_config_path()
    from dualtui.store import StoreError
    from dualtui.store.files import read_regular

    try:
        raw, _ = read_regular(path, MAX_CONFIG_BYTES, "a config")
        text = raw.decode("utf-8")
    except FileNotFoundError:
        if chosen:
            raise ConfigError(f"The config file {path} does not exist.") from None
        return Config()
    except StoreError as error:
        raise ConfigError(str(error)) from None
    except UnicodeDecodeError:
        raise ConfigError(f"The config file {path} is not UTF-8 text.") from None
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    import yaml

    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise ConfigError(f"The config file {path} is not valid YAML{line}.") from None
    except RecursionError:
        raise ConfigError(f"The config file {path} is nested too deeply to be a config.") from None
    if raw is None:
        return Config(path=path)
    if not isinstance(raw, dict):
        raise ConfigError(
            f"The config file {path} must be a mapping of settings, such as “phase_length: 3 months”."
        )
    config = Config(path=path)
    for key, value in raw.items():
        if key not in _FIELDS:
            known = ", ".join(_FIELDS)
            raise ConfigError(f"The config file {path} has an unknown setting “{key}” (known: {known}).")
        _apply(config, str(key), value, path)
    return config


def _apply(config: Config, key: str, value: Any, path: Path) -> None:
    def wrong() -> ConfigError:
        return ConfigError(f"In the config file {path}, “{key}” must be {_FIELDS[key]}.")

    if key == "keys":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise wrong()
        config.keys = {str(k): v for k, v in value.items()}
        return
    if not isinstance(value, str) or not value.strip():
        raise wrong()
    if key == "phase_length":
        try:
            config.phase_length = check_length(value)
        except UserError:
            raise wrong() from None
    elif key in ("rules", "writeups"):
        resolved = Path(value).expanduser()
        if not resolved.is_absolute():
            resolved = path.parent / resolved
        setattr(config, key, resolved)
    else:
        setattr(config, key, value)
