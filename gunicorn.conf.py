"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py mmn_portal.wsgi`.

The access log records the path only. Query strings carry a visitor's pre-screen answers
(age, sex, place) and the Referer can too (the page they came from), so neither is
logged; nor is the visitor's address or browser (README "Privacy").
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" switches it off
# %(U)s is the path without the query string; never %(r)s, %(q)s, %(f)s, %(h)s or %(a)s.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
