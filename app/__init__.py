"""dualtui: a full-screen terminal journal for integrating research and production.

The package root imports nothing heavy, so `dualtui add` and `dualtui next` never pay for Textual.
"""

__version__ = "0.1.0"
