package sqlite_test

import (
	"testing"

	"github.com/regiogv/voortgang/internal/store/storetest"
)

func TestLateAttemptsMigrationAfter14(t *testing.T) { storetest.LateMigrationAfter14(t, driver()) }
