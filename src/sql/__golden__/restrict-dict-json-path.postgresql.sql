SELECT "t1"."subject_id","t1"."species","t1"."sex","t1"."weight","t1"."height","t1"."alive","t1"."dob","t1"."created","t1"."t3","t1"."uid","t1"."meta","t1"."raw","t1"."code","t1"."price","t1"."small","t1"."tiny","t1"."big","t1"."arr" FROM "oracle_types"."subject" AS "t1" WHERE ((jsonb_extract_path_text("t1"."meta", $1, $2, $3) = $4) AND (jsonb_extract_path_text("t1"."meta", $5) IS NULL) AND (jsonb_extract_path_text("t1"."meta", $6)::integer = $7::integer))
-- params: ["c","d","0","x","n","k",3]
-- count:
SELECT COUNT(*) AS "count" FROM "oracle_types"."subject" AS "t1" WHERE ((jsonb_extract_path_text("t1"."meta", $1, $2, $3) = $4) AND (jsonb_extract_path_text("t1"."meta", $5) IS NULL) AND (jsonb_extract_path_text("t1"."meta", $6)::integer = $7::integer))
