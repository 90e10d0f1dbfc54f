from portal.extensions import db
from portal.opportunities.models import Application, ApplicationStatusChange
from tests.factories import OpportunityFactory, PersonFactory


def make_application(person=None, status="submitted", **person_fields):
    person = person or PersonFactory(**person_fields)
    opportunity = OpportunityFactory()
    application = Application(
        reference=f"APP-{person.id:04d}{opportunity.id:03d}", opportunity=opportunity, person=person, status=status
    )
    db.session.add(application)
    db.session.flush()
    db.session.add(ApplicationStatusChange(application_id=application.id, from_status=None, to_status=status))
    db.session.commit()
    return application
