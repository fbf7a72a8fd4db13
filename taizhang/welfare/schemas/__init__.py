"""API schemas of the welfare module, one module per part. Input and output never shared."""
