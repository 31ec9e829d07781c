"""The guide's one form: a referral sheet to print (a GET: nothing is saved)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length

from ..admin.fields import options, without_controls
from ..languages import localized


class ReferralForm(FlaskForm):
    """The person's need in a sentence, what to bring, the day, who sends them."""

    class Meta:
        csrf = False  # read from the query string; it changes nothing

    need = SelectField(_l("Need"), validate_choice=False)  # an unknown need: none
    sentence = TextAreaField(
        _l("The person's need, in a sentence"),
        validators=[Length(max=300)],
        filters=[without_controls],
    )
    to_bring = TextAreaField(
        _l("What to bring"), validators=[Length(max=600)], filters=[without_controls]
    )
    day = StringField(_l("Date"), filters=[without_controls])
    sender = StringField(
        _l("Sent by (name, organisation, phone)"),
        validators=[Length(max=200)],
        filters=[without_controls],
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.need.choices = options(
            [("", _l("No need chosen"))]
            + [
                (n.slug, ("— " if depth else "") + localized(n.label, "fr")[0])
                for n, depth in needs
            ]
        )
