"""What the load test's clients share: behaving like a browser towards the app on localhost.

Production cookies are Secure. The server runs plain http on 127.0.0.1, and browsers treat
http://localhost as a secure context and send Secure cookies to it; Python's cookie jar does
not. requests builds a fresh cookie jar for every request (merging the session's into it), so
the policy is set on its jar class: in the process that imports this module, cookie jars send
Secure cookies to 127.0.0.1 and localhost, as a browser does, and to no other plain-http host.
The server's settings stay exactly production's.
"""

import html
import re
from http.cookiejar import CookieJar, DefaultCookiePolicy

from requests.cookies import RequestsCookieJar

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class LocalhostIsSecure(DefaultCookiePolicy):
    """Send Secure cookies to http://127.0.0.1 and http://localhost, as browsers do."""

    def return_ok_secure(self, cookie, request):
        host = request.host.split(":")[0]
        return host in ("127.0.0.1", "localhost") or super().return_ok_secure(cookie, request)


def _browser_like_jar(self, policy=None):
    CookieJar.__init__(self, policy or LocalhostIsSecure())


RequestsCookieJar.__init__ = _browser_like_jar


def csrf_token(page: str) -> str:
    match = CSRF_META.search(page)
    return match.group(1) if match else hidden(page, "csrf_token")


def hidden(page: str, name: str) -> str:
    """The value of an input named `name` (a hidden field as WTForms renders it)."""
    match = re.search(r'<input[^>]*name="' + re.escape(name) + r'"[^>]*value="([^"]*)"', page) or re.search(
        r'<input[^>]*value="([^"]*)"[^>]*name="' + re.escape(name) + r'"', page)
    return html.unescape(match.group(1)) if match else ""


def letters(n: int) -> str:
    """A number as letters: markers must not look like a phone number to the identifier guard."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out
