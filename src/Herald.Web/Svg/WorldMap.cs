using System.Globalization;
using System.Text;

namespace Herald.Web.Svg;

/// <summary>A place to draw: a name, coordinates, and how many mentions or articles it stands for.</summary>
internal sealed record MapPoint(string Name, double Lat, double Lon, int Count);

/// <summary>
/// A world map as inline SVG with a plain equirectangular projection (x from longitude, y from latitude):
/// a 30° graticule, a coarse hand-drawn outline of the continents (about 300 vertices in all, enough to see
/// where a point lies, not for cartography), and one circle per place, its area growing with the count.
/// </summary>
internal static class WorldMap
{
    private const double Width = 720, Height = 360;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static double X(double lon) => (lon + 180) / 360 * Width;

    public static double Y(double lat) => (90 - lat) / 180 * Height;

    public static string Render(IReadOnlyList<MapPoint> points, string label, Func<string, string>? link = null)
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg class=\"map\" role=\"img\" aria-label=\"{Html.Html.Text(label)}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\">")
            .Append("<title>").Append(Html.Html.Text(label)).Append("</title>");
        var grid = new StringBuilder();
        for (var lon = -180; lon <= 180; lon += 30)
        {
            grid.Append(Inv, $"M{X(lon):0.#} 0V{Height}");
        }

        for (var lat = -60; lat <= 60; lat += 30)
        {
            grid.Append(Inv, $"M0 {Y(lat):0.#}H{Width}");
        }

        sb.Append("<path class=\"grid\" d=\"").Append(grid).Append("\"></path><path class=\"land\" d=\"");
        foreach (var shape in Land)
        {
            for (var i = 0; i < shape.Length; i += 2)
            {
                sb.Append(i == 0 ? 'M' : 'L').Append(Inv, $"{X(shape[i]):0.#} {Y(shape[i + 1]):0.#}");
            }

            sb.Append('Z');
        }

        sb.Append("\"></path>");
        var max = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Count));
        foreach (var p in points.OrderByDescending(p => p.Count))
        {
            var r = 3 + (7 * Math.Sqrt(p.Count / (double)max));
            var circle = string.Create(Inv, $"<circle cx=\"{X(p.Lon):0.#}\" cy=\"{Y(p.Lat):0.#}\" r=\"{r:0.#}\"><title>{Html.Html.Text(p.Name)}: {p.Count}</title></circle>");
            sb.Append(link is null ? circle : "<a href=\"" + Html.Html.Text(link(p.Name)) + "\">" + circle + "</a>");
        }

        return sb.Append("</svg>").ToString();
    }

    // Longitude, latitude pairs, drawn by hand from memory of an atlas: coarse on purpose.
    private static readonly double[][] Land =
    [
        // North America
        [-168, 66, -162, 70, -140, 70, -125, 72, -95, 72, -80, 73, -62, 66, -55, 52, -66, 45, -70, 41, -76, 35, -81, 31, -80, 25, -82, 29,
         -90, 29, -97, 26, -97, 21, -94, 18, -88, 21, -87, 15, -83, 10, -79, 9, -85, 11, -92, 15, -105, 20, -110, 23, -115, 30, -118, 34,
         -124, 40, -124, 48, -130, 54, -140, 60, -152, 58, -165, 54, -160, 60, -166, 62],
        // South America
        [-79, 9, -72, 12, -62, 10, -51, 4, -35, -5, -39, -14, -48, -26, -58, -35, -65, -42, -68, -52, -74, -52, -74, -42, -71, -30, -71, -18,
         -76, -14, -81, -5, -80, 1, -77, 7],
        // Greenland
        [-73, 78, -60, 82, -30, 83, -20, 80, -20, 72, -40, 65, -43, 60, -50, 62, -55, 68, -60, 76],
        // Eurasia
        [-10, 36, -9, 43, -2, 44, -5, 48, 2, 51, 8, 54, 8, 57, 5, 62, 15, 69, 28, 71, 40, 67, 60, 69, 70, 73, 80, 73, 100, 78, 113, 74, 140, 72,
         160, 70, 180, 68, 180, 65, 170, 60, 163, 57, 160, 62, 155, 59, 142, 59, 135, 54, 141, 48, 132, 43, 128, 38, 126, 35, 122, 37, 122, 31,
         118, 24, 110, 21, 108, 16, 109, 11, 105, 9, 100, 13, 100, 7, 104, 1, 98, 8, 97, 16, 92, 21, 88, 22, 80, 15, 77, 8, 73, 17, 72, 22,
         67, 25, 57, 25, 56, 27, 52, 27, 48, 30, 50, 26, 56, 24, 59, 22, 52, 16, 43, 12, 40, 16, 35, 28, 34, 31, 35, 36, 28, 37, 26, 40,
         23, 38, 22, 41, 19, 42, 16, 40, 18, 40, 13, 45, 12, 44, 16, 41, 12, 38, 9, 44, 3, 43, -1, 37, -5, 36],
        // Africa
        [-17, 21, -13, 27, -6, 36, 10, 37, 11, 33, 20, 31, 25, 32, 32, 31, 35, 28, 39, 20, 43, 12, 51, 12, 48, 5, 40, -3, 40, -11, 35, -22,
         32, -29, 27, -34, 20, -35, 18, -32, 14, -23, 12, -13, 13, -5, 9, -1, 9, 4, 5, 6, -2, 5, -8, 4, -13, 8, -17, 14],
        // Australia
        [114, -22, 114, -34, 118, -35, 123, -34, 131, -31, 138, -35, 140, -38, 146, -39, 150, -37, 153, -31, 153, -25, 146, -19, 142, -11,
         141, -16, 136, -12, 130, -12, 126, -14, 122, -18],
        // Great Britain, Ireland, Iceland, Japan, Borneo, Sumatra, Madagascar, New Zealand, Antarctica
        [-5, 50, 1, 51, 2, 53, -1, 55, -2, 58, -5, 58.5, -6, 56, -5, 54, -3, 54, -4.5, 52],
        [-10, 52, -6, 52, -6, 55, -8, 55, -10, 54],
        [-24, 64, -22, 66, -15, 66.5, -13, 65, -18, 63.5],
        [130, 31, 132, 34, 135, 34, 140, 35, 142, 40, 141, 45, 145, 44, 140, 41, 139, 38, 136, 37, 132, 35],
        [109, 2, 117, 7, 119, 1, 116, -4, 110, -3],
        [95, 5, 105, -6, 102, -4, 98, 2],
        [44, -25, 47, -25, 50, -15, 49, -12, 44, -17],
        [172, -35, 178, -38, 174, -41, 167, -46, 171, -44],
        [-180, -90, 180, -90, 180, -78, 160, -77, 165, -70, 140, -66, 90, -66, 60, -67, 30, -69, 0, -70, -30, -76, -60, -73, -58, -64, -70, -70,
         -100, -73, -140, -75, -180, -78],
    ];
}
