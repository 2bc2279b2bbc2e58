"""The project's settings and the per-build object that every integration shares.

Settings come from the site's configuration file, the same for every site generator and
for the PDF step: the usual `docs_dir`, `site_dir`, `site_url`, and a small section of
`extra:` (all optional):

    extra:
      saa:
        data: data/comparisons.yml      # the data file
        questions: data/questions       # the question bank, one YAML file per exam domain
        cache_dir: .cache               # build caches; `false` for none

A `SiteBuild` is made once per build from that configuration and carries the loaded data
to the macros, the hooks and the PDF step.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import cache, examguide
from .loader import DATA, QUESTIONS, DataError, Kind, Link, Problem, check_text, link_problems
from .pages import DocsIndex

if TYPE_CHECKING:
    from .models import DataFile, QuestionFile

PACKAGE = Path(__file__).resolve().parent
DEFAULTS: dict[str, Any] = {
    "data": "data/comparisons.yml",
    "questions": "data/questions",
    "cache_dir": ".cache",
}


class ConfigError(Exception):
    """The configuration's `extra.saa` section is wrong; the message says how to fix it."""


@dataclass(frozen=True)
class Bundle:
    """Everything the data files hold, validated."""

    data: DataFile
    questions: tuple[QuestionFile, ...]

    def summary(self) -> str:
        d = self.data
        n = sum(len(f.questions) for f in self.questions)
        return (
            f"data OK: {len(d.comparisons)} comparisons, {len(d.facts)} fact lists, "
            f"{len(d.corrections)} corrections, {len(d.glossary)} glossary terms, "
            f"{len(d.retired)} retired or renamed, {len(d.aliases)} alias lists; "
            f"{n} questions in {len(self.questions)} files"
        )


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running it: `!ENV` gives its default, `!!python/...` None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    import os

    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    names = loader.construct_sequence(node)
    for name in names[:-1]:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


