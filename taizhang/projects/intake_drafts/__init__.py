"""The project bank's draft kinds of report intake: a year's published statistics and a
village's small works. Registered from the app's ready()."""
