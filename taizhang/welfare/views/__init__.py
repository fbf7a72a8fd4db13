"""The welfare pages, one module per part: programmes and enrolments, applications and
notices, cycles and payments, hand-outs and visits, dashboards."""
