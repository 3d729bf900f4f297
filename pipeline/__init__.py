"""sayso: who said what, in which role, for or against whom."""

__version__ = "0.1.0"
