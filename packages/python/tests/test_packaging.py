"""pyproject.toml builds a wheel offline with Debian's setuptools, and the README's install works."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import rahcp

from conftest import PACKAGE_ROOT


def test_a_wheel_builds_offline(tmp_path: Path) -> None:
    source = tmp_path / "python"
    shutil.copytree(PACKAGE_ROOT, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            str(source),
            "-w",
            str(tmp_path / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert wheel.name == f"rahcp_client-{rahcp.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = Parser().parsestr(archive.read(f"rahcp_client-{rahcp.__version__}.dist-info/METADATA").decode())
    modules = {p.relative_to(PACKAGE_ROOT / "src").as_posix() for p in (PACKAGE_ROOT / "src" / "rahcp").glob("*.py")}
    assert modules | {"rahcp/py.typed"} <= names
    assert not any(n.startswith("tests/") for n in names)
    assert metadata["Name"] == "rahcp-client"
    assert metadata["Version"] == rahcp.__version__
    assert metadata["Requires-Python"] == ">=3.11"
    assert [r for r in metadata.get_all("Requires-Dist") if "extra ==" not in r] == ["httpx (<1,>=0.23)"]
    assert "# rahcp-client" in metadata.get_payload()  # the README is the long description


def test_the_readme_install_gives_an_importable_package(installed_venv: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed_venv), "-c", "import rahcp, httpx; print(rahcp.__version__); print(rahcp.__file__)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=tmp_path,  # not the source tree
    )
    version, location = result.stdout.split()
    assert version == rahcp.__version__
    assert Path(location).is_relative_to(installed_venv.parent.parent)
