package cycle

// WorkWholeRound makes s's passes work each round out at once, as they did before the pass
// went one contact at a time (for TestPassPerContactEqualsWholeRound).
func WorkWholeRound(s *Service) { s.wholeRound = true }
