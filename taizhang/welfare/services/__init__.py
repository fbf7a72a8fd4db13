"""Writes of the welfare module, split by subdomain; each checks access, writes and audits."""
