DELETE FROM "tutorial_university"."student" WHERE (("home_state" = $1) AND ("sex" = $2))
-- params: ["UT","F"]
