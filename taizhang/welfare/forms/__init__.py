"""Forms of the welfare pages, one module per part."""
