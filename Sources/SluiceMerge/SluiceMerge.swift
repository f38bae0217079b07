// The merge engine lands here (issue 3).
