"""Taking a result home: the phone page, its contact card, printing the slip."""

from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from .. import clock
from ..extensions import db
from ..fleet.printer import record_printer
from ..htmx import hx_redirect, is_swap, render
from ..kiosks import enrolled_kiosk
from ..models import Place
from ..printing import PrinterProblem, jobs, send_to_printer, slip_bytes
from ..ranking.candidates import may_answer
from ..ranking.closures import place_state
from ..takehome.referral import (
    build_slip,
    closure_notes,
    dated_opening_text,
    hours_week,
)
from ..takehome.shortlinks import link_by_code, public_base_url, short_link_code
from ..takehome.to_bring import to_bring
from ..takehome.vcard import vcard
from ..usage.counting import count
from ..web.templating import current_language
from . import bp
from .results import match_context, need_or_404, result_context
from .screens import Screen, show, speakable

PRINTED_ARG = "imprime"  # the result after a page print: "your slip is printing"
PHONE_PAGE_MAX_AGE = 300  # seconds: "open now" must not go stale for long
# A slip came out: counted in "Slips printed", shown as done (as is "already").
PRINTED = frozenset({"printed", "paper_low"})
# One message per way a print can end, in the visitor's language.
PRINT_MESSAGES = {
    "printed": _l("Your slip is printing. Take it from the printer."),
    "paper_low": _l("Your slip is printing. Take it from the printer."),
    "already": _l("Your slip is already printing. Take it from the printer."),
    "resting": _l(
        "The printer needs a moment. Try again in a minute, or scan the QR code "
        "with your phone."
    ),
    "not_a_kiosk": _l(
        "This screen cannot print. Ask at the desk, or scan the QR code with your "
        "phone."
    ),
    "no_paper": _l(
        "The printer is out of paper. Ask at the desk, or scan the QR code "
        "with your phone."
    ),
    "offline": _l(
        "The printer is not ready. Ask at the desk, or scan the QR code with your "
        "phone."
    ),
    "unreachable": _l(
        "The printer does not answer. Ask at the desk, or scan the QR code with "
        "your phone."
    ),
    "silent": _l(
        "The printer does not answer. Ask at the desk, or scan the QR code with "
        "your phone."
    ),
    "interrupted": _l(
        "The printer stopped before the end of your slip. Ask at the desk, or scan "
        "the QR code with your phone."
    ),
}


def listed(place) -> bool:
    """Return True when the place still shows on kiosks (not in the bin, not hidden):
    a phone page or contact card of a place taken off the guide is gone, not stale."""
    return place.deleted_at is None and place.on_kiosk


@bp.get("/p/<code>")
def phone_page(code: str):
    """Return the phone page of a place for a need, in the language of ?l=."""
    link = link_by_code(code)
    if link is None:
        return render_template("public/phone_missing.html"), 404
    if not listed(link.structure):
        return render_template("public/phone_missing.html", gone=True), 410
    structure, now = link.structure, clock.now()
    state = place_state(structure.horaires, structure.closures, now)
    response = make_response(
        render_template(
            "public/phone.html",
            link=link,
            structure=structure,
            state_text=dated_opening_text(state, now),
            notes=closure_notes(state, now),
            to_bring=to_bring(link.need, structure, current_language()),
            open_now=state.open_now,
            hours=hours_week(structure.horaires, now.date(), structure.closures),
            hours_known=state.known,
        )
    )
    response.cache_control.public = True
    response.cache_control.max_age = PHONE_PAGE_MAX_AGE
    return response


@bp.get("/<lang>/besoin/<slug>/lieu/<place>/telephone")
def long_phone_address(lang: str, slug: str, place: str):
    """Redirect to the phone page of a place for a need, its short link made now:
    the address a kiosk's QR code holds when it could not write the short link at
    once (takehome/shortlinks.py)."""
    need = need_or_404(slug)
    structure = db.session.scalar(select(Place).where(Place.standard_id == place))
    if structure is None or not may_answer(structure, need):
        return render_template("public/phone_missing.html"), 404
    if not listed(structure):
        return render_template("public/phone_missing.html", gone=True), 410
    code = short_link_code(structure, need)
    return redirect(url_for(".phone_page", code=code, l=lang))


@bp.get("/p/<code>.vcf")
def phone_contact(code: str):
    """Return the place of a phone page as a vCard 3.0 file to add to contacts."""
    link = link_by_code(code)
    if link is None:
        abort(404)
    if not listed(link.structure):
        return render_template("public/phone_missing.html", gone=True), 410
    page = f"{public_base_url()}/p/{code}?l={current_language()}"
    response = make_response(vcard(link.structure, page).encode())
    response.mimetype = "text/vcard"
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{code}.vcf"'
    return response


