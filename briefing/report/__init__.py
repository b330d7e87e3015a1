"""PDF briefings drawn with ReportLab from the same ``Briefing`` and ``ChartSpec`` objects the app shows."""
