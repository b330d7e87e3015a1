"""High Needs Briefing."""
__version__ = "0.1.0"
