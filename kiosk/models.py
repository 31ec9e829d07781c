"""The data model: places (the national standard's fields), needs, kiosks."""

from datetime import date, datetime

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


class Structure(db.Model):
    """A place that helps people, with the fields of Lieux de médiation numérique."""

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
    staff_notes: Mapped[str] = mapped_column(Text, default="")  # never on the kiosk
    verified_on: Mapped[date | None] = mapped_column(Date)
    on_kiosk: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    needs: Mapped[list["Need"]] = relationship(
        secondary="need_structure", back_populates="structures", viewonly=True
    )

    __table_args__ = (Index("ix_structure_position", "latitude", "longitude"),)

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
    # The rule: a place answers when it has any of these (verbatim vocabularies).
    rule_services: Mapped[list[str]] = mapped_column(PipeList, default=list)
    rule_typologies: Mapped[list[str]] = mapped_column(PipeList, default=list)
    rule_programmes: Mapped[list[str]] = mapped_column(PipeList, default=list)
    rule_structures: Mapped[list[str]] = mapped_column(PipeList, default=list)

    parent: Mapped["Need | None"] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list["Need"]] = relationship(
        back_populates="parent", order_by="Need.sort_order"
    )
    structures: Mapped[list[Structure]] = relationship(
        secondary="need_structure", back_populates="needs", viewonly=True
    )


class NeedStructure(db.Model):
    """Which places answer which need, and where they stand: the need rules,
    resolved and indexed (kiosk/need_rules.py keeps it in line with the places)."""

    __tablename__ = "need_structure"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("need.id", ondelete="CASCADE"), primary_key=True
    )
    structure_id: Mapped[int] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # How the rule matched: "structure", "typologie", "programme" or "service".
    reason: Mapped[str] = mapped_column(String(20))
    # The place's position, copied here so that one index range finds the places
    # of a need inside a bounding box, whatever the number of places elsewhere.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index("ix_need_structure_position", "need_id", "latitude", "longitude"),
    )


class Kiosk(db.Model):
    """A tablet in a lobby: where it stands, its language and its idle time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    default_language: Mapped[str] = mapped_column(String(5), default="fr")
    idle_seconds: Mapped[int] = mapped_column(Integer, default=120)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
