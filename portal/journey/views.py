"""Public pages of the Journey to Work. Answers to the questions live in the session; nothing
that identifies anyone is asked until the person chooses to talk to an adviser."""

from datetime import date

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.careers import services as careers
from portal.careers import translations as catalogue_words
from portal.extensions import db
from portal.i18n import join_list
from portal.journey import forms, services
from portal.journey.blueprint import bp
from portal.journey.choices import AVAILABILITY, ENGLISH, ENIC, QUALIFICATIONS, RIGHT_TO_WORK, ROUTE_SLUGS, SITUATIONS
from portal.opportunities.choices import KINDS
from portal.outreach import services as outreach
from portal.outreach import told_us
from portal.outreach.models import Referral
from portal.people import intake
from portal.people.forms import EqualityForm
from portal.pipeline.choices import ROUTES
from portal.security import public_form
from portal.ui.forms import options

ANSWERS = "journey"
REFERRAL = "just_referred"
QUESTIONS = {
    # URL slug: (session key, form, labels of the answers for the check-answers page)
    "situation": ("situation", forms.SituationForm, SITUATIONS),
    "age": ("age", forms.AgeForm, None),
    "right-to-work": ("right_to_work", forms.RightToWorkForm, RIGHT_TO_WORK),
    "english": ("english", forms.EnglishForm, ENGLISH),
    "qualifications": ("qualifications", forms.QualificationsForm, QUALIFICATIONS),
    "enic": ("enic", forms.EnicForm, ENIC),
    "interests": ("interests", forms.InterestsForm, None),
    "availability": ("availability", forms.AvailabilityForm, AVAILABILITY),
}
QUESTION_SLUGS = ", ".join(f"'{slug}'" for slug in QUESTIONS)


def _family_names() -> dict:
    return {**{family.slug: family.name for family in careers.families()}, "not_sure": _("Not sure yet")}


# The answers an adviser would otherwise ask again: carried with a request for an adviser into the case.
for _key, _label, _words in (
    ("english", forms.EnglishForm.answer.args[0], ENGLISH),
    ("qualifications", forms.QualificationsForm.answer.args[0], QUALIFICATIONS),
    ("enic", forms.EnicForm.answer.args[0], ENIC),
    ("right_to_work", forms.RightToWorkForm.answer.args[0], RIGHT_TO_WORK),
    ("availability", forms.AvailabilityForm.answer.args[0], AVAILABILITY),
):
    told_us.register_question(_key, _label, _words)
told_us.register_question("interests", forms.InterestsForm.answer.args[0], _family_names, several=True)


def _answers() -> dict:
    return session.get(ANSWERS, {})


def _applies(slug: str, answers: dict) -> bool:
    return slug != "enic" or answers.get("qualifications") in services.ABROAD


def _sequence(answers: dict) -> list[str]:
    return [slug for slug in QUESTIONS if _applies(slug, answers)]


def _first_unanswered(answers: dict) -> str | None:
    return next((slug for slug in _sequence(answers) if QUESTIONS[slug][0] not in answers), None)


def _interest_choices():
    return options(
        [(family.slug, catalogue_words.family_plain_name(family)) for family in careers.families()]
        + [("not_sure", _("Not sure yet"))]
    )


@bp.get("/")
def start():
    return render_template("journey/start.html", routes=ROUTES, slugs={v: k for k, v in ROUTE_SLUGS.items()})


@bp.get("/<any('in-education', 'career-changer', 'seldom-heard'):route_slug>")
def view_route(route_slug: str):
    route = ROUTE_SLUGS[route_slug]
    return render_template("journey/route.html", route=route, route_name=str(ROUTES[route]))


@bp.route(f"/questions/<any({QUESTION_SLUGS}):slug>", methods=["GET", "POST"])
@public_form
def question(slug: str):
    key, form_class, _labels = QUESTIONS[slug]
    answers = _answers()
    if not _applies(slug, answers):
        return redirect(url_for("journey.question", slug=_first_unanswered(answers) or "situation"))
    form = form_class(data={"answer": answers.get(key)} if request.method == "GET" else None)
    if slug == "interests":
        form.answer.choices = _interest_choices()
    changing = request.args.get("change") == "yes"
    if form.validate_on_submit():
        answers = {**answers, key: form.answer.data}
        if slug == "qualifications" and form.answer.data not in services.ABROAD:
            answers.pop("enic", None)
        session[ANSWERS] = answers
        following = _first_unanswered(answers)
        if following is None:
            return redirect(url_for("journey.check_answers"))
        if changing and not (slug == "qualifications" and following == "enic"):
            return redirect(url_for("journey.check_answers"))
        return redirect(url_for("journey.question", slug=following, **({"change": "yes"} if changing else {})))
    sequence = _sequence(answers)
    position = sequence.index(slug)
    back = (
        url_for("journey.check_answers")
        if changing
        else url_for("journey.question", slug=sequence[position - 1])
        if position
        else url_for("journey.start")
    )
    return render_template(
        "journey/question.html",
        form=form,
        page_title=str(form.answer.label.text),
        back=back,
        number=position + 1,
        total=len(sequence),
        kind=form.answer.type,
    )


