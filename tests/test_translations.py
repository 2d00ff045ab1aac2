"""The translation catalogues under locale/: each compiles, its committed .mo matches its .po, the complete
catalogues (French first: it is the site's language) hold every msgid of the source, none untranslated or
fuzzy, every translation keeps the placeholders and the HTML tags of its msgid, and pages really speak the
language asked for — including the reason Placette writes on a proposal's timeline when the debate
phase opens.

Refresh after changing strings: PLACETTE_DEBUG=true .venv/bin/python manage.py makemessages -l fr -l nl -l de
-l en --ignore=.venv --ignore=staticfiles --ignore=var --ignore=tests --no-obsolete, translate, then
manage.py compilemessages --ignore=.venv.

The .po files are read with the small parser below (polib is not a dependency); the .mo files with Python's
`gettext`."""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# What `makemessages` skips (the --ignore options of the command in the module docstring).
EXTRACTION_IGNORED = [".venv", "staticfiles", "var", "tests", "node_modules"]
# Catalogues that must translate every msgid. English needs none: the msgids are English.
COMPLETE_LANGUAGES = ["fr", "nl", "de"]

PYTHON_FORMAT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
BRACE_FORMAT = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
HTML_ATTRIBUTE = re.compile(r"""\b(href|id|class)="([^"]*)\"""")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[index] for index in sorted(self.msgstr)]

    @property
    def is_translated(self) -> bool:
        return bool(self.msgstr) and all(self.translations)

    def source_for(self, index: int) -> str:
        """The msgid a translation form must match: the singular for form 0, the plural for the others."""
        return self.msgid if index == 0 or self.msgid_plural is None else self.msgid_plural


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header included (msgid ""), in file order."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            finish()
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line):
            keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword == "msgstr":
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = value
            else:
                target = (keyword, None)
                setattr(current, keyword, value)
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target[0] == "msgstr":
                current.msgstr[target[1]] += value
            else:
                setattr(current, target[0], getattr(current, target[0]) + value)
        else:
            raise ValueError(f"{path}:{number}: cannot read {line!r}")
    finish()
    return entries


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def messages_of(path: Path) -> list[Entry]:
    """The entries of a .po file, header and obsolete entries left out."""
    return [entry for entry in parse_po(path) if entry.msgid and not entry.obsolete]


def messages(language: str) -> list[Entry]:
    return messages_of(po_path(language))


def describe(language: str, entry: Entry) -> str:
    return f"{po_path(language).relative_to(LOCALE_DIR.parent)}:{entry.line} {entry.msgid!r}"


def placeholders(text: str) -> list[str]:
    return sorted(
        PYTHON_FORMAT.findall(text.replace("%%", "")) + [f"{{{name}}}" for name in BRACE_FORMAT.findall(text)]
    )


