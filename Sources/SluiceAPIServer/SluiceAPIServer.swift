// The embedded API server lands here (issue 3).
