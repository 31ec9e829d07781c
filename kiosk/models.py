"""The data model: places (the national standard's fields), needs, kiosks, staff,
revisions, links, print jobs and usage figures."""

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

MULTI_SEPARATOR = "|"


class PipeList(TypeDecorator):
    """A list of strings stored as the standard writes it: values joined by '|'."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return MULTI_SEPARATOR.join(v.strip() for v in value or [] if v.strip())

    def process_result_value(self, value, dialect):
        return [v for v in (value or "").split(MULTI_SEPARATOR) if v]


class Place(db.Model):
    """A place that helps people, with the fields of Lieux de médiation numérique.

    Its table is still called "structure" (the standard's word), as are the columns
    that point to it (`structure_id`) and its revisions' entity type.
    """

    __tablename__ = "structure"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Columns of the national standard v1.0.2, names and vocabularies verbatim.
    standard_id: Mapped[str] = mapped_column(String(200), unique=True)
    pivot: Mapped[str] = mapped_column(String(20), default="")
    nom: Mapped[str] = mapped_column(String(300))
    commune: Mapped[str] = mapped_column(String(200), default="")
    code_postal: Mapped[str] = mapped_column(String(10), default="")
    code_insee: Mapped[str] = mapped_column(String(10), default="")
    adresse: Mapped[str] = mapped_column(String(300), default="")
    complement_adresse: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    typologie: Mapped[list[str]] = mapped_column(PipeList, default=list)
    telephone: Mapped[str] = mapped_column(String(40), default="")
    courriels: Mapped[list[str]] = mapped_column(PipeList, default=list)
    site_web: Mapped[list[str]] = mapped_column(PipeList, default=list)
    horaires: Mapped[str] = mapped_column(Text, default="")
    presentation_resume: Mapped[str] = mapped_column(Text, default="")
    presentation_detail: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    itinerance: Mapped[list[str]] = mapped_column(PipeList, default=list)
    structure_parente: Mapped[str] = mapped_column(String(300), default="")
    date_maj: Mapped[date | None] = mapped_column(Date)
    services: Mapped[list[str]] = mapped_column(PipeList, default=list)
    publics_specifiquement_adresses: Mapped[list[str]] = mapped_column(
        PipeList, default=list
    )
    prise_en_charge_specifique: Mapped[list[str]] = mapped_column(
        PipeList, default=list
    )
    frais_a_charge: Mapped[list[str]] = mapped_column(PipeList, default=list)
    dispositif_programmes_nationaux: Mapped[list[str]] = mapped_column(
        PipeList, default=list
    )
    formations_labels: Mapped[list[str]] = mapped_column(PipeList, default=list)
    autres_formations_labels: Mapped[str] = mapped_column(Text, default="")
    modalites_acces: Mapped[list[str]] = mapped_column(PipeList, default=list)
    modalites_accompagnement: Mapped[list[str]] = mapped_column(PipeList, default=list)
    fiche_acces_libre: Mapped[str] = mapped_column(String(500), default="")
    prise_rdv: Mapped[str] = mapped_column(String(500), default="")
    # What a kiosk needs beyond the standard.
    languages: Mapped[list[str]] = mapped_column(PipeList, default=list)  # ISO 639-1
    wheelchair: Mapped[bool | None] = mapped_column(Boolean)
    getting_there: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: text}
    to_bring: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: text}
    # The needs (slugs) the place's own "what to bring" concerns: shown only for them.
    to_bring_needs: Mapped[list[str]] = mapped_column(PipeList, default=list)
    # Temporary closures and notices, each {starts_on, ends_on, closed, notice,
    # service} (kiosk/ranking/closures.py): the kiosk counts them until their end.
    closures: Mapped[list] = mapped_column(JSON, default=list)
    staff_notes: Mapped[str] = mapped_column(Text, default="")  # never on the kiosk
    verified_on: Mapped[date | None] = mapped_column(Date)
    on_kiosk: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
    # The last open-data import of this place: when, and the values the file gave
    # (kiosk/opendata/importer.py compares them with today's to see staff edits).
    imported_at: Mapped[datetime | None] = mapped_column(DateTime)
    import_snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)  # in the bin
    # Its update links (kiosk/upkeep/): bumped to revoke every link sent so far;
    # whether what the place sends waits for staff (True) or applies at once.
    update_generation: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )
    updates_reviewed: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default="1"
    )
    # Optimistic concurrency: every UPDATE checks and bumps it (see decisions.md).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    needs: Mapped[list["Need"]] = relationship(
        secondary="need_structure", back_populates="places", viewonly=True
    )
    sources: Mapped[list["PlaceSource"]] = relationship(
        back_populates="structure",
        order_by="PlaceSource.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (Index("ix_structure_position", "latitude", "longitude"),)
    __mapper_args__ = {"version_id_col": version}

    @property
    def walk_in(self) -> bool:
        """Return True when visitors may just come (no appointment needed)."""
        return "Se présenter" in self.modalites_acces

    @property
    def by_appointment(self) -> bool:
        """Return True when the place asks visitors to book first."""
        booking = {"Prendre un RDV en ligne", "Téléphoner"}
        return not self.walk_in and bool(booking & set(self.modalites_acces))


class Need(db.Model):
    """A visitor's problem, shown as a tile, and the rule naming its places."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("need.id"))
    pictogram: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    generalist: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: text}
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    to_bring: Mapped[dict] = mapped_column(JSON, default=dict)
    # The rule, in the words of the data (verbatim vocabularies): a place answers
    # when it has any of these typologies (declared, or inferred from its name),
    # programmes or labels, services or specific support; or, ranked after, one of
    # the fallback services. Places for the rule's publics rank first; a place for
    # children, youth or families only answers a need whose publics say so.
    rule_typologies: Mapped[list[str]] = mapped_column(PipeList, default=list)
    rule_programmes: Mapped[list[str]] = mapped_column(PipeList, default=list)
    rule_services: Mapped[list[str]] = mapped_column(PipeList, default=list)
    rule_supports: Mapped[list[str]] = mapped_column(PipeList, default=list)
    rule_fallback_services: Mapped[list[str]] = mapped_column(PipeList, default=list)
    rule_publics: Mapped[list[str]] = mapped_column(PipeList, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    parent: Mapped["Need | None"] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list["Need"]] = relationship(
        back_populates="parent", order_by="Need.sort_order"
    )
    places: Mapped[list[Place]] = relationship(
        secondary="need_structure", back_populates="needs", viewonly=True
    )

    __mapper_args__ = {"version_id_col": version}


