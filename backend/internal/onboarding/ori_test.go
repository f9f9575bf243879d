package onboarding_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/ccpor/ccpor/backend/internal/onboarding"
)

// Every path to a changed ORI takes a second platform administrator: clearing an
// ORI and then setting a new one where there is none, and setting one on a live
// court without one. Only a court that never had an ORI and is not live yet gets
// its first ORI from one administrator.
func TestEveryPathToANewORITakesASecondAdministrator(t *testing.T) {
	t.Parallel()
	t.Run("cleared with approval, then set alone", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, "pat", "quinn")
		res, err := w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("", true))
		if err != nil || len(res.Pending) != 1 || res.Pending[0].Kind != "ori" {
			t.Fatalf("clearing the ORI: %v, pending %+v", err, res.Pending)
		}
		if _, err := w.svc.Decide(ctx, w.as["quinn"], w.users["quinn"], res.Pending[0].ID, true, onboarding.ChangeDecision{}); err != nil {
			t.Fatal(err)
		}
		if ori, _ := w.courtORI(t); ori != "" {
			t.Fatalf("ORI %q after the approved clearing", ori)
		}
		res, err = w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("CA0261234", true))
		if err != nil {
			t.Fatal(err)
		}
		if ori, _ := w.courtORI(t); ori != "" || len(res.Pending) != 1 || res.Pending[0].NewORI != "CA0261234" {
			t.Errorf("a new ORI set alone after clearing: ORI %q, pending %+v", ori, res.Pending)
		}
		err = w.app.Tx(ctx, w.as["pat"], func(tx *gorm.DB) error {
			return tx.Exec("UPDATE courts SET ori = 'CA0261235' WHERE id = ?", w.court).Error
		})
		if err == nil || !strings.Contains(err.Error(), "second platform administrator") {
			t.Errorf("the database let one administrator set an ORI on a court that had one: %v", err)
		}
	})
	t.Run("live court without an ORI", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, "pat")
		w.f.Exec(t, "UPDATE courts SET ori = NULL, onboarding_status = 'live' WHERE id = $1", w.court)
		res, err := w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("CA0261234", true))
		if err != nil {
			t.Fatal(err)
		}
		if ori, _ := w.courtORI(t); ori != "" || len(res.Pending) != 1 {
			t.Errorf("an ORI set alone on a live court: ORI %q, pending %+v", ori, res.Pending)
		}
		err = w.app.Tx(ctx, w.as["pat"], func(tx *gorm.DB) error {
			return tx.Exec("UPDATE courts SET ori = 'CA0261235' WHERE id = ?", w.court).Error
		})
		if err == nil || !strings.Contains(err.Error(), "second platform administrator") {
			t.Errorf("the database let one administrator set a live court's ORI: %v", err)
		}
	})
	t.Run("planned court that never had one", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, "pat")
		w.f.Exec(t, "UPDATE courts SET ori = NULL WHERE id = $1", w.court)
		res, err := w.svc.Edit(ctx, w.as["pat"], w.users["pat"], w.court, edit("CA0261234", true))
		if err != nil {
			t.Fatal(err)
		}
		if ori, _ := w.courtORI(t); ori != "CA0261234" || len(res.Pending) != 0 {
			t.Errorf("the first ORI of a planned court: ORI %q, pending %+v", ori, res.Pending)
		}
	})
}
