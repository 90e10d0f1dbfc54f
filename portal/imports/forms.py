"""Forms for imports."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileRequired
from wtforms import HiddenField

from portal.ui.forms import PortalForm, UploadField


class UploadFileForm(PortalForm):
    file = UploadField(
        _l("CSV file"),
        description=_l("Save your spreadsheet as 'CSV UTF-8'. Nothing is written until you confirm."),
        validators=[FileRequired(_l("Choose a CSV file")), FileAllowed(["csv"], _l("The file must be a .csv file"))],
    )


class ConfirmImportForm(PortalForm):
    token = HiddenField()
    filename = HiddenField()