def _readable(answers: dict) -> list[dict]:
    families = {family.slug: catalogue_words.family_plain_name(family) for family in careers.families()}
    rows = []
    for slug in _sequence(answers):
        key, form_class, labels = QUESTIONS[slug]
        value = answers.get(key)
        if key == "interests":
            text = join_list(families.get(v, _("Not sure yet")) for v in value or [])
        elif labels:
            text = str(labels.get(value, ""))
        else:
            text = str(value if value is not None else "")
        rows.append({"slug": slug, "question": str(form_class().answer.label.text), "answer": text})
    return rows


@bp.get("/check-answers")
def check_answers():
    answers = _answers()
    missing = _first_unanswered(answers)
    if missing:
        return redirect(url_for("journey.question", slug=missing))
    return render_template("journey/check_answers.html", rows=_readable(answers))


def _recommendation():
    answers = _answers()
    missing = _first_unanswered(answers)
    if missing:
        return None, redirect(url_for("journey.question", slug=missing))
    return services.recommend(services.Answers.from_session(answers), date.today()), None


@bp.get("/result")
def result():
    recommendation, elsewhere = _recommendation()
    if elsewhere:
        return elsewhere
    return render_template(
        "journey/result.html", recommendation=recommendation, routes=ROUTES, kinds=KINDS, printable=False
    )


@bp.get("/my-next-steps")
def my_next_steps():
    recommendation, elsewhere = _recommendation()
    if elsewhere:
        return elsewhere
    return render_template(
        "journey/result.html", recommendation=recommendation, routes=ROUTES, kinds=KINDS, printable=True
    )


@bp.post("/start-again")
@public_form
def start_again():
    session.pop(ANSWERS, None)
    return redirect(url_for("journey.question", slug="situation"))


@bp.route("/adviser", methods=["GET", "POST"])
@public_form
def ask_for_adviser():
    form = forms.AdviserForm()
    form.preferred_language.choices = options(
        [(tag, name) for tag, (_locale, name) in current_app.config["LANGUAGES"].items()]
    )
    if request.method == "GET":
        form.preferred_language.data = (
            request.args.get("lang") or request.cookies.get(current_app.config["LANGUAGE_COOKIE"]) or "en"
        )
        answers = _answers()
        if not _first_unanswered(answers):
            form.route.data = services.choose_route(services.Answers.from_session(answers))[0]
    if form.validate_on_submit():
        details = {name: getattr(form, name).data for name in (
            "first_name", "last_name", "email", "phone", "date_of_birth", "postcode",
            "preferred_language", "route", "needs", "message",
        )}  # fmt: skip
        # What they answered in the journey goes with the request, so the adviser need not ask again.
        details["journey"] = _answers()
        referral = outreach.refer_self(details, consent_version=current_app.config["CONSENT_VERSION"])
        session[REFERRAL] = referral.id
        return redirect(url_for("journey.adviser_equality"))
    return render_template("journey/adviser.html", form=form, consent_version=current_app.config["CONSENT_VERSION"])


def _just_referred() -> Referral:
    referral = db.session.get(Referral, session.get(REFERRAL) or 0)
    if referral is None:
        abort(404)
    return referral


@bp.route("/adviser/about-you", methods=["GET", "POST"])
@public_form
def adviser_equality():
    referral = _just_referred()
    form = EqualityForm()
    if form.validate_on_submit():
        if referral.intake is not None:
            intake.record_equality(referral.intake, {field.name: field.data for field in form})
        return redirect(url_for("journey.adviser_request_sent"))
    return render_template(
        "components/equality_form.html",
        form=form,
        intro=_("We have your request. These questions are optional and do not affect the help you get."),
        action=url_for("journey.adviser_equality"),
        skip=url_for("journey.adviser_request_sent"),
    )


@bp.get("/adviser/sent")
def adviser_request_sent():
    referral = _just_referred()
    return render_template("journey/adviser_sent.html", referral=referral)
