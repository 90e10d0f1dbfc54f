"""The import upload's limit is one setting, IMPORT_MAX_BYTES, honoured by the request-size check
that runs before any view: an import bigger than MAX_CONTENT_LENGTH but within IMPORT_MAX_BYTES is
read, one over it gets a 413 page that says the limit. Other pages keep MAX_CONTENT_LENGTH."""

import io

from tests.conftest import csrf_token_from
from tests.imports.test_imports import PEOPLE, upload

MB = 1024 * 1024


def padded(size: int) -> str:
    """The people file, made ``size`` bytes long with blank lines (which the import skips)."""
    return PEOPLE + "\n" * (size - len(PEOPLE))


def limits(app, *, request_mb, import_mb):
    app.config["MAX_CONTENT_LENGTH"] = request_mb * MB
    app.config["IMPORT_MAX_BYTES"] = import_mb * MB


def test_an_import_over_the_general_limit_but_within_its_own_is_read(app, client, sign_in):
    sign_in("manager")
    limits(app, request_mb=1, import_mb=3)
    page = upload(client, "people", padded(2 * MB))
    assert page.status_code == 200, page.status_code
    assert "too large" not in page.text


def test_the_import_page_says_its_limit(app, client, sign_in):
    sign_in("manager")
    assert "The file can be up to 200 MB." in client.get("/staff/imports/people").text
    limits(app, request_mb=1, import_mb=3)
    assert "The file can be up to 3 MB." in client.get("/staff/imports/people").text


def test_an_import_over_its_limit_is_refused_with_the_limit_named(app, client, sign_in):
    sign_in("manager")
    limits(app, request_mb=1, import_mb=3)
    page = upload(client, "people", padded(4 * MB))
    assert page.status_code == 413
    assert "The file is larger than 3 MB, the most this page accepts." in page.text


def test_other_uploads_keep_the_general_limit(app, client, sign_in):
    sign_in("academy_staff")
    limits(app, request_mb=1, import_mb=3)
    url = "/staff/schools/toolkit/new"
    form = client.get(url)
    page = client.post(
        url,
        data={"csrf_token": csrf_token_from(form.text), "file": (io.BytesIO(b"x" * (2 * MB)), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 413
    assert "The file is larger than 1 MB" in page.text
