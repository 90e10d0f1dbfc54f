"""A person's pages (search, their record and story, their rights) and held intakes: staff compare
what a visitor typed with the people it could be, and say who it is."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import services as audit
from portal.auth import permissions
from portal.auth.access import can_access
from portal.extensions import db
from portal.i18n import language_words
from portal.people import consent, matching, merging, rights, services
from portal.people import intake as intakes
from portal.people.blueprint import bp
from portal.people.choices import CONTACT_BY, INTAKE_KINDS
from portal.people.forms import (
    FIELD_LABELS,
    EqualityForm,
    EraseForm,
    LinkIntakeForm,
    NewPersonForm,
    UnmergeForm,
    WithdrawConsentForm,
)
from portal.people.intake import checkable_kinds
from portal.people.models import Intake
from portal.people.reasons import reason_labels
from portal.pipeline.choices import ETHNIC_CATEGORIES, ROUTES, STAGE_LABELS
from portal.ui.forms import PeopleSearchForm, remembered_search
from portal.ui.pagination import paginate


def _intake_or_404(intake_id: int) -> Intake:
    row = db.get_or_404(Intake, intake_id)
    if row.kind not in checkable_kinds(current_user):
        abort(404)
    return row


@bp.get("/intakes")
def list_intakes():
    page = paginate(intakes.held_intakes(checkable_kinds(current_user)), per_page=25)
    return render_template("people/intake_list.html", page=page, kinds=INTAKE_KINDS)


def _shown(row, name: str) -> str:
    value = getattr(row, name)
    if value in (None, ""):
        return "–"
    if name == "date_of_birth":
        return value.strftime("%d/%m/%Y")
    if name == "route":
        return str(ROUTES.get(value, value))
    if name == "contact_by":
        return str(CONTACT_BY.get(value, value))
    if name == "preferred_language":
        return current_app.config["LANGUAGES"].get(value, (None, value))[1]
    return str(value)


def _link_form(row: Intake, person, show_equality: bool, formdata=None) -> LinkIntakeForm:
    form = LinkIntakeForm(formdata=formdata, person_ref=person.person_ref)
    form.fields.choices = [
        (name, _("%(field)s: use “%(typed)s”", field=FIELD_LABELS[name], typed=_shown(row, name)))
        for name in intakes.differences(row, person)
    ]
    form.equality_fields.choices = (
        [(name, _equality_answer(name, value)) for name, value in (row.equality or {}).items()] if show_equality else []
    )
    return form


def _equality_answer(name: str, value: str) -> str:
    """An equality answer in the words the person was asked, e.g. "What is your sex? Female"."""
    field = EqualityForm(formdata=None, meta={"csrf": False})[name]
    answer = {str(choice.value): str(choice.label) for choice in field.choices}.get(value, value)
    return f"{field.label.text} {answer}"


def _page(row: Intake, forms: dict | None = None, status: int = 200):
    show_equality = permissions.can(current_user, "equality")
    people = intakes.candidates(row) if row.held else []
    audit.record("view", "intake", row.reference)
    for person in people:
        audit.record("view", "person", person.person_ref, detail=f"compared with {row.reference}")
    forms = forms or {}
    comparisons = [
        (person, forms.get(person.person_ref) or _link_form(row, person, show_equality), matching.score(row, person))
        for person in people
    ]
    return render_template(
        "people/intake_detail.html",
        intake=row,
        comparisons=comparisons,
        new_form=NewPersonForm(formdata=None),
        field_labels=FIELD_LABELS,
        shown=_shown,
        show_equality=show_equality,
        kinds=INTAKE_KINDS,
        may_separate=row.kind not in intakes.UPDATE_KINDS,
        reason_labels=reason_labels,
    ), status


@bp.get("/intakes/<int:intake_id>")
def view_intake(intake_id: int):
    return _page(_intake_or_404(intake_id))


@bp.post("/intakes/<int:intake_id>/link")
def link_intake(intake_id: int):
    row = _intake_or_404(intake_id)
    posted = LinkIntakeForm()
    person = next((p for p in intakes.candidates(row) if p.person_ref == posted.person_ref.data), None)
    if person is None or not row.held:
        flash(
            _("Someone has already checked who this is.")
            if not row.held
            else _("Choose one of the people it could be."),
            "error",
        )
        return redirect(url_for("people.view_intake", intake_id=row.id))
    form = _link_form(row, person, permissions.can(current_user, "equality"), formdata=request.form)
    if not form.validate():
        return _page(row, {person.person_ref: form}, 400)
    try:
        intakes.link(
            row, person, current_user, fields=form.fields.data or [], equality_fields=form.equality_fields.data or []
        )
    except intakes.IntakeError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("people.view_intake", intake_id=row.id))
    flash(_("%(reference)s is now part of %(person)s's record.", reference=row.reference, person=person.person_ref))
    return redirect(url_for("people.list_intakes"))


@bp.post("/intakes/<int:intake_id>/new-person")
def separate_intake(intake_id: int):
    row = _intake_or_404(intake_id)
    if not NewPersonForm().validate_on_submit():
        abort(400)
    try:
        person = intakes.create_separate(row, current_user)
    except intakes.IntakeError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("people.view_intake", intake_id=row.id))
    flash(_("%(reference)s is a new person: %(person)s.", reference=row.reference, person=person.person_ref))
    return redirect(url_for("people.list_intakes"))


# ---------------------------------------------------------------- a person's pages


@bp.route("/", methods=["GET", "POST"])
def list_people():
    search, posted = remembered_search("people")
    if posted:
        return redirect(url_for("people.list_people"))
    search_form = PeopleSearchForm(q=search)
    page = paginate(services.people(search), per_page=25)
    restricted = services.restricted_people(current_user, {person.id for person in page.items})
    if search:
        audit.record("search", "person", detail=f"{page.total} found")
    return render_template(
        "people/person_list.html",
        page=page,
        search_form=search_form,
        routes=ROUTES,
        restricted=restricted,
        no_contact=consent.withdrawn_among(person.id for person in page.items),
    )


EQUALITY_SHOWN = ("sex", "ethnic_category", "disability", "care_experienced", "refugee_background")


def _equality_words(profile) -> dict[str, str]:
    """The person's equality answers as the words they chose, not the codes kept."""
    if profile is None:
        return {}
    form = EqualityForm(formdata=None, meta={"csrf": False})
    words = {}
    for name in EQUALITY_SHOWN:
        value = getattr(profile, name, None)
        if not value:
            words[name] = "–"
            continue
        labels = {str(choice.value): str(choice.label) for choice in form[name].choices} if name in form else {}
        if name == "ethnic_category":
            labels |= {code: str(label) for code, (_group, label) in ETHNIC_CATEGORIES.items()}
        words[name] = labels.get(value, value)
    return words


