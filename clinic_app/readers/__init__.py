"""Card readers: transports that give the card layer a ``transmit`` callable."""
