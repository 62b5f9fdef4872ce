package models

import "math"

const (
	day       = 24.0
	dayStart  = 9.0  // business hours start
	dayEnd    = 17.0 // and end
	shiftLen  = 8.0  // a 24x7 crew's shift
	workDays  = 5    // Monday to Friday
	daysAWeek = 7
)

// inBusinessHours reports whether t (hours since Monday 00:00) falls in
// Mon–Fri 09:00–17:00.
func inBusinessHours(t float64) bool {
	d := int(math.Floor(t/day)) % daysAWeek
	h := math.Mod(t, day)
	return d < workDays && h >= dayStart && h < dayEnd
}

// nextBusinessChange is the first time after t at which business hours
// start or end.
func nextBusinessChange(t float64) float64 {
	base := math.Floor(t/day) * day
	for k := 0; k < 8; k++ {
		d := base + float64(k)*day
		if int(math.Floor(d/day))%daysAWeek >= workDays {
			continue
		}
		for _, h := range []float64{dayStart, dayEnd} {
			if d+h > t {
				return d + h
			}
		}
	}
	return math.Inf(1) // unreachable: every week has a weekday
}

// nextBusinessStart is the first time at or after t inside business hours.
func nextBusinessStart(t float64) float64 {
	for !inBusinessHours(t) {
		t = nextBusinessChange(t)
	}
	return t
}