@bp.get("/<person_ref>")
def view_person(person_ref: str):
    person = services.find_person(person_ref)
    if person is None:
        abort(404)
    if person.person_ref != person_ref:
        # A merged record's old reference: the person it was merged into.
        return redirect(url_for("people.view_person", person_ref=person.person_ref))
    audit.record("view", "person", person.person_ref)
    restricted = services.is_restricted(person, current_user)
    if restricted:
        # The person is shown; the restricted part of their record is not, and the refusal is kept.
        audit.record("refused", "person", person.person_ref, detail="restricted")
    merges = merging.merges_into(person)
    # Special-category answers: only the roles the matrix lets read the equality area.
    show_equality = permissions.can(current_user, "equality")
    return render_template(
        "people/person_detail.html",
        person=person,
        restricted=restricted,
        timeline=services.person_timeline(person, current_user),
        routes=ROUTES,
        stage_labels=STAGE_LABELS,
        show_equality=show_equality,
        equality_words=_equality_words(person.equality) if show_equality else {},
        language_words=language_words(person.preferred_language),
        # Nothing that would write about an erased person is offered.
        can_record_job=person.erased_at is None
        and can_access(current_user, "opportunities_staff.record_employment")
        and services.allowed("record_outcomes", current_user, person.id),
        can_use_rights=permissions.can(current_user, "rights", permissions.WRITE),
        consents=consent.history(person),
        may_contact=consent.may_contact(person),
        consent_how=consent.HOW,
        withdrawn_how=consent.WITHDRAWN_HOW,
        can_withdraw=can_access(current_user, "people.withdraw_consent"),
        merges=merges,
        can_undo=merging.can_undo,
        can_unmerge=permissions.can(current_user, "duplicates", permissions.WRITE),
        unmerge_form=UnmergeForm(formdata=None),
    )


def _person_or_404(person_ref: str):
    person = services.find_person(person_ref)
    if person is None:
        abort(404)
    return person


@bp.get("/<person_ref>/subject-access.json")
def subject_access_export(person_ref: str):
    person = _person_or_404(person_ref)
    document = rights.subject_access_export(person)
    return Response(
        document,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="subject-access-{person.person_ref}.json"'},
    )


@bp.route("/<person_ref>/erase", methods=["GET", "POST"])
def erase_person(person_ref: str):
    person = _person_or_404(person_ref)
    if person.erased_at is not None:
        return redirect(url_for("people.view_person", person_ref=person.person_ref))
    form = EraseForm(expected=person.person_ref)
    if form.validate_on_submit():
        rights.erase(person)
        flash(_("The person's details have been erased. Their anonymous history is kept for reports."), "success")
        return redirect(url_for("people.view_person", person_ref=person.person_ref))
    return render_template("people/erase.html", form=form, person=person)


@bp.route("/<person_ref>/withdraw-consent", methods=["GET", "POST"])
def withdraw_consent(person_ref: str):
    """Staff, on the person's word: they no longer want the academy to contact them."""
    person = _person_or_404(person_ref)
    if not consent.may_contact(person):
        flash(_("This person has already withdrawn their consent."), "warning")
        return redirect(url_for("people.view_person", person_ref=person.person_ref))
    form = WithdrawConsentForm()
    if form.validate_on_submit():
        consent.withdraw(person, how="staff_on_their_word", by=current_user, note=form.note.data or "")
        flash(_("Consent withdrawn. Nobody will contact them, and nothing waiting will be sent."), "success")
        return redirect(url_for("people.view_person", person_ref=person.person_ref))
    audit.record("view", "person", person.person_ref, detail="withdraw consent")
    return render_template("people/withdraw_consent.html", form=form, person=person), 400 if form.errors else 200
