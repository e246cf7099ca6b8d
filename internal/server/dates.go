package server

import (
	"fmt"
	"time"
)

// Dates and times the reader's way. Weekday names per language, Sunday first.
var weekdayNames = map[string][7]string{
	"ja":        {"日", "月", "火", "水", "木", "金", "土"},
	"ja-x-easy": {"{日曜日|にちようび}", "{月曜日|げつようび}", "{火曜日|かようび}", "{水曜日|すいようび}", "{木曜日|もくようび}", "{金曜日|きんようび}", "{土曜日|どようび}"},
	"en":        {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	"vi":        {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"},
	"zh-Hans":   {"周日", "周一", "周二", "周三", "周四", "周五", "周六"},
	"pt-BR":     {"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"},
	"tl":        {"Linggo", "Lunes", "Martes", "Miyerkoles", "Huwebes", "Biyernes", "Sabado"},
}

var enMonths = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// formatDay writes a day with its weekday, e.g. "Monday 30 November" or
// "11月30日（月）"; the year is added when it is not the current one.
func formatDay(lang string, d, now time.Time) string {
	wd := weekdayNames[lang]
	if wd[0] == "" {
		wd = weekdayNames["en"]
	}
	w := wd[d.Weekday()]
	y, m, day := d.Date()
	withYear := y != now.Year()
	switch lang {
	case "ja", "zh-Hans":
		s := fmt.Sprintf("%d月%d日（%s）", m, day, w)
		if withYear {
			s = fmt.Sprintf("%d年", y) + s
		}
		return s
	case "ja-x-easy":
		s := fmt.Sprintf("%d{月|がつ}%d{日|にち}（%s）", m, day, w)
		if withYear {
			s = fmt.Sprintf("%d{年|ねん}", y) + s
		}
		return s
	case "vi":
		s := fmt.Sprintf("%s, ngày %d tháng %d", w, day, m)
		if withYear {
			s += fmt.Sprintf(" năm %d", y)
		}
		return s
	case "pt-BR":
		s := fmt.Sprintf("%s, %d de %s", w, day, ptMonths[m-1])
		if withYear {
			s += fmt.Sprintf(" de %d", y)
		}
		return s
	case "tl":
		s := fmt.Sprintf("%s, %s %d", w, tlMonths[m-1], day)
		if withYear {
			s += fmt.Sprintf(", %d", y)
		}
		return s
	}
	s := fmt.Sprintf("%s %d %s", w, day, enMonths[m-1])
	if withYear {
		s += fmt.Sprintf(" %d", y)
	}
	return s
}

// formatMoment writes a day and a time, e.g. "Thursday 26 November, 14:05".
func formatMoment(lang string, t, now time.Time) string {
	return formatDay(lang, t, now) + " " + clock(t.Format("15:04"))
}
