"""The welfare lists' FilterSets, one per list, serving the page, the Excel export and the API."""
