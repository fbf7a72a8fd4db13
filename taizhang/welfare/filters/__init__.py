"""One FilterSet per welfare list, serving the page, the export and the API."""