class NeedPin(db.Model):
    """A place staff chose for a need: shown first, at one kiosk or at every kiosk
    within PIN_RADIUS_M (kiosk/ranking/candidates.py). An explicit, visible choice."""

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"))
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE")
    )
    kiosk_id: Mapped[int | None] = mapped_column(
        ForeignKey("kiosk.id", ondelete="CASCADE")
    )  # None: every kiosk

    need: Mapped["Need"] = relationship()
    structure: Mapped["Place"] = relationship()
    kiosk: Mapped["Kiosk | None"] = relationship()

    __table_args__ = (
        UniqueConstraint("need_id", "structure_id", "kiosk_id"),
        Index("ix_need_pin_need", "need_id"),
    )


class NeedReference(db.Model):
    """What the need taxonomy (kiosk/taxonomy/) last installed for a need: a field
    staff changed since differs from it, and the next upgrade leaves it alone. A
    need deleted by staff keeps its row, so no upgrade brings it back."""

    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    installed_at: Mapped[datetime] = mapped_column(DateTime)


class PlaceSource(db.Model):
    """One record of an open-data file that describes a place: the same office
    often comes from several files. Its values as the file last gave them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[str] = mapped_column(String(200), unique=True)  # record's id
    label: Mapped[str] = mapped_column(String(300), default="")  # format and file
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)

    structure: Mapped["Place"] = relationship(back_populates="sources")


class NeedPlace(db.Model):
    """Which places answer which need, and where they stand: the need rules,
    resolved and indexed (kiosk/ranking/need_rules.py keeps it in line with the
    places)."""

    __tablename__ = "need_structure"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("need.id", ondelete="CASCADE"), primary_key=True
    )
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # How the rule matched (kiosk/ranking/need_rules.py REASONS): "typologie",
    # "programme", "service", "support" or "fallback".
    reason: Mapped[str] = mapped_column(String(20))
    # The place's position, copied here so that one index range finds the places
    # of a need inside a bounding box, whatever the number of places elsewhere.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index("ix_need_structure_position", "need_id", "latitude", "longitude"),
    )


class Kiosk(db.Model):
    """A tablet in a lobby: where it stands, its language, idle time, attract screen."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    default_language: Mapped[str] = mapped_column(String(5), default="fr")
    idle_seconds: Mapped[int] = mapped_column(Integer, default=120)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # How the Print button prints: "none" (no button), "browser" (page printing)
    # or "escpos" (a receipt printer on the network, raw TCP).
    print_route: Mapped[str] = mapped_column(String(10), default="browser")
    printer_host: Mapped[str] = mapped_column(String(200), default="")
    printer_port: Mapped[int] = mapped_column(Integer, default=9100)
    paper_width_mm: Mapped[int] = mapped_column(Integer, default=80)  # 80 or 58
    # Where the reception desk is, where the printer is, and the trams or buses at
    # the door: staff's words per language ({lang: text}), French the fallback.
    desk_location: Mapped[dict] = mapped_column(JSON, default=dict)
    printer_location: Mapped[dict] = mapped_column(JSON, default=dict)
    transport: Mapped[dict] = mapped_column(JSON, default=dict)
    # A calm "touch the screen" layer shown after each idle reset.
    attract_screen: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default="0"
    )
    # Slips a kiosk may print: one every `print_gap_seconds`, `prints_per_hour` at
    # most (an anonymous script could otherwise empty the receipt roll).
    print_gap_seconds: Mapped[int] = mapped_column(
        Integer, default=10, server_default="10"
    )
    prints_per_hour: Mapped[int] = mapped_column(
        Integer, default=60, server_default="60"
    )
    # Part of the signed token a tablet is enrolled with (kiosk/kiosks.py): staff
    # bump it to make a new link and revoke every tablet enrolled before.
    # How far the "Workshops near here" tile looks (kiosk/workshops/).
    workshop_radius_m: Mapped[int] = mapped_column(
        Integer, default=5000, server_default="5000"
    )
    device_generation: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )
    # Bumped by every save: a form saved from an older version is refused, not
    # written over the newer one. Heartbeats go to KioskStatus and never touch it.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class ShortLink(db.Model):
    """The short code of a phone page: a place answering a need (nothing personal)."""

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE")
    )
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    structure: Mapped[Place] = relationship()
    need: Mapped[Need] = relationship()

    __table_args__ = (
        Index("ix_short_link_target", "structure_id", "need_id", unique=True),
    )


