package seed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// californiaCounties in alphabetical order; a county's number (1-58) is its place
// here, as in California's county codes (Orange is 30).
var californiaCounties = []string{
	"Alameda", "Alpine", "Amador", "Butte", "Calaveras", "Colusa", "Contra Costa", "Del Norte",
	"El Dorado", "Fresno", "Glenn", "Humboldt", "Imperial", "Inyo", "Kern", "Kings", "Lake",
	"Lassen", "Los Angeles", "Madera", "Marin", "Mariposa", "Mendocino", "Merced", "Modoc",
	"Mono", "Monterey", "Napa", "Nevada", "Orange", "Placer", "Plumas", "Riverside",
	"Sacramento", "San Benito", "San Bernardino", "San Diego", "San Francisco", "San Joaquin",
	"San Luis Obispo", "San Mateo", "Santa Barbara", "Santa Clara", "Santa Cruz", "Shasta",
	"Sierra", "Siskiyou", "Solano", "Sonoma", "Stanislaus", "Sutter", "Tehama", "Trinity",
	"Tulare", "Tuolumne", "Ventura", "Yolo", "Yuba",
}

// The seed document's court list (CCPOR overview, October 2011): on-boarded counties,
// those marked * not CLETS-submitting; planned counties; the tribal courts pilot.
var (
	onboarded = map[string]bool{ // county -> CLETS-submitting
		"Amador": false, "Butte": true, "Calaveras": true, "El Dorado": true, "Fresno": false,
		"Humboldt": true, "Inyo": true, "Kern": true, "Kings": true, "Lake": true,
		"Marin": false, "Placer": true, "Plumas": true, "Riverside": true, "San Benito": true,
		"Santa Clara": true, "Santa Cruz": false, "Siskiyou": false, "Stanislaus": false,
		"Tulare": true, "Tuolumne": true, "Ventura": true,
	}
	tribalPilot = []struct{ code, name, county string }{
		{"hoopa", "Hoopa Valley Tribal Court", "Humboldt"},
		{"quechan", "Quechan Tribal Court", "Imperial"},
		{"yurok", "Yurok Tribal Court", "Humboldt"},
	}
)

// courtCode is the stable short key of a county's court, e.g. "san-luis-obispo".
func courtCode(county string) string {
	b := []byte{}
	for _, r := range county {
		switch {
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
		case r == ' ':
			b = append(b, '-')
		default:
			b = append(b, byte(r))
		}
	}
	return string(b)
}

// demoORI is a fictitious originating agency identifier for a county's superior
// court: CA, the county number, 013, J. Real ORIs are assigned by the DOJ.
func demoORI(number int) string { return fmt.Sprintf("CA%03d013J", number) }

// seedCourts creates the statewide domain, the 58 county superior courts and the
// tribal pilot courts. Existing courts are left as they are.
func seedCourts(ctx context.Context, tx pgx.Tx) (bool, error) {
	batch := &pgx.Batch{}
	const insert = `INSERT INTO courts (code, name, kind, county, ori, clets_submitting, shares_statewide,
		onboarding_status, go_live_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO NOTHING`
	batch.Queue(insert, "statewide", "Statewide (Judicial Council)", "statewide", nil, nil, false, false, "live", nil)
	for i, county := range californiaCounties {
		status, clets, goLive := "planned", false, any(nil)
		if c, ok := onboarded[county]; ok {
			status, clets, goLive = "live", c, "2010-06-30"
		}
		batch.Queue(insert, courtCode(county), "Superior Court of California, County of "+county, "county",
			county, demoORI(i+1), clets, true, status, goLive)
	}
	for _, tc := range tribalPilot {
		batch.Queue(insert, tc.code, tc.name, "tribal", tc.county, nil, false, true, "pilot", nil)
	}
	res := tx.SendBatch(ctx, batch)
	defer res.Close()
	changed := false
	for range batch.Len() {
		tag, err := res.Exec()
		if err != nil {
			return false, err
		}
		changed = changed || tag.RowsAffected() > 0
	}
	return changed, nil
}