@bp.post("/<lang>/besoin/<slug>/lieu/<place>/imprimer")
def print_slip(lang: str, slug: str, place: str):
    """Print the slip the kiosk's way; return the outcome in the visitor's words
    (the print area for htmx, the result page otherwise), or open the page print."""
    need = need_or_404(slug)
    if need.children:
        abort(404)
    # A swap shows only the print area: no need to rank the other places again.
    whole = match_context if is_swap() else result_context
    context = whole(lang, need, place)
    kiosk = context["kiosk"]
    if kiosk.print_route not in ("browser", "escpos"):
        abort(404)
    enrolled = enrolled_kiosk()
    if enrolled is None or enrolled.id != kiosk.id:  # a desk browser, a script
        job = "not_a_kiosk"
    else:
        job = _claim(kiosk, need, context["matches"][0].structure, lang)
    if isinstance(job, str):
        outcome = job
    elif kiosk.print_route == "browser":
        jobs.finish(job, "opened")
        count(kiosk, lang, slug, "slip")  # the page print is open: it is the slip
        return _open_page_print(lang, slug, place)
    else:
        outcome = _print_receipt(context, lang)
        jobs.finish(job, outcome)
        record_printer(kiosk.id, outcome)  # the fleet page's; never fails the slip
        if outcome in PRINTED:
            count(kiosk, lang, slug, "slip")
    return render(
        "public/result.html",
        block="print_area",
        print_outcome=outcome,
        print_done=outcome in PRINTED or outcome == "already",
        print_message=PRINT_MESSAGES[outcome],
        **context,
    )


def _claim(kiosk, need, structure, lang: str):
    """Return jobs.claim's answer, or "resting" while another writer (an import)
    holds the database: the visitor is asked to try again in a minute."""
    try:
        return jobs.claim(kiosk, need, structure, lang)
    except OperationalError:
        db.session.rollback()
        return "resting"


@speakable("public.page_print")
def fiche_screen(lang: str, slug: str, place: str) -> Screen:
    """Return the referral slip as a screen, to print (A4 or receipt roll): Back
    returns to the top of the result; after printing, the result says so."""
    need = need_or_404(slug)
    if need.children:
        abort(404)
    context = result_context(lang, need, place)
    back = url_for(".place", lang=lang, slug=slug, place=place)
    return Screen(
        "public/fiche.html",
        {
            **context,
            "slip": _slip(context, lang),
            "back_url": back,
            "printed_url": f"{back}?{PRINTED_ARG}=1",
        },
    )


@bp.get("/<lang>/besoin/<slug>/lieu/<place>/fiche")
def page_print(lang: str, slug: str, place: str):
    """Return the referral slip as a page to print; ?print=1 prints it at once."""
    screen = fiche_screen(lang, slug, place)
    return show(
        screen.template, autoprint=request.args.get("print") == "1", **screen.context
    )


def printed_notice() -> dict:
    """Return what the print area says once the page print has run (the result's
    ?imprime=1): the slip is printing, and where to take it."""
    if request.args.get(PRINTED_ARG) != "1":
        return {}
    return {
        "print_outcome": "printed",
        "print_done": True,
        "print_message": PRINT_MESSAGES["printed"],
    }


def _slip(context: dict, lang: str):
    """Return the Slip of the first match of a result context (its opening state
    and the way in words as the screen computed them)."""
    match = context["matches"][0]
    return build_slip(
        context["need"],
        match.structure,
        context["kiosk"],
        context["now"],
        lang,
        context["phone_url"],
        context["distance"],
        state=match.state,
        directions=context["directions"],
    )


def _print_receipt(context: dict, lang: str) -> str:
    """Send the slip to the kiosk's receipt printer; return how it went."""
    kiosk = context["kiosk"]
    data = slip_bytes(_slip(context, lang), kiosk.paper_width_mm)
    timeout = float(current_app.config.get("PRINTER_TIMEOUT") or 3)
    try:
        return send_to_printer(
            kiosk.printer_host, kiosk.printer_port, data, timeout=timeout
        )
    except PrinterProblem as problem:
        current_app.logger.warning("Kiosk %s printer: %s", kiosk.slug, problem.kind)
        return problem.kind


def _open_page_print(lang: str, slug: str, place: str):
    """Send the browser to the page print, which prints itself (static/js/print.js)."""
    url = url_for(".page_print", lang=lang, slug=slug, place=place, print=1)
    return hx_redirect(url)
