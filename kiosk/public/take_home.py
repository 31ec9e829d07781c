"""Taking a result home: the phone page, its contact card, printing the slip."""

from flask import (
    abort,
    current_app,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l

from .. import clock
from ..fleet.printer import record_printer
from ..htmx import hx_redirect, is_swap, render
from ..printing import PrinterProblem, jobs, send_to_printer, slip_bytes
from ..ranking.closures import place_state
from ..takehome.referral import build_slip, closure_notes, hours_week, opening_text
from ..takehome.shortlinks import link_by_code, public_base_url
from ..takehome.vcard import vcard
from ..usage.counting import count
from ..web.templating import current_language
from . import bp
from .results import match_context, need_or_404, result_context

PHONE_PAGE_MAX_AGE = 300  # seconds: "open now" must not go stale for long
# A slip came out: counted in "Slips printed", shown as done (as is "already").
PRINTED = frozenset({"printed", "paper_low"})
# One message per way a print can end, in the visitor's language.
PRINT_MESSAGES = {
    "printed": _l("Your slip is printing. Take it from the printer."),
    "paper_low": _l("Your slip is printing. Take it from the printer."),
    "already": _l("Your slip is already printing. Take it from the printer."),
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


@bp.get("/p/<code>")
def phone_page(code: str):
    """Return the phone page of a place for a need, in the language of ?l=."""
    link = link_by_code(code)
    if link is None:
        return render_template("public/phone_missing.html"), 404
    structure, now = link.structure, clock.now()
    state = place_state(structure.horaires, structure.closures, now)
    response = make_response(
        render_template(
            "public/phone.html",
            link=link,
            structure=structure,
            state_text=opening_text(state, now),
            notes=closure_notes(state, now),
            open_now=state.open_now,
            hours=hours_week(structure.horaires, now.date(), structure.closures),
            hours_known=state.known,
        )
    )
    response.cache_control.public = True
    response.cache_control.max_age = PHONE_PAGE_MAX_AGE
    return response


@bp.get("/p/<code>.vcf")
def phone_contact(code: str):
    """Return the place of a phone page as a vCard 3.0 file to add to contacts."""
    link = link_by_code(code)
    if link is None:
        abort(404)
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
    job = jobs.claim(kiosk, need, context["matches"][0].structure, lang)
    if job is None:
        outcome = "already"
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


@bp.get("/<lang>/besoin/<slug>/lieu/<place>/fiche")
def page_print(lang: str, slug: str, place: str):
    """Return the referral slip as a page to print (A4 or receipt roll)."""
    need = need_or_404(slug)
    context = result_context(lang, need, place)
    if need.children:
        abort(404)
    return render_template(
        "public/fiche.html",
        slip=_slip(context, lang),
        autoprint=request.args.get("print") == "1",
        back_url=url_for(".place", lang=lang, slug=slug, place=place),
        **context,
    )


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
