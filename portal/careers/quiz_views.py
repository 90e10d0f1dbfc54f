"""The interests quiz's pages: four short steps, then the results. Every answer travels in the URL
(GET forms, nothing stored), so "save my results" is the results page's own address."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired

from portal.careers import quiz
from portal.careers.blueprint import bp
from portal.ui.forms import PortalForm, RadioField, options

ANSWER_REQUIRED = _l("Choose yes, not sure or no")
DEGREE_QUESTION = _l("Would you like to go to university?")


def step_form(step: int, args=None, prefill: dict | None = None):
    """A form for one step's questions, each a yes / not sure / no radio that must be answered."""

    class StepForm(PortalForm):
        class Meta:
            csrf = False  # a GET form that changes nothing

        def error_list(self) -> list[dict]:
            # Every question has the same message, so the summary names the question too.
            return [
                {"text": f"{field.label.text} — {field.errors[0]}", "href": f"#{field.id}"}
                for field in self
                if field.errors
            ]

    for key in quiz.STEPS[step - 1][1]:
        field = RadioField(
            quiz.BY_KEY[key].text,
            choices=options(quiz.ANSWER_LABELS.items()),
            validators=[InputRequired(message=ANSWER_REQUIRED)],
        )
        setattr(StepForm, key, field)
    if step == len(quiz.STEPS):
        setattr(
            StepForm,
            quiz.DEGREE_KEY,
            RadioField(
                DEGREE_QUESTION,
                choices=options(quiz.DEGREE_ANSWERS.items()),
                validators=[InputRequired(message=ANSWER_REQUIRED)],
            ),
        )
    if args is None:
        return StepForm(formdata=None, data=prefill or {})
    return StepForm(args)


@bp.get("/quiz")
def start_quiz():
    return render_template("careers/quiz_start.html", question_count=len(quiz.QUESTIONS) + 1)


@bp.get("/quiz/<int:step>")
def quiz_step(step: int):
    if not 1 <= step <= len(quiz.STEPS):
        abort(404)
    answers = quiz.read_answers(request.args)
    form = step_form(step, request.args)
    # Shown empty the first time; checked when the visitor sends the step ("sent" marks a send).
    if request.args.get("sent") == str(step):
        if form.validate():
            following = quiz.first_unanswered_step(answers)
            if following is None:
                return redirect(url_for("careers.quiz_results", **answers))
            return redirect(url_for("careers.quiz_step", step=following, **answers))
    else:
        form = step_form(step, prefill={key: value for key, value in answers.items() if key in quiz.step_keys(step)})
    carried = {key: value for key, value in answers.items() if key not in quiz.step_keys(step)}
    return render_template(
        "careers/quiz_step.html",
        form=form,
        step=step,
        steps=len(quiz.STEPS),
        heading=quiz.STEPS[step - 1][0],
        carried=carried,
        back=url_for("careers.quiz_step", step=step - 1, **answers) if step > 1 else url_for("careers.start_quiz"),
    )


@bp.get("/quiz/results")
def quiz_results():
    answers = quiz.read_answers(request.args)
    missing = quiz.first_unanswered_step(answers)
    if missing is not None:
        return redirect(url_for("careers.quiz_step", step=missing, **answers))
    found = quiz.results(answers)
    lists = [
        ("no_degree", _("Roles you can start without a degree"), found["no_degree"]),
        ("degree", _("Roles that need a degree"), found["degree"]),
    ]
    if answers.get(quiz.DEGREE_KEY) == "yes":
        lists.reverse()
    return render_template(
        "careers/quiz_results.html",
        lists=lists,
        answers=answers,
        share_url=url_for("careers.quiz_results", _external=True, **answers),
        change_url=url_for("careers.quiz_step", step=1, **answers),
    )
