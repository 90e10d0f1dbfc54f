"""Every marked string has a translation in every language (Ukrainian, Arabic, Dari, Pashto), and
no translation drops or renames a placeholder. Run `flask translate update` and fill the gaps."""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            "portal",
            "templates",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {
            message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle) if message.id
        }


def catalogue(locale):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_there_are_strings_to_translate(extracted):
    assert len(extracted) > 100


@pytest.mark.parametrize("locale", ["ar", "uk", "fa_AF", "ps"])
def test_every_string_is_translated(extracted, locale):
    translated = {}
    for message in catalogue(locale):
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated[key] = all(strings) and not message.fuzzy
    missing = sorted(msgid for msgid in extracted if not translated.get(msgid))
    assert missing == [], f"{locale} lacks {len(missing)} translations, e.g. {missing[:5]} (run flask translate update)"


@pytest.mark.parametrize("locale", ["ar", "uk", "fa_AF", "ps"])
def test_translations_keep_their_placeholders(locale):
    for message in catalogue(locale):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if text:
                assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), (locale, source)
