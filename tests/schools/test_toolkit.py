"""The public toolkit with its uploads, asking for a session, and matching ambassadors to it."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.schools import matching
from portal.schools.models import Invitation, Resource, SchoolSession, SessionRequest
from tests.conftest import csrf_token_from, submit_form
from tests.schools.conftest import AmbassadorFactory, SchoolFactory, career, date_fields

TODAY = date.today()
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr({"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}[kind], "<x/>")
    return buffer.getvalue()


@pytest.fixture
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def upload(client, content: bytes, name: str, **fields):
    page = client.get("/staff/schools/toolkit/new")
    data = {"csrf_token": csrf_token_from(page.text), "title": "Careers in the NHS", "key_stages": ["ks3", "ks4"],
            "file": (io.BytesIO(content), name), **fields}  # fmt: skip
    return client.post("/staff/schools/toolkit/new", data=data, content_type="multipart/form-data")


@pytest.mark.parametrize(("name", "content"), [("lesson.pdf", PDF), ("plan.DOCX", office_file("docx")),
                                               ("slides.pptx", office_file("pptx"))])  # fmt: skip
def test_a_pdf_docx_or_pptx_is_kept_under_a_random_name_and_downloaded_safely(client, sign_in, uploads, name, content):
    sign_in("academy_staff")
    assert upload(client, content, name).status_code == 302
    resource = db.session.scalars(select(Resource)).one()
    assert resource.original_name == name and resource.stored_name != name
    assert (uploads / resource.stored_name).read_bytes() == content
    assert "static" not in str(uploads)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token_from(client.get("/staff/").text)})
    assert "Careers in the NHS" in client.get("/schools/").text
    response = client.get(f"/schools/resources/{resource.id}/file")
    assert response.data == content
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "The file must be a PDF, DOCX or PPTX"),
        ("page.html", b"<script>alert(1)</script>", "The file must be a PDF, DOCX or PPTX"),
        ("fake.pdf", b"<script>alert(1)</script>", "The file is not a real PDF file"),
        ("fake.docx", PDF, "The file is not a real DOCX file"),
        ("slides.pptx", office_file("docx"), "The file is not a real PPTX file"),
        ("empty.pdf", b"", "The file is empty"),
    ],
)
def test_other_files_are_refused_and_not_kept(client, sign_in, uploads, name, content, message):
    sign_in("academy_staff")
    response = upload(client, content, name)
    assert response.status_code == 200 and message in response.text
    assert db.session.scalars(select(Resource)).all() == []
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_file_over_the_size_limit_is_refused(client, sign_in, uploads, app):
    sign_in("academy_staff")
    app.config["UPLOAD_MAX_BYTES"] = 1024
    response = upload(client, PDF + b"0" * 2000, "big.pdf")
    assert "The file must be smaller than" in response.text
    assert db.session.scalars(select(Resource)).all() == []


def test_a_request_larger_than_the_server_takes_gets_the_413_page(client, sign_in, uploads, app):
    sign_in("academy_staff")
    app.config["MAX_CONTENT_LENGTH"] = 4096
    response = upload(client, PDF + b"0" * 8000, "big.pdf")
    assert response.status_code == 413
    assert "too large" in response.text


def test_a_resource_can_be_a_link(client, sign_in):
    sign_in("academy_staff")
    response = submit_form(client, "/staff/schools/toolkit/new",
                           {"title": "Step into the NHS", "key_stages": ["ks4"], "url": "https://www.example.org/step"})  # fmt: skip
    assert response.status_code == 302
    assert 'href="https://www.example.org/step"' in client.get("/schools/?key_stage=ks4").text
    assert "Step into the NHS" not in client.get("/schools/?key_stage=ks2").text


def test_a_resource_needs_a_link_or_a_file(client, sign_in):
    sign_in("academy_staff")
    response = submit_form(client, "/staff/schools/toolkit/new", {"title": "Nothing", "key_stages": ["ks4"]})
    assert "Enter a link or upload a file" in response.text


# ---------------------------------------------------------------- requests and matching


def request_data(**overrides):
    data = {"school_name": "Eastmoor Academy", "urn": "136512", "contact_name": "Ms Teacher",
            "contact_email": "careers@eastmoor.example", "activity": "meet_a_professional", "year_groups": ["9", "10"],
            **date_fields("preferred_date", TODAY + timedelta(days=20)), "format": "in_person"}  # fmt: skip
    data.update(overrides)
    return data


def test_a_school_requests_a_session_and_it_lands_in_the_staff_queue(client, sign_in):
    school = SchoolFactory(urn="136512")
    response = submit_form(client, "/schools/request-a-session", request_data())
    assert response.status_code == 302
    assert "Request sent" in client.get(response.headers["Location"]).text
    request_row = db.session.scalars(select(SessionRequest)).one()
    assert (request_row.school_id, request_row.year_group_list, request_row.status) == (school.id, ["9", "10"], "new")
    sign_in("academy_staff")
    assert "Eastmoor Academy" in client.get("/staff/schools/requests").text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"urn": "12345"}, "Enter the 6-digit URN"),
        ({"year_groups": []}, "Choose at least one year group"),
        (date_fields("preferred_date", TODAY - timedelta(days=1)), "must be today or in the future"),
        ({"contact_email": "not-an-email"}, "Enter an email address like"),
    ],
)
def test_a_request_with_bad_input_is_not_sent(client, overrides, message):
    response = submit_form(client, "/schools/request-a-session", request_data(**overrides))
    assert message in response.text
    assert db.session.scalars(select(SessionRequest)).all() == []


@pytest.mark.db
def test_matching_suggests_active_dbs_current_available_ambassadors_whose_profession_fits(client, sign_in, catalogue):
    user = sign_in("academy_staff")
    paramedic, physio = career("paramedic"), career("physiotherapist")
    school = SchoolFactory()
    when = TODAY + timedelta(days=20)
    request_row = matching.create_request({**{k: v for k, v in request_data().items() if "[" not in k},
                                           "year_groups": "|9|10|", "preferred_date": when, "school_id": school.id,
                                           "family_id": paramedic.family_id})  # fmt: skip
    fits = AmbassadorFactory(name="Fits", career_id=paramedic.id)
    AmbassadorFactory(name="Inactive", career_id=paramedic.id, active=False)
    AmbassadorFactory(name="Old DBS", career_id=paramedic.id, dbs_checked_on=when - timedelta(days=3 * 365 + 5))
    AmbassadorFactory(name="No DBS", career_id=paramedic.id, dbs_checked_on=None)
    AmbassadorFactory(name="Virtual only", career_id=paramedic.id, formats="|virtual|")
    other_family = AmbassadorFactory(name="Other family", career_id=career("dentist").id)
    if physio.family_id == paramedic.family_id:
        AmbassadorFactory(name="Same family", career_id=physio.id)
    suggested = [a.name for a in matching.suggest_ambassadors(request_row)]
    assert "Fits" in suggested
    assert not {"Inactive", "Old DBS", "No DBS", "Virtual only", "Other family"} & set(suggested)

    url = f"/staff/schools/requests/{request_row.id}"
    page = client.get(url).text
    response = client.post(
        f"{url}/invite", data={"csrf_token": csrf_token_from(page), "ambassadors": [str(fits.id), str(other_family.id)]}
    )
    assert response.status_code == 302
    invitation = db.session.scalars(select(Invitation)).one()  # someone who does not fit is not invited
    assert invitation.ambassador_id == fits.id
    client.post(f"{url}/invitations/{invitation.id}/accepted", data={"csrf_token": csrf_token_from(page)})
    db.session.refresh(request_row)
    assert request_row.status == "arranged"

    # Logging the session from the request puts the accepted ambassador on it.
    form = client.get(f"/staff/schools/sessions/new?request={request_row.id}").text
    assert f'value="{fits.id}" checked' in form
    response = client.post(f"/staff/schools/sessions/new?request={request_row.id}", data={
        "csrf_token": csrf_token_from(form), "school_id": str(school.id), **date_fields("held_on", TODAY),
        "activity": "meet_a_professional", "format": "in_person", "year_groups": ["9", "10"], "pupils_reached": "60",
        "ambassadors": [str(fits.id)], f"hours-{fits.id}": "2"})  # fmt: skip
    assert response.status_code == 302
    session_row = db.session.scalars(select(SchoolSession)).one()
    assert [a.ambassador_id for a in session_row.ambassadors] == [fits.id]
    db.session.refresh(request_row)
    assert (request_row.status, request_row.session_id) == ("delivered", session_row.id)
    assert user.id == session_row.created_by_id
