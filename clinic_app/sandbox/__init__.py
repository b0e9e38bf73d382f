"""A stand-in for the eligibility service, for the demo, training and tests (DESIGN.md §5).

- :mod:`~clinic_app.sandbox.population`: the deterministic synthetic population;
- :mod:`~clinic_app.sandbox.service`: what the sandbox answers (shared by both front ends);
- :mod:`~clinic_app.sandbox.server`: HTTPS on 127.0.0.1 with its own TEST CA;
- :mod:`~clinic_app.sandbox.terminal`: the qualification-confirmation terminal's folders;
- :mod:`~clinic_app.sandbox.faults`: switches that make it misbehave on purpose;
- :mod:`~clinic_app.sandbox.cards`: software My Number cards for synthetic people.

Nothing here is real data and nothing here is trusted outside the sandbox.
"""
