"""API schemas of the welfare module, one module per part; input and output never shared."""
