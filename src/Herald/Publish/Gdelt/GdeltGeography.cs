using System.Globalization;
using System.IO.Compression;
using Herald.Model;

namespace Herald.Publish.Gdelt;

/// <summary>A place as GDELT's geography fields give it (Events *Geo_* columns, GKG location blocks).</summary>
/// <param name="Type">1 country, 2 US state, 3 US city or landmark, 4 world city or landmark, 5 world first-order division.</param>
/// <param name="CountryCode">FIPS 10-4 country code, as GDELT writes it.</param>
/// <param name="Adm1Code">FIPS country code followed by the division code; the country code alone when the division is unknown.</param>
/// <param name="FeatureId">The GeoNames id for towns; the country or division code for countries and divisions.</param>
internal sealed record GdeltPlace(int Type, string FullName, string CountryCode, string Adm1Code, double Lat, double Lon, string FeatureId);

/// <summary>
/// Maps Herald's places (ISO country codes, GeoNames ids for towns, none for countries and divisions) and CAMEO actor
/// country codes (ISO 3166 alpha-3) onto GDELT's codes: FIPS 10-4 countries, FIPS+division ADM1 codes. The table is
/// GeoNames' countryInfo and admin1 codes (<c>Data/geo-codes.tsv.gz</c>).
/// </summary>
internal sealed class GdeltGeography
{
    private sealed record Country(string Iso2, string Iso3, string Fips, string Name);

    private static readonly Lazy<GdeltGeography> Loaded = new(Load);

    private readonly Dictionary<string, Country> _byIso2 = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Country> _byIso3 = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Iso2, string Name), string> _divisions = new();

    public static GdeltGeography Instance => Loaded.Value;

    /// <summary>The country an ISO 3166 alpha-3 code (the first part of a CAMEO actor code) names, or null.</summary>
    public (string Iso2, string Name)? CountryOfIso3(string iso3) =>
        _byIso3.TryGetValue(iso3, out var c) ? (c.Iso2, c.Name) : null;

    public bool IsCountryIso3(string code) => _byIso3.ContainsKey(code);

    /// <summary>The GDELT form of one of Herald's places; null for places without a country (regions, seas) or coordinates.</summary>
    public GdeltPlace? Resolve(PlaceMention p)
    {
        if (p.CountryCode is null || p.Lat is not { } lat || p.Lon is not { } lon || !_byIso2.TryGetValue(p.CountryCode, out var country))
        {
            return null;
        }

        var fips = country.Fips.Length > 0 ? country.Fips : country.Iso2;
        var us = country.Iso2 == "US";
        if (p.GeonameId is { } id)
        {
            return new GdeltPlace(us ? 3 : 4, Clean(p.Name) + ", " + country.Name, fips, fips, lat, lon, id.ToString(CultureInfo.InvariantCulture));
        }

        // Herald's places without a GeoNames id are countries and first-order divisions (and regions, which have no country).
        if (!string.Equals(p.Name, country.Name, StringComparison.OrdinalIgnoreCase) &&
            _divisions.TryGetValue((country.Iso2, Fold(p.Name)), out var division))
        {
            var adm1 = fips + division;
            return new GdeltPlace(us ? 2 : 5, Clean(p.Name) + ", " + country.Name, fips, adm1, lat, lon, adm1);
        }

        return new GdeltPlace(1, country.Name, fips, fips, lat, lon, fips);
    }

    private static string Clean(string name) => name.Replace(',', ' ').Trim();

    private static string Fold(string name) => name.Trim().ToUpperInvariant();

    private static GdeltGeography Load()
    {
        var g = new GdeltGeography();
        using var stream = typeof(GdeltGeography).Assembly.GetManifestResourceStream("Herald.Publish.Gdelt.Data.geo-codes.tsv.gz")
            ?? throw new InvalidOperationException("embedded geo-codes.tsv.gz is missing from the build");
        using var gz = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f[0] == "C" && f.Length >= 5 && f[1].Length == 2)
            {
                var c = new Country(f[1], f[2], f[3], f[4].Trim());
                g._byIso2[c.Iso2] = c;
                if (c.Iso3.Length == 3)
                {
                    g._byIso3[c.Iso3] = c;
                }
            }
            else if (f[0] == "A" && f.Length >= 5 && f[2].Length > 0)
            {
                g._divisions.TryAdd((f[1], Fold(f[3])), f[2]);
                g._divisions.TryAdd((f[1], Fold(f[4])), f[2]);
            }
        }

        return g;
    }
}