class PrintJob(db.Model):
    """One tap on Print: which slip, at which kiosk, how it went. Nothing personal."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosk.id", ondelete="CASCADE"))
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"))
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE")
    )
    language: Mapped[str] = mapped_column(String(5))
    route: Mapped[str] = mapped_column(String(10))
    # "pending", then "printed" or the printer's problem (see kiosk/printing).
    outcome: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, naive

    __table_args__ = (
        Index("ix_print_job_recent", "kiosk_id", "need_id", "structure_id"),
    )


# Each role may do what the roles below it may: a partner reads the guide, an
# editor also keeps places and needs, an administrator everything.
ROLES = {"partner": 1, "editor": 2, "admin": 3}


class User(UserMixin, db.Model):
    """A staff account: a partner (a professional who refers people) reads the
    guide, an editor keeps places and needs, an admin everything."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="editor")  # ROLES
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Bumped by every save, so two administrators cannot overwrite each other.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Part of every session's key: bumped when the account logs out (or is logged out
    # everywhere by an administrator), it ends every session made before, even one
    # whose cookie was copied (kiosk/admin/auth.py, end_sessions).
    session_generation: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_active(self) -> bool:
        """Return True while the account may log in (Flask-Login)."""
        return self.active

    def get_id(self) -> str:
        """Return the session's user key: the id, a piece of the password hash (a
        new password ends the account's other sessions) and the session generation
        (logging out ends them too)."""
        return f"{self.id}:{self.password_hash[-16:]}:{self.session_generation}"

    def has_role(self, role: str) -> bool:
        """Return True when this account's role includes `role`."""
        return ROLES.get(self.role, 0) >= ROLES[role]


class Revision(db.Model):
    """One saved change of a place or a need: who, when, and the state before/after."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))  # "structure" or "need"
    entity_id: Mapped[int] = mapped_column(Integer)
    # What happened: create, update, verify, hide, show, delete, undelete, restore.
    action: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    user_email: Mapped[str] = mapped_column(String(254), default="")  # kept if deleted
    created_at: Mapped[datetime] = mapped_column(DateTime)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)

    __table_args__ = (Index("ix_revision_entity", "entity_type", "entity_id"),)


class LoginAttempt(db.Model):
    """A failed log-in, counted per account and per address to slow guessing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))  # "email:..." or "address:..."
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_login_attempt_key_at", "key", "at"),)


class KioskStatus(db.Model):
    """What a kiosk told us in its last heartbeat, and how its receipt printer was
    last found (times are naive UTC)."""

    kiosk_id: Mapped[int] = mapped_column(
        ForeignKey("kiosk.id", ondelete="CASCADE"), primary_key=True
    )
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    # Start of the current run of heartbeats without a gap.
    online_since: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[str] = mapped_column(String(20), default="")
    screen: Mapped[str] = mapped_column(String(20), default="")
    # The receipt printer as the server last found it (fleet/printer.py): "ok",
    # "paper-low", "no-paper", "offline", or "" (not checked yet).
    printer_state: Mapped[str] = mapped_column(String(20), default="")


