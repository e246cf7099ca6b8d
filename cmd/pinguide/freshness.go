package main

import (
	"fmt"
	"time"

	"github.com/takaoka-city/pinguide/internal/calendar"
	"github.com/takaoka-city/pinguide/internal/guidance"
)

// freshness warns (never fails) about data that is going stale: a store list
// whose "as of" date is more than a year old, a holiday or temporary-counter
// list that runs out within 90 days.
func freshness(r *guidance.Rules, now time.Time) []string {
	var out []string
	for _, s := range r.Stores {
		asOf, err := time.Parse(time.DateOnly, s.AsOf)
		if err == nil && now.Sub(asOf) > 365*24*time.Hour {
			out = append(out, fmt.Sprintf("%s: 店舗「%s」の情報は %s 時点で、1年以上前です。J-LIS の最新の一覧を確認してください。 / store %s is listed as of %s, more than a year ago; check J-LIS's current list", s.Origin, s.ID, s.AsOf, s.ID, s.AsOf))
		}
	}
	return append(out, calendar.New(r.Calendar).Warnings(now)...)
}
