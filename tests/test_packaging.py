"""A non-editable install ships the package as `dualtui` only, with its styles and default rules."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_dualtui_with_styles_and_rules_and_no_app_package(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("dualtui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_levels = {name.split("/")[0] for name in names}
    assert top_levels == {"dualtui", next(t for t in top_levels if t.endswith(".dist-info"))}
    assert "dualtui/styles/app.tcss" in names
    assert "dualtui/rules/default.yaml" in names
    assert "dualtui/cli/__init__.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "dualtui = dualtui.cli:entry" in zipfile.ZipFile(wheel).read(entry_points).decode()
