CREATE TABLE IF NOT EXISTS "lab"."session__trial" (
"subject_id" integer NOT NULL,
"session_id" smallint NOT NULL,
"trial_id" smallint NOT NULL,
"start_time" real NOT NULL,
PRIMARY KEY ("subject_id", "session_id", "trial_id"),
FOREIGN KEY ("subject_id", "session_id") REFERENCES "lab"."session" ("subject_id", "session_id") ON UPDATE CASCADE ON DELETE RESTRICT
) ;

COMMENT ON TABLE "lab"."session__trial" IS '';

COMMENT ON COLUMN "lab"."session__trial"."trial_id" IS ':int16:';

COMMENT ON COLUMN "lab"."session__trial"."start_time" IS ':float32:seconds from session start';
