"""The wheel works on its own: built from this checkout, installed into a fresh virtual environment
outside it, and run from there on the command line as a user would (issue 10).

Built once for the module with ``python -m build`` (the sdist, then the wheel from the sdist, as a
release is made). The new environment is made without pip and gets the wheel with ``--no-deps``;
the dependencies come from this environment's site-packages, named in a ``.pth`` file written
after the install (so pip cannot take this environment's cspkit for the wheel's). A ``.pth`` line
only adds a folder: the editable install's own ``.pth`` there is not read, so this checkout's
``src`` stays out of the new environment's path (checked). Every command runs with its working
directory, data folder (``CSPKIT_HOME``) and store (``CSPKIT_STORE``) in a temporary folder.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.slow, pytest.mark.wheel]

CHECKOUT = Path(__file__).resolve().parents[2]
PACKAGE = CHECKOUT / "src" / "cspkit"
DEMO_AREA, DEMO_YEAR = "E07000999", "2022/23"  # the borough `cspkit demo` makes (README)
PLAN = "June 2021 Update"
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def run(command: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; its output, or a failure showing the command and all it printed."""
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    shown = " ".join(str(c) for c in command)
    assert done.returncode == 0, f"`{shown}` exited {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


def clean_env() -> dict[str, str]:
    """This process's environment without what points at this checkout or this test run (a
    ``PYTHONPATH`` to ``src``, whose ``cspkit.egg-info`` pip would take for an installed cspkit)."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("CSPKIT_")}


@dataclass(frozen=True)
class Built:
    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class Installed:
    venv: Path
    package: Path
    """The installed ``cspkit`` folder."""

    def env(self, home: Path, **extra: str) -> dict[str, str]:
        """The environment of a user of the new venv, its data in ``home``."""
        env = clean_env()
        env.update(
            PATH=f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            VIRTUAL_ENV=str(self.venv),
            CSPKIT_HOME=str(home / "home"),
            CSPKIT_STORE=str(home / "store"),
            **extra,
        )
        return env

    def cspkit(self, home: Path, *args: str | Path, **extra: str) -> str:
        """Run the installed ``cspkit`` command in ``home`` (its working directory and data)."""
        return run([self.venv / "bin" / "cspkit", *args], cwd=home, env=self.env(home, **extra))

    def python(self, home: Path, code: str) -> str:
        return run([self.venv / "bin" / "python", "-c", code], cwd=home, env=self.env(home))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, CHECKOUT], cwd=out)
    (wheel,) = out.glob("cspkit-*.whl")
    (sdist,) = out.glob("cspkit-*.tar.gz")
    return Built(wheel, sdist)


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
         "--no-index", built.wheel], cwd=venv, env=clean_env())
    site = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
               cwd=venv).strip()
    Path(site, "cspkit-test-dependencies.pth").write_text(
        "".join(f"{p}\n" for p in dependency_dirs())
    )
    where = tmp_path_factory.mktemp("where")
    package = Installed(venv, venv).python(where, "import cspkit; print(cspkit.__file__)")
    return Installed(venv, Path(package.strip()).parent)


def dependency_dirs() -> list[str]:
    """This environment's site-packages, where the new one finds cspkit's dependencies."""
    return sorted({sysconfig.get_paths()[key] for key in ("purelib", "platlib")})


def package_files() -> set[str]:
    """Every file under ``src/cspkit`` as the wheel names it (``cspkit/...``), caches aside."""
    return {
        p.relative_to(PACKAGE.parent).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_the_wheel_and_the_sdist_hold_every_file_of_the_package(built: Built) -> None:
    in_wheel = set(zipfile.ZipFile(built.wheel).namelist())
    assert sorted(package_files() - in_wheel) == [], "files under src/cspkit not in the wheel"
    assert [n for n in in_wheel if "__pycache__" in n or n.endswith(".pyc")] == []
    with tarfile.open(built.sdist) as sdist:  # cspkit-0.1.0/src/cspkit/...
        in_sdist = {n.split("/", 2)[-1] for n in sdist.getnames() if "/src/" in n}
    assert sorted(package_files() - in_sdist) == [], "files under src/cspkit not in the sdist"


def test_the_new_environment_runs_the_wheel_not_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    assert not installed.venv.resolve().is_relative_to(CHECKOUT)
    assert installed.package.resolve().is_relative_to(installed.venv.resolve())
    paths = json.loads(installed.python(tmp_path, "import json, sys; print(json.dumps(sys.path))"))
    # nothing of the checkout but the dependencies' folder (its .venv, in a checkout's CI)
    from_checkout = [p for p in paths if p and Path(p).resolve().is_relative_to(CHECKOUT)]
    assert sorted(set(from_checkout) - set(dependency_dirs())) == []
    # and no other cspkit: not a checkout's src, not an editable install's
    holders = [Path(p).resolve() for p in paths if p and Path(p, "cspkit", "__init__.py").is_file()]
    assert holders == [installed.package.parent.resolve()]
    assert installed.cspkit(tmp_path, "--version").split()[-1] == "0.1.0"


def test_the_demo_borough_and_its_assessment_as_html_pdf_and_word(
    installed: Installed, tmp_path: Path
) -> None:
    said = installed.cspkit(tmp_path, "demo")
    assert "Castlebridge" in said and "Web app database: sqlite" in said, said
    # no --config: the default themes ship in the package
    said = installed.cspkit(tmp_path, "assess", "--area", DEMO_AREA, "--year", DEMO_YEAR,
                            "--format", "html,pdf,docx", "--out", "reports")
    written = {p.suffix: p for p in (tmp_path / "reports").iterdir()}
    assert sorted(written) == [".docx", ".html", ".pdf"], said
    html = written[".html"].read_text(encoding="utf-8")
    assert re.search(r"<style>[^<]{1000,}</style>", html), "the report's stylesheet is not inlined"
    assert missing_references(written[".html"]) == []
    pdf = pdf_text(written[".pdf"], min_pages=10)
    assert "Executive summary" in pdf and "Castlebridge" in pdf
    word = docx.Document(str(written[".docx"]))
    headings = [p.text for p in word.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert "Executive summary" in headings, headings
    assert len(word.inline_shapes) >= 5  # the charts and maps


def test_a_partnership_imported_and_its_plan_written_as_pdf_and_word(
    installed: Installed, tmp_path: Path
) -> None:
    said = installed.cspkit(tmp_path, "import", CHECKOUT / "examples" / "maidstone.yaml")
    assert "Imported Safer Maidstone Partnership (maidstone)" in said
    installed.cspkit(tmp_path, "manage", "createsuperuser", "--noinput", "--username", "officer",
                     "--email", "officer@example.org",
                     DJANGO_SUPERUSER_PASSWORD="a long pass phrase for the test")
    installed.cspkit(tmp_path, "plan", "start", "maidstone", PLAN, "--year", "2021/22",
                     CSPKIT_USER="officer")
    (texts,) = installed.package.rglob("maidstone-june-2021.yaml")  # shipped in the package
    said = installed.cspkit(tmp_path, "plan", "texts", "maidstone", PLAN, texts,
                            CSPKIT_USER="officer")
    assert re.match(r"Set [1-9]\d* texts", said), said
    for name in ("plan.pdf", "plan.docx"):
        installed.cspkit(tmp_path, "plan", "document", "maidstone", PLAN, "-o", name)
    pdf = pdf_text(tmp_path / "plan.pdf", min_pages=5)
    assert "Safer Maidstone Partnership" in pdf and "Community Safety Partnership Plan" in pdf
    word = "\n".join(p.text for p in docx.Document(str(tmp_path / "plan.docx")).paragraphs)
    assert "Safer Maidstone Partnership" in word and "Community Safety Partnership Plan" in word


def test_the_web_app_serves_its_styles_and_scripts_from_the_installed_package(
    installed: Installed, tmp_path: Path
) -> None:
    wanted = ["cspkit/cspkit.css", "govuk/govuk-frontend.min.js", "cspkit/favicon.svg"]
    found = find_static(installed, tmp_path, wanted)
    css = found["cspkit/cspkit.css"].read_text(encoding="utf-8")
    assert ".govuk-header" in css and "GDS Transport" not in css
    # every file the stylesheet refers to (GOV.UK Frontend's images), beside it as /static/ has it
    refs = sorted({posixpath.normpath(f"cspkit/{m[1]}") for m in CSS_URL.findall(css)
                   if not m[1].startswith(("data:", "#"))})
    assert refs, "the stylesheet refers to no file: is it GOV.UK Frontend's?"
    find_static(installed, tmp_path, refs)
    # production: collectstatic hashes the files, fails on a reference it cannot find and
    # rewrites the stylesheet's to the hashed names (Django's admin files left out: not ours)
    installed.cspkit(tmp_path, "manage", "collectstatic", "--noinput", "--ignore", "admin",
                     DJANGO_SETTINGS_MODULE="cspkit.djangoproject.production",
                     CSPKIT_SECRET_KEY="a-secret-for-this-test-only-" + "x" * 40)
    static = tmp_path / "home" / "static"
    hashed = json.loads((static / "staticfiles.json").read_text())["paths"]
    assert set(wanted + refs) <= set(hashed), sorted(hashed)
    collected_css = (static / hashed["cspkit/cspkit.css"]).read_text(encoding="utf-8")
    assert all(posixpath.basename(hashed[ref]) in collected_css for ref in refs)


def find_static(installed: Installed, home: Path, names: list[str]) -> dict[str, Path]:
    """Where Django's ``findstatic`` finds each file; each must be in the installed package."""
    said = installed.cspkit(home, "manage", "findstatic", "--first", *names)
    found = dict(zip(re.findall(r"Found '([^']+)' here:", said),
                     (Path(p) for p in re.findall(r"^\s+(/\S.*)$", said, re.M)), strict=True))
    assert sorted(found) == sorted(names), (
        f"{said}\nnot found: {sorted(set(names) - set(found))}; a wheel carries the web app's "
        "front end when it is built after scripts/bootstrap (npm run build)"
    )
    outside = {n: p for n, p in found.items() if not p.is_relative_to(installed.package)}
    assert outside == {}, "served from outside the installed package"
    return found


def pdf_text(path: Path, *, min_pages: int) -> str:
    reader = PdfReader(path)
    assert len(reader.pages) >= min_pages, f"{path.name}: {len(reader.pages)} pages"
    return "\n".join(page.extract_text() or "" for page in reader.pages)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in ("href", "src", "xlink:href") and value:
                self.refs.append(value)


def missing_references(page: Path) -> list[str]:
    """Links, images and CSS ``url()``s of an HTML file that lead nowhere: a file beside it that
    is not there, or ``#id`` with no such element."""
    text = page.read_text(encoding="utf-8")
    parser = _References()
    parser.feed(text)
    refs = parser.refs + [m[1] for m in CSS_URL.findall(text)]

    def missing() -> Iterator[str]:
        for ref in refs:
            if ref.startswith(("data:", "http://", "https://", "mailto:")):
                continue
            if ref.startswith("#"):
                if ref[1:] not in parser.ids:
                    yield ref
            elif not (page.parent / ref.split("#")[0]).exists():
                yield ref

    return sorted(set(missing()))
