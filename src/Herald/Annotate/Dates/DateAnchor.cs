namespace Herald.Annotate.Dates;

/// <summary>What an article's relative dates resolve against: a day when the publish date is known, else a year and maybe a month.</summary>
internal sealed record DateAnchor(DateOnly? Day, int? Year, int? Month)
{
    public static readonly DateAnchor None = new(null, null, null);

    public static DateAnchor FromDay(DateOnly day) => new(day, day.Year, day.Month);

    /// <summary>
    /// Dates an article without a publish date from its own text: office holders narrow the window
    /// (<see cref="EraClues"/>), "Weekday, Month Day" pairs pick the years whose calendars agree, a month named next to
    /// "last month" fixes the anchor's month, and explicit years put a floor under it. The earliest month in the window
    /// consistent with every clue wins; no clue at all gives <see cref="None"/>.
    /// </summary>
    public static DateAnchor Infer(TextUnits units)
    {
        var text = units.Text;
        var windows = new List<(DateOnly From, DateOnly To)> { (new DateOnly(1900, 1, 1), new DateOnly(2100, 12, 31)) };
        var clued = false;
        foreach (var (phrase, ranges) in EraClues.All)
        {
            if (!text.Contains(phrase, StringComparison.Ordinal))
            {
                continue;
            }

            clued = true;
            var next = new List<(DateOnly, DateOnly)>();
            foreach (var (f, t) in windows)
            {
                foreach (var (rf, rt) in ranges)
                {
                    var from = f > rf ? f : rf;
                    var to = t < rt ? t : rt;
                    if (from <= to)
                    {
                        next.Add((from, to));
                    }
                }
            }

            if (next.Count > 0)
            {
                windows = next;
            }
        }

        var raw = DateAnnotator.Scan(units).ToList();
        var maxYear = raw.Where(r => r.Kind is DateAnnotator.Kind.Year or DateAnnotator.Kind.Full || (r.Kind == DateAnnotator.Kind.MonthYear && r.Year > 0))
                         .Select(r => r.Year).DefaultIfEmpty(0).Max();
        var weekdayDates = new List<(int Month, int Day, DayOfWeek Weekday)>();
        foreach (var r in raw.Where(r => r.Kind == DateAnnotator.Kind.MonthDay))
        {
            var prefix = text[r.Start..Math.Min(text.Length, r.Start + 9)];
            foreach (var (name, wd) in DateAnnotator.Weekdays)
            {
                if (prefix.StartsWith(name, StringComparison.Ordinal))
                {
                    weekdayDates.Add((r.Month, r.Day, wd));
                }
            }
        }

        // "last month" with bare month names: the month most named is last month.
        int? anchorMonth = null;
        if (raw.Any(r => r.Kind == DateAnnotator.Kind.RelativeUnit && r.Unit == "month" && r.Offset == -1))
        {
            var named = raw.Where(r => r.Kind is DateAnnotator.Kind.MonthDay || (r.Kind == DateAnnotator.Kind.MonthYear && r.Year == 0))
                           .GroupBy(r => r.Month).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).FirstOrDefault();
            if (named is not null)
            {
                anchorMonth = named.Key % 12 + 1;
            }
        }

        if (!clued && maxYear == 0)
        {
            return None;
        }

        foreach (var (from, to) in windows.OrderBy(w => w.From))
        {
            for (var y = Math.Max(from.Year, maxYear); y <= Math.Min(to.Year, Math.Max(from.Year, maxYear) + 40); y++)
            {
                if (!weekdayDates.All(w => new DateOnly(y, w.Month, Math.Min(w.Day, DateTime.DaysInMonth(y, w.Month))).DayOfWeek == w.Weekday ||
                                           (w.Month >= (anchorMonth ?? 12) && new DateOnly(y - 1, w.Month, Math.Min(w.Day, DateTime.DaysInMonth(y - 1, w.Month))).DayOfWeek == w.Weekday)))
                {
                    continue;
                }

                if (anchorMonth is { } m)
                {
                    // The anchor month must fall inside the window (mid-month as the representative day).
                    var probe = new DateOnly(y, m, 15);
                    if (probe < from.AddDays(-15) || probe > to.AddDays(15))
                    {
                        continue;
                    }

                    return new DateAnchor(null, y, m);
                }

                return new DateAnchor(null, y, clued ? null : null);
            }
        }

        return maxYear > 0 ? new DateAnchor(null, maxYear, null) : None;
    }
}
