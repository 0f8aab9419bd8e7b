DELETE FROM `tutorial_university`.`enroll` WHERE ((`dept`, `course`, `term_year`, `term`, `section`) IN ((?, ?, ?, ?, ?), (?, ?, ?, ?, ?)))
-- params: ["MATH",1210n,2020n,"Fall","a","CS",1410n,2021n,"Spring","b"]
