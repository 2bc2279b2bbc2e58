"""Shared fixtures: a minimal valid data document, and sites built in temporary folders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

VALID = textwrap.dedent(
    """\
    comparisons:
      - id: demo
        title: Demo table
        intro: Shows the pipeline.
        area: storage
        row_label: Thing
        columns:
          - {key: size, label: Size}
          - {key: speed, label: Speed}
        rows:
          - name: Alpha
            cells: {size: "1 GB", speed: Fast}
          - name: Beta
            cells: {size: "2 GB", speed: Slow}
        sources:
          - {title: Demo source, url: "https://docs.aws.amazon.com/demo.html"}
        verified: 2026-11-27
        exam_tasks: ["3.1"]
    """
)


@pytest.fixture
def valid_yaml() -> str:
    return VALID


def mkdocs_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    env.update(extra)
    return env


def build_site(config_dir: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a strict mkdocs build of the config in `config_dir` into `site_dir`."""
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(site_dir)],
        cwd=config_dir,
        env=mkdocs_env(**env),
        capture_output=True,
        text=True,
        timeout=600,
    )


FIXTURE_CONFIG = """\
site_name: Fixture
site_url: https://example.invalid/
theme:
  name: material
  font: false
validation:
  links: {not_found: warn, anchors: warn}
plugins:
  - macros:
      modules: [macros]
      render_by_default: false
      on_error_fail: true
      on_undefined: strict
markdown_extensions:
  - admonition
  - pymdownx.superfences
"""


@pytest.fixture
def fixture_site(tmp_path: Path):
    """Write a tiny site (pages + data file) into tmp_path and build it strictly."""

    def make(
        pages: dict[str, str],
        data: str = VALID,
        extensions: tuple[str, ...] = (),
        hooks: bool = False,
        plugins: tuple[str, ...] = (),
    ) -> tuple[subprocess.CompletedProcess[str], Path]:
        """`hooks=True` adds the project's hooks (macros/hooks.py); `plugins` go before macros."""
        config = FIXTURE_CONFIG + "".join(f"  - {name}\n" for name in extensions)
        config = config.replace("plugins:\n", "plugins:\n" + "".join(f"  - {p}\n" for p in plugins))
        if hooks:
            config += f"hooks:\n  - {ROOT / 'macros' / 'hooks.py'}\n"
        (tmp_path / "mkdocs.yml").write_text(config)
        for name, text in pages.items():
            path = tmp_path / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        data_file = tmp_path / "data.yml"
        data_file.write_text(data)
        site = tmp_path / "site"
        cache = str(tmp_path / "cache")  # the build caches of this site alone
        return build_site(tmp_path, site, SAA_DATA_FILE=str(data_file), SAA_CACHE_DIR=cache), site

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session (PDFs included).

    SAA_TEST_SITE=DIR reuses a site that is already built, to iterate on tests quickly.
    """
    if os.environ.get("SAA_TEST_SITE"):
        return Path(os.environ["SAA_TEST_SITE"])
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site, SAA_PDF="1")
    assert result.returncode == 0, result.stdout + result.stderr
    return site
