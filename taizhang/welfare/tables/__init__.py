"""Tables of the welfare list pages, one module per part."""
