"""Email alerts (issue #29): readers follow a search, person, document or province by email.

``targets`` reads what a page asks to follow, ``service`` subscribes, confirms and unsubscribes
(double opt-in, rate-limited, one answer whether an address is known or not), ``tokens`` signs
the links, ``matching`` finds each due subscription's new articles in bulk, ``mail`` builds the
messages and ``digests`` sends them (``manage.py send_alerts``). Nothing here may send to an
address that has not confirmed, except the confirmation itself, or show an address to anyone
but the holder of a signed link for it.
"""
