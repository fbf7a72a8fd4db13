"""API schemas of the welfare module, one module per part: `XIn` and `XOut`, never shared."""
