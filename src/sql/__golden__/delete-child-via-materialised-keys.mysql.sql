DELETE FROM `tutorial_university`.`enroll` WHERE ((`dept`, `course`, `term_year`, `term`, `section`) IN ((?, ?, ?, ?, ?), (?, ?, ?, ?, ?)))
-- params: ["MATH",1210,2020,"Fall","a","CS",1410,2021,"Spring","b"]
