UPDATE "oracle_types"."subject" SET "weight" = DEFAULT, "meta" = $1 WHERE ("subject_id" = $2::integer)
-- params: [null,1]
-- count:
SELECT COUNT(*) AS "count" FROM "oracle_types"."subject" AS "t1" WHERE ("t1"."subject_id" = $1::integer)
-- params: [1]
