-- errors ignored
CREATE TYPE "lab"."enum_1fcf13a8" AS ENUM ('good', 'bad');

CREATE TABLE IF NOT EXISTS "lab"."session" (
"subject_id" integer NOT NULL,
"session_id" smallint NOT NULL,
"session_date" date NOT NULL,
"operator" varchar(32) DEFAULT NULL,
"quality" "lab"."enum_1fcf13a8" NOT NULL DEFAULT 'good',
"settings" jsonb NOT NULL,
"raw" bytea DEFAULT NULL,
PRIMARY KEY ("subject_id", "session_id"),
FOREIGN KEY ("subject_id") REFERENCES "lab"."subject" ("subject_id") ON UPDATE CASCADE ON DELETE RESTRICT
) ;

CREATE UNIQUE INDEX "idx_session_session_date_operator" ON "lab"."session" ("session_date", "operator");

CREATE INDEX "idx_session_quality" ON "lab"."session" ("quality");

COMMENT ON TABLE "lab"."session" IS 'a recording session';

COMMENT ON COLUMN "lab"."session"."session_id" IS ':int16:session number';

COMMENT ON COLUMN "lab"."session"."session_date" IS ':date:when it ran';

COMMENT ON COLUMN "lab"."session"."operator" IS ':varchar(32):who ran it';

COMMENT ON COLUMN "lab"."session"."quality" IS ':enum(''good'', ''bad''):';

COMMENT ON COLUMN "lab"."session"."settings" IS ':json:';

COMMENT ON COLUMN "lab"."session"."raw" IS ':<blob>:the recording';