def read_config(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


@dataclass(frozen=True)
class Project:
    root: Path  # the folder of the configuration file
    docs_dir: Path
    site_dir: Path
    data_file: Path
    questions_dir: Path
    cache_dir: Path | None
    site_url: str = ""
    use_directory_urls: bool = True

    @classmethod
    def from_config(cls, conf: Mapping[str, Any], config_file: str | Path | None) -> Project:
        """From a loaded configuration (MkDocs' config, Zensical's or `read_config`'s)."""
        root = Path(config_file).resolve().parent if config_file else Path.cwd()
        extra = conf.get("extra") or {}
        saa = extra.get("saa") or {}
        if not isinstance(saa, Mapping):
            raise ConfigError("`extra.saa` must be a mapping of settings")
        unknown = sorted(set(saa) - set(DEFAULTS))
        if unknown:
            raise ConfigError(
                f"`extra.saa` has unknown setting(s) {', '.join(unknown)}; "
                f"the settings are {', '.join(DEFAULTS)}"
            )
        settings = {**DEFAULTS, **saa}

        def path(value: Any) -> Path:
            p = Path(str(value))
            return p if p.is_absolute() else root / p

        return cls(
            root=root,
            docs_dir=path(conf.get("docs_dir") or "docs"),
            site_dir=path(conf.get("site_dir") or "site"),
            data_file=path(settings["data"]),
            questions_dir=path(settings["questions"]),
            cache_dir=path(settings["cache_dir"]) if settings["cache_dir"] else None,
            site_url=str(conf.get("site_url") or ""),
            use_directory_urls=bool(conf.get("use_directory_urls", True)),
        )

    @classmethod
    def from_file(cls, path: Path) -> Project:
        return cls.from_config(read_config(path), path)

    def inputs_changed_at(self) -> float:
        """When the inputs that every page draws on last changed: the data file, the
        questions and the diagram sources (newest modification time, 0 if none)."""
        paths = [self.data_file, *self.questions_dir.glob("*.yml"), *self.docs_dir.rglob("*.d2")]
        return max((p.stat().st_mtime for p in paths if p.is_file()), default=0.0)

    def cache(self, kind: str) -> Path | None:
        """The cache folder of one kind of build output (`data`, `cheatsheets`...)."""
        return self.cache_dir / kind if self.cache_dir is not None else None

    @property
    def question_files(self) -> list[Path]:
        return sorted(self.questions_dir.glob("*.yml")) if self.questions_dir.is_dir() else []

    def load(self, cache: bool = True, docs: DocsIndex | None = None) -> Bundle:
        """Validate the data file and the question bank; DataError lists every problem.

        `docs`: the index of the pages the links are checked against, if one is at hand."""
        docs = docs or DocsIndex(self.docs_dir)
        errors: list[DataError] = []
        store = self.cache("data") if cache else None
        data = _check_file(self.data_file, DATA, docs, store, errors)
        questions = tuple(
            _check_file(p, QUESTIONS, docs, store, errors) for p in self.question_files
        )
        errors += _duplicate_question_ids(self.question_files, questions)
        if errors:
            raise DataError.merge(errors)
        return Bundle(data, questions)


def _code_key() -> str:
    """What the validation depends on besides the text: its code and the exam guide."""
    return cache.digest(
        sys.version,
        version("pydantic"),
        yaml.__version__,
        files=(PACKAGE / "models.py", PACKAGE / "loader.py", examguide.EXAM_GUIDE),
    )


def _check_file(
    path: Path, kind: Kind, docs: DocsIndex, cache_dir: Path | None, errors: list[DataError]
) -> Any:
    """One file validated (reusing an earlier validation of the same text), links checked."""
    from .loader import display_path

    text = path.read_text(encoding="utf-8")
    key = cache.digest(kind.name, text, _code_key())

    def compute() -> tuple[Any, list[Link]]:
        data, links, problems = check_text(text, kind)
        if problems or data is None:
            raise DataError(display_path(path), problems)
        return data, links

    try:
        data, links = cache.remember(cache_dir, kind.name, key, compute)
    except DataError as exc:
        errors.append(exc)
        return None
    problems = link_problems(links, docs)
    if problems:
        errors.append(DataError(display_path(path), problems))
    return data


def _duplicate_question_ids(
    paths: list[Path], files: tuple[QuestionFile | None, ...]
) -> list[DataError]:
    from .loader import display_path

    first: dict[str, str] = {}
    errors = []
    for path, qfile in zip(paths, files, strict=True):
        if qfile is None:
            continue
        problems = []
        for i, q in enumerate(qfile.questions):
            if q.id in first:
                problems.append(
                    Problem(
                        _id_line(path, q.id),
                        f"questions[{i}].id",
                        f"id `{q.id}` is already used in {first[q.id]}; give this one another id",
                    )
                )
            else:
                first[q.id] = display_path(path)
        if problems:
            errors.append(DataError(display_path(path), problems))
    return errors


def _id_line(path: Path, ident: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if line.strip().removeprefix("- ").strip() in (f"id: {ident}", f'id: "{ident}"'):
            return n
    return 1


# ---------------------------------------------------------------- one build


@dataclass
class SiteBuild:
    """The state of one site build, shared by the macros and the hooks.

    Made once per build configuration: MkDocs makes a new configuration object for each
    build (and each rebuild of `serve`), Zensical keeps one per process.
    """

    project: Project
    slots_on: bool = False  # the hooks put the macros' HTML into the page after Markdown
    slots: dict[str, list[str]] = field(default_factory=dict)  # page URL -> macro HTML
    pages: dict[str, Any] = field(default_factory=dict)  # src -> PageInfo, from the hooks

    @cached_property
    def bundle(self) -> Bundle:
        return _load(self.project, self.docs)

    @cached_property
    def docs(self) -> DocsIndex:
        return DocsIndex(self.project.docs_dir)

    @cached_property
    def compared_in(self) -> dict[str, list[tuple[str, str]]]:
        """Page -> (title, link) of each table and fact list whose rows or facts link it,
        linked where a page shows that table or list."""
        shown = self.docs.shown()
        data = self.bundle.data
        out: dict[str, list[tuple[str, str]]] = {}
        pairs = [(f"cmp-{c.id}", c.title, [r.page for r in c.rows]) for c in data.comparisons]
        pairs += [(f"facts-{f.id}", f.title, [i.page for i in f.items]) for f in data.facts]
        for ident, title, refs in pairs:
            if ident not in shown:
                continue
            for page in {ref.split("#", 1)[0] for ref in refs if ref}:
                entry = (title, shown[ident])
                if entry not in out.setdefault(page, []):
                    out[page].append(entry)
        return {page: sorted(entries) for page, entries in out.items()}

    @cached_property
    def search_terms(self) -> dict[str, list[str]]:
        """Page -> the words learners type for it: the data's aliases, and the old names of
        what was retired or renamed in favour of what the page teaches."""
        data = self.bundle.data
        out: dict[str, list[str]] = {}
        for page, terms in [(a.page, a.terms) for a in data.aliases] + [
            (r.page, [r.name]) for r in data.retired
        ]:
            words = out.setdefault(page.split("#", 1)[0], [])
            words += [t for t in terms if t not in words]
        return out

    @cached_property
    def cards(self) -> tuple[list[Any], list[Any]]:
        """The flashcards of the data, and the cells and facts skipped (studyguide/cards.py)."""
        from . import cards

        return cards.cards(self.bundle.data, self.docs.shown())

    def write_downloads(self, folder: str = "assets/flashcards") -> dict[str, int]:
        """The Anki package and the CSV, into the site; file name -> size in bytes."""
        from . import deck

        files = deck.downloads(self.cards[0], self.project.site_url, self.project.cache("decks"))
        return deck.write(files, self.project.site_dir / folder)

    @cached_property
    def _diagrams(self) -> dict[Path, Any]:
        """Every diagram under docs/, made in parallel when the first page asks for one."""
        from . import diagrams

        docs = self.project.docs_dir.resolve()
        sources = [p for p in docs.rglob("*.d2") if not p.is_relative_to(docs / diagrams.STYLE)]
        return diagrams.make_all(sources, docs, self.project.cache("diagrams"))

    def diagram(self, source: Path) -> Any:
        """The renderings of one diagram; DiagramError when it cannot be made."""
        from . import diagrams

        made = self._diagrams.get(source)
        if made is None:  # not under docs/ when the build started
            made = diagrams.make(
                source, self.project.docs_dir.resolve(), self.project.cache("diagrams")
            )
        if isinstance(made, Exception):
            raise made
        return made

    @classmethod
    def of(cls, conf: Mapping[str, Any]) -> SiteBuild:
        """The build that this configuration object belongs to."""
        config_file = conf.get("config_file_path") or conf.get("root_dir")
        if config_file and Path(config_file).is_dir():
            config_file = Path(config_file) / "mkdocs.yml"
        key = str(config_file)
        hit = _BUILDS.get(key)
        if hit is not None and hit[0] is conf:
            return hit[1]
        build = cls(Project.from_config(conf, config_file))
        _BUILDS[key] = (conf, build)
        return build


_BUILDS: dict[str, tuple[object, SiteBuild]] = {}
_LOADED: dict[tuple, Bundle] = {}


def _load(project: Project, docs: DocsIndex) -> Bundle:
    """Load once per process while the data files and pages are unchanged (for `serve`)."""
    inputs = [project.data_file, *project.question_files]
    stamp = (project, *((p, p.stat().st_mtime_ns) for p in inputs), _docs_stamp(project))
    if stamp not in _LOADED:
        _LOADED.clear()
        _LOADED[stamp] = project.load(docs=docs)
    return _LOADED[stamp]


def _docs_stamp(project: Project) -> int:
    return max((p.stat().st_mtime_ns for p in project.docs_dir.rglob("*.md")), default=0)
