-- Column mappings of imports (issue #14, Excel in and out): for each kind of import (people,
-- applicants, licence registry, tips, outreach events) and source (the agency export a file
-- comes from), which column of the file fills which field. Remembered so the next file of the
-- same source is mapped the same way. `mapping` is a JSON object: field -> column header.
CREATE TABLE IF NOT EXISTS import_mappings (
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    mapping TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, source)
);
