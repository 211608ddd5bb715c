namespace Herald.Annotate.Dates;

/// <summary>
/// Office holders whose title and name date an article ("Secretary of State Rex Tillerson" → Feb 2017–Mar 2018).
/// Hand-written from public records; used only when the article's own publish date is unknown.
/// </summary>
internal static class EraClues
{
    // phrase|from|to[;from|to…] — ISO dates, "to" inclusive.
    private const string Data = """
President Trump|2017-01-20|2021-01-20;2025-01-20|2029-01-20
President Donald Trump|2017-01-20|2021-01-20;2025-01-20|2029-01-20
President-elect Trump|2016-11-08|2017-01-20;2024-11-05|2025-01-20
President Obama|2009-01-20|2017-01-20
President Barack Obama|2009-01-20|2017-01-20
President-elect Obama|2008-11-04|2009-01-20
President Biden|2021-01-20|2025-01-20
President Joe Biden|2021-01-20|2025-01-20
President George W. Bush|2001-01-20|2009-01-20
President Bush|2001-01-20|2009-01-20
President Clinton|1993-01-20|2001-01-20
Secretary of State Rex Tillerson|2017-02-01|2018-03-31
Secretary of State John Kerry|2013-02-01|2017-01-20
Secretary of State Hillary Clinton|2009-01-21|2013-02-01
Secretary of State Mike Pompeo|2018-04-26|2021-01-20
Secretary of State Antony Blinken|2021-01-26|2025-01-20
Secretary of State Marco Rubio|2025-01-21|2029-01-20
Defense Secretary Jim Mattis|2017-01-20|2018-12-31
Defense Secretary James Mattis|2017-01-20|2018-12-31
Defense Secretary Ash Carter|2015-02-17|2017-01-20
Defense Secretary Lloyd Austin|2021-01-22|2025-01-20
Prime Minister Theresa May|2016-07-13|2019-07-24
Prime Minister Boris Johnson|2019-07-24|2022-09-06
Prime Minister David Cameron|2010-05-11|2016-07-13
Prime Minister Rishi Sunak|2022-10-25|2024-07-05
Prime Minister Keir Starmer|2024-07-05|2029-12-31
Chancellor Angela Merkel|2005-11-22|2021-12-08
President Emmanuel Macron|2017-05-14|2027-05-14
President Macron|2017-05-14|2027-05-14
President Francois Hollande|2012-05-15|2017-05-14
President Volodymyr Zelensky|2019-05-20|2029-12-31
President Zelensky|2019-05-20|2029-12-31
President Xi Jinping|2013-03-14|2029-12-31
President Dmitry Medvedev|2008-05-07|2012-05-07
President Vladimir Putin|2000-05-07|2008-05-07;2012-05-07|2029-12-31
Prime Minister Haider al-Abadi|2014-09-08|2018-10-25
Prime Minister Nouri al-Maliki|2006-05-20|2014-09-08
UN Secretary-General Antonio Guterres|2017-01-01|2026-12-31
UN Secretary-General Ban Ki-moon|2007-01-01|2016-12-31
""";

    public static readonly IReadOnlyList<(string Phrase, (DateOnly From, DateOnly To)[] Ranges)> All = Load();

    private static List<(string, (DateOnly, DateOnly)[])> Load()
    {
        var list = new List<(string, (DateOnly, DateOnly)[])>();
        foreach (var line in Data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bar = line.IndexOf('|', StringComparison.Ordinal);
            var ranges = line[(bar + 1)..].Split(';').Select(r =>
            {
                var p = r.Split('|');
                return (DateOnly.ParseExact(p[0], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        DateOnly.ParseExact(p[1], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }).ToArray();
            list.Add((line[..bar], ranges));
        }

        return list;
    }
}