def markup(text: str) -> list[str]:
    return sorted(HTML_TAG.findall(text)) + sorted(HTML_ATTRIBUTE.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_of_the_site_has_a_catalogue_and_its_compiled_file(language):
    assert po_path(language).is_file()
    assert po_path(language).with_suffix(".mo").is_file()


@pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt: apt-get install gettext"
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_compiles_with_msgfmt_checks(language, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file", str(tmp_path / "django.mo"), str(po_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_current_po_file(language):
    """Run `manage.py compilemessages` after editing a .po: Django reads only the .mo."""
    with po_path(language).with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)._catalog
    expected = {}
    for entry in messages(language):
        if "fuzzy" in entry.flags or not entry.is_translated:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr[0]
        else:
            expected.update({(key, index): text for index, text in entry.msgstr.items()})

    assert {key: value for key, value in compiled.items() if key != ""} == expected


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext: apt-get install gettext")
def test_the_catalogues_hold_every_msgid_of_the_source(settings, tmp_path, monkeypatch):
    """Extracts the msgids again from a copy of the project (makemessages writes into any `locale` folder it
    walks through, so never in place) and finds them all in locale/: run `makemessages` after adding a
    string."""
    source = tmp_path / "source"
    skipped = {*EXTRACTION_IGNORED, "locale", ".git"}
    for item in Path(settings.BASE_DIR).iterdir():
        if item.name in skipped or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, source / item.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(item, source / item.name)
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command(
        "makemessages", locale=["fr"], ignore_patterns=EXTRACTION_IGNORED, no_obsolete=True, verbosity=0
    )
    extracted = {
        (entry.msgctxt, entry.msgid) for entry in messages_of(source / "locale/fr/LC_MESSAGES/django.po")
    }
    catalogued = {(entry.msgctxt, entry.msgid) for entry in messages("fr")}

    assert sorted(extracted - catalogued, key=str) == []


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_the_catalogue_translates_every_msgid(language):
    untranslated = [describe(language, entry) for entry in messages(language) if not entry.is_translated]

    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_has_a_fuzzy_entry(language):
    """A fuzzy entry is ignored by msgfmt: the page would silently show the English msgid. The header counts
    too: a fuzzy header would drop the plural rule."""
    fuzzy = [describe(language, entry) for entry in parse_po(po_path(language)) if "fuzzy" in entry.flags]

    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_msgid(language):
    wrong = [
        (describe(language, entry), index, text)
        for entry in messages(language)
        for index, text in entry.msgstr.items()
        if text and placeholders(text) != placeholders(entry.source_for(index))
    ]

    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_html_tags_and_links_of_their_msgid(language):
    wrong = [
        (describe(language, entry), index, text)
        for entry in messages(language)
        for index, text in entry.msgstr.items()
        if text and markup(text) != markup(entry.source_for(index))
    ]

    assert wrong == []


def test_python_format_strings_are_flagged_so_msgfmt_checks_them():
    unflagged = [
        describe("fr", entry)
        for entry in messages("fr")
        if re.search(r"%\(\w+\)[sd]", entry.msgid) and "python-format" not in entry.flags
    ]

    assert unflagged == []


@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("fr", "Plural-Forms: nplurals=2; plural=(n > 1);"),
        ("nl", "Plural-Forms: nplurals=2; plural=(n != 1);"),
        ("de", "Plural-Forms: nplurals=2; plural=(n != 1);"),
        ("en", "Plural-Forms: nplurals=2; plural=(n != 1);"),
    ],
)
def test_the_catalogue_header_names_its_language_and_plural_rule(language, header):
    entries = parse_po(po_path(language))
    headers = entries[0].msgstr[0].splitlines()

    assert (entries[0].msgid, f"Language: {language}" in headers, header in headers) == ("", True, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        (
            "fr",
            ['<html lang="fr">', "Processus participatifs", "Aller au contenu principal"],
            "Skip to main content",
        ),
        ("nl", ['<html lang="nl">', "Participatietrajecten", "Naar de hoofdinhoud"], "Skip to main content"),
        (
            "de",
            ['<html lang="de">', "Beteiligungsverfahren", "Zum Hauptinhalt springen"],
            "Skip to main content",
        ),
        ("en", ['<html lang="en">', "Participatory processes", "Skip to main content"], "Aller au contenu"),
    ],
)
def test_the_home_page_speaks_the_language_chosen_with_the_language_cookie(
    client, language, expected, absent
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get("/").content.decode()

    assert ([text for text in expected if text in html], absent in html) == (expected, False)


@pytest.mark.django_db
def test_a_visitor_without_any_language_preference_gets_the_french_site(client):
    html = client.get("/").content.decode()

    assert ('<html lang="fr">' in html, "Processus participatifs" in html) == (True, True)


@pytest.mark.django_db
def test_plural_forms_follow_the_french_rule_on_a_page(client):
    """French uses the singular for 0 and 1 (plural=(n > 1)): "0 proposition", not "0 propositions"."""
    from tests.factories import ProcessFactory

    process = ProcessFactory(with_phase="submission")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    html = client.get(reverse("process_detail", kwargs={"slug": process.slug})).content.decode()

    assert (
        re.findall(r"\b0\s+(propositions?)\b", html),
        "Aucune proposition n’a encore été déposée." in html,
    ) == (["proposition"], True)


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--no-progress", stdout=StringIO())


def debate_opening_transition():
    from participation.models import ProposalTransition

    return (
        ProposalTransition.objects.filter(actor=None, name="open_debate", proposal__hidden_at=None)
        .select_related("proposal__process")
        .order_by("pk")
        .first()
    )


def test_the_demo_shows_the_debate_opening_reason_in_french_on_the_proposal_page(demo, client):
    transition = debate_opening_transition()
    proposal = transition.proposal
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    html = client.get(reverse("proposal_detail", kwargs={"slug": proposal.process.slug, "pk": proposal.pk}))
    html = html.content.decode()

    assert ("La phase de débat a commencé." in html, "The debate phase opened." in html) == (True, False)


def test_the_debate_opening_reason_follows_the_viewer_language(demo, client):
    transition = debate_opening_transition()
    proposal = transition.proposal
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("proposal_detail", kwargs={"slug": proposal.process.slug, "pk": proposal.pk}))

    assert "The debate phase opened." in html.content.decode()
