"""Card readers: transports that give the card layer a ``transmit`` callable."""

from clinic_app.readers.factory import open_reader

__all__ = ["open_reader"]
