"""The JPKI protocol of the My Number card over one ``transmit(apdu) -> response`` callable.

No reader library is imported here: readers live in ``clinic_app.readers``.
"""
