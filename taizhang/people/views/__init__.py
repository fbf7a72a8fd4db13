"""The registry's pages (人员与单位主体库): people, households, groups, organisations and the
merge of duplicates. Every page reads through `.for_user()` / `access_record`; every write
calls a service of people/services; personal fields go through `personal.shown`."""
