"""Writes of the rectification module (专项整治): campaigns, cases and their steps, findings
and their evidence. Every write checks access, validates, writes and audits in one
transaction; a case's steps go through the supervision engine."""
