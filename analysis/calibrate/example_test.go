package calibrate_test

import (
	"fmt"
	"strings"

	"github.com/opsim/opsim/analysis/calibrate"
)

// A PagerDuty incidents export, fitted: two services, times to
// acknowledge and resolve given in seconds since creation.
func ExampleFit() {
	export := `id,created_on,service_name,team_name,urgency,seconds_to_first_ack,seconds_to_resolve
P1,2024-03-04T10:00:00Z,checkout,payments,high,120,3600
P2,2024-03-05T14:30:00Z,checkout,payments,low,300,5400
P3,2024-03-06T02:10:00Z,search,discovery,high,900,7200
P4,2024-03-11T09:45:00Z,checkout,payments,high,60,1800
P5,2024-03-12T23:20:00Z,search,discovery,low,1200,10800
`
	cal, err := calibrate.Fit("incidents.csv", strings.NewReader(export), calibrate.Options{Preset: "pagerduty"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d incidents over %.1f days\n", cal.Incidents, cal.Hours/24)
	for _, s := range cal.Services {
		fmt.Printf("%s (%s): %d incidents, %.2f a week\n", s.Name, s.Team, s.Incidents, s.Rate.Value*168)
	}
	for _, s := range cal.Severities {
		fmt.Printf("%s: share %.1f\n", s.Key, s.Share.Value)
	}
	fmt.Printf("mean acknowledgement: %.0f min in business hours, %.0f min after hours\n",
		cal.AckBusiness.Mean.Value*60, cal.AckAfterHours.Mean.Value*60)
	// Output:
	// 5 incidents over 12.8 days
	// checkout (payments): 3 incidents, 1.64 a week
	// search (discovery): 2 incidents, 1.09 a week
	// high: share 0.6
	// low: share 0.4
	// mean acknowledgement: 3 min in business hours, 17 min after hours
}
