"""A non-editable install ships the package as `dualtui` only, with its styles and default rules.

Built and installed offline: the wheel is built without build isolation (the test extras bring
setuptools and wheel) and installed from the file alone, so no package index is asked.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pip(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        said = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        pytest.fail(f"`pip {args[0]}` failed: {said[-1] if said else f'exit status {done.returncode}'}")


def test_the_wheel_holds_dualtui_with_styles_and_rules_and_no_app_package(tmp_path: Path) -> None:
    pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(tmp_path), str(ROOT))
    (wheel,) = tmp_path.glob("dualtui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_levels = {name.split("/")[0] for name in names}
    assert top_levels == {"dualtui", next(t for t in top_levels if t.endswith(".dist-info"))}
    assert "dualtui/styles/app.tcss" in names
    assert "dualtui/rules/default.yaml" in names
    assert "dualtui/cli/__init__.py" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "dualtui = dualtui.cli:entry" in zipfile.ZipFile(wheel).read(entry_points).decode()

    # Installed from the file alone, the package finds its own styles and rules.
    site = tmp_path / "site"
    pip("install", "--no-deps", "--no-index", "-q", "--target", str(site), str(wheel))
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import importlib.resources as r, dualtui\n"
        "assert dualtui.__file__.startswith(sys.argv[1]), dualtui.__file__\n"
        "print((r.files('dualtui.styles') / 'app.tcss').is_file(),"
        " (r.files('dualtui.rules') / 'default.yaml').is_file())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(site)], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "True"], done.stderr
