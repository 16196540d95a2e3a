"""The consent a visitor gives when asking the trial team, by version.

Never change the words of a version that is in use: add a new version, make it CURRENT and
keep the old one, so every stored request still shows the text it was given under.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXTS = {
    "2026-12-04": _(
        "I agree that the clinic’s trial team may keep what I send here and use it to "
        "contact me about this study or studies like it. Only the trial team sees it. I can "
        "withdraw my request at any time, and then it is deleted."
    ),
}
CURRENT_VERSION = "2026-12-04"