class UsageCount(db.Model):
    """How many times something happened at a kiosk in one hour: nothing personal.

    The key is (kiosk, UTC hour, language, need slug or "", kind); no session, IP,
    user agent or free text is ever stored.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosk.id", ondelete="CASCADE"))
    hour: Mapped[datetime] = mapped_column(DateTime)  # start of the UTC hour
    language: Mapped[str] = mapped_column(String(5))
    need: Mapped[str] = mapped_column(String(80), default="")
    kind: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        UniqueConstraint("kiosk_id", "hour", "language", "need", "kind"),
        Index("ix_usage_count_hour", "hour"),
    )


class Campaign(db.Model):
    """A round of update links sent to places not verified for `months` months."""

    id: Mapped[int] = mapped_column(primary_key=True)
    months: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(254), default="")

    invitations: Mapped[list["Invitation"]] = relationship(
        back_populates="campaign", order_by="Invitation.id"
    )


class Invitation(db.Model):
    """A place asked to check its record through its update link (in a campaign, or
    once by staff): when it was mailed, opened, answered; nothing else is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE")
    )
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE")
    )
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)  # "nothing changed"
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    # The place's update_generation when it was made: taken back with the place's
    # links (no reminder then).
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    campaign: Mapped[Campaign | None] = relationship(back_populates="invitations")
    structure: Mapped[Place] = relationship()
    mails: Mapped[list["Mail"]] = relationship(
        back_populates="invitation", order_by="Mail.id"
    )

    __table_args__ = (Index("ix_invitation_structure_id", "structure_id"),)


class Mail(db.Model):
    """An e-mail the guide sends, kept with its tries until it is sent, so none is
    lost silently; without a mail server, staff read it in the outbox."""

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # "link", "reminder"
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")

    invitation: Mapped[Invitation | None] = relationship(back_populates="mails")


class PlaceUpdate(db.Model):
    """What a place sent through its update link: the values it changed (or none:
    "nothing changed"), waiting for staff or already applied."""

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE")
    )
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {field: new value}
    status: Mapped[str] = mapped_column(String(20))  # pending, applied, declined
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(254), default="")

    structure: Mapped[Place] = relationship()


class ErrorReport(db.Model):
    """A visitor said a place's record is wrong, from its phone page: what is wrong
    and a short text; nothing about the visitor is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(
        String(20)
    )  # closed, hours, phone, address, other
    text: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_by: Mapped[str] = mapped_column(String(254), default="")

    structure: Mapped[Place] = relationship()

    __table_args__ = (Index("ix_error_report_open", "handled_at", "structure_id"),)


class PlaceProposal(db.Model):
    """A structure asking to join the guide: the standard's fields it typed and the
    address the answer goes to; accepted (into a place) or declined with a reason."""

    id: Mapped[int] = mapped_column(primary_key=True)
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # snapshot values
    contact_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20))  # pending, accepted, declined
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(254), default="")
    structure_id: Mapped[int | None] = mapped_column(
        ForeignKey("structure.id", ondelete="SET NULL")
    )


class Workshop(db.Model):
    """A workshop (atelier) a place runs: what, for whom, how to come; its dates are
    its sessions. `uid` is its iCalendar UID: a feed imported again updates it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(30))  # workshops/themes.py THEMES
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE")
    )
    seats: Mapped[int | None] = mapped_column(Integer)
    price: Mapped[str] = mapped_column(String(100), default="")  # empty: free
    # walk_in, phone, desk or link (registration_url)
    registration: Mapped[str] = mapped_column(String(20), default="walk_in")
    registration_url: Mapped[str] = mapped_column(String(500), default="")
    languages: Mapped[list[str]] = mapped_column(PipeList, default=list)
    audience: Mapped[list[str]] = mapped_column(PipeList, default=list)
    source: Mapped[str] = mapped_column(String(500), default="")  # a feed, or ""
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    structure: Mapped[Place] = relationship()
    sessions: Mapped[list["WorkshopSession"]] = relationship(
        back_populates="workshop",
        order_by="WorkshopSession.starts_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def free(self) -> bool:
        return not self.price.strip()


class WorkshopSession(db.Model):
    """One date of a workshop (times naive UTC)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE")
    )
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")

    __table_args__ = (
        Index("ix_workshop_session_starts_at", "starts_at"),
        Index("ix_workshop_session_workshop_id", "workshop_id"),
    )
