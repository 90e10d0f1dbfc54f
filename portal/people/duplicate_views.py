"""The possible duplicates queue, the two records side by side, merging them field by field, saying
they are two people, and undoing a merge from the kept person's page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit import services as audit
from portal.auth import permissions
from portal.extensions import db
from portal.people import merging, services
from portal.people.blueprint import bp
from portal.people.forms import FIELD_LABELS, DismissPairForm, EqualityForm, UnmergeForm, merge_form
from portal.people.models import PersonMerge
from portal.people.reasons import reason_labels
from portal.people.views import _shown
from portal.ui.pagination import paginate


def _can_merge() -> bool:
    return permissions.can(current_user, "duplicates", permissions.WRITE)


@bp.get("/duplicates")
def list_duplicates():
    page = paginate(merging.open_pairs(), per_page=25)
    audit.record("view", "duplicate_candidates", detail=f"page {page.page}: {len(page.items)} pairs")
    html = render_template(
        "people/duplicate_list.html", page=page, reason_labels=reason_labels, refreshed=merging.last_refreshed()
    )
    return html


def _pair_or_404(pair_id: int):
    pair = db.one_or_404(merging.pair_statement(pair_id))
    return pair


def _equality_choices(name: str) -> tuple[str, dict]:
    field = EqualityForm(formdata=None, meta={"csrf": False})[name]
    return field.label.text, {str(choice.value): str(choice.label) for choice in field.choices}


def _equality_shown(person, name: str, answers: dict) -> str:
    value = getattr(person.equality, name) if person.equality is not None else None
    return answers.get(value, value) if value else _("not answered")


def _merge_form(pair, formdata=None):
    a, b = pair.person_a, pair.person_b
    side = {"a": a, "b": b}
    # The record made first is kept, and its answers chosen, unless staff choose otherwise.
    older, newer = ("a", "b") if a.id < b.id else ("b", "a")
    keep = [
        (older, _("%(person)s (the record made first)", person=side[older].person_ref)),
        (newer, side[newer].person_ref),
    ]
    fields = []
    for name in merging.differing_fields(a, b):
        default = older if (getattr(side[older], name) or None) is not None else newer
        choices = [("a", f"{a.person_ref}: {_shown(a, name)}"), ("b", f"{b.person_ref}: {_shown(b, name)}")]
        fields.append((name, FIELD_LABELS[name], choices, default))
    equality = []
    if permissions.can(current_user, "equality"):
        for name in merging.differing_equality(a, b):
            label, answers = _equality_choices(name)
            choices = [(key, f"{p.person_ref}: {_equality_shown(p, name, answers)}") for key, p in side.items()]
            answered = side[older].equality is not None and getattr(side[older].equality, name)
            equality.append((name, label, choices, older if answered else newer))
    return merge_form(keep, fields, equality, formdata=formdata)


def _pair_page(pair, form=None, status: int = 200):
    a, b = pair.person_a, pair.person_b
    for person, other in ((a, b), (b, a)):
        audit.record("view", "person", person.person_ref, detail=f"compared with {other.person_ref}")
    usable = merging.usable(a) and merging.usable(b)
    can_merge = _can_merge() and pair.status == "open" and usable
    return render_template(
        "people/duplicate_detail.html",
        pair=pair,
        a=a,
        b=b,
        reasons=reason_labels(pair.reasons),
        field_labels=FIELD_LABELS,
        shown=_shown,
        form=(form or _merge_form(pair)) if can_merge else None,
        dismiss_form=DismissPairForm(formdata=None) if can_merge else None,
        usable=usable,
    ), status


@bp.get("/duplicates/<int:pair_id>")
def view_duplicate(pair_id: int):
    return _pair_page(_pair_or_404(pair_id))


@bp.post("/duplicates/<int:pair_id>/merge")
def merge_duplicate(pair_id: int):
    pair = _pair_or_404(pair_id)
    if pair.status != "open" or not (merging.usable(pair.person_a) and merging.usable(pair.person_b)):
        flash(_("Someone has already decided about these two records."), "error")
        return redirect(url_for("people.view_duplicate", pair_id=pair.id))
    form = _merge_form(pair, formdata=request.form)
    if not form.validate():
        return _pair_page(pair, form, 400)
    keep_a = form.keep.data == "a"
    kept, merged = (pair.person_a, pair.person_b) if keep_a else (pair.person_b, pair.person_a)
    merged_side = "b" if keep_a else "a"
    take = [f.name.removeprefix("field_") for f in form if f.name.startswith("field_") and f.data == merged_side]
    take_equality = [
        f.name.removeprefix("equality_") for f in form if f.name.startswith("equality_") and f.data == merged_side
    ]
    try:
        merging.merge(kept, merged, current_user, take=take, take_equality=take_equality, pair=pair)
    except merging.MergeError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("people.view_duplicate", pair_id=pair.id))
    flash(_("%(merged)s is now part of %(kept)s.", merged=merged.person_ref, kept=kept.person_ref), "success")
    return redirect(url_for("people.view_person", person_ref=kept.person_ref))


@bp.post("/duplicates/<int:pair_id>/dismiss")
def dismiss_duplicate(pair_id: int):
    pair = _pair_or_404(pair_id)
    if not DismissPairForm().validate_on_submit():
        abort(400)
    try:
        merging.dismiss(pair, current_user)
    except merging.MergeError as error:
        flash(str(error), "error")
        return redirect(url_for("people.view_duplicate", pair_id=pair.id))
    flash(_("Marked as two different people. They will not be listed again."), "success")
    return redirect(url_for("people.list_duplicates"))


@bp.post("/<person_ref>/merges/<int:merge_id>/undo")
def unmerge_person(person_ref: str, merge_id: int):
    person = services.find_person(person_ref)
    record = db.session.get(PersonMerge, merge_id)
    if person is None or record is None or record.kept_person_id != person.id:
        abort(404)
    if not UnmergeForm().validate_on_submit():
        abort(400)
    try:
        merging.unmerge(record, current_user)
    except merging.MergeError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("people.view_person", person_ref=person.person_ref))
    flash(
        _("%(merged)s is a separate record again.", merged=record.merged.person_ref),
        "success",
    )
    return redirect(url_for("people.view_person", person_ref=person.person_ref))
