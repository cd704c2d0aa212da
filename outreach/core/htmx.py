"""Responses that serve both full pages and HTMX fragments from one template."""

from flask import make_response, redirect, render_template
from jinja2_fragments.flask import render_block

from outreach.extensions import htmx


def wants_fragment() -> bool:
    """An HTMX request that swaps part of a page (boosted navigation gets whole pages)."""
    return bool(htmx) and not htmx.boosted


def render(template: str, block: str | None = None, status: int = 200, **context):
    """Render the page, or only `block` of it for an HTMX request.

    `Vary: HX-Request` keeps caches and history from serving a fragment as a page.
    """
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def redirect_to(url: str):
    """Redirect a plain request with 303, and tell htmx to load `url` as a whole page."""
    if wants_fragment():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)
